package returns

import (
	"context"
	"time"

	"github.com/complaintbot/complaintbot/tickets"
)

// send approves return r of ticket t, pressed on its preview: the customer
// is sent the instructions (the owner's text, or the policy's drafted now),
// in their language, with the day to send the item by, who pays the
// freight, the warehouse and, for a charged repair, the fee they must
// accept first. A charged repair whose fee the owner has not given yet
// (the draft ran out) asks for it again instead.
func (f *Flow) send(ctx context.Context, p Place, in press, t *tickets.Ticket, r *tickets.Return) (string, error) {
	dr, err := f.drafts.get(ctx, r.RMA)
	if err != nil {
		return "", err
	}
	if f.charged(r) && dr.FeeCents == 0 {
		return f.plain("staff.return.fee_first", nil), f.askFee(ctx, p, t, r, in.by, "")
	}
	a, text, err := f.approval(t, r, dr, f.now())
	if err != nil {
		return "", err
	}
	after, err := f.tickets.ApproveReturn(ctx, r.RMA, a, in.by)
	if err != nil {
		return f.failed(in.lang, err, r)
	}
	f.log.Info("return instructions sent", "rma", after.RMA, "lang", a.Lang, "own_text", dr.Text != "", "owner", in.by.ID)
	done := map[string]string{"rma": after.RMA, "date": after.Deadline.In(f.tz()).Format(time.DateOnly)}
	if f.endPreview(ctx, r.RMA, in.msg.Chat.ID, in.msg.ID) {
		f.rewrite(ctx, in.msg.Chat.ID, in.msg.ID, f.quoted(f.text("staff.return.sent", done), text, ""), nil)
	}
	return f.plain("staff.return.done.approved", done), nil
}

// approval is what the customer is sent for r at now, and the text of its
// instructions: the deadline is the end of the day to send by, in the
// shop's zone; the freight is the policy's decision for r's kind and cause.
func (f *Flow) approval(t *tickets.Ticket, r *tickets.Return, dr draft, now time.Time) (tickets.ReturnApproval, string, error) {
	text, lang, sendBy, err := f.instructions(t, r, dr, now)
	if err != nil {
		return tickets.ReturnApproval{}, "", err
	}
	fr := f.pol.Freight(r.Kind, r.Cause)
	a := tickets.ReturnApproval{
		Instructions: text, Lang: lang, Deadline: f.endOf(sendBy),
		Freight:     tickets.Freight{Payer: fr.Payer, PostageRefunded: fr.RefundPostage, Reason: fr.Reason[lang]},
		WarehouseID: f.pol.Warehouse(t.Category).ID,
	}
	if fr.RepairCharged && dr.FeeCents > 0 {
		a.Fee = tickets.Fee{Cents: dr.FeeCents, Currency: f.cfg.Currency}
	}
	return a, text, nil
}
