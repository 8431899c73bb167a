package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/tickets"
)

// answerReturnWait takes a customer's message while the bot waits for the
// answer to a return's button, before the dialogue sees it, and reports
// whether it did; a message it leaves goes to the dialogue as ever.
//
// The wait comes first only right after the press, and leaves everything
// else as it was: a complaint the customer was writing waits, untouched,
// for its next answer. /cancel leaves the wait (and only the wait); /status
// is answered as ever and the wait goes on; any other command, like a press
// of the dialogue's buttons (see onButton), means the customer has moved
// on, and the wait is dropped.
func (e *Edge) answerReturnWait(ctx context.Context, in conversation.Input) (bool, error) {
	rw, ok, err := e.waits.get(ctx, in.ChatID)
	if err != nil || !ok {
		return false, err
	}
	if rw.Mode == "" {
		return e.afterReturnWait(ctx, in, rw)
	}
	if in.Kind == conversation.KindCommand {
		switch in.Command {
		case "cancel":
			return true, e.leaveReturnWait(ctx, in, rw)
		case "status":
			return false, nil
		}
		return false, e.waits.forget(ctx, in.ChatID)
	}
	if rw.Mode == waitQuestion {
		return e.takeQuestion(ctx, in, rw)
	}
	return true, e.takeShipment(ctx, in, rw)
}

// afterReturnWait takes what follows the message that answered a wait: the
// same message again (a redelivered update), which changes nothing, and the
// other items of its album, which go to the ticket with it. Anything else
// is the dialogue's.
func (e *Edge) afterReturnWait(ctx context.Context, in conversation.Input, rw returnWait) (bool, error) {
	switch {
	case in.UpdateID != 0 && in.UpdateID <= rw.Update:
		return true, nil
	case rw.Album != "" && len(in.Media) > 0 && in.Media[0].MediaGroupID == rw.Album:
		if _, _, err := e.tickets.AddCustomerMessage(ctx, rw.TicketID, ticketMessage(in)); err != nil {
			return true, fmt.Errorf("bot: album item to %s: %w", rw.Ref, err)
		}
		return true, nil
	}
	return false, nil
}

// leaveReturnWait answers /cancel during a wait: the bot stops waiting and
// says how to come back to it.
func (e *Edge) leaveReturnWait(ctx context.Context, in conversation.Input, rw returnWait) error {
	if err := e.waits.end(ctx, in.ChatID, rw, in.UpdateID, ""); err != nil {
		return err
	}
	lang, err := e.customerLang(ctx, in.ChatID, in.LanguageCode)
	if err != nil {
		return err
	}
	key := "returns.tracking_left"
	if rw.Mode == waitQuestion {
		key = "returns.question_left"
	}
	return e.tellCustomer(ctx, in.ChatID, e.cat.HTML(lang, key, map[string]string{"rma": rw.RMA}))
}

// takeQuestion adds the customer's question, text or a file, to the
// return's ticket, which relays it to the ticket's thread, and says so.
// Anything else (a contact, a sticker) is left to the dialogue.
func (e *Edge) takeQuestion(ctx context.Context, in conversation.Input, rw returnWait) (bool, error) {
	if in.Kind != conversation.KindText && in.Kind != conversation.KindMedia {
		return false, nil
	}
	if _, _, err := e.tickets.AddCustomerMessage(ctx, rw.TicketID, ticketMessage(in)); err != nil {
		return true, fmt.Errorf("bot: question to %s: %w", rw.Ref, err)
	}
	if err := e.waits.end(ctx, in.ChatID, rw, in.UpdateID, albumOf(in)); err != nil {
		return true, err
	}
	e.log.Info("return question added to its ticket", "chat", in.ChatID, "ticket", rw.Ref, "rma", rw.RMA)
	lang, err := e.customerLang(ctx, in.ChatID, in.LanguageCode)
	if err != nil {
		return true, err
	}
	return true, e.tellCustomer(ctx, in.ChatID, e.cat.HTML(lang, "bot.added_to_ticket", map[string]string{"ref": rw.Ref}))
}

// takeShipment reads the carrier and tracking number, or the photo of the
// receipt, and records the return as shipped; the domain's notice confirms
// it to the customer. What cannot be read is asked for again, with an
// example. A return that no longer waits for its parcel keeps the message
// on its ticket, so that nothing the customer sent is lost.
func (e *Edge) takeShipment(ctx context.Context, in conversation.Input, rw returnWait) error {
	sh, ok := shipmentOf(in)
	if !ok {
		return e.askTrackingAgain(ctx, in, rw)
	}
	_, err := e.tickets.RecordShipped(ctx, rw.RMA, sh, tickets.Actor{Kind: tickets.ActorCustomer, ID: in.UserID})
	switch {
	case errors.Is(err, tickets.ErrInvalid):
		return e.askTrackingAgain(ctx, in, rw)
	case errors.Is(err, tickets.ErrConflict), errors.Is(err, tickets.ErrNotFound), errors.Is(err, tickets.ErrForbidden):
		return e.shipmentRefused(ctx, in, rw, sh)
	case err != nil:
		return fmt.Errorf("bot: record %s shipped: %w", rw.RMA, err)
	}
	e.log.Info("return shipped by its customer", "chat", in.ChatID, "rma", rw.RMA, "carrier", sh.Carrier, "receipt", len(sh.Receipt))
	return e.waits.end(ctx, in.ChatID, rw, in.UpdateID, albumOf(in))
}

// shipmentOf is the parcel a message describes: a text naming the carrier
// and tracking number, or a photo or document of the receipt, whose caption
// may name them too.
func shipmentOf(in conversation.Input) (tickets.Shipment, bool) {
	switch in.Kind {
	case conversation.KindText:
		carrier, tracking, ok := parseShipment(in.Text)
		return tickets.Shipment{Carrier: carrier, Tracking: tracking}, ok
	case conversation.KindMedia:
		m := in.Media[0]
		if m.Kind != "photo" && m.Kind != "document" {
			return tickets.Shipment{}, false
		}
		sh := tickets.Shipment{Receipt: []tickets.Media{tickets.Media(m)}}
		sh.Carrier, sh.Tracking, _ = parseShipment(m.Caption)
		return sh, true
	}
	return tickets.Shipment{}, false
}

// askTrackingAgain answers a message that names no tracking number: the
// bot asks again, with an example, and goes on waiting.
func (e *Edge) askTrackingAgain(ctx context.Context, in conversation.Input, rw returnWait) error {
	lang, err := e.customerLang(ctx, in.ChatID, in.LanguageCode)
	if err != nil {
		return err
	}
	return e.tellCustomer(ctx, in.ChatID, e.cat.HTML(lang, "returns.tracking_again", map[string]string{"rma": rw.RMA}))
}

// shipmentRefused answers a parcel the return no longer waits for. The
// same message handled again after it was recorded (a redelivered update)
// changes nothing; otherwise the message is kept on the ticket and the
// customer is told where the return stands.
func (e *Edge) shipmentRefused(ctx context.Context, in conversation.Input, rw returnWait, sh tickets.Shipment) error {
	r, err := e.tickets.GetReturn(ctx, rw.RMA)
	if err != nil && !errors.Is(err, tickets.ErrNotFound) {
		return fmt.Errorf("bot: return %s: %w", rw.RMA, err)
	}
	if err == nil && r.State == tickets.ReturnShipped && r.Shipped.By.ID == in.UserID && r.Tracking == sh.Tracking {
		return e.waits.end(ctx, in.ChatID, rw, in.UpdateID, albumOf(in))
	}
	if _, _, err := e.tickets.AddCustomerMessage(ctx, rw.TicketID, ticketMessage(in)); err != nil {
		return fmt.Errorf("bot: keep message on %s: %w", rw.Ref, err)
	}
	if err := e.waits.end(ctx, in.ChatID, rw, in.UpdateID, albumOf(in)); err != nil {
		return err
	}
	lang, lerr := e.customerLang(ctx, in.ChatID, in.LanguageCode)
	if lerr != nil {
		return lerr
	}
	params := map[string]string{"rma": rw.RMA, "ref": rw.Ref}
	if r != nil {
		params["state"] = e.returnStateText(lang, r)
	}
	e.log.Info("shipment for a return not waiting for it", "chat", in.ChatID, "rma", rw.RMA)
	return e.tellCustomer(ctx, in.ChatID, e.cat.HTML(lang, "returns.not_waiting", params))
}

// albumOf is the album a message came in; "" for a message on its own.
func albumOf(in conversation.Input) string {
	if len(in.Media) == 0 {
		return ""
	}
	return in.Media[0].MediaGroupID
}
