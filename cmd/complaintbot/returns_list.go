package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/complaintbot/complaintbot/tickets"
)

// writeReturns prints the returns in warehouse order (sortReturns): as a
// table for a person, in the staff's language, or as JSON or CSV, which
// keep the ids (kind, state, category) and RFC 3339 times for programs and
// spreadsheets.
func (v ticketView) writeReturns(w io.Writer, format string, list []tickets.Return) error {
	list = sortReturns(list)
	switch format {
	case "json":
		if list == nil {
			list = []tickets.Return{}
		}
		return writeJSON(w, list)
	case "csv":
		return writeReturnsCSV(w, list)
	}
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, v.text("terminal.returns.none", nil))
		return err
	}
	var c columns
	var head []string
	for _, key := range []string{"rma", "ticket", "customer", "product", "kind", "state", "send_by", "carrier", "tracking", "updated"} {
		head = append(head, v.text("terminal.returns."+key, nil))
	}
	c.row(head...)
	for _, r := range list {
		c.row(r.RMA, r.TicketRef, clip(orDash(r.CustomerName), 28), v.category(r.Category), v.returnKind(r.Kind),
			v.returnState(r.State), v.time(r.Deadline), clip(orDash(r.Carrier), 20), clip(orDash(r.Tracking), 30),
			v.time(r.UpdatedAt))
	}
	_, err := io.WriteString(w, c.String())
	return err
}

// awaitingArrival reports whether the warehouse should expect the return's
// parcel: approved (the customer is to send it) or shipped (on its way).
func awaitingArrival(s tickets.ReturnState) bool {
	return s == tickets.ReturnApproved || s == tickets.ReturnShipped
}

// sortReturns orders returns for the warehouse: those awaiting arrival
// first, the earliest send-by deadline first; then the others in the order
// given (newest first, as ListReturns gives them).
func sortReturns(list []tickets.Return) []tickets.Return {
	list = slices.Clone(list)
	slices.SortStableFunc(list, func(a, b tickets.Return) int {
		wa, wb := awaitingArrival(a.State), awaitingArrival(b.State)
		switch {
		case wa && !wb:
			return -1
		case !wa && wb:
			return 1
		case wa && wb:
			return a.Deadline.Compare(b.Deadline)
		}
		return 0
	})
	return list
}

func (v ticketView) returnKind(k tickets.ReturnKind) string {
	return v.label("terminal.return.kind."+string(k), string(k))
}

func (v ticketView) returnState(s tickets.ReturnState) string {
	return v.label("terminal.return.state."+string(s), string(s))
}

// writeReturnsCSV writes one row per return. Columns are only ever added
// at the end, so that a spreadsheet built on the file keeps working.
func writeReturnsCSV(w io.Writer, list []tickets.Return) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"rma", "ticket_ref", "customer_name", "category", "kind", "state", "cause",
		"deadline", "carrier", "tracking", "freight_payer", "postage_refunded", "warehouse_id",
		"fee_cents", "fee_currency", "inspection_result", "refusal_exclusion",
		"approved_at", "shipped_at", "received_at", "completed_at", "closed_at", "ended_at",
		"created_at", "updated_at"})
	for _, r := range list {
		fee, postage := "", ""
		if r.Fee.Cents != 0 {
			fee = strconv.FormatInt(r.Fee.Cents, 10)
		}
		if r.Freight.Payer != "" {
			postage = strconv.FormatBool(r.Freight.PostageRefunded)
		}
		_ = cw.Write([]string{r.RMA, r.TicketRef, cell(r.CustomerName), r.Category, string(r.Kind), string(r.State), string(r.Cause),
			csvTime(r.Deadline), cell(r.Carrier), cell(r.Tracking), string(r.Freight.Payer), postage, r.WarehouseID,
			fee, r.Fee.Currency, string(r.InspectionResult), r.RefusalExclusion,
			csvTime(r.Approved.At), csvTime(r.Shipped.At), csvTime(r.Received.At), csvTime(r.Completed.At),
			csvTime(r.Closed.At), csvTime(r.Ended.At),
			csvTime(r.CreatedAt), csvTime(r.UpdatedAt)})
	}
	cw.Flush()
	return cw.Error()
}
