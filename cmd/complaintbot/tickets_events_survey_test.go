package main

import (
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

// A survey's answer in the log is told with its scores, and its follow-up
// ticket by its reference, in both languages.
func TestSurveyEventSentence(t *testing.T) {
	t.Parallel()
	e := tickets.Event{Kind: "survey_answered", Actor: tickets.Actor{Kind: tickets.ActorSystem},
		Data: map[string]any{"attitude": float64(5), "quality": float64(2), "solved": float64(4), "comment": true}}
	for lang, want := range map[string]string{
		"en": "service attitude 5/5, quality 2/5, solved 4/5",
		"zh": "服务态度 5/5，质量 2/5，解决程度 4/5",
	} {
		v, err := newTicketView(policy.Default(), lang)
		if err != nil {
			t.Fatal(err)
		}
		if got := v.event(e, nil); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q in it", lang, got, want)
		}
		f := tickets.Event{Kind: "survey_follow_up", Actor: tickets.Actor{Kind: tickets.ActorSystem},
			Data: map[string]any{"survey": float64(3), "ticket": "K7M-4QX"}}
		if got := v.event(f, nil); !strings.Contains(got, "K7M-4QX") {
			t.Errorf("%s: the follow-up told as %q", lang, got)
		}
	}
}
