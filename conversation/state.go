package conversation

import (
	"fmt"

	"github.com/complaintbot/complaintbot/policy"
)

// Stage is where a customer's dialogue stands: the question last asked.
type Stage uint8

// The stages, in the order the dialogue walks them.
const (
	Idle           Stage = iota // no complaint being taken down
	AskCategory                 // 1: which kind of product
	AskOrder                    // 2: order number, or no receipt
	AskDate                     // 3: purchase or delivery date, by button
	AskDateTyped                // 3: the date, typed ("earlier this week")
	AskIssue                    // 4: what is wrong
	AskDescription              // 5: in the customer's words
	AskAttachments              // 6: photos, videos, documents
	AskOutcome                  // 7: what the customer would like
	AskPhone                    // 8: contact phone
	Summary                     // 9: confirm, edit or cancel
	ChooseField                 // 9: which field to edit
)

var stageNames = [...]string{"idle", "category", "order", "date", "date_typed", "issue",
	"description", "attachments", "outcome", "phone", "summary", "choose_field"}

// String names the stage for logs and tests.
func (s Stage) String() string {
	switch {
	case int(s) < len(stageNames):
		return stageNames[s]
	case s == fromAny:
		return "any"
	case s == toStay:
		return "stay"
	}
	return fmt.Sprintf("stage(%d)", s)
}

// State is everything kept about one chat: the customer's language, the
// dialogue in progress and what is needed to refuse stale input.
//
// It is stored as JSON with short keys. A binary encoding would save little:
// most of the bytes are the customer's description, and JSON keeps the state
// readable with redis-cli when a customer asks for help and lets fields be
// added without a migration (an unknown or missing field is skipped).
type State struct {
	// Version is the stored version this state was loaded at; saving
	// succeeds only while the stored version is still this one. It is kept
	// beside the JSON, not in it.
	Version int64 `json:"-"`
	// LastUpdate is the newest update_id applied to this chat.
	LastUpdate int64 `json:"u,omitempty"`
	// Lang is the customer's language ("en" or "zh"), from Telegram's
	// language_code at first contact, then as chosen with /language.
	Lang string `json:"l,omitempty"`

	// ID identifies the dialogue; a new complaint gets a new one.
	ID string `json:"i,omitempty"`
	// Turn counts the dialogue's moves between stages. Buttons carry the
	// turn they were made for, so a button from a question already answered
	// is told apart from a current one.
	Turn  int   `json:"t,omitempty"`
	Stage Stage `json:"s,omitempty"`
	// Editing is set while a field chosen from the summary is being
	// changed: a valid answer returns to the summary.
	Editing bool `json:"e,omitempty"`
	// Prev is the dialogue set aside by /new or /cancel, Filed the last one
	// sent: buttons from them are answered kindly, not refused as foreign.
	Prev  string `json:"p,omitempty"`
	Filed string `json:"f,omitempty"`
	// Album is the media group of the last attachment, so that an album
	// gets one answer.
	Album string `json:"a,omitempty"`
	// Dropped counts the files left out over the limit during the visit
	// to the attachments question of turn DroppedTurn.
	Dropped     int `json:"x,omitempty"`
	DroppedTurn int `json:"xt,omitempty"`
	// At is when the customer last took a step in the open dialogue, in
	// Unix milliseconds: its reminder is due NudgeAfter later. Kept in the
	// state every step saves anyway, it costs no write of its own.
	At int64 `json:"at,omitempty"`
	// Nudged is the ID of the dialogue whose customer was reminded of it,
	// so that a dialogue gets one reminder however often its job runs.
	Nudged string `json:"n,omitempty"`

	Form Form `json:"d"`
}

// Form is the complaint as far as the customer has filled it in.
type Form struct {
	Category      string         `json:"c,omitempty"`
	OrderNo       string         `json:"o,omitempty"`
	OrderFromLink bool           `json:"ol,omitempty"` // pre-filled by a /start deep link
	NoReceipt     bool           `json:"nr,omitempty"`
	Purchased     string         `json:"pd,omitempty"` // "2006-01-02" in the shop's time zone
	Issue         policy.Issue   `json:"is,omitempty"`
	Description   string         `json:"ds,omitempty"`
	Attachments   []Media        `json:"at,omitempty"`
	Outcome       policy.Outcome `json:"oc,omitempty"`
	Phone         string         `json:"ph,omitempty"`
	PhoneSkipped  bool           `json:"px,omitempty"`
}

// open reports whether a complaint is being taken down.
func (s State) open() bool { return s.Stage != Idle }
