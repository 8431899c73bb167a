// Package desk is the staff desk: the shop's one Telegram group where staff
// work the tickets. It owns everything said and done there — a card and a
// forum topic per ticket, customers' messages relayed in and staff replies
// relayed out, notes, canned replies, claims and statuses, who may do what,
// the lists — and the River workers that carry the desk's work out to
// Telegram. The ticket state and its rules live in package tickets; desk
// turns them into the group's messages and buttons and back. A ticket's
// return is shown on its card, and what is done about it is handed to
// package returns.
package desk

import (
	"context"
	"log/slog"
	"slices"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/bot/report"
	"github.com/complaintbot/complaintbot/bot/returns"
	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/bot/update"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// Config configures the desk.
type Config struct {
	// ChatID is the staff group; 0 until the shop has set one up.
	ChatID   int64
	OwnerIDs []int64
	// StaffIDs are the members of the staff group who are the shop's
	// staff; owners always are.
	StaffIDs []int64
	// AdminsAreStaff makes the staff group's administrators staff too.
	AdminsAreStaff bool
	// RedisPrefix starts the desk's own Redis keys (albums being relayed,
	// relay locks).
	RedisPrefix string
	// Lang is the language of the bot's texts in the staff group ("zh" or
	// "en").
	Lang string
	// Signature signs staff replies to customers: "name" (the staff
	// member's first name) or "team" (the shop's support team).
	Signature string
	// NotePrefix, when not empty, marks a message in a ticket's thread as
	// an internal note, like /note.
	NotePrefix string
	Logger     *slog.Logger
	// Clock tells the time; default time.Now.
	Clock func() time.Time
}

// Deps are the services the desk works with.
type Deps struct {
	Sender  *send.Sender
	Tickets *tickets.Store
	Catalog *locale.Catalog
	Policy  *policy.Policy
	Redis   redis.UniversalClient
	// Jobs inserts the desk's own jobs (answers posted to staff); nil
	// answers straight away, for tools and tests that need no queue.
	Jobs *river.Client[pgx.Tx]
	// Returns is the flow of returns, which the desk hands the returns'
	// commands, buttons and answers; nil leaves returns out (the card still
	// shows a ticket's return).
	Returns *returns.Flow
	// Reports answers /report; nil leaves it out (the desk says so).
	Reports *report.Reports
}

// Line puts what the desk sends a customer in line with everything else
// sent to their chat. The customer edge implements it: Turn runs send after
// the answers already queued for the chat, and before any decided later.
type Line interface {
	Turn(ctx context.Context, chatID int64, send func(context.Context) error) error
}

// direct is the line of a desk used without a customer edge (tools,
// tests of the desk alone): it sends at once.
type direct struct{}

func (direct) Turn(ctx context.Context, _ int64, send func(context.Context) error) error {
	return send(ctx)
}

// Desk handles the updates of the staff group (and of any other group the
// bot is added to, which it leaves) and works the desk's jobs.
type Desk struct {
	out      *send.Sender
	tickets  *tickets.Store
	cat      *locale.Catalog
	pol      *policy.Policy
	rdb      redis.UniversalClient
	jobs     *river.Client[pgx.Tx]
	line     Line
	returns  *returns.Flow
	reports  *report.Reports
	cfg      Config
	log      *slog.Logger
	now      func() time.Time
	albums   albums
	roster   roster
	forums   forums
	username string
}

// New returns the desk over deps.
func New(deps Deps, cfg Config) *Desk {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	return &Desk{
		out: deps.Sender, tickets: deps.Tickets, cat: deps.Catalog, pol: deps.Policy,
		rdb: deps.Redis, jobs: deps.Jobs, line: direct{}, returns: deps.Returns, reports: deps.Reports, cfg: cfg, log: cfg.Logger, now: cfg.Clock,
		albums: albums{rdb: deps.Redis, prefix: cfg.RedisPrefix},
		forums: forums{out: deps.Sender, now: cfg.Clock},
		roster: roster{rdb: deps.Redis, out: deps.Sender, chatID: cfg.ChatID, owners: cfg.OwnerIDs,
			listed: cfg.StaffIDs, admins: cfg.AdminsAreStaff, prefix: cfg.RedisPrefix, log: cfg.Logger},
	}
}

// Start takes the bot's username (commands in the group may be addressed
// to it) and sets the staff group's command menu. A menu that cannot be set
// is logged, not fatal: the bot may not be in the group yet, and the
// commands work without a menu.
func (d *Desk) Start(ctx context.Context, botUsername string) {
	d.username = botUsername
	d.registerCommands(ctx)
}

// Serves reports whether the desk handles upd: anything from a group or
// channel. Private chats belong to customers.
func (d *Desk) Serves(upd *models.Update) bool {
	_, kind := update.Chat(upd)
	return update.IsGroup(kind)
}

// HandleUpdate handles one update from a group: the staff group's work, or
// another group's, which the bot leaves. An error asks for a retry.
func (d *Desk) HandleUpdate(ctx context.Context, upd *models.Update) error {
	if chat, _ := update.Chat(upd); d.isStaffChat(chat) {
		return d.handleStaff(ctx, upd)
	}
	return d.otherGroup(ctx, upd)
}

// UseLine makes the desk send to customers through l: the customer edge,
// which is built after the desk, since it hands the desk the group's
// updates. Call it before the desk's workers run.
func (d *Desk) UseLine(l Line) { d.line = l }

// Workers registers the desk's River workers into w: the ticket's card
// and topic, its files, relays both ways, notices in a ticket's thread, alerts to
// owners and answers posted to staff. Pass it to tickets.Workers.
func (d *Desk) Workers(w *river.Workers) {
	river.AddWorker(w, &cardWorker{job[tickets.DeskCardArgs]{desk: d}})
	river.AddWorker(w, &editWorker{job[tickets.DeskCardEditArgs]{desk: d}})
	river.AddWorker(w, &filesWorker{job[tickets.DeskFilesArgs]{desk: d}})
	river.AddWorker(w, &relayInWorker{job[tickets.DeskRelayArgs]{desk: d}})
	river.AddWorker(w, &relayOutWorker{job[tickets.CustomerRelayArgs]{desk: d}})
	river.AddWorker(w, &noticeWorker{job[tickets.DeskNoticeArgs]{desk: d}})
	river.AddWorker(w, &ownerAlertWorker{job[tickets.OwnerAlertArgs]{desk: d}})
	river.AddWorker(w, &postWorker{job[PostArgs]{desk: d}})
}

// isOwner reports whether userID is one of the shop's owners.
func (d *Desk) isOwner(userID int64) bool { return slices.Contains(d.cfg.OwnerIDs, userID) }

// registerCommands sets the staff group's command menu, in the staff
// language.
func (d *Desk) registerCommands(ctx context.Context) {
	if d.cfg.ChatID == 0 {
		return
	}
	cmds := make([]models.BotCommand, 0, len(commands))
	for _, c := range commands {
		cmds = append(cmds, models.BotCommand{Command: string(c), Description: locale.PlainText(d.text("staff.cmd."+string(c), nil))})
	}
	params := &tgbot.SetMyCommandsParams{Commands: cmds, Scope: &models.BotCommandScopeChat{ChatID: d.cfg.ChatID}}
	if _, err := d.out.Bot().SetMyCommands(ctx, params); err != nil {
		d.log.Warn("staff group command menu not set", "chat", d.cfg.ChatID, "err", err)
	}
}
