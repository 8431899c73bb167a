package conversation

import (
	"time"

	"github.com/complaintbot/complaintbot/policy"
)

// Result is what an input does: what to say and what to perform.
type Result struct {
	// Replies are sent in order.
	Replies []Reply
	// Effects are performed by the caller before it commits the step.
	Effects []Effect
	// Fallback is sent instead of nothing when an AddToTicket effect finds no
	// open ticket to add to.
	Fallback []Reply
	// Stale marks an answer to a button that can no longer be applied (an
	// old message, another dialogue's button, a complaint already sent): the
	// caller answers the callback query with Replies[0] as a short notice.
	Stale bool
}

// Reply is one message to the customer, named by a catalogue key. Every
// parameter value is plain text (the edge escapes it); dates are ISO
// "2006-01-02", which the catalogue's {{date}} renders.
type Reply struct {
	// Lead is what goes before Key's text in the same message, a paragraph
	// each: the explanation of a refused answer before the question asked
	// again (see Join).
	Lead   []Reply `json:",omitempty"`
	Key    string
	Params map[string]string
	// Notes are further lines of the same message, each its own catalogue
	// key, rendered one per line after Key's text (reasons an outcome is not
	// available, the lines of the summary).
	Notes []Note
	// Buttons are the rows of an inline keyboard.
	Buttons [][]Button
	// ContactButton asks for a reply keyboard with a share-contact button
	// labelled "conversation.button.share_phone"; ContactSkip adds a key
	// labelled "conversation.button.skip_phone", for an optional phone.
	// Pressing Skip sends its label as text, which the dialogue recognises
	// in either language.
	ContactButton bool
	ContactSkip   bool
	// RemoveKeyboard removes an earlier reply keyboard.
	RemoveKeyboard bool
	// Edit, when not empty, names a message to edit instead of sending a
	// new one: the first Reply with a given name (per chat) is sent and
	// remembered under it, later ones edit it, keyboard included. Names are
	// unique per dialogue and question ("media:<dialogue>:<turn>"), so an
	// album's items all edit one counter message.
	Edit string
	// Replace, in the answer to a button press, has this reply take the
	// place of the message whose button was pressed, keyboard included,
	// instead of coming as a new message: the summary, once confirmed,
	// becomes the note that the report has gone to the team. Otherwise it
	// is sent as usual.
	Replace bool `json:",omitempty"`
}

// Note is one line of a Reply.
type Note struct {
	Key    string
	Params map[string]string
}

// Button is an inline keyboard button. Its label is the catalogue text of
// Key, or Text as it is when Key is empty (a category's name from the policy).
type Button struct {
	Key    string
	Params map[string]string
	Text   string
	// Data is the encoded callback data, at most 64 bytes.
	Data string
}

// Effect is something the caller performs for a step.
type Effect interface{ effect() }

// FileTicket files the complaint. Filing must be idempotent on
// Submission.ID: a Confirm delivered twice files one ticket.
type FileTicket struct{ Submission Submission }

// AddToTicket adds a message sent outside a dialogue to the customer's open
// ticket; when there is none, the caller sends Result.Fallback instead.
type AddToTicket struct{ Input Input }

// ShowStatus lists the customer's tickets (/status).
type ShowStatus struct{}

// CloseTicket closes the customer's own ticket with reference Ref, as
// typed (/close REF). The caller answers: closed, already closed, or — for
// a reference that is not one of this chat's tickets — that the customer
// has no such ticket, never whether someone else has.
type CloseTicket struct{ Ref string }

// ExplainUnsupported answers a message sent outside a dialogue that cannot
// be kept on a ticket (What names its kind: "sticker", "location"…): in the
// context of the customer's open ticket, or with Result.Fallback when there
// is none.
type ExplainUnsupported struct{ What string }

func (ExplainUnsupported) effect() {}
func (FileTicket) effect()         {}
func (AddToTicket) effect()        {}
func (ShowStatus) effect()         {}
func (CloseTicket) effect()        {}

// Submission is a complete complaint, ready to file.
type Submission struct {
	// ID is unique per dialogue ("<chat>-<dialogue id>") and the same for
	// every Confirm of that dialogue.
	ID                  string
	ChatID, UserID      int64
	FirstName, LastName string
	Username            string
	Lang                string
	Category            string
	OrderNo             string
	NoReceipt           bool
	Purchased           time.Time // midnight in the shop's time zone
	Issue               policy.Issue
	Description         string
	Attachments         []Media
	Outcome             policy.Outcome
	Phone               string // E.164 ("+8613812345678"), or empty
	Verdict             policy.Verdict
}

// Join makes each turn's answer as few messages as it can: a reply that is
// only text (no keyboard, not an edit) goes, as a lead paragraph, into the
// message of the reply after it, unless that one edits or replaces an
// earlier message.
// A private chat takes about a message a second from a bot, so an
// explanation sent apart from the question that follows it keeps the
// customer waiting for the question, or answering the wrong message.
func Join(replies []Reply) []Reply {
	out := make([]Reply, 0, len(replies))
	var lead []Reply
	for i, r := range replies {
		if r.Edit != "" || r.Replace {
			out, lead = append(append(out, lead...), r), nil
			continue
		}
		if r.plain() && i < len(replies)-1 {
			lead = append(lead, r)
			continue
		}
		if len(lead) > 0 {
			r.Lead, lead = append(lead, r.Lead...), nil
		}
		out = append(out, r)
	}
	return out
}

// plain says the reply is text alone: nothing the customer presses, no
// keyboard to change, nothing edited.
func (r Reply) plain() bool {
	return len(r.Buttons) == 0 && !r.ContactButton && !r.RemoveKeyboard && r.Edit == "" && !r.Replace
}
