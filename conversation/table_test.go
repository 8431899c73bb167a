package conversation

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// rowFixture brings a dialogue to where a row applies and sends the row's
// input last.
type rowFixture struct {
	name string
	do   func(h *harness)
}

// editField opens field for changing from the summary.
func editField(h *harness, field string) {
	h.walk(Summary)
	h.press(actEdit, "")
	h.press(actField, field)
}

// confirmWithout walks to the summary, takes an answer away as an older
// policy or a lost update might have, and presses Confirm.
func confirmWithout(clear func(f *Form)) func(h *harness) {
	return func(h *harness) {
		h.walk(Summary)
		clear(&h.st.Form)
		h.press(actConfirm, "")
	}
}

func contactInput() Input {
	return Input{Kind: KindContact, Contact: &Contact{Phone: "8613812345678", UserID: 42}}
}

// rowFixtures take every row of the table, each target a row lists, and
// every row with an Edit target while a field is being changed.
var rowFixtures = []rowFixture{
	{"/start at first contact", func(h *harness) { h.command("start", "") }},
	{"/start with an order in the link", func(h *harness) { h.command("start", "SO20261120") }},
	{"/start mid-dialogue carries on", func(h *harness) { h.walk(AskIssue); h.command("start", "") }},
	{"/new", func(h *harness) { h.command("new", "") }},
	{"Report a problem", func(h *harness) { h.walk(AskIssue); h.command("cancel", ""); h.press(actNew, "") }},
	{"/back while editing", func(h *harness) { editField(h, "description"); h.command("back", "") }},
	{"/back while editing the category", func(h *harness) { editField(h, "category"); h.command("back", "") }},
	{"/cancel", func(h *harness) { h.walk(AskIssue); h.command("cancel", "") }},
	{"Cancel", func(h *harness) { h.walk(Summary); h.press(actCancel, "") }},
	{"/help", func(h *harness) { h.walk(AskOrder); h.command("help", "") }},
	{"/language", func(h *harness) { h.command("language", "") }},
	{"a language", func(h *harness) { h.walk(AskOrder); h.command("language", ""); h.press(actLanguage, "zh") }},
	{"/status", func(h *harness) { h.command("status", "") }},
	{"/close", func(h *harness) { h.command("close", "T-1") }},

	{"text outside a dialogue", func(h *harness) { h.text("Any news?") }},
	{"photo outside a dialogue", func(h *harness) { h.media("photo", "", "") }},
	{"contact outside a dialogue", func(h *harness) { h.send(contactInput()) }},
	{"sticker outside a dialogue", func(h *harness) { h.send(Input{Kind: KindUnsupported, What: "sticker"}) }},
	{"/back outside a dialogue", func(h *harness) { h.command("back", "") }},

	{"category after a link", func(h *harness) { h.command("start", "SO20261120"); h.press(actCategory, "apparel") }},
	{"category typed after a link", func(h *harness) { h.command("start", "SO20261120"); h.text("服装") }},
	{"category", func(h *harness) { h.walk(AskCategory); h.press(actCategory, "apparel") }},
	{"category typed", func(h *harness) { h.walk(AskCategory); h.text("服装") }},
	{"/back at the category", func(h *harness) { h.walk(AskCategory); h.command("back", "") }},
	{"category changed", func(h *harness) { editField(h, "category"); h.press(actCategory, "knitwear") }},
	{"category typed, changed", func(h *harness) { editField(h, "category"); h.text("knitwear") }},
	{"category changed after a link", func(h *harness) {
		h.command("start", "SO20261120")
		editField(h, "category")
		h.press(actCategory, "knitwear")
	}},
	{"category typed, changed after a link", func(h *harness) {
		h.command("start", "SO20261120")
		editField(h, "category")
		h.text("knitwear")
	}},

	{"order", func(h *harness) { h.walk(AskOrder); h.text("SO20261120") }},
	{"no receipt", func(h *harness) { h.walk(AskOrder); h.press(actNoReceipt, "") }},
	{"/back at the order", func(h *harness) { h.walk(AskOrder); h.command("back", "") }},
	{"order changed", func(h *harness) { editField(h, "order"); h.text("AB12345678") }},
	{"no receipt, changed", func(h *harness) { editField(h, "order"); h.press(actNoReceipt, "") }},

	{"today", func(h *harness) { h.walk(AskDate); h.press(actDay, dayToday) }},
	{"yesterday", func(h *harness) { h.walk(AskDate); h.press(actDay, dayYesterday) }},
	{"earlier", func(h *harness) { h.walk(AskDate); h.press(actDay, dayEarlier) }},
	{"date typed at the buttons", func(h *harness) { h.walk(AskDate); h.text("三天前") }},
	{"/back at the date", func(h *harness) { h.walk(AskDate); h.command("back", "") }},
	{"today, changed", func(h *harness) { editField(h, "date"); h.press(actDay, dayToday) }},
	{"yesterday, changed", func(h *harness) { editField(h, "date"); h.press(actDay, dayYesterday) }},
	{"earlier, changed", func(h *harness) { editField(h, "date"); h.press(actDay, dayEarlier) }},
	{"date typed at the buttons, changed", func(h *harness) { editField(h, "date"); h.text("三天前") }},
	{"date typed", func(h *harness) { h.walk(AskDateTyped); h.text("2026-11-18") }},
	{"/back at the typed date", func(h *harness) { h.walk(AskDateTyped); h.command("back", "") }},
	{"date typed, changed", func(h *harness) { editField(h, "date"); h.press(actDay, dayEarlier); h.text("前天") }},
	{"date changed past the refund", func(h *harness) {
		h.walk(AskOutcome)
		h.press(actOutcome, "refund")
		editField(h, "date")
		h.press(actDay, dayEarlier)
		h.text("2026-10-01")
	}},

	{"issue", func(h *harness) { h.walk(AskIssue); h.press(actIssue, "fault") }},
	{"/back at the issue", func(h *harness) { h.walk(AskIssue); h.command("back", "") }},
	{"issue changed", func(h *harness) { editField(h, "issue"); h.press(actIssue, "other") }},

	{"description", func(h *harness) { h.walk(AskDescription); h.text("It stopped heating after a week.") }},
	{"photo with a caption", func(h *harness) {
		h.walk(AskDescription)
		h.media("photo", "", "The zip broke the first time I used it.")
	}},
	{"photo without a caption", func(h *harness) { h.walk(AskDescription); h.media("photo", "", "") }},
	{"album without a caption", func(h *harness) {
		h.walk(AskDescription)
		h.media("photo", "g1", "")
		h.media("photo", "g1", "")
	}},
	{"/back at the description", func(h *harness) { h.walk(AskDescription); h.command("back", "") }},
	{"description changed", func(h *harness) { editField(h, "description"); h.text("It stopped heating after a week.") }},
	{"photo with a caption, changed", func(h *harness) {
		editField(h, "description")
		h.media("photo", "", "The zip broke the first time I used it.")
	}},

	{"attachment", func(h *harness) { h.walk(AskAttachments); h.media("photo", "", "") }},
	{"clear", func(h *harness) { h.walk(AskAttachments); h.media("photo", "", ""); h.press(actClear, "") }},
	{"done", func(h *harness) { h.walk(AskAttachments); h.press(actDone, "") }},
	{"/back at the attachments", func(h *harness) { h.walk(AskAttachments); h.command("back", "") }},
	{"done, changed", func(h *harness) { editField(h, "attachments"); h.media("photo", "", ""); h.press(actDone, "") }},

	{"outcome", func(h *harness) { h.walk(AskOutcome); h.press(actOutcome, "repair") }},
	{"/back at the outcome", func(h *harness) { h.walk(AskOutcome); h.command("back", "") }},
	{"outcome changed", func(h *harness) { editField(h, "outcome"); h.press(actOutcome, "none") }},

	{"phone shared", func(h *harness) { h.walk(AskPhone); h.send(contactInput()) }},
	{"phone typed", func(h *harness) { h.walk(AskPhone); h.text("138 1234 5678") }},
	{"/back at the phone", func(h *harness) { h.walk(AskPhone); h.command("back", "") }},
	{"phone shared, changed", func(h *harness) { editField(h, "phone"); h.send(contactInput()) }},
	{"phone typed, changed", func(h *harness) { editField(h, "phone"); h.text("skip") }},

	{"confirm", func(h *harness) { h.walk(Summary); h.press(actConfirm, "") }},
	{"confirm without a category", confirmWithout(func(f *Form) { f.Category = "" })},
	{"confirm without an order", confirmWithout(func(f *Form) { f.OrderNo = "" })},
	{"confirm without a date", confirmWithout(func(f *Form) { f.Purchased = "" })},
	{"confirm without an issue", confirmWithout(func(f *Form) { f.Issue = "" })},
	{"confirm without a description", confirmWithout(func(f *Form) { f.Description = "" })},
	{"confirm without an outcome", confirmWithout(func(f *Form) { f.Outcome = "" })},
	{"confirm without a required phone", func(h *harness) {
		pol := *h.env.Policy
		pol.PhoneRequired = true
		h.env.Policy = &pol
		confirmWithout(func(f *Form) { f.Phone = "" })(h)
	}},
	{"confirm after the window ended", func(h *harness) {
		h.walk(AskDate)
		h.text("2026-11-13")
		h.walk(AskOutcome)
		h.press(actOutcome, "refund")
		h.walk(Summary)
		h.env.Now = h.env.Now.Add(15 * time.Hour) // past midnight: the window's last day was the 20th
		h.press(actConfirm, "")
	}},
	{"edit", func(h *harness) { h.walk(Summary); h.press(actEdit, "") }},
	{"/back at the summary", func(h *harness) { h.walk(Summary); h.command("back", "") }},

	{"field category", func(h *harness) { editField(h, "category") }},
	{"field order", func(h *harness) { editField(h, "order") }},
	{"field date", func(h *harness) { editField(h, "date") }},
	{"field issue", func(h *harness) { editField(h, "issue") }},
	{"field description", func(h *harness) { editField(h, "description") }},
	{"field attachments", func(h *harness) { editField(h, "attachments") }},
	{"field outcome", func(h *harness) { editField(h, "outcome") }},
	{"field phone", func(h *harness) { editField(h, "phone") }},
	{"back to the summary", func(h *harness) { h.walk(Summary); h.press(actEdit, ""); h.press(actSummary, "") }},
	{"/back at the field list", func(h *harness) { h.walk(Summary); h.press(actEdit, ""); h.command("back", "") }},
}

// Every row of the table is taken by some fixture, each leads only where the
// row says (step panics otherwise), and each stage a row lists is reached:
// the table names every edge and no edge that is not there.
func TestEveryRowLeadsWhereItSays(t *testing.T) {
	t.Parallel()
	type reach struct {
		row    int
		edited bool
		to     Stage
	}
	var mu sync.Mutex
	hits := map[int]int{}
	edits := map[int]int{}
	reached := map[reach]bool{}
	editReached := map[target]map[Stage]bool{}

	t.Run("fixtures", func(t *testing.T) {
		for _, fx := range rowFixtures {
			t.Run(fx.name, func(t *testing.T) {
				t.Parallel()
				h := newHarness(t)
				func() {
					defer func() {
						if v := recover(); v != nil {
							t.Fatalf("step panicked: %v", v)
						}
					}()
					fx.do(h)
				}()
				m := h.move
				if m == nil || m.row < 0 {
					t.Fatalf("no row took the last input (%s)", describe(h.last))
				}
				row := transitions[m.row]
				allowed := row.To.stages()
				if m.edited {
					allowed = row.Edit.stages()
				}
				if !slices.Contains(allowed, m.led) && !(m.refused && m.led == toStay) {
					t.Errorf("%s led to %s", edge(row), stageIdent(m.led))
				}
				if m.led != toStay && h.st.Stage != m.led {
					t.Errorf("%s: the dialogue is at %s, the move says %s", edge(row), stageIdent(h.st.Stage), stageIdent(m.led))
				}
				mu.Lock()
				defer mu.Unlock()
				hits[m.row]++
				reached[reach{m.row, m.edited, m.led}] = true
				if m.edited {
					edits[m.row]++
					if editReached[row.Edit] == nil {
						editReached[row.Edit] = map[Stage]bool{}
					}
					editReached[row.Edit][m.led] = true
				}
			})
		}
	})

	for i, row := range transitions {
		if hits[i] == 0 {
			t.Errorf("no fixture takes %s", edge(row))
			continue
		}
		for _, s := range row.To.stages() {
			if !reached[reach{i, false, s}] {
				t.Errorf("no fixture of %s reaches %s", edge(row), stageIdent(s))
			}
		}
		if row.Edit != nil && edits[i] == 0 {
			t.Errorf("no fixture takes %s while a field is being changed", edge(row))
		}
	}
	for tg, got := range editReached {
		for _, s := range tg.stages() {
			if !got[s] {
				t.Errorf("no change of a field reaches %s of %s", stageIdent(s), targetString(tg))
			}
		}
	}
}

// The table's shape: every target a real stage, every stage able to answer
// /back, no row hidden behind an earlier one.
func TestTableIsWellFormed(t *testing.T) {
	t.Parallel()
	isStage := func(s Stage) bool { return s <= ChooseField }
	for i, row := range transitions {
		if row.From != fromAny && !isStage(row.From) {
			t.Errorf("row %d from %s", i, row.From)
		}
		if row.To == nil {
			t.Errorf("%s has no To", edge(row))
			continue
		}
		for _, s := range row.To.stages() {
			if !isStage(s) && s != toStay {
				t.Errorf("%s lists %s", edge(row), s)
			}
		}
		if c, ok := row.To.(*choice); ok && c.by != nil {
			t.Errorf("%s: a choice for To is Do's to make", edge(row))
		}
		if row.Edit != nil {
			c, ok := row.Edit.(*choice)
			if ok && c.by == nil {
				t.Errorf("%s: Do's pick is for To; Edit needs its own rule", edge(row))
			}
			if slices.Contains(row.Edit.stages(), toStay) {
				t.Errorf("%s: staying takes precedence over Edit", edge(row))
			}
		}
		for _, earlier := range transitions[:i] {
			if earlier.When == nil && (earlier.From == row.From || earlier.From == fromAny) && earlier.On.covers(row.On) {
				t.Errorf("%s is hidden behind %s", edge(row), edge(earlier))
			}
		}
	}
	for s := Idle; s <= ChooseField; s++ {
		if !slices.ContainsFunc(transitions, func(r transition) bool {
			return r.From == s && r.When == nil && r.On == command("back")
		}) {
			t.Errorf("%s has no /back row", stageIdent(s))
		}
	}
}

// covers reports whether every input o' takes is taken by o too.
func (o on) covers(o2 on) bool {
	return o.kind == o2.kind && o.command == o2.command && o.action == o2.action && (o.value == "" || o.value == o2.value)
}

// A pick the row does not list, a pick where the row leaves Do no choice
// and no pick where the row needs one are mistakes step does not carry out.
func TestStepPanicsOnAPickTheRowDoesNotList(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		pick Stage // toStay: Do picks nothing
		row  transition
	}{
		{"not listed", AskOutcome, transition{From: AskDescription, On: media(), To: oneOf(AskAttachments, toStay)}},
		{"fixed target", AskOutcome, transition{From: AskOrder, On: text(), To: AskDate}},
		{"none picked", toStay, transition{From: ChooseField, On: button(actField), To: oneOf(AskCategory, AskOrder)}},
		{"rule's stage not listed", toStay, transition{From: AskOrder, On: text(), To: AskDate,
			Edit: &choice{among: []Stage{Summary}, by: func(*move) Stage { return AskPhone }}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := &move{from: tc.row.From, row: -1, st: State{Stage: tc.row.From, Editing: tc.row.Edit != nil}}
			if tc.pick != toStay {
				m.pick(tc.pick)
			}
			defer func() {
				if recover() == nil {
					t.Errorf("step carried out %s (picked %s, at %s); want a panic", edge(tc.row), stageIdent(tc.pick), stageIdent(m.st.Stage))
				}
			}()
			m.advance(tc.row)
		})
	}
}

// The whole table as a list of edges, one a row: from --input [condition]-->
// targets, and where a changed field leads. `go test -run TestTableEdges -v`
// prints it.
func TestTableEdges(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for _, row := range transitions {
		b.WriteString(edge(row) + "\n")
	}
	got := b.String()
	t.Log("\n" + got)
	if got != wantEdges {
		t.Errorf("the table's edges changed; if that is meant, update wantEdges:\n%s", got)
	}
}

const wantEdges = `any --/start--> AskCategory|stay
any --/new--> AskCategory
any --button:new--> AskCategory
any --/back [editing]--> Summary
any --/cancel--> Idle
any --button:cxl--> Idle
any --/help--> stay
any --/language--> stay
any --button:lang--> stay
any --/status--> stay
any --/close--> stay
Idle --text--> stay
Idle --media--> stay
Idle --contact--> stay
Idle --unsupported--> stay
Idle --/back--> stay
AskCategory --button:cat [orderFromLink]--> AskDate; editing: Summary|AskOutcome
AskCategory --text [orderFromLink]--> AskDate; editing: Summary|AskOutcome
AskCategory --button:cat--> AskOrder; editing: Summary|AskOutcome
AskCategory --text--> AskOrder; editing: Summary|AskOutcome
AskCategory --/back--> stay
AskOrder --text--> AskDate; editing: Summary|AskOutcome
AskOrder --button:norc--> AskDate; editing: Summary|AskOutcome
AskOrder --/back--> AskCategory
AskDate --button:day=t--> AskIssue; editing: Summary|AskOutcome
AskDate --button:day=y--> AskIssue; editing: Summary|AskOutcome
AskDate --button:day=w--> AskDateTyped
AskDate --text--> AskIssue; editing: Summary|AskOutcome
AskDate --/back--> AskOrder
AskDateTyped --text--> AskIssue; editing: Summary|AskOutcome
AskDateTyped --/back--> AskDate
AskIssue --button:iss--> AskDescription; editing: Summary|AskOutcome
AskIssue --/back--> AskDate
AskDescription --text--> AskAttachments; editing: Summary|AskOutcome
AskDescription --media--> AskAttachments|stay; editing: Summary|AskOutcome
AskDescription --/back--> AskIssue
AskAttachments --media--> stay
AskAttachments --button:clr--> stay
AskAttachments --button:done--> AskOutcome; editing: Summary|AskOutcome
AskAttachments --/back--> AskDescription
AskOutcome --button:out--> AskPhone; editing: Summary|AskOutcome
AskOutcome --/back--> AskAttachments
AskPhone --contact--> Summary; editing: Summary|AskOutcome
AskPhone --text--> Summary; editing: Summary|AskOutcome
AskPhone --/back--> AskOutcome
Summary --button:ok--> Idle|AskCategory|AskOrder|AskDate|AskIssue|AskDescription|AskOutcome|AskPhone
Summary --button:edit--> ChooseField
Summary --/back--> AskPhone
ChooseField --button:fld--> AskCategory|AskOrder|AskDate|AskIssue|AskDescription|AskAttachments|AskOutcome|AskPhone
ChooseField --button:sum--> Summary
ChooseField --/back--> Summary
`

// edge renders a row as "From --input [condition]--> targets; editing: targets".
func edge(row transition) string {
	s := stageIdent(row.From) + " --" + onString(row.On)
	if row.When != nil {
		s += " [" + funcName(row.When) + "]"
	}
	s += "--> " + targetString(row.To)
	if row.Edit != nil {
		s += "; editing: " + targetString(row.Edit)
	}
	return s
}

func onString(o on) string {
	switch o.kind {
	case KindText:
		return "text"
	case KindMedia:
		return "media"
	case KindContact:
		return "contact"
	case KindUnsupported:
		return "unsupported"
	case KindCommand:
		return "/" + o.command
	case KindButton:
		if o.value != "" {
			return "button:" + o.action + "=" + o.value
		}
		return "button:" + o.action
	}
	return fmt.Sprintf("kind(%d)", o.kind)
}

func targetString(t target) string {
	if t == nil {
		return "?"
	}
	var names []string
	for _, s := range t.stages() {
		names = append(names, stageIdent(s))
	}
	return strings.Join(names, "|")
}

// stageIdent names a stage as the table's source does.
func stageIdent(s Stage) string {
	names := map[Stage]string{Idle: "Idle", AskCategory: "AskCategory", AskOrder: "AskOrder", AskDate: "AskDate",
		AskDateTyped: "AskDateTyped", AskIssue: "AskIssue", AskDescription: "AskDescription",
		AskAttachments: "AskAttachments", AskOutcome: "AskOutcome", AskPhone: "AskPhone", Summary: "Summary",
		ChooseField: "ChooseField", fromAny: "any", toStay: "stay"}
	if n, ok := names[s]; ok {
		return n
	}
	return s.String()
}

// funcName is a function's name without its package.
func funcName(f any) string {
	n := runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
	return n[strings.LastIndex(n, ".")+1:]
}
