package desk

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/complaintbot/complaintbot/bot/report"
	"github.com/complaintbot/complaintbot/bot/update"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

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

// command is a staff member's message in the staff group, parsedInput.
type command struct {
	Verb action
	// Text is the note, the question of /needinfo, the summary of
	// /resolve or the arguments of a return's command, as typed.
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
	// Hours is how far ahead /sla looks (slaHours when not given).
	Hours int
	// Days is the span of /report: 7 or 30.
	Days int
}

// inputKind says what a text in the staff group is.
type inputKind int

const (
	// inputPlain is no command: in a ticket's thread it goes to the customer.
	inputPlain inputKind = iota
	// inputCommand is one of our commands (or the note prefix); the parse may
	// still have failed on its arguments.
	inputCommand
	// inputForeign is a command addressed to another bot: it is neither ours
	// nor anything to send the customer.
	inputForeign
)

// usageError is a staff command with missing or bad arguments. Key is
// the staff catalogue text explaining what to write; it is always answered.
type usageError struct {
	Key    string
	Params map[string]string
}

func (e *usageError) Error() string {
	return fmt.Sprintf("desk: staff command: %s %v", e.Key, e.Params)
}

func usage(key string, kv ...string) *usageError {
	p := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		p[kv[i]] = kv[i+1]
	}
	return &usageError{Key: key, Params: p}
}

// parser reads staff input: the bot's username (commands may carry
// @botname), the note prefix and the policy's canned replies.
type parser struct {
	botUsername string
	notePrefix  string
	canned      []policy.Canned
}

// parse reads the text (or a media caption, withFile) of a message in the
// staff group. A text starting with the note prefix is a note. The error,
// for inputCommand only, is a *usageError to answer.
func (p parser) parse(text string, withFile bool) (command, inputKind, error) {
	if p.notePrefix != "" && strings.HasPrefix(text, p.notePrefix) {
		note := strings.TrimSpace(strings.TrimPrefix(text, p.notePrefix))
		if note == "" && !withFile {
			return command{}, inputCommand, usage("staff.usage.note")
		}
		return command{Verb: actNote, Text: note}, inputCommand, nil
	}
	if !strings.HasPrefix(text, "/") {
		return command{}, inputPlain, nil
	}
	name, _, ok := update.Command(firstWord(text), p.botUsername)
	if !ok {
		if looksLikeCommand(text) {
			return command{}, inputForeign, nil
		}
		return command{}, inputPlain, nil // "/ shrug", a path: ordinary text
	}
	// Arguments may run over several lines (a note, a summary): they are
	// everything after the name, line breaks kept.
	args := commandArgs(text)
	if !isCommand(name) {
		return command{}, inputCommand, usage("staff.usage.unknown", "command", "/"+name)
	}
	v := action(name)
	// A note keeps its file; /shipped and /received keep theirs as the
	// receipt or the inspection's photo. Anything else would lose it.
	if withFile && v != actNote && v != actShipped && v != actReceived {
		return command{}, inputCommand, usage("staff.usage.file_with_command", "command", "/"+name)
	}
	c, err := p.parseArgs(v, args, withFile)
	return c, inputCommand, err
}

// parseArgs reads the arguments of command v.
func (p parser) parseArgs(v action, args string, withFile bool) (command, error) {
	c := command{Verb: v}
	words := strings.Fields(args)
	switch v {
	case actNote:
		if args == "" && !withFile {
			return c, usage("staff.usage.note")
		}
		c.Text = args
	case actReply:
		return p.parseReply(c, words)
	case actAssign:
		switch {
		case len(words) == 0:
			// The member is the one whose message this replies to.
		case len(words) == 1 && validUsername(strings.TrimPrefix(words[0], "@")):
			c.Username = strings.ToLower(strings.TrimPrefix(words[0], "@"))
		default:
			return c, usage("staff.usage.assign")
		}
	case actNeedInfo:
		c.Text = args
	case actReturn, actShipped, actReceived:
		// The return flow reads its own arguments.
		c.Text = args
	case actResolve:
		if args == "" {
			return c, usage("staff.usage.resolve")
		}
		if n := utf8.RuneCountInString(args); n > maxSummary {
			return c, usage("staff.usage.resolve_long", "count", strconv.Itoa(n), "max", strconv.Itoa(maxSummary))
		}
		c.Text = args
	case actPriority:
		switch strings.ToLower(args) {
		case "up", "+", "+1":
			c.Delta = 1
		case "down", "-", "-1":
			c.Delta = -1
		default:
			return c, usage("staff.usage.priority")
		}
	case actUrgent:
		switch strings.ToLower(args) {
		case "", "on":
		case "off":
			c.Off = true
		default:
			return c, usage("staff.usage.urgent")
		}
	case actList:
		switch l := strings.ToLower(args); l {
		case listOpen, listMine, listOverdue, listWaiting:
			c.List = l
		default:
			return c, usage("staff.usage.tickets")
		}
	case actSLA:
		hours, ok := parseSLAHours(args)
		if !ok {
			return c, usage("staff.usage.sla", "max", strconv.Itoa(maxSLAHours))
		}
		c.Hours = hours
	case actReport:
		days, ok := report.ParseSpan(args)
		if !ok {
			return c, usage(report.UsageKey)
		}
		c.Days = days
	case actShow:
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
func (p parser) parseReply(c command, words []string) (command, error) {
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
