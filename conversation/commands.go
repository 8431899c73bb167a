package conversation

// start answers /start. With a deep-link payload (an order number printed on
// a receipt or parcel) it starts a complaint with the order filled in, whose
// question is then skipped. Without one it starts a complaint, or, when one
// is under way, reminds the customer where it stands.
func start(m *move) {
	payload := oneLine(m.in.Text)
	if payload == "" && m.st.open() {
		m.say("conversation.in_progress")
		m.ask(m.st.Stage)
		return
	}
	m.newDialogue()
	if o, err := parseOrder(payload, m.pol().OrderPattern); payload != "" && err == nil {
		m.st.Form.OrderNo, m.st.Form.OrderFromLink = o, true
		m.say("conversation.welcome_order", "name", m.in.FirstName, "order", o)
	} else {
		m.say("conversation.welcome", "name", m.in.FirstName)
	}
	m.pick(AskCategory)
}

// startNew answers /new and the "Report a problem" button: a new complaint,
// setting aside one under way.
func startNew(m *move) {
	if m.st.open() {
		m.say("conversation.restarted")
	} else {
		m.say("conversation.welcome", "name", m.in.FirstName)
	}
	m.newDialogue()
}

// newDialogue clears the form and gives the dialogue a new id, so buttons of
// the one set aside no longer apply.
func (m *move) newDialogue() {
	m.st.Prev = m.st.ID
	m.st.ID = m.env.NewID()
	m.st.Turn, m.st.Editing, m.st.Album = 0, false, ""
	m.st.Form = Form{}
}

// goBack answers /back, whose rows name where it leads: the question
// before, or the summary when a field chosen from it was being changed. It
// refuses outside a dialogue and at the first question.
func goBack(m *move) {
	switch {
	case !m.st.open():
		m.refuse("conversation.nothing_to_go_back")
	case m.st.Stage == AskCategory && !m.st.Editing:
		m.refuse("conversation.first_question")
	default:
		m.say("conversation.going_back")
	}
}

// cancel answers /cancel and the summary's Cancel button.
func cancel(m *move) {
	if !m.st.open() {
		m.refuse("conversation.nothing_to_cancel")
		return
	}
	m.st.Prev = m.st.ID
	m.st.Form, m.st.Album = Form{}, ""
	r := m.say("conversation.cancelled")
	r.Buttons = rows(1, m.button("conversation.button.report", actNew, ""))
}

// help answers /help and asks the current question again.
func help(m *move) {
	m.say("conversation.help")
	m.ask(m.st.Stage)
}

// askLanguage answers /language with a button per language, each labelled
// in its own language.
func askLanguage(m *move) {
	r := m.say("conversation.choose_language")
	en, zh := m.button("", actLanguage, "en"), m.button("", actLanguage, "zh")
	en.Text, zh.Text = "English", "中文"
	r.Buttons = rows(2, en, zh)
}

func setLanguage(m *move) {
	switch m.cb.Value {
	case "en", "zh":
		m.st.Lang = m.cb.Value
	default:
		m.refuse("conversation.use_buttons")
		return
	}
	m.say("conversation.language_set")
	if m.st.open() {
		m.ask(m.st.Stage)
	}
}

// showStatus answers /status: the caller lists the customer's tickets.
func showStatus(m *move) {
	m.res.Effects = append(m.res.Effects, ShowStatus{})
}

// closeTicket answers /close REF: the caller closes the customer's own
// ticket with that reference. Without a reference it says how to write it.
func closeTicket(m *move) {
	ref := oneLine(m.in.Text)
	if ref == "" {
		m.say("conversation.close_usage")
		return
	}
	m.res.Effects = append(m.res.Effects, CloseTicket{Ref: ref})
}

// addToTicket passes a message sent outside a dialogue to the customer's
// open ticket; with none, the caller offers to start a complaint.
func addToTicket(m *move) {
	m.res.Effects = append(m.res.Effects, AddToTicket{Input: m.in})
	m.res.Fallback = []Reply{offerPrompt(m)}
}

// explainUnsupported answers, outside a dialogue, a message the bot cannot
// keep (a sticker, a location, a poll…): the caller answers in the context
// of the customer's open ticket; with none, it offers to report a problem.
func explainUnsupported(m *move) {
	m.res.Effects = append(m.res.Effects, ExplainUnsupported{What: m.in.What})
	m.res.Fallback = []Reply{{Key: unsupportedKey(m.in.What)}, offerPrompt(m)}
}

// chooseField opens the question of the field chosen from the summary.
func chooseField(m *move) {
	for _, f := range fields() {
		if f.name == m.cb.Value {
			m.st.Editing = true
			m.pick(f.stage)
			return
		}
	}
	m.refuse("conversation.use_buttons")
}

// confirm files the complaint. When the verdict changed since the outcome was
// chosen (midnight passed the end of a return window) or a field no longer
// fits the policy, that question is asked again instead.
func confirm(m *move) {
	if s := m.missing(); s != Idle {
		m.st.Editing = true
		m.say("conversation.missing_field")
		m.pick(s)
		return
	}
	v := m.verdict()
	if _, ok := v.Allowed(m.st.Form.Outcome); !ok {
		m.st.Editing, m.st.Form.Outcome = true, ""
		m.say("conversation.outcome_recheck")
		m.pick(AskOutcome)
		return
	}
	m.res.Effects = append(m.res.Effects, FileTicket{Submission: m.submission(v)})
	// The summary stays, without its buttons, under the news that it has
	// gone to the team: the acknowledgement is then the only new message.
	sent := Reply{Key: "conversation.submitted", Notes: summaryPrompt(m).Notes, Replace: true}
	m.st.Filed = m.st.ID
	m.st.Form, m.st.Album = Form{}, ""
	m.res.Replies = append(m.res.Replies, sent)
	m.pick(Idle)
}
