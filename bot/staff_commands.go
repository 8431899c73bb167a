package bot

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// staffVerb names what a member of staff asks for in the staff group.
type staffVerb string

// The staff group's commands, by their names after the slash.
const (
	verbNote     staffVerb = "note"     // /note text: an internal note, never sent
	verbReply    staffVerb = "reply"    // /reply name: a canned reply to the customer
	verbClaim    staffVerb = "claim"    // take the ticket
	verbAssign   staffVerb = "assign"   // /assign @username, or as a reply to the member's message
	verbRelease  staffVerb = "release"  // give the ticket back to the desk
	verbNeedInfo staffVerb = "needinfo" // /needinfo [question]: wait for the customer
	verbResolve  staffVerb = "resolve"  // /resolve summary: the customer receives the summary
	verbClose    staffVerb = "close"
	verbReopen   staffVerb = "reopen"
	verbPriority staffVerb = "priority" // /priority up|down
	verbUrgent   staffVerb = "urgent"   // /urgent [off]
	verbTickets  staffVerb = "tickets"  // /tickets [mine|overdue|waiting]
	verbTicket   staffVerb = "ticket"   // /ticket REF
	verbHelp     staffVerb = "help"
)

// staffVerbs lists the commands in the order /help shows them.
var staffVerbs = []staffVerb{verbNote, verbReply, verbClaim, verbAssign, verbRelease, verbNeedInfo,
	verbResolve, verbClose, verbReopen, verbPriority, verbUrgent, verbTickets, verbTicket, verbHelp}

// isStaffVerb reports whether name is one of the staff group's commands.
func isStaffVerb(name string) bool {
	for _, v := range staffVerbs {
		if string(v) == name {
			return true
		}
	}
	return false
}

// The lists /tickets shows.
const (
	listOpen    = ""        // every open ticket
	listMine    = "mine"    // open tickets the member holds
	listOverdue = "overdue" // open tickets past a due time, most overdue first
	listWaiting = "waiting" // tickets waiting for the customer
)

// maxSummary is the longest resolution summary, in characters; the ticket
// store refuses longer ones too.
const maxSummary = 1000

// staffCommand is a staff member's message in the staff group, parsed.
type staffCommand struct {
	Verb staffVerb
	// Text is the note, the question of /needinfo or the summary of
	// /resolve, as typed.
	Text string
	// Canned names the ready answer of /reply (a policy.Canned name).
	Canned string
	// Username is the member /assign names, lower case without the @;
	// empty when /assign was sent as a reply to that member's message.
	Username string
	// Delta is +1 or -1 for /priority.
	Delta int
	// Off is /urgent off.
	Off bool
	// List is the list /tickets asks for (listOpen, listMine, ...).
	List string
	// Ref is the reference of /ticket, normalised ("K7M-4QX").
	Ref string
}

// staffInputKind says what a text in the staff group is.
type staffInputKind int

const (
	// staffPlain is no command: in a ticket's thread it goes to the customer.
	staffPlain staffInputKind = iota
	// staffCmd is one of our commands (or the note prefix); the parse may
	// still have failed on its arguments.
	staffCmd
	// staffForeign is a command addressed to another bot: it is neither ours
	// nor anything to send the customer.
	staffForeign
)

// staffUsageError is a staff command with missing or bad arguments. Key is
// the staff catalogue text explaining what to write; it is always answered.
type staffUsageError struct {
	Key    string
	Params map[string]string
}

func (e *staffUsageError) Error() string {
	return fmt.Sprintf("bot: staff command: %s %v", e.Key, e.Params)
}

func usage(key string, kv ...string) *staffUsageError {
	p := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		p[kv[i]] = kv[i+1]
	}
	return &staffUsageError{Key: key, Params: p}
}

// staffParser reads staff input: the bot's username (commands may carry
// @botname), the note prefix and the policy's canned replies.
type staffParser struct {
	botUsername string
	notePrefix  string
	canned      []policy.Canned
}

// parse reads the text (or a media caption, withFile) of a message in the
// staff group. A text starting with the note prefix is a note. The error,
// for staffCmd only, is a *staffUsageError to answer.
func (p staffParser) parse(text string, withFile bool) (staffCommand, staffInputKind, error) {
	if p.notePrefix != "" && strings.HasPrefix(text, p.notePrefix) {
		note := strings.TrimSpace(strings.TrimPrefix(text, p.notePrefix))
		if note == "" && !withFile {
			return staffCommand{}, staffCmd, usage("staff.usage.note")
		}
		return staffCommand{Verb: verbNote, Text: note}, staffCmd, nil
	}
	if !strings.HasPrefix(text, "/") {
		return staffCommand{}, staffPlain, nil
	}
	name, _, ok := parseCommand(firstWord(text), p.botUsername)
	if !ok {
		if looksLikeCommand(text) {
			return staffCommand{}, staffForeign, nil
		}
		return staffCommand{}, staffPlain, nil // "/ shrug", a path: ordinary text
	}
	// Arguments may run over several lines (a note, a summary): they are
	// everything after the name, line breaks kept.
	args := commandArgs(text)
	if !isStaffVerb(name) {
		return staffCommand{}, staffCmd, usage("staff.usage.unknown", "command", "/"+name)
	}
	v := staffVerb(name)
	if withFile && v != verbNote {
		return staffCommand{}, staffCmd, usage("staff.usage.file_with_command", "command", "/"+name)
	}
	c, err := p.parseArgs(v, args, withFile)
	return c, staffCmd, err
}

// parseArgs reads the arguments of command v.
func (p staffParser) parseArgs(v staffVerb, args string, withFile bool) (staffCommand, error) {
	c := staffCommand{Verb: v}
	words := strings.Fields(args)
	switch v {
	case verbNote:
		if args == "" && !withFile {
			return c, usage("staff.usage.note")
		}
		c.Text = args
	case verbReply:
		return p.parseReply(c, words)
	case verbAssign:
		switch {
		case len(words) == 0:
			// The member is the one whose message this replies to.
		case len(words) == 1 && validUsername(strings.TrimPrefix(words[0], "@")):
			c.Username = strings.ToLower(strings.TrimPrefix(words[0], "@"))
		default:
			return c, usage("staff.usage.assign")
		}
	case verbNeedInfo:
		c.Text = args
	case verbResolve:
		if args == "" {
			return c, usage("staff.usage.resolve")
		}
		if n := utf8.RuneCountInString(args); n > maxSummary {
			return c, usage("staff.usage.resolve_long", "count", strconv.Itoa(n), "max", strconv.Itoa(maxSummary))
		}
		c.Text = args
	case verbPriority:
		switch strings.ToLower(args) {
		case "up", "+", "+1":
			c.Delta = 1
		case "down", "-", "-1":
			c.Delta = -1
		default:
			return c, usage("staff.usage.priority")
		}
	case verbUrgent:
		switch strings.ToLower(args) {
		case "", "on":
		case "off":
			c.Off = true
		default:
			return c, usage("staff.usage.urgent")
		}
	case verbTickets:
		switch l := strings.ToLower(args); l {
		case listOpen, listMine, listOverdue, listWaiting:
			c.List = l
		default:
			return c, usage("staff.usage.tickets")
		}
	case verbTicket:
		ref, ok := tickets.NormalizeRef(args)
		if !ok {
			return c, usage("staff.usage.ticket")
		}
		c.Ref = ref
	default: // claim, release, close, reopen, help
		if args != "" {
			return c, usage("staff.usage.no_arguments", "command", "/"+string(v))
		}
	}
	return c, nil
}

// parseReply reads /reply name: one of the policy's canned replies.
func (p staffParser) parseReply(c staffCommand, words []string) (staffCommand, error) {
	names := make([]string, 0, len(p.canned))
	for _, cr := range p.canned {
		names = append(names, cr.Name)
	}
	list := strings.Join(names, ", ")
	switch {
	case len(p.canned) == 0:
		return c, usage("staff.usage.reply_none")
	case len(words) == 0:
		return c, usage("staff.usage.reply", "names", list)
	case len(words) > 1:
		return c, usage("staff.usage.reply_extra", "names", list)
	}
	name := strings.ToLower(words[0])
	for _, n := range names {
		if n == name {
			c.Canned = name
			return c, nil
		}
	}
	return c, usage("staff.usage.reply_unknown", "name", words[0], "names", list)
}

// firstWord is the text up to its first space or line break: a command's
// name.
func firstWord(text string) string {
	if i := strings.IndexAny(text, " \t\n"); i >= 0 {
		return text[:i]
	}
	return text
}

// commandArgs is everything after the command's name, trimmed, line breaks
// kept.
func commandArgs(text string) string {
	i := strings.IndexAny(text, " \t\n")
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(text[i:])
}

// looksLikeCommand reports whether text starts as Telegram's bot_command
// entity does: a slash and a letter, digit or underscore.
func looksLikeCommand(text string) bool {
	if len(text) < 2 || text[0] != '/' {
		return false
	}
	c := text[1]
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// validUsername accepts Telegram usernames: letters, digits and
// underscores, up to 32.
func validUsername(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
