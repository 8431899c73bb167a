package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The actions of the card's buttons, as their callback data names them:
// "d:<action>:<ticket id>", with ":<arg>" for assignto (the user id),
// prio ("+1" or "-1") and urgent ("on" or "off").
const (
	deskClaim    = "claim"
	deskRelease  = "release"
	deskAssign   = "assign"   // opens the picker of staff members
	deskAssignTo = "assignto" // arg: the user id picked
	deskNeedInfo = "needinfo"
	deskResolve  = "resolve" // answers with how to send a summary
	deskClose    = "close"
	deskReopen   = "reopen"
	deskPriority = "prio"   // arg: "+1" or "-1"
	deskUrgent   = "urgent" // arg: "on" or "off"
	deskBack     = "back"   // from the picker back to the card
)

// deskDataPrefix starts the callback data of every desk button.
const deskDataPrefix = "d:"

// maxCallbackData is Telegram's limit on a button's callback data, in bytes.
const maxCallbackData = 64

// errDeskData is the error of callback data that is not a desk button's.
var errDeskData = errors.New("bot: not a desk button")

// deskData is what a desk button asks for.
type deskData struct {
	Action   string
	TicketID int64
	// Arg is the user id for assignto, "+1"/"-1" for prio, "on"/"off" for
	// urgent; empty otherwise.
	Arg string
}

// encodeDeskData writes d as callback data. It panics on an action or
// argument decodeDeskData would refuse: buttons are built by the program,
// never from input.
func encodeDeskData(d deskData) string {
	s := deskDataPrefix + d.Action + ":" + strconv.FormatInt(d.TicketID, 10)
	if d.Arg != "" {
		s += ":" + d.Arg
	}
	if _, err := decodeDeskData(s); err != nil {
		panic(fmt.Sprintf("bot: desk button %+v: %v", d, err))
	}
	return s
}

// decodeDeskData reads the callback data of a desk button. The error wraps
// errDeskData when the data is not one (another button's, or forged).
func decodeDeskData(s string) (deskData, error) {
	bad := func(why string) (deskData, error) {
		return deskData{}, fmt.Errorf("%w: %q: %s", errDeskData, s, why)
	}
	if len(s) > maxCallbackData {
		return bad("too long")
	}
	rest, ok := strings.CutPrefix(s, deskDataPrefix)
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
	d := deskData{Action: parts[0], TicketID: id}
	if len(parts) == 3 {
		d.Arg = parts[2]
	}
	switch d.Action {
	case deskClaim, deskRelease, deskAssign, deskNeedInfo, deskResolve, deskClose, deskReopen, deskBack:
		if len(parts) != 2 {
			return bad("takes no argument")
		}
	case deskAssignTo:
		uid, err := strconv.ParseInt(d.Arg, 10, 64)
		if len(parts) != 3 || err != nil || uid <= 0 || strconv.FormatInt(uid, 10) != d.Arg {
			return bad("bad user id")
		}
	case deskPriority:
		if len(parts) != 3 || (d.Arg != "+1" && d.Arg != "-1") {
			return bad("priority moves by +1 or -1")
		}
	case deskUrgent:
		if len(parts) != 3 || (d.Arg != "on" && d.Arg != "off") {
			return bad("urgent is on or off")
		}
	default:
		return bad("unknown action")
	}
	return d, nil
}

// UserID is the user id of an assignto button; zero for other actions.
func (d deskData) UserID() int64 {
	if d.Action != deskAssignTo {
		return 0
	}
	id, _ := strconv.ParseInt(d.Arg, 10, 64)
	return id
}

// Delta is the priority change of a prio button: +1 or -1; zero for other
// actions.
func (d deskData) Delta() int {
	switch {
	case d.Action != deskPriority:
		return 0
	case d.Arg == "+1":
		return 1
	}
	return -1
}

// On is the urgent mark an urgent button sets.
func (d deskData) On() bool { return d.Action == deskUrgent && d.Arg == "on" }
