package send

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/redis/go-redis/v9"
)

// ErrBlocked means the user has blocked the bot (or deleted their account):
// nothing sent to them can arrive, and retrying is pointless.
var ErrBlocked = errors.New("send: the user has blocked the bot")

// Sender is the one way out to Telegram. With limits (WithLimits) it keeps
// Telegram's flood limits itself, so that the bot does not meet a 429 of
// its own making; it still waits out any 429 (retry_after) and retries
// transient failures a few times. A user who blocked the bot is reported as
// ErrBlocked, never retried.
type Sender struct {
	tg       *tgbot.Bot
	log      *slog.Logger
	limits   *rateLimiter
	attempts int
	maxWait  time.Duration
	metrics  *metrics
}

// New returns a Sender over tg.
func New(tg *tgbot.Bot, logger *slog.Logger) *Sender {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Sender{tg: tg, log: logger, attempts: 4, maxWait: 60 * time.Second}
}

// WithLimits makes the Sender keep Telegram's flood limits (see
// ratelimit.go), counted in rdb under keys starting with prefix and shared
// by every Sender using the same Redis and prefix. A nil rdb keeps no
// limits. Call it before the Sender is used; it returns s.
func (s *Sender) WithLimits(rdb redis.UniversalClient, prefix string) *Sender {
	s.limits = nil
	if rdb != nil {
		s.limits = newRateLimiter(rdb, prefix, s.log)
	}
	return s
}

// Bot returns the underlying client, for calls the Sender doesn't wrap.
func (s *Sender) Bot() *tgbot.Bot { return s.tg }

// Text sends an HTML text message and returns its message id.
func (s *Sender) Text(ctx context.Context, chatID int64, html string, markup models.ReplyMarkup) (int, error) {
	return s.Send(ctx, chatID, html, Opts{Markup: markup})
}

// EditText replaces the text (and inline keyboard) of an earlier message.
// "Message is not modified" counts as success.
func (s *Sender) EditText(ctx context.Context, chatID int64, messageID int, html string, markup models.ReplyMarkup) error {
	return s.retry(ctx, spendEdit(chatID), "editMessageText", func() error {
		_, err := s.tg.EditMessageText(ctx, &tgbot.EditMessageTextParams{
			ChatID: chatID, MessageID: messageID, Text: html, ParseMode: models.ParseModeHTML, ReplyMarkup: markup,
		})
		if IsNotModified(err) {
			return nil
		}
		return err
	})
}

// RemoveKeyboard takes the inline keyboard off an earlier message.
func (s *Sender) RemoveKeyboard(ctx context.Context, chatID int64, messageID int) error {
	return s.retry(ctx, spendEdit(chatID), "editMessageReplyMarkup", func() error {
		_, err := s.tg.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{
			ChatID: chatID, MessageID: messageID,
			ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}},
		})
		if IsNotModified(err) {
			return nil
		}
		return err
	})
}

// AnswerCallback answers a button press; text, when not empty, shows as a
// short notice.
func (s *Sender) AnswerCallback(ctx context.Context, queryID, text string) error {
	return s.retry(ctx, spendNothing, "answerCallbackQuery", func() error {
		_, err := s.tg.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: queryID, Text: text})
		return err
	})
}

// retry runs call until it succeeds, fails for good, or runs out of tries.
// Each try first waits for the flood limits to allow what it costs.
func (s *Sender) retry(ctx context.Context, cost spend, method string, call func() error) (err error) {
	defer func() { s.metrics.done(method, err) }()
	return s.try(ctx, cost, method, call)
}

func (s *Sender) try(ctx context.Context, cost spend, method string, call func() error) error {
	chatID := cost.chat
	var err error
	for attempt := 1; attempt <= s.attempts; attempt++ {
		if werr := s.limits.wait(ctx, cost); werr != nil {
			return fmt.Errorf("%s to chat %d: %w", method, chatID, werr)
		}
		err = call()
		if err == nil {
			return nil
		}
		var flood *tgbot.TooManyRequestsError
		var wait time.Duration
		switch {
		case errors.Is(err, tgbot.ErrorForbidden):
			s.log.Info("recipient blocked the bot", "chat", chatID, "method", method)
			return fmt.Errorf("%s to chat %d: %w", method, chatID, ErrBlocked)
		case errors.As(err, &flood):
			s.metrics.flood()
			wait = time.Duration(flood.RetryAfter) * time.Second
			if wait <= 0 {
				wait = time.Second
			}
			if wait > s.maxWait {
				return fmt.Errorf("%s to chat %d: flood wait %s is too long: %w", method, chatID, wait, err)
			}
		case errors.Is(err, tgbot.ErrorBadRequest), errors.Is(err, tgbot.ErrorUnauthorized), errors.Is(err, tgbot.ErrorNotFound):
			return fmt.Errorf("%s to chat %d: %w", method, chatID, err)
		default: // network trouble or a 5xx: back off a little
			wait = time.Duration(attempt*attempt) * 200 * time.Millisecond
		}
		if attempt == s.attempts {
			break
		}
		s.log.Info("telegram call retried", "chat", chatID, "method", method, "attempt", attempt, "wait", wait.String())
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
	return fmt.Errorf("%s to chat %d: %w", method, chatID, err)
}

// IsNotModified reports an edit that changed nothing, which is success.
func IsNotModified(err error) bool {
	return err != nil && errors.Is(err, tgbot.ErrorBadRequest) && containsFold(err.Error(), "message is not modified")
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
