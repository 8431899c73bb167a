package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/bot/desk"
	"github.com/complaintbot/complaintbot/bot/report"
	"github.com/complaintbot/complaintbot/bot/returns"
	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// AllowedUpdates are the update kinds the service asks Telegram for.
// chat_member lets the desk follow who joins, leaves, is removed from or
// promoted in the staff group.
var AllowedUpdates = []string{"message", "edited_message", "callback_query", "my_chat_member", "chat_member"}

// EdgeConfig configures the customer edge.
type EdgeConfig struct {
	// RedisPrefix starts the edge's own Redis keys (flood counters, messages
	// to edit, the outbox).
	RedisPrefix string
	// FloodPerMinute is how many messages a chat may send in a minute before
	// the bot asks it to slow down; 0 turns the check off.
	FloodPerMinute int
	// StaffSignature is how staff replies reach customers ("name" or
	// "team"), so that /status names who handles a ticket the same way.
	StaffSignature string
	Logger         *slog.Logger
	// Clock tells the time; default time.Now.
	Clock func() time.Time
	// Fault, when set, is called at the points between committing a
	// dialogue step and sending its answers — "committed" (a step was
	// saved with its answers) and "sending" (an answer is about to go) —
	// and stops the handling there, as if the process died, when it
	// returns true. Fault tests set it; a service never does.
	Fault func(point string) bool
}

// EdgeDeps are the services the edge hands work to.
type EdgeDeps struct {
	Sender   *send.Sender
	Dialogue *conversation.Engine
	Tickets  *tickets.Store
	Catalog  *locale.Catalog
	Policy   *policy.Policy
	Redis    redis.UniversalClient
	// Desk takes every update from a group: the staff group's, and any
	// other group's.
	Desk *desk.Desk
	// Returns takes what owners do in private about returns (see
	// owner.go); nil leaves every private chat to the customer's side.
	Returns *returns.Flow
	// Reports takes an owner's /report in private (see owner.go); nil
	// leaves it to the customer's side.
	Reports *report.Reports
}

// Edge is the customer's side of Telegram: it turns a customer's updates
// into the dialogue's input, hands them to the domain and renders what the
// domain answers; updates from groups go to the desk. It is the Handler
// the dispatcher calls, one chat at a time, and the Notifier follow-up
// jobs send through.
type Edge struct {
	out      *send.Sender
	dialogue *conversation.Engine
	tickets  *tickets.Store
	cat      *locale.Catalog
	pol      *policy.Policy
	rdb      redis.UniversalClient
	desk     *desk.Desk
	returns  *returns.Flow
	reports  *report.Reports
	cfg      EdgeConfig
	log      *slog.Logger
	now      func() time.Time
	tz       *time.Location
	edits    editMemory
	outbox   outbox
	filings  filings
	waits    returnWaits
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
		pol: deps.Policy, rdb: deps.Redis, desk: deps.Desk, returns: deps.Returns, reports: deps.Reports, cfg: cfg, log: cfg.Logger, now: cfg.Clock,
		tz:      deps.Policy.Shop.TimeZone,
		edits:   editMemory{rdb: deps.Redis, prefix: cfg.RedisPrefix},
		outbox:  newOutbox(deps.Redis, cfg.RedisPrefix),
		filings: filings{rdb: deps.Redis, prefix: cfg.RedisPrefix},
		waits:   returnWaits{rdb: deps.Redis, prefix: cfg.RedisPrefix},
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
	if err := e.registerCommands(ctx); err != nil {
		return err
	}
	e.desk.Start(ctx, e.username)
	return nil
}

// HandleUpdate handles one update. An error asks the dispatcher to retry.
func (e *Edge) HandleUpdate(ctx context.Context, upd *models.Update) error {
	if done, err := e.forOwner(ctx, upd); done || err != nil {
		return err
	}
	switch {
	case upd.Message != nil && upd.Message.Chat.Type == models.ChatTypePrivate:
		return e.onMessage(ctx, upd.ID, upd.Message)
	case upd.CallbackQuery != nil && isPrivate(upd.CallbackQuery) && upd.CallbackQuery.From.ID != upd.CallbackQuery.Message.Message.Chat.ID:
		// In a private chat only its user presses the bot's buttons;
		// Telegram never says otherwise, so this press is forged. It
		// changes nothing, in this dialogue or any other.
		q := upd.CallbackQuery
		e.log.Warn("button press refused: not the chat's user", "chat", q.Message.Message.Chat.ID, "from", q.From.ID)
		return e.out.AnswerCallback(ctx, q.ID, "")
	case upd.CallbackQuery != nil && isPrivate(upd.CallbackQuery) && strings.HasPrefix(upd.CallbackQuery.Data, reopenPrefix):
		return e.onReopen(ctx, upd.CallbackQuery)
	case upd.CallbackQuery != nil && isPrivate(upd.CallbackQuery) && strings.HasPrefix(upd.CallbackQuery.Data, returnPrefix):
		return e.onReturnButton(ctx, upd.CallbackQuery)
	case upd.CallbackQuery != nil && isPrivate(upd.CallbackQuery) && strings.HasPrefix(upd.CallbackQuery.Data, surveyPrefix):
		return e.onSurveyButton(ctx, upd.CallbackQuery)
	case upd.CallbackQuery != nil && isPrivate(upd.CallbackQuery):
		return e.onButton(ctx, upd.ID, upd.CallbackQuery)
	}
	switch {
	case e.desk.Serves(upd):
		return e.desk.HandleUpdate(ctx, upd)
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
	if err := e.tell(ctx, chatID, e.cat.Text(lang, "bot.sorry", nil)); err != nil && !send.IsBlocked(err) {
		e.log.Warn("apology not sent", "chat", chatID, "err", err)
	}
}
