package bot

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/tickets"
)

// alertMemory is how long an owner alert that went out is remembered, so
// that a retry of its job does not send it to the same owner again.
const alertMemory = 24 * time.Hour

// OwnerAlertWorker sends an owner alert ("⚠️ urgent: ref, category, link")
// privately to every owner. An owner who blocked the bot (or never started
// it) is logged and skipped.
type OwnerAlertWorker struct {
	river.WorkerDefaults[tickets.OwnerAlertArgs]
	edge *Edge
}

// Timeout bounds one attempt.
func (w *OwnerAlertWorker) Timeout(*river.Job[tickets.OwnerAlertArgs]) time.Duration {
	return deskJobTimeout
}

// Work alerts the owners about one ticket.
func (w *OwnerAlertWorker) Work(ctx context.Context, job *river.Job[tickets.OwnerAlertArgs]) error {
	e := w.edge
	a := job.Args
	t, err := e.tickets.GetByID(ctx, a.TicketID)
	if errors.Is(err, tickets.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("bot: owner alert: ticket %d: %w", a.TicketID, err)
	}
	text := e.ownerAlert(ctx, t, a.Reason)
	var failed error
	for _, owner := range e.cfg.OwnerIDs {
		key := e.cfg.RedisPrefix + "desk:alert:" + strconv.FormatInt(job.ID, 10) + ":" + strconv.FormatInt(owner, 10)
		if n, err := e.rdb.Exists(ctx, key).Result(); err == nil && n > 0 {
			continue // sent by an earlier attempt
		}
		_, err := e.out.Text(ctx, owner, text, nil)
		switch {
		case isBlocked(err):
			e.log.Warn("owner alert not delivered: the owner blocked the bot", "ticket", t.ID, "owner", owner)
		case err != nil:
			failed = errors.Join(failed, fmt.Errorf("bot: owner alert for ticket %d to %d: %w", t.ID, owner, err))
		default:
			if err := e.rdb.Set(ctx, key, 1, alertMemory).Err(); err != nil {
				e.log.Warn("owner alert not remembered", "ticket", t.ID, "owner", owner, "err", err)
			}
		}
	}
	if failed == nil {
		e.log.Info("owners alerted", "ticket", t.ID, "reason", a.Reason)
	}
	return failed
}

// ownerAlert is the alert's text in the staff's language, with a link to
// the ticket's thread when it has one.
func (e *Edge) ownerAlert(ctx context.Context, t *tickets.Ticket, reason string) string {
	d := e.deskText()
	key := "desk.owner_alert." + reason
	if !d.cat.Has(d.lang, key) {
		key = "desk.owner_alert.urgent"
	}
	link := ""
	if th, err := e.tickets.Thread(ctx, t.ID); err == nil {
		if url := deskLink(th.ChatID, th); url != "" {
			link = `<a href="` + html.EscapeString(url) + `">` + d.text("desk.owner_alert.link", nil) + `</a>`
		}
	}
	return d.text(key, map[string]string{"ref": t.Ref, "category": d.categoryName(t.Category), htmlParam + "link": link})
}
