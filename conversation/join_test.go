package conversation

import (
	"reflect"
	"testing"
)

// A refused answer's explanation goes into the question's message; an
// edit, a keyboard and the turn's last word stay messages of their own.
func TestJoin(t *testing.T) {
	ask := Reply{Key: "conversation.ask_order", Buttons: [][]Button{{{Key: "conversation.button.no_receipt", Data: "x"}}}}
	why := Reply{Key: "conversation.invalid_order", Notes: []Note{{Key: "conversation.order_hint"}}}
	counter := Reply{Key: "conversation.received_files", Edit: "media:1:5"}
	thanks := Reply{Key: "conversation.thanks"}
	for _, c := range []struct {
		name     string
		in, want []Reply
	}{
		{"explanation and question", []Reply{why, ask}, []Reply{{Lead: []Reply{why}, Key: ask.Key, Buttons: ask.Buttons}}},
		{"two explanations", []Reply{why, thanks, ask}, []Reply{{Lead: []Reply{why, thanks}, Key: ask.Key, Buttons: ask.Buttons}}},
		{"text alone", []Reply{thanks}, []Reply{thanks}},
		{"text last", []Reply{ask, thanks}, []Reply{ask, thanks}},
		{"not into an edit", []Reply{why, counter, ask}, []Reply{why, counter, ask}},
		{"nothing", nil, []Reply{}},
	} {
		if got := Join(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got  %+v\n want %+v", c.name, got, c.want)
		}
	}
}
