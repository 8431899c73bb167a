package returns

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/complaintbot/complaintbot/tickets"
)

// The commands of the flow in a ticket's thread, named as after the slash.
const (
	// CommandReturn, "/return [refund|exchange|repair]", starts a return
	// (owners).
	CommandReturn = "return"
	// CommandShipped, "/shipped CARRIER TRACKING", records the parcel sent
	// for a customer who told staff another way.
	CommandShipped = "shipped"
	// CommandReceived, "/received [damaged] note", records the parcel
	// arrived and what was found in it.
	CommandReceived = "received"
)

// Command runs one of the flow's commands written in ticket t's thread at p
// by by; args is what follows the command, files what its message carries
// (a photo of the receipt for /shipped, of the item as it arrived for
// /received, the command written as its caption). The answer, when not "", is a
// staff text (HTML) to answer the command with; "" means it was done (or
// the flow answered with a message of its own), and the command deserves
// its 👍.
func (f *Flow) Command(ctx context.Context, name, args string, files []tickets.Media, t *tickets.Ticket, by tickets.Actor, p Place) (string, error) {
	switch name {
	case CommandReturn:
		kind, ok := parseKind(args)
		if !ok {
			return f.text("staff.usage.return", nil), nil
		}
		return f.Begin(ctx, p, t, by, kind)
	case CommandShipped:
		words := strings.Fields(args)
		if len(words) == 0 {
			return f.text("staff.usage.shipped", nil), nil
		}
		sh := tickets.Shipment{Tracking: words[len(words)-1], Carrier: strings.Join(words[:len(words)-1], " "), Receipt: files}
		return f.onReturn(ctx, t, func(rma string) (*tickets.Return, error) {
			return f.tickets.RecordShipped(ctx, rma, sh, by)
		}, "staff.usage.shipped")
	case CommandReceived:
		in := tickets.Inspection{Result: tickets.InspectionAsDescribed, Note: args, Media: files}
		if first, rest, _ := strings.Cut(args, " "); damagedWords[strings.ToLower(strings.TrimSpace(first))] {
			in.Result, in.Note = tickets.InspectionCustomerDamage, strings.TrimSpace(rest)
		}
		return f.onReturn(ctx, t, func(rma string) (*tickets.Return, error) {
			return f.tickets.RecordReceived(ctx, rma, in, by)
		}, "staff.usage.received")
	}
	return f.text("staff.refuse.unknown", nil), nil
}

// damagedWords mark an inspection of /received as damage the customer
// caused.
var damagedWords = map[string]bool{"damaged": true, "damage": true, "损坏": true, "有损坏": true}

// onReturn takes a step on t's return under way; the answer says why not
// when it has none, the rules refuse, or the request is malformed (usage,
// a staff text key, explains the command).
func (f *Flow) onReturn(ctx context.Context, t *tickets.Ticket, step func(rma string) (*tickets.Return, error), usage string) (string, error) {
	r, err := f.tickets.ReturnOf(ctx, t.ID)
	switch {
	case errors.Is(err, tickets.ErrNotFound):
		return f.text("staff.return.none", map[string]string{"ref": t.Ref}), nil
	case err != nil:
		return "", fmt.Errorf("returns: return of %s: %w", t.Ref, err)
	case !r.State.Open():
		return f.text("staff.return.none", map[string]string{"ref": t.Ref}), nil
	}
	after, err := step(r.RMA)
	if err == nil {
		f.log.Info("return step from a command", "rma", after.RMA, "state", string(after.State))
		return "", nil
	}
	if text, ok := f.refusal(f.cfg.Lang, err, r); ok {
		return text, nil
	}
	switch {
	case errors.Is(err, tickets.ErrInvalid):
		return f.text(usage, nil), nil
	case errors.Is(err, tickets.ErrConflict):
		return f.text("staff.return.moved_on", map[string]string{"rma": r.RMA}), nil
	}
	return "", err
}

// parseKind reads the kind after /return: none, or a kind by its name in
// either language.
func parseKind(s string) (tickets.ReturnKind, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", true
	case "refund", "退款", "退货", "退货退款":
		return tickets.ReturnKindRefund, true
	case "exchange", "换货":
		return tickets.ReturnKindExchange, true
	case "repair", "维修", "寄回维修":
		return tickets.ReturnKindRepair, true
	}
	return "", false
}
