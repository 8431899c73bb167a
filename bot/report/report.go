// Package report is the owner's report in Telegram: /report [week|month]
// in the staff group or an owner's private chat, and the weekly report
// River sends every owner on its own. It reads the numbers from the ticket
// store (tickets.Report), writes them as a short text in the staff
// language and draws the tickets per day as a chart (package chart).
package report

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// Deps are the services the reports use.
type Deps struct {
	Sender  *send.Sender
	Tickets *tickets.Store
	Catalog *locale.Catalog
	Policy  *policy.Policy
	// Redis remembers which owner a weekly report already reached, so
	// that a retry of its job does not send it twice.
	Redis redis.UniversalClient
}

// Config configures the reports.
type Config struct {
	OwnerIDs []int64
	// Lang is the reports' language, the staff group's ("zh" or "en"):
	// owners read the desk's texts in it too.
	Lang        string
	RedisPrefix string
	// Weekly is when the weekly report goes out; its zero value sends none.
	Weekly Weekly
	Logger *slog.Logger
	// Clock tells the time; default time.Now.
	Clock func() time.Time
}

// Reports builds and sends the owner's reports.
type Reports struct {
	out     *send.Sender
	tickets *tickets.Store
	cat     *locale.Catalog
	pol     *policy.Policy
	rdb     redis.UniversalClient
	cfg     Config
	log     *slog.Logger
	now     func() time.Time
}

// New returns the reports over deps.
func New(deps Deps, cfg Config) *Reports {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	return &Reports{out: deps.Sender, tickets: deps.Tickets, cat: deps.Catalog, pol: deps.Policy, rdb: deps.Redis,
		cfg: cfg, log: cfg.Logger, now: cfg.Clock}
}

// IsOwner reports whether userID is one of the shop's owners.
func (r *Reports) IsOwner(userID int64) bool { return slices.Contains(r.cfg.OwnerIDs, userID) }

// lang is the reports' language.
func (r *Reports) lang() string { return locale.Match(r.cfg.Lang) }

// zone is the shop's time zone, whose days the reports count.
func (r *Reports) zone() *time.Location {
	if r.pol != nil && r.pol.Shop.TimeZone != nil {
		return r.pol.Shop.TimeZone
	}
	return time.UTC
}

// message is a report ready to send: the summary and the chart.
type message struct {
	HTML    string
	Chart   []byte
	Caption string
}

// build reads the report of days days ending with end's day (whole false:
// up to now, today included) or with the day before it (whole true: the
// weekly report of days gone by) and renders it.
func (r *Reports) build(ctx context.Context, days int, whole bool, end time.Time, titleKey string) (*message, error) {
	from, to := tickets.ReportPeriod(end, days, whole, r.zone())
	rep, err := r.tickets.Report(ctx, from, to)
	if err != nil {
		return nil, err
	}
	v := view{cat: r.cat, pol: r.pol, lang: r.lang()}
	png, err := v.chart(rep).PNG()
	if err != nil {
		return nil, fmt.Errorf("report: chart: %w", err)
	}
	return &message{HTML: v.summary(rep, titleKey), Chart: png, Caption: v.text("report.chart.caption", nil)}, nil
}

// summaryMemory is how long a report's summary is remembered as sent, for
// a retry after its chart failed.
const summaryMemory = 24 * time.Hour

// send sends a report to a chat: the summary, then the chart, placed by o.
// memo, when not empty, is the Redis key that remembers the summary as
// sent, so that a retry after the chart failed (the command's update
// handled again, the weekly job run again) sends only the chart.
func (r *Reports) send(ctx context.Context, chatID int64, m *message, o send.Opts, memo string) error {
	sent := false
	if memo != "" && r.rdb != nil {
		n, err := r.rdb.Exists(ctx, memo).Result()
		sent = err == nil && n > 0
	}
	if !sent {
		if _, err := r.out.Send(ctx, chatID, m.HTML, o); err != nil {
			return fmt.Errorf("report: send the summary to %d: %w", chatID, err)
		}
		if memo != "" && r.rdb != nil {
			if err := r.rdb.Set(ctx, memo, 1, summaryMemory).Err(); err != nil {
				r.log.Warn("report summary not remembered", "chat", chatID, "err", err)
			}
		}
	}
	o.ReplyTo, o.Markup = 0, nil
	if _, err := r.out.SendPhotoUpload(ctx, chatID, send.Upload{Name: "report.png", Data: m.Chart, Caption: m.Caption}, o); err != nil {
		return fmt.Errorf("report: send the chart to %d: %w", chatID, err)
	}
	return nil
}
