package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/policy"
)

// complaint is what a scripted customer reports.
type complaint struct {
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

// refRE matches a ticket reference such as "K7M-4QX".
var refRE = regexp.MustCompile(`\b[A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3}\b`)

// fileComplaint walks the whole dialogue and returns the acknowledgement and
// the reference it gives.
func (d *driver) fileComplaint(c complaint) (ack *models.Message, ref string, err error) {
	steps := []turn{
		{func() error { return d.send("/start") }, "conversation.ask_category"},
		{func() error { return d.press(c.Category.Name[d.lang]) }, "conversation.ask_order"},
		{func() error { return d.send(c.Order) }, "conversation.ask_date"},
		{func() error { return d.press(d.label("conversation.button.yesterday")) }, "conversation.ask_issue"},
		{func() error { return d.press(d.label("conversation.issue." + string(c.Issue))) }, "conversation.ask_description"},
		{func() error { return d.send(c.Description) }, "conversation.ask_attachments"},
	}
	if err := d.run(steps); err != nil {
		return nil, "", err
	}
	moveOn := "conversation.button.no_attachments"
	if len(c.Photos) > 0 {
		if err := d.album(c.Photos...); err != nil {
			return nil, "", err
		}
		if err := d.waitCounter(len(c.Photos)); err != nil {
			return nil, "", err
		}
		moveOn = "conversation.button.done"
	}
	steps = []turn{{func() error { return d.press(d.label(moveOn)) }, "conversation.ask_outcome"}}
	steps = append(steps,
		turn{func() error { return d.press(d.label("conversation.outcome." + string(c.Outcome))) }, "conversation.ask_phone"},
		turn{func() error { return d.shareContact(c.Phone) }, "conversation.summary"},
	)
	if c.NewDescription != "" {
		steps = append(steps,
			turn{func() error { return d.press(d.label("conversation.button.edit")) }, "conversation.choose_field"},
			turn{func() error { return d.press(d.label("conversation.field.description")) }, "conversation.ask_description"},
			turn{func() error { return d.send(c.NewDescription) }, "conversation.summary"},
		)
	}
	if err := d.run(steps); err != nil {
		return nil, "", err
	}

	confirmMsg, confirmData, ok := d.findButton(d.label("conversation.button.confirm"))
	if !ok {
		return nil, "", fmt.Errorf("%s: the summary has no Confirm button\n%s", d.user.FirstName, d.transcript())
	}
	if err := d.pressOn(confirmMsg, confirmData); err != nil {
		return nil, "", err
	}
	if c.ConfirmTwice {
		if err := d.pressOn(confirmMsg, confirmData); err != nil {
			return nil, "", err
		}
	}
	ack, err = d.waitMatch(refRE)
	if err != nil {
		return nil, "", err
	}
	return ack, refRE.FindString(ack.Text), nil
}

// turn is one thing the customer does and the question that must follow.
type turn struct {
	do   func() error
	want string // catalogue key
}

func (d *driver) run(steps []turn) error {
	for _, st := range steps {
		if err := st.do(); err != nil {
			return err
		}
		if _, err := d.waitFor(st.want); err != nil {
			return err
		}
	}
	return nil
}

// waitCounter waits until the bot's counter of received files shows n.
// The counter is one message, edited as files arrive.
func (d *driver) waitCounter(n int) error {
	want := fmt.Sprint(n)
	deadline := time.Now().Add(d.timeout)
	for time.Now().Before(deadline) {
		for _, e := range d.sim.Transcript(d.user.ID) {
			if e.FromBot && e.Message.ID > d.mark && strings.Contains(e.Message.Text, want) && d.hasDone(e.Message) {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond) // polling the simulator's transcript; not a timing assertion
	}
	return fmt.Errorf("%s: the file counter never reached %d\n%s", d.user.FirstName, n, d.transcript())
}

func (d *driver) hasDone(m *models.Message) bool {
	if m.ReplyMarkup == nil {
		return false
	}
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.Text == d.label("conversation.button.done") {
				return true
			}
		}
	}
	return false
}

// waitMatch waits for a bot message after the last action matching re.
func (d *driver) waitMatch(re *regexp.Regexp) (*models.Message, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d.timeout)
	defer cancel()
	after := d.mark
	for {
		m, err := d.sim.WaitBotMessage(ctx, d.user.ID, after)
		if err != nil {
			return nil, fmt.Errorf("%s: waiting for %s: %w\n%s", d.user.FirstName, re, err, d.transcript())
		}
		if re.MatchString(m.Text) {
			return m, nil
		}
		after = m.ID
	}
}
