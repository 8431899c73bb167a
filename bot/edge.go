package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// AllowedUpdates are the update kinds the service asks Telegram for.
var AllowedUpdates = []string{"message", "edited_message", "callback_query", "my_chat_member"}

// EdgeConfig configures the Telegram edge.
type EdgeConfig struct {
	StaffChatID int64
	OwnerIDs    []int64
	Logger      *slog.Logger
}

// Edge turns Telegram updates into the project's own inputs, hands them to
// the domain and renders what the domain answers. It is the Handler the
// dispatcher calls, one chat at a time.
type Edge struct {
	tg  *tgbot.Bot
	cfg EdgeConfig
	log *slog.Logger
}

// NewEdge returns the edge that talks to Telegram through tg.
func NewEdge(tg *tgbot.Bot, cfg EdgeConfig) *Edge {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Edge{tg: tg, cfg: cfg, log: cfg.Logger}
}

// Start does the edge's work at start-up.
func (e *Edge) Start(ctx context.Context) error { return nil }

// HandleUpdate handles one update. An error asks the dispatcher to retry.
func (e *Edge) HandleUpdate(ctx context.Context, upd *models.Update) error {
	switch {
	case upd.Message != nil && upd.Message.Chat.Type == models.ChatTypePrivate:
		return e.customerMessage(ctx, upd.Message)
	default:
		// Update kinds the service does not use are ignored on purpose.
		return nil
	}
}

func (e *Edge) customerMessage(ctx context.Context, m *models.Message) error {
	text := "Hello! This is the shop's after-sales desk. We have your message."
	if m.From != nil && strings.HasPrefix(m.From.LanguageCode, "zh") {
		text = "您好！这里是本店的售后服务台，您的消息我们已收到。"
	}
	_, err := e.tg.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: m.Chat.ID, Text: text})
	if err != nil {
		return fmt.Errorf("bot: answer chat %d: %w", m.Chat.ID, err)
	}
	return nil
}
