package desk

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strconv"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/bot/returns"
	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// alertMemory is how long an owner alert that went out is remembered, so
// that a retry of its job does not send it to the same owner again.
const alertMemory = 24 * time.Hour

// ownerAlertWorker sends an owner alert ("⚠️ urgent: ref, category, link")
// privately to every owner; the alert that a return's deadline passed
// carries the buttons to give the customer more days or cancel it. An
// owner who blocked the bot (or never started it) is logged and skipped.
type ownerAlertWorker struct {
	job[tickets.OwnerAlertArgs]
}

// Work alerts the owners about one ticket.
func (w *ownerAlertWorker) Work(ctx context.Context, job *river.Job[tickets.OwnerAlertArgs]) error {
	d, a := w.desk, job.Args
	return d.withState(ctx, "owner alert", a.TicketID, func(st *tickets.DeskState) error {
		t := st.Ticket
		text := d.ownerAlert(ctx, t, a)
		var markup models.ReplyMarkup
		if kb := d.view().returnCard().Expired(a.Params["rma"]); a.Reason == tickets.AlertReturnExpired && kb != nil {
			markup = kb
		}
		var failed error
		for _, owner := range d.cfg.OwnerIDs {
			key := d.cfg.RedisPrefix + "desk:alert:" + strconv.FormatInt(job.ID, 10) + ":" + strconv.FormatInt(owner, 10)
			if n, err := d.rdb.Exists(ctx, key).Result(); err == nil && n > 0 {
				continue // sent by an earlier attempt
			}
			_, err := d.out.Text(ctx, owner, text, markup)
			switch {
			case send.IsBlocked(err):
				d.log.Warn("owner alert not delivered: the owner blocked the bot", "ticket", t.ID, "owner", owner)
			case err != nil:
				failed = errors.Join(failed, fmt.Errorf("desk: owner alert for ticket %d to %d: %w", t.ID, owner, err))
			default:
				if err := d.rdb.Set(ctx, key, 1, alertMemory).Err(); err != nil {
					d.log.Warn("owner alert not remembered", "ticket", t.ID, "owner", owner, "err", err)
				}
			}
		}
		if failed == nil {
			d.log.Info("owners alerted", "ticket", t.ID, "reason", a.Reason)
		}
		return failed
	})
}

// ownerAlert is the alert's text in the staff's language, with a link to
// the ticket's thread when it has one; a return's alert names the return
// and its deadline, a missed service level the deadline, the problem and
// who holds the ticket, a low survey score the scores and the comment.
func (d *Desk) ownerAlert(ctx context.Context, t *tickets.Ticket, a tickets.OwnerAlertArgs) string {
	v := d.view()
	key := "desk.owner_alert." + a.Reason
	if !v.cat.Has(v.lang, key) {
		key = "desk.owner_alert.urgent"
	}
	link := ""
	if th, err := d.tickets.Thread(ctx, t.ID); err == nil {
		if url := threadLink(th.ChatID, th); url != "" {
			link = `<a href="` + html.EscapeString(url) + `">` + v.text("desk.owner_alert.link", nil) + `</a>`
		}
	}
	params := map[string]string{"ref": t.Ref, "category": v.categoryName(t.Category), locale.HTMLParam + "link": link,
		"rma": a.Params["rma"], "days": strconv.Itoa(returns.ExtensionDays(d.pol))}
	// The reason's own params (a survey's scores and comment, plain text)
	// go to its text too; they cannot replace the ones above.
	for k, val := range a.Params {
		if _, ok := params[k]; !ok {
			params[k] = val
		}
	}
	if deadline, err := time.Parse(time.RFC3339, a.Params["deadline"]); err == nil {
		params["deadline"] = deadline.In(v.tz()).Format(time.DateOnly)
	}
	if due, err := time.Parse(time.RFC3339, a.Params["due"]); err == nil {
		// A missed service-level deadline: when it was, what the
		// complaint is about and who holds it, so the owner can judge
		// from the message alone.
		params["due"] = due.In(v.tz()).Format(time.RFC3339)
		params["issue"] = v.cat.Text(v.lang, "conversation.issue."+t.Issue, nil)
		params["assignee"] = t.AssigneeName
	}
	return v.text(key, params)
}
