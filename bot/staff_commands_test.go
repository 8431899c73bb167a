package bot

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
)

func testStaffParser() staffParser {
	return staffParser{botUsername: "ShopDeskBot", notePrefix: "!!", canned: policy.Default().CannedReplies}
}

func TestParseStaffCommands(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("好", maxSummary+1)
	cases := []struct {
		text     string
		withFile bool
		kind     staffInputKind
		want     staffCommand
		errKey   string // the usage text answered; "" for none
	}{
		// Plain messages go to the customer.
		{text: "Hello, the replacement ships today", kind: staffPlain},
		{text: "/ shrug", kind: staffPlain},
		{text: "", withFile: true, kind: staffPlain},
		{text: "a photo of the label", withFile: true, kind: staffPlain},
		// Commands for another bot are neither ours nor the customer's.
		{text: "/start@OtherBot", kind: staffForeign},
		{text: "/note@OtherBot hi", kind: staffForeign},

		// Notes: the command, the prefix, in a caption.
		{text: "/note called the customer", kind: staffCmd, want: staffCommand{Verb: verbNote, Text: "called the customer"}},
		{text: "/note@ShopDeskBot two\nlines", kind: staffCmd, want: staffCommand{Verb: verbNote, Text: "two\nlines"}},
		{text: "/NOTE@shopdeskbot x", kind: staffCmd, want: staffCommand{Verb: verbNote, Text: "x"}},
		{text: "/note\nfirst line", kind: staffCmd, want: staffCommand{Verb: verbNote, Text: "first line"}},
		{text: "!! internal only", kind: staffCmd, want: staffCommand{Verb: verbNote, Text: "internal only"}},
		{text: "!!", withFile: true, kind: staffCmd, want: staffCommand{Verb: verbNote}},
		{text: "/note the label", withFile: true, kind: staffCmd, want: staffCommand{Verb: verbNote, Text: "the label"}},
		{text: "/note", kind: staffCmd, errKey: "staff.usage.note"},
		{text: "!!   ", kind: staffCmd, errKey: "staff.usage.note"},
		{text: "/claim", withFile: true, kind: staffCmd, errKey: "staff.usage.file_with_command"},

		// Canned replies.
		{text: "/reply thanks", kind: staffCmd, want: staffCommand{Verb: verbReply, Canned: "thanks"}},
		{text: "/reply Size-Guide", kind: staffCmd, want: staffCommand{Verb: verbReply, Canned: "size-guide"}},
		{text: "/reply", kind: staffCmd, errKey: "staff.usage.reply"},
		{text: "/reply nope", kind: staffCmd, errKey: "staff.usage.reply_unknown"},
		{text: "/reply thanks and more", kind: staffCmd, errKey: "staff.usage.reply_extra"},

		// Taking and giving.
		{text: "/claim", kind: staffCmd, want: staffCommand{Verb: verbClaim}},
		{text: "/claim@ShopDeskBot", kind: staffCmd, want: staffCommand{Verb: verbClaim}},
		{text: "/claim now", kind: staffCmd, errKey: "staff.usage.no_arguments"},
		{text: "/release", kind: staffCmd, want: staffCommand{Verb: verbRelease}},
		{text: "/assign @Li_Desk", kind: staffCmd, want: staffCommand{Verb: verbAssign, Username: "li_desk"}},
		{text: "/assign wang_desk", kind: staffCmd, want: staffCommand{Verb: verbAssign, Username: "wang_desk"}},
		{text: "/assign", kind: staffCmd, want: staffCommand{Verb: verbAssign}},
		{text: "/assign @li @wang", kind: staffCmd, errKey: "staff.usage.assign"},
		{text: "/assign @li-desk", kind: staffCmd, errKey: "staff.usage.assign"},

		// Statuses.
		{text: "/needinfo", kind: staffCmd, want: staffCommand{Verb: verbNeedInfo}},
		{text: "/needinfo Which size did you order?", kind: staffCmd, want: staffCommand{Verb: verbNeedInfo, Text: "Which size did you order?"}},
		{text: "/resolve Replacement sent", kind: staffCmd, want: staffCommand{Verb: verbResolve, Text: "Replacement sent"}},
		{text: "/resolve", kind: staffCmd, errKey: "staff.usage.resolve"},
		{text: "/resolve " + long, kind: staffCmd, errKey: "staff.usage.resolve_long"},
		{text: "/resolve " + long[:len(long)-len("好")], kind: staffCmd, want: staffCommand{Verb: verbResolve, Text: long[:len(long)-len("好")]}},
		{text: "/close", kind: staffCmd, want: staffCommand{Verb: verbClose}},
		{text: "/close K7M-4QX", kind: staffCmd, errKey: "staff.usage.no_arguments"},
		{text: "/reopen", kind: staffCmd, want: staffCommand{Verb: verbReopen}},

		// Priority and urgency.
		{text: "/priority up", kind: staffCmd, want: staffCommand{Verb: verbPriority, Delta: 1}},
		{text: "/priority DOWN", kind: staffCmd, want: staffCommand{Verb: verbPriority, Delta: -1}},
		{text: "/priority +", kind: staffCmd, want: staffCommand{Verb: verbPriority, Delta: 1}},
		{text: "/priority", kind: staffCmd, errKey: "staff.usage.priority"},
		{text: "/priority 5", kind: staffCmd, errKey: "staff.usage.priority"},
		{text: "/urgent", kind: staffCmd, want: staffCommand{Verb: verbUrgent}},
		{text: "/urgent on", kind: staffCmd, want: staffCommand{Verb: verbUrgent}},
		{text: "/urgent off", kind: staffCmd, want: staffCommand{Verb: verbUrgent, Off: true}},
		{text: "/urgent maybe", kind: staffCmd, errKey: "staff.usage.urgent"},

		// Lists.
		{text: "/tickets", kind: staffCmd, want: staffCommand{Verb: verbTickets, List: listOpen}},
		{text: "/tickets mine", kind: staffCmd, want: staffCommand{Verb: verbTickets, List: listMine}},
		{text: "/tickets Overdue", kind: staffCmd, want: staffCommand{Verb: verbTickets, List: listOverdue}},
		{text: "/tickets waiting", kind: staffCmd, want: staffCommand{Verb: verbTickets, List: listWaiting}},
		{text: "/tickets closed", kind: staffCmd, errKey: "staff.usage.tickets"},
		{text: "/ticket k7m4qx", kind: staffCmd, want: staffCommand{Verb: verbTicket, Ref: "K7M-4QX"}},
		{text: "/ticket K7M-4QO", kind: staffCmd, errKey: "staff.usage.ticket"},
		{text: "/ticket", kind: staffCmd, errKey: "staff.usage.ticket"},
		{text: "/help", kind: staffCmd, want: staffCommand{Verb: verbHelp}},
		{text: "/help me", kind: staffCmd, errKey: "staff.usage.no_arguments"},

		// A command the desk doesn't have is answered, not passed on.
		{text: "/start", kind: staffCmd, errKey: "staff.usage.unknown"},
		{text: "/status@ShopDeskBot", kind: staffCmd, errKey: "staff.usage.unknown"},
	}
	p := testStaffParser()
	for _, tc := range cases {
		got, kind, err := p.parse(tc.text, tc.withFile)
		if kind != tc.kind {
			t.Errorf("%q: kind %d, want %d", tc.text, kind, tc.kind)
			continue
		}
		var ue *staffUsageError
		switch {
		case tc.errKey != "":
			if !errors.As(err, &ue) || ue.Key != tc.errKey {
				t.Errorf("%q: error %v, want usage %s", tc.text, err, tc.errKey)
			}
		case err != nil:
			t.Errorf("%q: %v", tc.text, err)
		case !reflect.DeepEqual(got, tc.want):
			t.Errorf("%q: %+v, want %+v", tc.text, got, tc.want)
		}
	}
}

// Without a note prefix configured, "!!" is ordinary text for the customer.
func TestParseStaffWithoutNotePrefix(t *testing.T) {
	t.Parallel()
	p := testStaffParser()
	p.notePrefix = ""
	if _, kind, err := p.parse("!! not a note", false); kind != staffPlain || err != nil {
		t.Fatalf("kind %d, err %v; want a plain message", kind, err)
	}
}

// A shop without canned replies says so instead of listing nothing.
func TestParseReplyWithoutCannedReplies(t *testing.T) {
	t.Parallel()
	p := testStaffParser()
	p.canned = nil
	var ue *staffUsageError
	if _, _, err := p.parse("/reply thanks", false); !errors.As(err, &ue) || ue.Key != "staff.usage.reply_none" {
		t.Fatalf("err %v, want staff.usage.reply_none", err)
	}
}

// Every usage answer the parser can give exists in both languages with the
// parameters the parser passes, so staff never see a bare key.
func TestStaffUsageTextsExist(t *testing.T) {
	t.Parallel()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	p := testStaffParser()
	inputs := []string{"/note", "/claim x", "/assign a b", "/resolve", "/resolve " + strings.Repeat("x", 1001),
		"/priority", "/urgent x", "/tickets x", "/ticket", "/reply", "/reply x y", "/reply x", "/nope"}
	for _, in := range inputs {
		_, _, err := p.parse(in, false)
		var ue *staffUsageError
		if !errors.As(err, &ue) {
			t.Fatalf("%q: no usage error", in)
		}
		for _, lang := range locale.Languages() {
			got := cat.Text(lang, ue.Key, toAny(ue.Params))
			if got == ue.Key || strings.Contains(got, "{{") {
				t.Errorf("%s %q: %q", lang, in, got)
			}
			for _, v := range ue.Params {
				if !strings.Contains(got, v) {
					t.Errorf("%s %q: %q does not show %q", lang, in, got, v)
				}
			}
		}
	}
	if _, _, err := p.parse("/photo", true); err == nil {
		t.Fatal("a command other than /note as a caption was accepted")
	}
}

// The staff group's menu describes every command in both languages, within
// Telegram's 256 characters.
func TestEveryStaffCommandHasAMenuLine(t *testing.T) {
	t.Parallel()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range staffVerbs {
		for _, lang := range locale.Languages() {
			key := "staff.cmd." + string(v)
			if !cat.Has(lang, key) || len([]rune(cat.Text(lang, key, nil))) > 256 {
				t.Errorf("%s: /%s has no menu line (or one too long)", lang, v)
			}
		}
	}
}
