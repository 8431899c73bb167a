// Package conversation is the customer's dialogue: a complaint taken down step
// by step (category, order, date, issue, description, attachments, desired
// outcome, phone, summary), kept in Redis one key per chat.
//
// The package speaks its own types: the edge turns a Telegram update into an
// Input and renders the Result's Replies (catalogue keys with parameters and
// buttons) and performs its Effects (file the ticket). What the dialogue does
// with an input is one table, transitions, applied by the pure function step.
package conversation

import "time"

// InputKind says what a customer sent.
type InputKind int

// The kinds of input the dialogue understands.
const (
	// KindText is a typed message; Input.Text holds it.
	KindText InputKind = iota + 1
	// KindCommand is a /command; Input.Command holds its name, Input.Text its arguments.
	KindCommand
	// KindButton is an inline button press; Input.Button holds its callback data.
	KindButton
	// KindMedia is a photo, video, document or voice message; Input.Media holds it.
	KindMedia
	// KindContact is a shared contact; Input.Contact holds it.
	KindContact
	// KindUnsupported is anything else (sticker, location, GIF, poll, ...); Input.What names it.
	KindUnsupported
)

// Input is one thing a customer did, in the project's own terms.
type Input struct {
	ChatID, UserID int64
	// UpdateID is Telegram's update_id. An input whose UpdateID is not newer
	// than the last one applied to the chat is ignored, so a redelivered
	// update is harmless. Zero means "no id" and is always applied.
	UpdateID int64
	// MessageID is the customer's message in their chat (0 for a button),
	// so that a message added to a ticket is recorded once.
	MessageID int
	At        time.Time

	FirstName, LastName, Username, LanguageCode string

	Kind InputKind
	// Text is the typed text (KindText) or the command's arguments (KindCommand).
	Text string
	// Command is the command's name in lower case, without the slash or @botname.
	Command string
	// Button is the raw callback data of a pressed button.
	Button string
	// Media holds one item per input; an album arrives as several inputs
	// sharing a MediaGroupID.
	Media []Media
	// Contact is a shared contact card.
	Contact *Contact
	// What names an unsupported input: "sticker", "location", "animation", ...
	What string
}

// Media is a file the customer sent.
type Media struct {
	Kind         string `json:"k"` // "photo", "video", "document" or "voice"
	FileID       string `json:"f"`
	FileUniqueID string `json:"u,omitempty"`
	MediaGroupID string `json:"g,omitempty"`
	Caption      string `json:"c,omitempty"`
}

// Contact is a shared contact card. UserID equals the sender when the
// customer shared their own number with the contact button.
type Contact struct {
	Phone  string
	UserID int64
}
