package desk

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A button's callback data is "d:<action>:<ticket id>", with ":<arg>" for
// assignto (the user id), prio ("+1" or "-1") and urgent ("on" or "off").
// The action is named as the action, but for priority: "prio", as on the
// cards already posted.
func buttonToken(a action) string {
	if a == actPriority {
		return "prio"
	}
	return string(a)
}

// buttonAction is the action a callback data's token names; it may be none
// of the buttons' (decodeButton then refuses it).
func buttonAction(token string) action {
	switch token {
	case "prio":
		return actPriority
	case string(actPriority):
		return "" // only as "prio"
	}
	return action(token)
}

// buttonPrefix starts the callback data of every desk button.
const buttonPrefix = "d:"

// maxCallbackData is Telegram's limit on a button's callback data, in bytes.
const maxCallbackData = 64

// errNotButton is the error of callback data that is not a desk button's.
var errNotButton = errors.New("desk: not a desk button")

// button is what a desk button asks for.
type button struct {
	Action   action
	TicketID int64
	// Arg is the user id for assignto, "+1"/"-1" for prio, "on"/"off" for
	// urgent; empty otherwise.
	Arg string
}

// encodeButton writes b as callback data. It panics on an action or
// argument decodeButton would refuse: buttons are built by the program,
// never from input.
func encodeButton(b button) string {
	s := buttonPrefix + buttonToken(b.Action) + ":" + strconv.FormatInt(b.TicketID, 10)
	if b.Arg != "" {
		s += ":" + b.Arg
	}
	if _, err := decodeButton(s); err != nil {
		panic(fmt.Sprintf("desk: desk button %+v: %v", b, err))
	}
	return s
}

// decodeButton reads the callback data of a desk button. The error wraps
// errNotButton when the data is not one (another button's, or forged).
func decodeButton(s string) (button, error) {
	bad := func(why string) (button, error) {
		return button{}, fmt.Errorf("%w: %q: %s", errNotButton, s, why)
	}
	if len(s) > maxCallbackData {
		return bad("too long")
	}
	rest, ok := strings.CutPrefix(s, buttonPrefix)
	if !ok {
		return bad("no desk prefix")
	}
	parts := strings.Split(rest, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return bad("wrong number of parts")
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != parts[1] {
		return bad("bad ticket id")
	}
	b := button{Action: buttonAction(parts[0]), TicketID: id}
	if len(parts) == 3 {
		b.Arg = parts[2]
	}
	switch b.Action {
	case actClaim, actRelease, actAssign, actNeedInfo, actResolve, actClose, actReopen, actBack, actReturn:
		if len(parts) != 2 {
			return bad("takes no argument")
		}
	case actAssignTo:
		uid, err := strconv.ParseInt(b.Arg, 10, 64)
		if len(parts) != 3 || err != nil || uid <= 0 || strconv.FormatInt(uid, 10) != b.Arg {
			return bad("bad user id")
		}
	case actPriority:
		if len(parts) != 3 || (b.Arg != "+1" && b.Arg != "-1") {
			return bad("priority moves by +1 or -1")
		}
	case actUrgent:
		if len(parts) != 3 || (b.Arg != "on" && b.Arg != "off") {
			return bad("urgent is on or off")
		}
	default:
		return bad("unknown action")
	}
	return b, nil
}

// UserID is the user id of an assignto button; zero for other actions.
func (b button) UserID() int64 {
	if b.Action != actAssignTo {
		return 0
	}
	id, _ := strconv.ParseInt(b.Arg, 10, 64)
	return id
}

// Delta is the priority change of a prio button: +1 or -1; zero for other
// actions.
func (b button) Delta() int {
	switch {
	case b.Action != actPriority:
		return 0
	case b.Arg == "+1":
		return 1
	}
	return -1
}

// On is the urgent mark an urgent button sets.
func (b button) On() bool { return b.Action == actUrgent && b.Arg == "on" }
