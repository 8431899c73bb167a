package conversation_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/internal/redistest"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
)

// customer talks to the engine as the Telegram edge would on a customer's
// behalf, rendering every reply with the catalogue.
type customer struct {
	t          *testing.T
	e          *conversation.Engine
	cat        *locale.Catalog
	chat       int64
	update     int64
	lang       string
	last       conversation.Result
	transcript []string
	filed      []conversation.Submission
}

func newCustomer(t *testing.T, lang string) *customer {
	t.Helper()
	rdb, prefix := redistest.New(t)
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	cat, err := locale.New(locale.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	e := conversation.NewEngine(conversation.NewStore(rdb, conversation.StoreConfig{Prefix: prefix}),
		policy.Default(), func() time.Time { return now })
	return &customer{t: t, e: e, cat: cat, chat: 1001, lang: lang}
}

func (c *customer) send(in conversation.Input) conversation.Result {
	c.t.Helper()
	ctx := context.Background()
	c.update++
	in.ChatID, in.UserID, in.UpdateID, in.FirstName = c.chat, c.chat, c.update, "Ada"
	in.LanguageCode = c.lang
	s, err := c.e.Step(ctx, in)
	if err != nil {
		c.t.Fatal(err)
	}
	res := s.Result()
	for _, eff := range res.Effects {
		if ft, ok := eff.(conversation.FileTicket); ok {
			c.filed = append(c.filed, ft.Submission)
		}
	}
	if err := s.Commit(ctx); err != nil {
		c.t.Fatal(err)
	}
	c.last = res
	for _, r := range append(res.Replies, res.Fallback...) {
		c.transcript = append(c.transcript, c.render(r))
	}
	return res
}

// render renders a reply as the customer sees it and fails the test on any
// text the catalogue lacks.
func (c *customer) render(r conversation.Reply) string {
	c.t.Helper()
	var b strings.Builder
	b.WriteString(c.text(r.Key, r.Params))
	for _, n := range r.Notes {
		b.WriteString("\n  · " + c.text(n.Key, n.Params))
	}
	for _, row := range r.Buttons {
		b.WriteString("\n  ")
		for _, btn := range row {
			if len(btn.Data) == 0 || len(btn.Data) > 64 {
				c.t.Errorf("button %q has %d bytes of data", btn.Key+btn.Text, len(btn.Data))
			}
			fmt.Fprintf(&b, "[%s] ", c.label(btn))
		}
	}
	if r.ContactButton {
		b.WriteString("\n  {" + c.text("conversation.button.share_phone", nil) + "}")
		if r.ContactSkip {
			b.WriteString(" {" + c.text("conversation.button.skip_phone", nil) + "}")
		}
	}
	return b.String()
}

func (c *customer) text(key string, params map[string]string) string {
	c.t.Helper()
	p := map[string]any{}
	for k, v := range params {
		p[k] = v
	}
	s := c.cat.Text(c.lang, key, p)
	if s == key || !c.cat.Has(c.lang, key) || strings.Contains(s, "no value") {
		c.t.Errorf("%s: no text for %s", c.lang, key)
	}
	return s
}

func (c *customer) label(b conversation.Button) string {
	if b.Key == "" {
		return b.Text
	}
	return c.text(b.Key, b.Params)
}

// tap presses the button labelled label in the last result.
func (c *customer) tap(label string) conversation.Result {
	c.t.Helper()
	for _, r := range append(c.last.Replies, c.last.Fallback...) {
		for _, row := range r.Buttons {
			for _, b := range row {
				if c.label(b) == label {
					return c.send(conversation.Input{Kind: conversation.KindButton, Button: b.Data})
				}
			}
		}
	}
	c.t.Fatalf("no button %q in:\n%s", label, strings.Join(c.transcript[max(0, len(c.transcript)-3):], "\n"))
	return conversation.Result{}
}

func (c *customer) say(text string) conversation.Result {
	return c.send(conversation.Input{Kind: conversation.KindText, Text: text})
}

func (c *customer) command(name, args string) conversation.Result {
	return c.send(conversation.Input{Kind: conversation.KindCommand, Command: name, Text: args})
}

func (c *customer) photo(group string) conversation.Result {
	return c.send(conversation.Input{Kind: conversation.KindMedia, Media: []conversation.Media{
		{Kind: "photo", FileID: fmt.Sprintf("p%d", c.update), MediaGroupID: group}}})
}

// A whole complaint in each language — with mistakes, an album, one edited
// field and Confirm tapped twice — renders every reply from the catalogue
// and files one complete submission.
func TestWholeDialogueRendersInEachLanguage(t *testing.T) {
	t.Parallel()
	for _, lang := range locale.Languages() {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			c := newCustomer(t, lang)
			tr := func(key string) string { return c.cat.Text(lang, key, nil) }
			c.say("hello")
			c.tap(tr("conversation.button.report"))
			c.send(conversation.Input{Kind: conversation.KindUnsupported, What: "sticker"})
			c.tap(map[string]string{"en": "Clothing", "zh": "服装"}[lang])
			c.say("12")
			c.say("so 2026 1120")
			c.command("back", "")
			c.tap(tr("conversation.button.no_receipt"))
			c.tap(tr("conversation.button.earlier"))
			c.say("2026-12-24")
			c.say("2001-01-01")
			c.say("三天前")
			c.tap(tr("conversation.issue.fault"))
			c.say("bad")
			c.say(strings.Repeat("很长", 600))
			c.say("The seam on the left sleeve came apart after one wash. 😞")
			c.photo("a1")
			c.photo("a1")
			c.photo("a1")
			c.tap(tr("conversation.button.done"))
			c.tap(tr("conversation.outcome.repair"))
			c.say("12345")
			c.say(tr("conversation.button.skip_phone"))
			c.tap(tr("conversation.button.edit"))
			c.tap(tr("conversation.field.phone"))
			c.send(conversation.Input{Kind: conversation.KindContact, Contact: &conversation.Contact{Phone: "8613812345678", UserID: c.chat}})
			summary := c.last
			c.tap(tr("conversation.button.confirm"))
			c.last = summary
			c.tap(tr("conversation.button.confirm"))
			c.command("status", "")
			c.command("help", "")
			c.command("language", "")
			c.command("frobnicate", "")
			if t.Failed() || testing.Verbose() {
				t.Log("\n" + strings.Join(c.transcript, "\n"))
			}
			if len(c.filed) != 1 {
				t.Fatalf("filed %d complaints, want 1", len(c.filed))
			}
			s := c.filed[0]
			if s.Category != "apparel" || !s.NoReceipt || s.Purchased.Format("2006-01-02") != "2026-11-17" ||
				s.Issue != policy.IssueFault || len(s.Attachments) != 3 || s.Outcome != policy.OutcomeRepair ||
				s.Phone != "+8613812345678" || s.Lang != lang || !strings.HasSuffix(s.Description, "😞") {
				t.Errorf("submission %+v", s)
			}
			if got := c.last.Replies[0].Key; got != "conversation.unknown_command" {
				t.Errorf("last reply %s", got)
			}
		})
	}
}

// Every reason the policy can give has a sentence in every language.
func TestEveryPolicyReasonHasASentence(t *testing.T) {
	t.Parallel()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range locale.Languages() {
		for _, code := range policy.ReasonCodes() {
			if !cat.Has(lang, "conversation.reason."+code) {
				t.Errorf("%s: no sentence for reason %s", lang, code)
			}
		}
		for _, o := range policy.Outcomes() {
			for _, k := range []string{"conversation.outcome.", "conversation.summary.outcome."} {
				if !cat.Has(lang, k+string(o)) {
					t.Errorf("%s: no text for %s%s", lang, k, o)
				}
			}
		}
		for _, is := range policy.Issues() {
			for _, k := range []string{"conversation.issue.", "conversation.summary.issue."} {
				if !cat.Has(lang, k+string(is)) {
					t.Errorf("%s: no text for %s%s", lang, k, is)
				}
			}
		}
	}
}
