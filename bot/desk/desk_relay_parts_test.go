package desk

import (
	"fmt"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
	"github.com/complaintbot/complaintbot/tickets"
)

// describeParts renders parts as "text:<text>|rows" or
// "album:<kind:caption,...>|rows", one per part.
func describeParts(parts []relayPart) []string {
	var out []string
	for _, p := range parts {
		if len(p.files) == 0 {
			out = append(out, fmt.Sprintf("text:%s|%v", p.text, p.rows))
			continue
		}
		var fs []string
		for _, f := range p.files {
			fs = append(fs, f.Kind+":"+f.Caption)
		}
		out = append(out, fmt.Sprintf("album:%s|%v", strings.Join(fs, ","), p.rows))
	}
	return out
}

func TestRelayParts(t *testing.T) {
	t.Parallel()
	photo := func(id string) tickets.Media { return tickets.Media{Kind: "photo", FileID: id, MediaGroupID: "g1"} }
	const h = "👤 <b>Wang</b>:"
	cases := []struct {
		name string
		rows []tickets.Message
		want []string
	}{
		{"text", []tickets.Message{{Text: "the lid <cracked> & leaks"}},
			[]string{"text:" + h + "\nthe lid &lt;cracked&gt; &amp; leaks|[0]"}},
		{"photo with caption", []tickets.Message{{Text: "here", Attachments: []tickets.Media{photo("a")}}},
			[]string{"album:photo:" + h + "\nhere|[0]"}},
		{"voice without caption", []tickets.Message{{Attachments: []tickets.Media{{Kind: "voice", FileID: "v"}}}},
			[]string{"album:voice:" + h + "|[0]"}},
		{"album, author in the first caption", []tickets.Message{
			{Text: "front", Attachments: []tickets.Media{photo("a")}},
			{Attachments: []tickets.Media{photo("b")}},
			{Text: "back", Attachments: []tickets.Media{{Kind: "video", FileID: "c", MediaGroupID: "g1"}}},
		}, []string{"album:photo:" + h + "\nfront,photo:,video:back|[0 1 2]"}},
		{"documents apart from photos", []tickets.Message{
			{Attachments: []tickets.Media{photo("a")}},
			{Attachments: []tickets.Media{{Kind: "document", FileID: "d"}}},
		}, []string{"album:photo:" + h + "|[0]", "album:document:|[1]"}},
		{"nothing to show", []tickets.Message{{}},
			[]string{"text:" + h + "\n(unsupported)|[0]"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := describeParts(relayParts(h, tc.rows, "(unsupported)"))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("parts\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestRelayPartsSplitLongTexts(t *testing.T) {
	t.Parallel()
	const h = "👤 <b>Wang</b>:"
	long := strings.Repeat("word <&> ", 1000) // 9000 characters
	parts := relayParts(h, []tickets.Message{{Text: long}}, "")
	if len(parts) < 3 {
		t.Fatalf("%d parts for 9000 characters", len(parts))
	}
	var joined []string
	for i, p := range parts {
		f, werr := wire.FormatText(p.text, "HTML", "")
		if werr != nil {
			t.Fatalf("part %d: %v", i, werr)
		}
		if n := wire.UTF16Len(f.Text); n > maxMessageText {
			t.Errorf("part %d has %d units", i, n)
		}
		if i == 0 != strings.HasPrefix(f.Text, "👤 Wang:") {
			t.Errorf("part %d: the author line is on the first part only", i)
		}
		joined = append(joined, strings.TrimPrefix(f.Text, "👤 Wang:\n"))
	}
	if got := strings.Join(joined, " "); got != strings.TrimSpace(long) {
		t.Errorf("the split lost or changed text: %d characters back of %d", len(got), len(strings.TrimSpace(long)))
	}

	// A caption too long for a file follows as a text of its own.
	parts = relayParts(h, []tickets.Message{{Text: strings.Repeat("x", 1500), Attachments: []tickets.Media{{Kind: "photo", FileID: "a"}}}}, "")
	got := describeParts(parts)
	if len(got) != 2 || got[0] != "album:photo:"+h+"|[0]" || !strings.HasPrefix(got[1], "text:xxx") {
		t.Errorf("long caption: %.200q", got)
	}
}
