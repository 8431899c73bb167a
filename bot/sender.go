package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// ErrBlocked means the user has blocked the bot (or deleted their account):
// nothing sent to them can arrive, and retrying is pointless.
var ErrBlocked = errors.New("bot: the user has blocked the bot")

// Sender is the one way out to Telegram. It waits out flood limits
// (429 with retry_after) and retries transient failures a few times; a user
// who blocked the bot is reported as ErrBlocked, never retried.
type Sender struct {
	tg       *tgbot.Bot
	log      *slog.Logger
	attempts int
	maxWait  time.Duration
}

// NewSender returns a Sender over tg.
func NewSender(tg *tgbot.Bot, logger *slog.Logger) *Sender {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Sender{tg: tg, log: logger, attempts: 4, maxWait: 60 * time.Second}
}

// Bot returns the underlying client, for calls the Sender doesn't wrap.
func (s *Sender) Bot() *tgbot.Bot { return s.tg }

// Text sends an HTML text message and returns its message id.
func (s *Sender) Text(ctx context.Context, chatID int64, html string, markup models.ReplyMarkup) (int, error) {
	var id int
	err := s.retry(ctx, chatID, "sendMessage", func() error {
		m, err := s.tg.SendMessage(ctx, &tgbot.SendMessageParams{
			ChatID: chatID, Text: html, ParseMode: models.ParseModeHTML, ReplyMarkup: markup,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
		})
		if err == nil {
			id = m.ID
		}
		return err
	})
	return id, err
}

// EditText replaces the text (and inline keyboard) of an earlier message.
// "Message is not modified" counts as success.
func (s *Sender) EditText(ctx context.Context, chatID int64, messageID int, html string, markup models.ReplyMarkup) error {
	return s.retry(ctx, chatID, "editMessageText", func() error {
		_, err := s.tg.EditMessageText(ctx, &tgbot.EditMessageTextParams{
			ChatID: chatID, MessageID: messageID, Text: html, ParseMode: models.ParseModeHTML, ReplyMarkup: markup,
		})
		if err != nil && errors.Is(err, tgbot.ErrorBadRequest) && containsFold(err.Error(), "message is not modified") {
			return nil
		}
		return err
	})
}

// RemoveKeyboard takes the inline keyboard off an earlier message.
func (s *Sender) RemoveKeyboard(ctx context.Context, chatID int64, messageID int) error {
	return s.retry(ctx, chatID, "editMessageReplyMarkup", func() error {
		_, err := s.tg.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{
			ChatID: chatID, MessageID: messageID,
			ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}},
		})
		if err != nil && errors.Is(err, tgbot.ErrorBadRequest) && containsFold(err.Error(), "message is not modified") {
			return nil
		}
		return err
	})
}

// AnswerCallback answers a button press; text, when not empty, shows as a
// short notice.
func (s *Sender) AnswerCallback(ctx context.Context, queryID, text string) error {
	return s.retry(ctx, 0, "answerCallbackQuery", func() error {
		_, err := s.tg.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: queryID, Text: text})
		return err
	})
}

// retry runs call until it succeeds, fails for good, or runs out of tries.
func (s *Sender) retry(ctx context.Context, chatID int64, method string, call func() error) error {
	var err error
	for attempt := 1; attempt <= s.attempts; attempt++ {
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

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
