// Package tickets keeps complaints as tickets in PostgreSQL: filing them in
// one idempotent transaction, their states and transitions, the relay log of
// messages, the audit log of events, and the follow-up jobs (River) that act
// on them, starting with the acknowledgement to the customer.
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
)

// Ticket is a filed complaint, as stored.
type Ticket struct {
	ID           int64
	Ref          string // "K7M-4QX"
	SubmissionID string // the dialogue's submission id; unique
	Status       Status
	Priority     int

	CustomerChatID, CustomerUserID               int64
	CustomerName, CustomerUsername, CustomerLang string
	Phone                                        string // E.164 or empty

	Category    string
	OrderNo     string // empty when NoReceipt
	NoReceipt   bool
	Purchased   time.Time // the date of purchase or delivery, midnight in the shop's time zone
	Issue       string    // a policy.Issue
	Description string
	Outcome     string // the policy.Outcome the customer asked for
	Verdict     policy.Verdict

	// Service-level due times, computed in business hours when filed.
	ArrangeBy, CheckAt, AnswerBy time.Time

	// Set as the ticket moves on; zero until then.
	AcknowledgedAt, FirstResponseAt, ResolvedAt, ClosedAt time.Time
	AssigneeUserID                                        int64
	AssigneeName                                          string

	CreatedAt, UpdatedAt time.Time

	// Filled by Get; List leaves them empty.
	Attachments []Attachment
	Events      []Event
	Messages    []Message
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

// Attachment is a file filed with a ticket, in the order the customer sent it.
type Attachment struct {
	Media
	ID       int64
	Position int // 0, 1, ...
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
	Kind ActorKind
	ID   int64
}

// Event is one entry of a ticket's append-only audit log.
type Event struct {
	ID    int64
	Actor Actor
	Kind  string         // "filed", "acknowledged", "status", "message", ...
	Data  map[string]any // what the event needs to be read later; never message texts
	At    time.Time
}

// Direction says which way a relayed message went.
type Direction string

// The directions of the relay log.
const (
	DirectionIn       Direction = "in"       // from the customer
	DirectionOut      Direction = "out"      // to the customer
	DirectionInternal Direction = "internal" // a staff note, never sent
)

// Message is one entry of a ticket's relay log.
type Message struct {
	ID          int64
	Direction   Direction
	Author      Actor
	AuthorName  string
	Text        string
	Attachments []Media
	// Where it was in Telegram; zero when unknown.
	ChatID, MessageID, ThreadID int64
	At                          time.Time
}

// NewTicket is a confirmed complaint to file: the dialogue's submission,
// field for field.
type NewTicket struct {
	// SubmissionID is unique per dialogue and the same for every Confirm of
	// it: filing twice with one id files one ticket.
	SubmissionID        string
	ChatID, UserID      int64
	FirstName, Username string
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
}

// NewMessage is a customer's message to add to their ticket.
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
