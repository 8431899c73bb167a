package returns

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/complaintbot/complaintbot/tickets"
)

// Prefix starts the callback data of every button of the flow, wherever it
// sits: on a ticket's card, on the flow's own messages, on an owner's
// alert.
const Prefix = "rt:"

// Owns reports whether callback data is one of the flow's buttons'.
func Owns(data string) bool { return strings.HasPrefix(data, Prefix) }

// verb is what a button of the flow asks for.
type verb string

// The buttons' verbs. Those before the return exists name the ticket; the
// others name the return by its number.
const (
	verbKind     verb = "k"    // a kind chosen: ask the cause (ticket, kind)
	verbCause    verb = "c"    // the cause chosen: start the return (ticket, kind, cause)
	verbKinds    verb = "kb"   // back to the kinds (ticket)
	verbDrop     verb = "no"   // no return after all (ticket)
	verbPreview  verb = "pv"   // show the instructions (return)
	verbSend     verb = "send" // approve: send the instructions (return)
	verbEdit     verb = "edit" // ask for a new text (return)
	verbRefuse   verb = "rf"   // list the exclusions (return)
	verbExclude  verb = "ex"   // refuse for an exclusion (return, exclusion id)
	verbKeep     verb = "keep" // not refused after all (return)
	verbCancel   verb = "cx"   // cancel (return)
	verbReceive  verb = "rcv"  // received (return, "ok" or "dmg")
	verbComplete verb = "done" // refunded, exchanged or repaired, by its kind (return)
	verbClose    verb = "cl"   // close (return)
	verbExtend   verb = "ext"  // give the customer more days (return)
)

// Inspection results as a received button names them.
const (
	receivedOK      = "ok"
	receivedDamaged = "dmg"
)

// maxCallbackData is Telegram's limit on a button's callback data, in bytes.
const maxCallbackData = 64

// errNotButton is the error of callback data that is not one of the flow's
// buttons (another's, or forged).
var errNotButton = errors.New("returns: not a return button")

// button is what a button of the flow asks for.
type button struct {
	Verb verb
	// TicketID names the ticket, for the verbs before the return exists.
	TicketID int64
	// RMA names the return ("RMA-K7M-4QX"), for the others.
	RMA string
	// Args are the kind and cause, the exclusion or the inspection.
	Args []string
}

// onTicket reports whether the verb names a ticket rather than a return.
func (v verb) onTicket() bool {
	return v == verbKind || v == verbCause || v == verbKinds || v == verbDrop
}

// args is how many arguments the verb takes.
func (v verb) args() (int, bool) {
	switch v {
	case verbKinds, verbDrop, verbPreview, verbSend, verbEdit, verbRefuse, verbKeep,
		verbCancel, verbComplete, verbClose, verbExtend:
		return 0, true
	case verbKind, verbExclude, verbReceive:
		return 1, true
	case verbCause:
		return 2, true
	}
	return 0, false
}

// encode writes b as callback data: "rt:<verb>:<ticket id or RMA>[:<arg>…]",
// the return number without its "RMA-" and dashes. It panics on a button
// decode would refuse: buttons are built by the program, never from input.
func (b button) encode() string {
	key := strconv.FormatInt(b.TicketID, 10)
	if !b.Verb.onTicket() {
		key = strings.ReplaceAll(strings.TrimPrefix(b.RMA, "RMA-"), "-", "")
	}
	s := Prefix + string(b.Verb) + ":" + key
	for _, a := range b.Args {
		s += ":" + a
	}
	if _, err := decode(s); err != nil {
		panic(fmt.Sprintf("returns: button %+v: %v", b, err))
	}
	return s
}

// decode reads the callback data of one of the flow's buttons. The error
// wraps errNotButton when it is none.
func decode(s string) (button, error) {
	bad := func(why string) (button, error) {
		return button{}, fmt.Errorf("%w: %q: %s", errNotButton, s, why)
	}
	if len(s) > maxCallbackData {
		return bad("too long")
	}
	rest, ok := strings.CutPrefix(s, Prefix)
	if !ok {
		return bad("no prefix")
	}
	parts := strings.Split(rest, ":")
	b := button{Verb: verb(parts[0])}
	n, ok := b.Verb.args()
	switch {
	case !ok:
		return bad("unknown verb")
	case len(parts) != 2+n:
		return bad("wrong number of parts")
	}
	if b.Verb.onTicket() {
		id, err := strconv.ParseInt(parts[1], 10, 64)
		if err != nil || id <= 0 || strconv.FormatInt(id, 10) != parts[1] {
			return bad("bad ticket id")
		}
		b.TicketID = id
	} else {
		rma, ok := tickets.NormalizeRMA(parts[1])
		if !ok || strings.ContainsAny(parts[1], "- ") {
			return bad("bad return number")
		}
		b.RMA = rma
	}
	b.Args = parts[2:]
	switch b.Verb {
	case verbKind:
		if !tickets.ReturnKind(b.Args[0]).Valid() {
			return bad("unknown kind")
		}
	case verbCause:
		if !tickets.ReturnKind(b.Args[0]).Valid() || !tickets.ReturnCause(b.Args[1]).Valid() {
			return bad("unknown kind or cause")
		}
	case verbReceive:
		if b.Args[0] != receivedOK && b.Args[0] != receivedDamaged {
			return bad("received is ok or dmg")
		}
	case verbExclude:
		if !validID(b.Args[0]) {
			return bad("bad exclusion id")
		}
	}
	return b, nil
}

// validID accepts the policy's identifiers: lower case letters, digits and
// underscores.
func validID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// step is the step of a return the button takes, or leads to: the one whose
// rule decides who may press it. A completion's step depends on the
// return's kind.
func (b button) step(kind tickets.ReturnKind) tickets.ReturnStep {
	switch b.Verb {
	case verbKind, verbCause, verbKinds, verbDrop:
		return tickets.StepStart
	case verbPreview, verbSend, verbEdit:
		return tickets.StepApprove
	case verbRefuse, verbExclude, verbKeep:
		return tickets.StepRefuse
	case verbCancel:
		return tickets.StepCancel
	case verbReceive:
		return tickets.StepReceive
	case verbComplete:
		return completion(kind)
	case verbClose:
		return tickets.StepClose
	case verbExtend:
		return tickets.StepExtend
	}
	return ""
}

// completion is the step that completes a return of kind.
func completion(kind tickets.ReturnKind) tickets.ReturnStep {
	switch kind {
	case tickets.ReturnKindExchange:
		return tickets.StepExchange
	case tickets.ReturnKindRepair:
		return tickets.StepRepair
	}
	return tickets.StepRefund
}

// outcome is the state a completion leaves a return of kind in.
func outcome(kind tickets.ReturnKind) tickets.ReturnState {
	switch kind {
	case tickets.ReturnKindExchange:
		return tickets.ReturnExchanged
	case tickets.ReturnKindRepair:
		return tickets.ReturnRepaired
	}
	return tickets.ReturnRefunded
}
