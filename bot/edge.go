package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// AllowedUpdates are the update kinds the service asks Telegram for.
var AllowedUpdates = []string{"message", "edited_message", "callback_query", "my_chat_member"}

// EdgeConfig configures the Telegram edge.
type EdgeConfig struct {
	StaffChatID int64
	OwnerIDs    []int64
	// RedisPrefix starts the edge's own Redis keys (flood counters, messages
	// to edit).
	RedisPrefix string
	// FloodPerMinute is how many messages a chat may send in a minute before
	// the bot asks it to slow down; 0 turns the check off.
	FloodPerMinute int
	// StaffLang is the language of the bot's texts in the staff group
	// ("zh" or "en").
	StaffLang string
	// StaffSignature signs staff replies to customers: "name" (the staff
	// member's first name) or "team" (the shop's support team).
	StaffSignature string
	// NotePrefix, when not empty, marks a message in a ticket's thread as
	// an internal note, like /note.
	NotePrefix string
	Logger     *slog.Logger
	// Clock tells the time; default time.Now.
	Clock func() time.Time
}

// EdgeDeps are the services the edge hands work to.
type EdgeDeps struct {
	Sender   *Sender
	Dialogue *conversation.Engine
	Tickets  *tickets.Store
	Catalog  *locale.Catalog
	Policy   *policy.Policy
	Redis    redis.UniversalClient
	// Jobs inserts follow-up jobs the edge starts itself (answers posted
	// into the staff group, say); nil in tests that need none.
	Jobs *river.Client[pgx.Tx]
}

// Edge turns Telegram updates into the project's own inputs, hands them to
// the domain and renders what the domain answers. It is the Handler the
// dispatcher calls, one chat at a time, and the Notifier follow-up jobs
// send through.
type Edge struct {
	out      *Sender
	dialogue *conversation.Engine
	tickets  *tickets.Store
	cat      *locale.Catalog
	pol      *policy.Policy
	rdb      redis.UniversalClient
	cfg      EdgeConfig
	log      *slog.Logger
	now      func() time.Time
	tz       *time.Location
	edits    editMemory
	outbox   outbox
	jobs     *river.Client[pgx.Tx]
	albums   staffAlbums
	username string
}

// NewEdge returns the edge over deps.
func NewEdge(deps EdgeDeps, cfg EdgeConfig) *Edge {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	return &Edge{
		out: deps.Sender, dialogue: deps.Dialogue, tickets: deps.Tickets, cat: deps.Catalog,
		pol: deps.Policy, rdb: deps.Redis, cfg: cfg, log: cfg.Logger, now: cfg.Clock,
		tz:     deps.Policy.Shop.TimeZone,
		edits:  editMemory{rdb: deps.Redis, prefix: cfg.RedisPrefix},
		outbox: outbox{rdb: deps.Redis, prefix: cfg.RedisPrefix},
		jobs:   deps.Jobs,
		albums: staffAlbums{rdb: deps.Redis, prefix: cfg.RedisPrefix},
	}
}

// Start learns the bot's username (commands may be addressed to it) and
// registers the command menus in both languages. Call it before updates flow.
func (e *Edge) Start(ctx context.Context) error {
	me, err := e.out.Bot().GetMe(ctx)
	if err != nil {
		return fmt.Errorf("bot: getMe: %w", err)
	}
	e.username = me.Username
	return e.registerCommands(ctx)
}

// HandleUpdate handles one update. An error asks the dispatcher to retry.
func (e *Edge) HandleUpdate(ctx context.Context, upd *models.Update) error {
	switch {
	case upd.Message != nil && upd.Message.Chat.Type == models.ChatTypePrivate:
		return e.customerMessage(ctx, upd.ID, upd.Message)
	case upd.CallbackQuery != nil && isPrivate(upd.CallbackQuery) && strings.HasPrefix(upd.CallbackQuery.Data, reopenPrefix):
		return e.customerReopen(ctx, upd.CallbackQuery)
	case upd.CallbackQuery != nil && isPrivate(upd.CallbackQuery):
		return e.customerButton(ctx, upd.ID, upd.CallbackQuery)
	}
	switch chat, kind := updateChat(upd); {
	case e.isStaffChat(chat):
		return e.staffUpdate(ctx, upd)
	case isGroupChat(kind):
		return e.otherGroup(ctx, upd)
	case upd.CallbackQuery != nil:
		return e.out.AnswerCallback(ctx, upd.CallbackQuery.ID, "")
	default:
		// Update kinds the service does not use are ignored on purpose.
		return nil
	}
}

func isPrivate(q *models.CallbackQuery) bool {
	m := q.Message.Message
	return m != nil && m.Chat.Type == models.ChatTypePrivate
}

func isBlocked(err error) bool { return errors.Is(err, ErrBlocked) }

// GaveUp apologises to a customer whose message could not be handled after
// every retry (a dependency down for long, say): they never meet silence.
// The update itself is kept in the dead-letter stream.
func (e *Edge) GaveUp(ctx context.Context, upd *models.Update) {
	var chatID int64
	var lang string
	switch {
	case upd.Message != nil && upd.Message.Chat.Type == models.ChatTypePrivate:
		chatID = upd.Message.Chat.ID
		if upd.Message.From != nil {
			lang = locale.Match(upd.Message.From.LanguageCode)
		}
	case upd.CallbackQuery != nil && isPrivate(upd.CallbackQuery):
		chatID = upd.CallbackQuery.Message.Message.Chat.ID
		lang = locale.Match(upd.CallbackQuery.From.LanguageCode)
	default:
		return
	}
	if _, err := e.out.Text(ctx, chatID, e.cat.Text(lang, "bot.sorry", nil), nil); err != nil && !isBlocked(err) {
		e.log.Warn("apology not sent", "chat", chatID, "err", err)
	}
}
