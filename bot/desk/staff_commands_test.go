package desk

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
)

func testStaffParser() parser {
	return parser{botUsername: "ShopDeskBot", notePrefix: "!!", canned: policy.Default().CannedReplies}
}

func TestParseStaffCommands(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("好", maxSummary+1)
	cases := []struct {
		text     string
		withFile bool
		kind     inputKind
		want     command
		errKey   string // the usage text answered; "" for none
	}{
		// Plain messages go to the customer.
		{text: "Hello, the replacement ships today", kind: inputPlain},
		{text: "/ shrug", kind: inputPlain},
		{text: "", withFile: true, kind: inputPlain},
		{text: "a photo of the label", withFile: true, kind: inputPlain},
		// Commands for another bot are neither ours nor the customer's.
		{text: "/start@OtherBot", kind: inputForeign},
		{text: "/note@OtherBot hi", kind: inputForeign},

		// The report: a week unless a month is asked for.
		{text: "/report", kind: inputCommand, want: command{Verb: actReport, Days: 7}},
		{text: "/report week", kind: inputCommand, want: command{Verb: actReport, Days: 7}},
		{text: "/report Month", kind: inputCommand, want: command{Verb: actReport, Days: 30}},
		{text: "/report 月", kind: inputCommand, want: command{Verb: actReport, Days: 30}},
		{text: "/report year", kind: inputCommand, want: command{Verb: actReport}, errKey: "staff.usage.report"},

		// Notes: the command, the prefix, in a caption.
		{text: "/note called the customer", kind: inputCommand, want: command{Verb: actNote, Text: "called the customer"}},
		{text: "/note@ShopDeskBot two\nlines", kind: inputCommand, want: command{Verb: actNote, Text: "two\nlines"}},
		{text: "/NOTE@shopdeskbot x", kind: inputCommand, want: command{Verb: actNote, Text: "x"}},
		{text: "/note\nfirst line", kind: inputCommand, want: command{Verb: actNote, Text: "first line"}},
		{text: "!! internal only", kind: inputCommand, want: command{Verb: actNote, Text: "internal only"}},
		{text: "!!", withFile: true, kind: inputCommand, want: command{Verb: actNote}},
		{text: "/note the label", withFile: true, kind: inputCommand, want: command{Verb: actNote, Text: "the label"}},
		{text: "/note", kind: inputCommand, errKey: "staff.usage.note"},
		{text: "!!   ", kind: inputCommand, errKey: "staff.usage.note"},
		{text: "/claim", withFile: true, kind: inputCommand, errKey: "staff.usage.file_with_command"},

		// Canned replies.
		{text: "/reply thanks", kind: inputCommand, want: command{Verb: actReply, Canned: "thanks"}},
		{text: "/reply Size-Guide", kind: inputCommand, want: command{Verb: actReply, Canned: "size-guide"}},
		{text: "/reply", kind: inputCommand, errKey: "staff.usage.reply"},
		{text: "/reply nope", kind: inputCommand, errKey: "staff.usage.reply_unknown"},
		{text: "/reply thanks and more", kind: inputCommand, errKey: "staff.usage.reply_extra"},

		// Taking and giving.
		{text: "/claim", kind: inputCommand, want: command{Verb: actClaim}},
		{text: "/claim@ShopDeskBot", kind: inputCommand, want: command{Verb: actClaim}},
		{text: "/claim now", kind: inputCommand, errKey: "staff.usage.no_arguments"},
		{text: "/release", kind: inputCommand, want: command{Verb: actRelease}},
		{text: "/assign @Li_Desk", kind: inputCommand, want: command{Verb: actAssign, Username: "li_desk"}},
		{text: "/assign wang_desk", kind: inputCommand, want: command{Verb: actAssign, Username: "wang_desk"}},
		{text: "/assign", kind: inputCommand, want: command{Verb: actAssign}},
		{text: "/assign @li @wang", kind: inputCommand, errKey: "staff.usage.assign"},
		{text: "/assign @li-desk", kind: inputCommand, errKey: "staff.usage.assign"},

		// Returns: the flow reads the arguments.
		{text: "/return", kind: inputCommand, want: command{Verb: actReturn}},
		{text: "/return exchange", kind: inputCommand, want: command{Verb: actReturn, Text: "exchange"}},
		{text: "/shipped SF Express SF123", kind: inputCommand, want: command{Verb: actShipped, Text: "SF Express SF123"}},
		{text: "/received damaged a stain", kind: inputCommand, want: command{Verb: actReceived, Text: "damaged a stain"}},
		{text: "/received damaged a stain", withFile: true, kind: inputCommand, want: command{Verb: actReceived, Text: "damaged a stain"}},
		{text: "/shipped SF123456789", withFile: true, kind: inputCommand, want: command{Verb: actShipped, Text: "SF123456789"}},
		{text: "/return", withFile: true, kind: inputCommand, errKey: "staff.usage.file_with_command"},

		// Statuses.
		{text: "/needinfo", kind: inputCommand, want: command{Verb: actNeedInfo}},
		{text: "/needinfo Which size did you order?", kind: inputCommand, want: command{Verb: actNeedInfo, Text: "Which size did you order?"}},
		{text: "/resolve Replacement sent", kind: inputCommand, want: command{Verb: actResolve, Text: "Replacement sent"}},
		{text: "/resolve", kind: inputCommand, errKey: "staff.usage.resolve"},
		{text: "/resolve " + long, kind: inputCommand, errKey: "staff.usage.resolve_long"},
		{text: "/resolve " + long[:len(long)-len("好")], kind: inputCommand, want: command{Verb: actResolve, Text: long[:len(long)-len("好")]}},
		{text: "/close", kind: inputCommand, want: command{Verb: actClose}},
		{text: "/close K7M-4QX", kind: inputCommand, errKey: "staff.usage.no_arguments"},
		{text: "/reopen", kind: inputCommand, want: command{Verb: actReopen}},

		// Priority and urgency.
		{text: "/priority up", kind: inputCommand, want: command{Verb: actPriority, Delta: 1}},
		{text: "/priority DOWN", kind: inputCommand, want: command{Verb: actPriority, Delta: -1}},
		{text: "/priority +", kind: inputCommand, want: command{Verb: actPriority, Delta: 1}},
		{text: "/priority", kind: inputCommand, errKey: "staff.usage.priority"},
		{text: "/priority 5", kind: inputCommand, errKey: "staff.usage.priority"},
		{text: "/urgent", kind: inputCommand, want: command{Verb: actUrgent}},
		{text: "/urgent on", kind: inputCommand, want: command{Verb: actUrgent}},
		{text: "/urgent off", kind: inputCommand, want: command{Verb: actUrgent, Off: true}},
		{text: "/urgent maybe", kind: inputCommand, errKey: "staff.usage.urgent"},

		// Lists.
		{text: "/tickets", kind: inputCommand, want: command{Verb: actList, List: listOpen}},
		{text: "/tickets mine", kind: inputCommand, want: command{Verb: actList, List: listMine}},
		{text: "/tickets Overdue", kind: inputCommand, want: command{Verb: actList, List: listOverdue}},
		{text: "/tickets waiting", kind: inputCommand, want: command{Verb: actList, List: listWaiting}},
		{text: "/tickets closed", kind: inputCommand, errKey: "staff.usage.tickets"},
		{text: "/ticket k7m4qx", kind: inputCommand, want: command{Verb: actShow, Ref: "K7M-4QX"}},
		{text: "/ticket K7M-4QO", kind: inputCommand, errKey: "staff.usage.ticket"},
		{text: "/ticket", kind: inputCommand, errKey: "staff.usage.ticket"},
		{text: "/sla", kind: inputCommand, want: command{Verb: actSLA, Hours: 4}},
		{text: "/sla 8", kind: inputCommand, want: command{Verb: actSLA, Hours: 8}},
		{text: "/sla 24h", kind: inputCommand, want: command{Verb: actSLA, Hours: 24}},
		{text: "/sla 0", kind: inputCommand, errKey: "staff.usage.sla"},
		{text: "/sla 100", kind: inputCommand, errKey: "staff.usage.sla"},
		{text: "/sla soon", kind: inputCommand, errKey: "staff.usage.sla"},
		{text: "/help", kind: inputCommand, want: command{Verb: actHelp}},
		{text: "/help me", kind: inputCommand, errKey: "staff.usage.no_arguments"},

		// A command the desk doesn't have is answered, not passed on.
		{text: "/start", kind: inputCommand, errKey: "staff.usage.unknown"},
		{text: "/status@ShopDeskBot", kind: inputCommand, errKey: "staff.usage.unknown"},
	}
	p := testStaffParser()
	for _, tc := range cases {
		got, kind, err := p.parse(tc.text, tc.withFile)
		if kind != tc.kind {
			t.Errorf("%q: kind %d, want %d", tc.text, kind, tc.kind)
			continue
		}
		var ue *usageError
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
	if _, kind, err := p.parse("!! not a note", false); kind != inputPlain || err != nil {
		t.Fatalf("kind %d, err %v; want a plain message", kind, err)
	}
}

// A shop without canned replies says so instead of listing nothing.
func TestParseReplyWithoutCannedReplies(t *testing.T) {
	t.Parallel()
	p := testStaffParser()
	p.canned = nil
	var ue *usageError
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
		var ue *usageError
		if !errors.As(err, &ue) {
			t.Fatalf("%q: no usage error", in)
		}
		for _, lang := range locale.Languages() {
			got := cat.HTML(lang, ue.Key, ue.Params)
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
	for _, v := range commands {
		for _, lang := range locale.Languages() {
			key := "staff.cmd." + string(v)
			if !cat.Has(lang, key) || len([]rune(cat.Text(lang, key, nil))) > 256 {
				t.Errorf("%s: /%s has no menu line (or one too long)", lang, v)
			}
		}
	}
}
