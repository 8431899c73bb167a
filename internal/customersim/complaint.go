package customersim

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/policy"
)

// Complaint is what a scripted customer reports.
type Complaint struct {
	Category    policy.Category
	Order       string
	Issue       policy.Issue
	Description string
	Photos      [][]byte
	Outcome     policy.Outcome
	Phone       string
	// NewDescription, when set, is typed after "Change something" on the
	// summary, to show editing one field.
	NewDescription string
	// ConfirmTwice taps Confirm a second time at once, as an impatient
	// customer does: both taps reach the bot before it takes the buttons
	// off the summary.
	ConfirmTwice bool
}

// RefRE matches a ticket reference such as "K7M-4QX".
var RefRE = regexp.MustCompile(`\b[A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3}\b`)

// fileComplaint walks the whole dialogue and returns the acknowledgement and
// the reference it gives.
func (d *Driver) FileComplaint(c Complaint) (ack *models.Message, ref string, err error) {
	steps := []Turn{
		{Do: func() error { return d.Send("/start") }, Want: "conversation.ask_category"},
		{Do: func() error { return d.Press(c.Category.Name[d.Lang]) }, Want: "conversation.ask_order"},
		{Do: func() error { return d.Send(c.Order) }, Want: "conversation.ask_date"},
		{Do: func() error { return d.Press(d.Label("conversation.button.yesterday")) }, Want: "conversation.ask_issue"},
		{Do: func() error { return d.Press(d.Label("conversation.issue." + string(c.Issue))) }, Want: "conversation.ask_description"},
		{Do: func() error { return d.Send(c.Description) }, Want: "conversation.ask_attachments"},
	}
	if err := d.Run(steps); err != nil {
		return nil, "", err
	}
	moveOn := "conversation.button.no_attachments"
	if len(c.Photos) > 0 {
		if err := d.Album(c.Photos...); err != nil {
			return nil, "", err
		}
		if err := d.WaitCounter(len(c.Photos)); err != nil {
			return nil, "", err
		}
		moveOn = "conversation.button.done"
	}
	steps = []Turn{{Do: func() error { return d.Press(d.Label(moveOn)) }, Want: "conversation.ask_outcome"}}
	steps = append(steps,
		Turn{Do: func() error { return d.Press(d.Label("conversation.outcome." + string(c.Outcome))) }, Want: "conversation.ask_phone"},
		Turn{Do: func() error { return d.ShareContact(c.Phone) }, Want: "conversation.summary"},
	)
	if c.NewDescription != "" {
		steps = append(steps,
			Turn{Do: func() error { return d.Press(d.Label("conversation.button.edit")) }, Want: "conversation.choose_field"},
			Turn{Do: func() error { return d.Press(d.Label("conversation.field.description")) }, Want: "conversation.ask_description"},
			Turn{Do: func() error { return d.Send(c.NewDescription) }, Want: "conversation.summary"},
		)
	}
	if err := d.Run(steps); err != nil {
		return nil, "", err
	}

	confirmMsg, confirmData, ok := d.FindButton(d.Label("conversation.button.confirm"))
	if !ok {
		return nil, "", fmt.Errorf("%s: the summary has no Confirm button\n%s", d.User.FirstName, d.Transcript())
	}
	if err := d.PressOn(confirmMsg, confirmData); err != nil {
		return nil, "", err
	}
	if c.ConfirmTwice {
		if err := d.PressOn(confirmMsg, confirmData); err != nil {
			return nil, "", err
		}
	}
	ack, err = d.WaitMatch(RefRE)
	if err != nil {
		return nil, "", err
	}
	return ack, RefRE.FindString(ack.Text), nil
}

// Turn is one thing the customer does and the question that must follow.
type Turn struct {
	Do   func() error
	Want string // catalogue key of the question
}

// PlainReport is the turns of the plainest report of an English-speaking
// customer, from /start to the summary: clothing (as the default policy
// names it) of order SO20261120 bought yesterday, a fault in its own
// words, no photos, a repair, a typed phone number. Confirm is left to the
// test.
func (d *Driver) PlainReport() []Turn {
	return []Turn{
		{Do: func() error { return d.Send("/start") }, Want: "conversation.ask_category"},
		{Do: func() error { return d.Press("Clothing") }, Want: "conversation.ask_order"},
		{Do: func() error { return d.Send("SO20261120") }, Want: "conversation.ask_date"},
		{Do: func() error { return d.Press(d.Label("conversation.button.yesterday")) }, Want: "conversation.ask_issue"},
		{Do: func() error { return d.Press(d.Label("conversation.issue.fault")) }, Want: "conversation.ask_description"},
		{Do: func() error { return d.Send("The zip broke on the second day.") }, Want: "conversation.ask_attachments"},
		{Do: func() error { return d.Press(d.Label("conversation.button.no_attachments")) }, Want: "conversation.ask_outcome"},
		{Do: func() error { return d.Press(d.Label("conversation.outcome.repair")) }, Want: "conversation.ask_phone"},
		{Do: func() error { return d.Send("13812345678") }, Want: "conversation.summary"},
	}
}

// Run plays the turns one after another, each waiting for its question.
func (d *Driver) Run(steps []Turn) error {
	for _, st := range steps {
		if err := st.Do(); err != nil {
			return err
		}
		if _, err := d.WaitFor(st.Want); err != nil {
			return err
		}
	}
	return nil
}

// WaitCounter waits until the bot's counter of received files shows n.
// The counter is one message, edited as files arrive.
func (d *Driver) WaitCounter(n int) error {
	want := fmt.Sprint(n)
	deadline := time.Now().Add(d.timeout)
	for time.Now().Before(deadline) {
		for _, e := range d.sim.Transcript(d.User.ID) {
			if e.FromBot && e.Message.ID > d.Mark && strings.Contains(e.Message.Text, want) && d.HasDone(e.Message) {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond) // polling the simulator's transcript; not a timing assertion
	}
	return fmt.Errorf("%s: the file counter never reached %d\n%s", d.User.FirstName, n, d.Transcript())
}

func (d *Driver) HasDone(m *models.Message) bool {
	if m.ReplyMarkup == nil {
		return false
	}
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.Text == d.Label("conversation.button.done") {
				return true
			}
		}
	}
	return false
}

// waitMatch waits for a bot message after the last action matching re.
func (d *Driver) WaitMatch(re *regexp.Regexp) (*models.Message, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d.timeout)
	defer cancel()
	after := d.Mark
	for {
		m, err := d.sim.WaitBotMessage(ctx, d.User.ID, after)
		if err != nil {
			return nil, fmt.Errorf("%s: waiting for %s: %w\n%s", d.User.FirstName, re, err, d.Transcript())
		}
		if re.MatchString(m.Text) {
			return m, nil
		}
		after = m.ID
	}
}
