// Package tickets keeps complaints as tickets in PostgreSQL: filing them in
// one idempotent transaction, their states and transitions, the relay log of
// messages, the audit log of events, and the follow-up jobs (River) that act
// on them, starting with the acknowledgement to the customer.
//
// It also keeps the staff desk's state and rules: each ticket's thread in
// the staff group, the staff seen there, who may claim, assign and release a
// ticket, replies, notes and status moves. Every change is one transaction
// with its event and the jobs that follow it (the card, the relays, the
// notices), which the edge's workers perform.
//
// It speaks the project's own types: no Telegram, no Redis. The edge turns a
// confirmed dialogue into a NewTicket and renders the Notices a worker sends.
package tickets

import (
	"errors"
	"time"

	"github.com/complaintbot/complaintbot/policy"
)

// Errors the edge maps to what a user sees. Every error the package returns
// for these cases wraps one of them.
var (
	// ErrNotFound: no ticket with that reference or id (or none open).
	ErrNotFound = errors.New("tickets: not found")
	// ErrConflict: the change does not fit the ticket's current state, for
	// instance a transition the status table does not allow.
	ErrConflict = errors.New("tickets: conflict")
	// ErrInvalid: the request itself is malformed (empty submission id, an
	// unknown status, ...).
	ErrInvalid = errors.New("tickets: invalid")
	// ErrForbidden: the actor may not do this to the ticket (a staff member
	// taking a ticket someone else holds, turning urgency off without being
	// an owner, ...).
	ErrForbidden = errors.New("tickets: forbidden")
)

// Ticket is a filed complaint, as stored. Its JSON form is what
// "complaintbot tickets show --format json" prints.
type Ticket struct {
	ID           int64  `json:"id"`
	Ref          string `json:"ref"`           // "K7M-4QX"
	SubmissionID string `json:"submission_id"` // the dialogue's submission id; unique
	Status       Status `json:"status"`
	Priority     int    `json:"priority"`

	CustomerChatID   int64  `json:"customer_chat_id"`
	CustomerUserID   int64  `json:"customer_user_id"`
	CustomerName     string `json:"customer_name"`
	CustomerUsername string `json:"customer_username,omitempty"`
	CustomerLang     string `json:"customer_lang"`
	Phone            string `json:"phone,omitempty"` // E.164 or empty

	Category    string         `json:"category"`
	OrderNo     string         `json:"order_no,omitempty"` // empty when NoReceipt
	NoReceipt   bool           `json:"no_receipt"`
	Purchased   time.Time      `json:"purchased,omitzero"` // the date of purchase or delivery, midnight in the shop's time zone
	Issue       string         `json:"issue"`              // a policy.Issue
	Description string         `json:"description"`
	Outcome     string         `json:"outcome"` // the policy.Outcome the customer asked for
	Verdict     policy.Verdict `json:"verdict"`

	// Service-level due times, computed in business hours when filed.
	ArrangeBy time.Time `json:"arrange_by"`
	CheckAt   time.Time `json:"check_at"`
	AnswerBy  time.Time `json:"answer_by"`

	// Set as the ticket moves on; zero until then.
	AcknowledgedAt  time.Time `json:"acknowledged_at,omitzero"`
	FirstResponseAt time.Time `json:"first_response_at,omitzero"`
	ResolvedAt      time.Time `json:"resolved_at,omitzero"`
	ClosedAt        time.Time `json:"closed_at,omitzero"`
	AssigneeUserID  int64     `json:"assignee_user_id,omitzero"`
	AssigneeName    string    `json:"assignee_name,omitempty"`
	ReopenedAt      time.Time `json:"reopened_at,omitzero"`

	// Urgent tickets alert the owners; only an owner turns urgency off.
	Urgent bool `json:"urgent,omitempty"`
	// Resolution is the summary staff gave when they last resolved it.
	Resolution string `json:"resolution,omitempty"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// Filled by Get; List leaves them empty.
	Attachments []Attachment `json:"attachments,omitempty"`
	Events      []Event      `json:"events,omitempty"`
	Messages    []Message    `json:"messages,omitempty"`
}

// Media is one file a customer sent, as Telegram identifies it. Its fields
// match the dialogue's media, so the edge converts with Media(m).
type Media struct {
	Kind         string `json:"kind"` // "photo", "video", "document" or "voice"
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id,omitempty"`
	MediaGroupID string `json:"media_group_id,omitempty"`
	Caption      string `json:"caption,omitempty"`
}

// mediaKinds are the kinds of file a ticket keeps (the schema checks them too).
func mediaKinds() []string { return []string{"photo", "video", "document", "voice"} }

// Attachment is a file filed with a ticket, in the order the customer sent it.
type Attachment struct {
	Media
	ID       int64 `json:"id"`
	Position int   `json:"position"` // 0, 1, ...
}

// ActorKind says who did something to a ticket.
type ActorKind string

// The kinds of actors in the event log.
const (
	ActorSystem   ActorKind = "system"
	ActorCustomer ActorKind = "customer"
	ActorStaff    ActorKind = "staff"
	ActorOwner    ActorKind = "owner"
)

// Actor is who did something: a kind and, for people, their Telegram user id.
type Actor struct {
	Kind ActorKind `json:"kind"`
	ID   int64     `json:"id,omitzero"`
}

// Event is one entry of a ticket's append-only audit log.
type Event struct {
	ID    int64          `json:"id"`
	Actor Actor          `json:"actor"`
	Kind  string         `json:"kind"` // "filed", "status", "message", "ack_undeliverable", ...
	Data  map[string]any `json:"data"` // what the event needs to be read later; never message texts
	At    time.Time      `json:"at"`
}

// Direction says which way a relayed message went.
type Direction string

// The directions of the relay log.
const (
	DirectionIn       Direction = "in"       // from the customer
	DirectionOut      Direction = "out"      // to the customer
	DirectionInternal Direction = "internal" // a staff note, never sent
)

// The delivery states of a relayed message (Message.Delivery): whether it
// reached the other side.
const (
	DeliveryPending       = "pending"       // stored, its relay job not yet done
	DeliveryDelivered     = "delivered"     // copied to the other side (notes count as delivered)
	DeliveryUndeliverable = "undeliverable" // the customer blocked the bot or is gone
	DeliveryHeld          = "held"          // a customer's message kept while the ticket was resolved or closed
)

// Message is one entry of a ticket's relay log.
type Message struct {
	ID          int64     `json:"id"`
	TicketID    int64     `json:"ticket_id"`
	Direction   Direction `json:"direction"`
	Author      Actor     `json:"author"`
	AuthorName  string    `json:"author_name,omitempty"`
	Text        string    `json:"text"`
	Attachments []Media   `json:"attachments,omitempty"`
	// Where it was in Telegram; zero when unknown.
	ChatID    int64     `json:"chat_id,omitzero"`
	MessageID int64     `json:"message_id,omitzero"`
	ThreadID  int64     `json:"thread_id,omitzero"`
	At        time.Time `json:"at"`

	// The copies the bot sent: in the staff group for an 'in' message, in
	// the customer's chat for an 'out' one.
	CopyChatID     int64     `json:"copy_chat_id,omitzero"`
	CopyMessageIDs []int64   `json:"copy_message_ids,omitempty"`
	Delivery       string    `json:"delivery"` // DeliveryPending, ...
	EditedAt       time.Time `json:"edited_at,omitzero"`
}

// NewTicket is a confirmed complaint to file: the dialogue's submission,
// field for field.
type NewTicket struct {
	// SubmissionID is unique per dialogue and the same for every Confirm of
	// it: filing twice with one id files one ticket.
	SubmissionID        string
	ChatID, UserID      int64
	FirstName, LastName string
	Username            string
	Lang                string
	Category            string
	OrderNo             string
	NoReceipt           bool
	Purchased           time.Time
	Issue               policy.Issue
	Description         string
	Attachments         []Media
	Outcome             policy.Outcome
	Phone               string
	Verdict             policy.Verdict
	// EndsDraft ends the chat's draft (Drafts) in the filing's
	// transaction: the report the draft stood for is this ticket, so no
	// loss of Redis's data can have its customer told it was lost once it
	// is filed. The dialogue that files its own submission sets it; a
	// filing later than the dialogue, which may have begun another
	// report, does not.
	EndsDraft bool
}

// NewMessage is a message to add to a ticket's relay log: a customer's
// message, a staff member's reply or a staff note.
type NewMessage struct {
	UserID      int64
	AuthorName  string
	Text        string
	Attachments []Media
	// The Telegram message; a message already added (a redelivered update)
	// is not added again.
	ChatID, MessageID, ThreadID int64
	At                          time.Time
}

// ListFilter narrows List. Zero fields do not filter.
type ListFilter struct {
	Status         Status
	CustomerChatID int64
	// Limit caps the number of tickets, newest first; 0 means 100.
	Limit int
}
