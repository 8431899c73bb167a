package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/complaintbot/complaintbot/tickets"
)

// returnStatus says, as HTML, where the ticket's return stands, for /status:
// its number and kind, its state in words, and what the customer needs
// next — the date to send it by, or the tracking number they gave. "" when
// the ticket has no return the customer has heard of (one only requested is
// the owner's until approved or refused).
func (e *Edge) returnStatus(ctx context.Context, lang string, ticketID int64) (string, error) {
	r, err := e.tickets.ReturnOf(ctx, ticketID)
	if errors.Is(err, tickets.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("bot: return of ticket %d: %w", ticketID, err)
	}
	if r.State == tickets.ReturnRequested {
		return "", nil
	}
	kind := e.pol.KindName(r.Kind, lang)
	if kind == "" {
		kind = string(r.Kind)
	}
	parts := []string{e.cat.HTML(lang, "returns.status", map[string]string{
		"rma": r.RMA, "kind": kind, "state": e.returnStateText(lang, r),
	})}
	if r.State == tickets.ReturnApproved {
		day := r.Deadline.In(e.tz).Format(time.DateOnly)
		parts = append(parts, e.cat.HTML(lang, "returns.status_send_by", map[string]string{"day": day}))
	}
	if r.Tracking != "" {
		parts = append(parts, e.cat.HTML(lang, "returns.status_tracking", map[string]string{
			"carrier": e.carrierName(lang, r.Carrier), "tracking": r.Tracking,
		}))
	} else if len(r.ShippingMedia) > 0 {
		parts = append(parts, e.cat.HTML(lang, "returns.status_receipt", nil))
	}
	return strings.Join(parts, " · "), nil
}

// returnStateText is where a return stands, in words the customer reads:
// an approved return waits for them to send it, or, with a fee, for their
// answer to the estimate.
func (e *Edge) returnStateText(lang string, r *tickets.Return) string {
	if r.FeePending() && r.State == tickets.ReturnApproved {
		return e.cat.Text(lang, "returns.state.fee_pending", nil)
	}
	return e.cat.Text(lang, "returns.state."+string(r.State), nil)
}
