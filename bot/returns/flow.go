// Package returns is the owners' and staff's side of returns in Telegram:
// an owner starts a return on a ticket (from its card, its thread or a
// private chat with the bot), chooses the kind and the cause, gives the fee
// of a charged repair, previews the instructions the policy drafts in the
// customer's language, edits them, and sends, refuses or cancels the
// return; staff then record the parcel sent and received, and an owner
// confirms the refund, exchange or repair and closes it. The rules of who
// may take which step live in package tickets; this package turns them into
// the staff's messages and buttons and back, and draws a ticket's return on
// its card (Card).
//
// The desk hands the flow what happens in the staff group once it knows the
// member is staff and which ticket is meant; the customer edge hands it an
// owner's private /return, an owner's answers to its questions, and every
// press of its buttons in a private chat (Private).
package returns

import (
	"log/slog"
	"slices"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// Deps are the services the flow works with.
type Deps struct {
	Sender  *send.Sender
	Tickets *tickets.Store
	Catalog *locale.Catalog
	Policy  *policy.Policy
	Redis   redis.UniversalClient
}

// Config configures the flow.
type Config struct {
	// OwnerIDs are the shop's owners: they alone start, approve, refuse
	// and finish returns, and the only ones whose private /return the flow
	// takes.
	OwnerIDs []int64
	// Lang is the language of the staff's texts ("zh" or "en"); what the
	// customer will read is previewed in the customer's language.
	Lang string
	// RedisPrefix starts the flow's Redis keys (drafts, questions asked).
	RedisPrefix string
	// Currency is the currency of repair fees, an ISO 4217 code; default
	// "CNY".
	Currency string
	// DraftTTL is how long an owner's draft (the fee, an edited text) and a
	// question waiting for an answer are kept; default DefaultDraftTTL.
	DraftTTL time.Duration
	Logger   *slog.Logger
	// Clock tells the time; default time.Now.
	Clock func() time.Time
}

// DefaultDraftTTL is how long a draft is kept unless Config says otherwise.
const DefaultDraftTTL = 7 * 24 * time.Hour

// Flow is the staff's side of returns.
type Flow struct {
	out     *send.Sender
	tickets *tickets.Store
	cat     *locale.Catalog
	pol     *policy.Policy
	cfg     Config
	log     *slog.Logger
	now     func() time.Time
	drafts  drafts
}

// New returns the flow over deps.
func New(deps Deps, cfg Config) *Flow {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Currency == "" {
		cfg.Currency = "CNY"
	}
	if cfg.DraftTTL <= 0 {
		cfg.DraftTTL = DefaultDraftTTL
	}
	cfg.Lang = locale.Match(cfg.Lang)
	return &Flow{
		out: deps.Sender, tickets: deps.Tickets, cat: deps.Catalog, pol: deps.Policy,
		cfg: cfg, log: cfg.Logger, now: cfg.Clock,
		drafts: drafts{rdb: deps.Redis, prefix: cfg.RedisPrefix, ttl: cfg.DraftTTL},
	}
}

// IsOwner reports whether userID is one of the shop's owners.
func (f *Flow) IsOwner(userID int64) bool { return slices.Contains(f.cfg.OwnerIDs, userID) }

// Owners are the shop's owners.
func (f *Flow) Owners() []int64 { return slices.Clone(f.cfg.OwnerIDs) }

// actorOf is who a person is to the return's rules: an owner, or else
// staff in the staff group and a customer in a private chat.
func (f *Flow) actorOf(userID int64, group bool) tickets.Actor {
	switch {
	case f.IsOwner(userID):
		return tickets.Actor{Kind: tickets.ActorOwner, ID: userID}
	case group:
		return tickets.Actor{Kind: tickets.ActorStaff, ID: userID}
	}
	return tickets.Actor{Kind: tickets.ActorCustomer, ID: userID}
}

// text is a staff catalogue text in the staff's language, parameters
// escaped.
func (f *Flow) text(key string, params map[string]string) string {
	return f.cat.HTML(f.cfg.Lang, key, params)
}

// plain is a staff text as a button press's notice shows it.
func (f *Flow) plain(key string, params map[string]string) string {
	return locale.PlainText(f.text(key, params))
}

// tz is the shop's time zone.
func (f *Flow) tz() *time.Location {
	if f.pol.Shop.TimeZone != nil {
		return f.pol.Shop.TimeZone
	}
	return time.UTC
}

// card is the renderer of the return's parts of the ticket's card, in the
// staff's language.
func (f *Flow) card() Card {
	return Card{Catalog: f.cat, Policy: f.pol, Lang: f.cfg.Lang}
}
