package conversation

// Pseudo-stages used in the transitions table; a dialogue is never in them.
const (
	fromAny Stage = 200 + iota // From: the row applies in every stage
	toStay                     // To: remain where the dialogue is
)

// Button actions, as carried in callback data.
const (
	actNew       = "new"  // start a complaint
	actCancel    = "cxl"  // cancel the complaint
	actLanguage  = "lang" // value: "en" or "zh"
	actCategory  = "cat"  // value: a category id, or "#<index>" for a long id
	actNoReceipt = "norc" // the customer has no receipt
	actDay       = "day"  // value: dayToday, dayYesterday, dayEarlier
	actIssue     = "iss"  // value: a policy.Issue
	actDone      = "done" // no more attachments
	actClear     = "clr"  // remove the attachments sent so far
	actOutcome   = "out"  // value: a policy.Outcome
	actConfirm   = "ok"   // file the complaint
	actEdit      = "edit" // choose a field to change
	actField     = "fld"  // value: a field name
	actSummary   = "sum"  // back to the summary without changing anything
)

// turnFree lists the actions whose meaning does not depend on the question
// they were shown with, so they are honoured from any earlier message of the
// same dialogue.
func turnFree(action string) bool {
	return action == actNew || action == actLanguage || action == actCancel
}

// Values of the date buttons.
const (
	dayToday     = "t"
	dayYesterday = "y"
	dayEarlier   = "w"
)

// transition is one row of the table.
type transition struct {
	From Stage
	On   on
	When func(m *move) bool // nil: always; else the row applies only while it holds
	Do   func(m *move)      // nil: accept as it is
	To   target
	// Edit is where the row leads instead while a field chosen from the
	// summary is being changed; nil: To all the same.
	Edit target
}

// A target is where a row leads once Do has accepted the input: a Stage
// (toStay included), or a choice among stages made as the row is applied.
type target interface {
	// stages lists every stage the row may lead to.
	stages() []Stage
}

func (s Stage) stages() []Stage { return []Stage{s} }

// choice is a target whose stage is picked among those it lists: by by,
// or, without it, by the row's Do.
type choice struct {
	among []Stage
	by    func(m *move) Stage
}

func (c *choice) stages() []Stage { return c.among }

// oneOf is a target picked by the row's Do, with m.pick, among stages;
// toStay among them lets Do pick none and leave the dialogue where it is.
func oneOf(stages ...Stage) *choice { return &choice{among: stages} }

// on describes the inputs a row takes.
type on struct {
	kind    InputKind
	command string // for KindCommand
	action  string // for KindButton
	value   string // for KindButton: "" takes any value
}

func text() on                { return on{kind: KindText} }
func media() on               { return on{kind: KindMedia} }
func contact() on             { return on{kind: KindContact} }
func unsupported() on         { return on{kind: KindUnsupported} }
func command(name string) on  { return on{kind: KindCommand, command: name} }
func button(action string) on { return on{kind: KindButton, action: action} }

func buttonValue(action, value string) on {
	return on{kind: KindButton, action: action, value: value}
}

// takes reports whether the row's input description fits the move's input.
func (o on) takes(m *move) bool {
	if o.kind != m.in.Kind {
		return false
	}
	switch o.kind {
	case KindCommand:
		return o.command == m.in.Command
	case KindButton:
		return o.action == m.cb.Action && (o.value == "" || o.value == m.cb.Value)
	}
	return true
}

// lookup finds the row for the input in stage, as its index in transitions:
// a fromAny row first, then the stage's own; of these, the first whose When
// holds.
func lookup(stage Stage, m *move) (int, bool) {
	for _, from := range []Stage{fromAny, stage} {
		for i, t := range transitions {
			if t.From == from && t.On.takes(m) && (t.When == nil || t.When(m)) {
				return i, true
			}
		}
	}
	return -1, false
}

// Conditions for When, named for the table.

// orderFromLink holds when a /start deep link gave the order number.
func orderFromLink(m *move) bool { return m.st.Form.OrderFromLink && m.st.Form.OrderNo != "" }

// editing holds while a field chosen from the summary is being changed.
func editing(m *move) bool { return m.st.Editing }
