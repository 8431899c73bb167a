package conversation

import (
	"testing"
)

// An album of three photos arrives as three inputs: they all edit one
// counter message, which counts up.
func TestAlbumGetsOneCounter(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.walk(AskAttachments)
	var edit string
	for i, want := range []string{"1", "2", "3"} {
		res := h.media("photo", "album-1", "")
		if len(res.Replies) != 1 {
			t.Fatalf("album item %d: %s; want exactly one reply", i+1, describe(res))
		}
		r := res.Replies[0]
		if r.Key != "conversation.attachments_count" || r.Params["count"] != want || r.Params["max"] != "10" {
			t.Errorf("album item %d: %s %v", i+1, r.Key, r.Params)
		}
		if r.Edit == "" || (edit != "" && r.Edit != edit) {
			t.Errorf("album item %d edits %q, want the same counter as before (%q)", i+1, r.Edit, edit)
		}
		edit = r.Edit
		if h.find(res, actDone, "") == "" {
			t.Errorf("album item %d: the counter has no Done button", i+1)
		}
	}
	if n := len(h.st.Form.Attachments); n != 3 || h.st.Form.Attachments[2].MediaGroupID != "album-1" {
		t.Fatalf("kept %d attachments: %+v", n, h.st.Form.Attachments)
	}
	// A single photo later still edits the same counter of this question.
	if res := h.media("video", "", ""); res.Replies[0].Edit != edit || res.Replies[0].Params["count"] != "4" {
		t.Errorf("later file: %+v", res.Replies[0])
	}
	h.press(actDone, "")
	if h.st.Stage != AskOutcome {
		t.Fatalf("Done led to %s", h.st.Stage)
	}
}

func TestAttachmentLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.walk(AskAttachments)
	for range 10 {
		h.media("photo", "", "")
	}
	res := h.media("photo", "", "")
	if len(h.st.Form.Attachments) != 10 || !hasKey(res, "conversation.attachments_full") {
		t.Fatalf("11th file: kept %d, %s", len(h.st.Form.Attachments), describe(res))
	}
	if r := res.Replies[0]; r.Params["dropped"] != "1" {
		t.Errorf("11th file: notice %+v; want 1 dropped", r)
	}
	// The files of an album over the limit are counted on that one
	// notice, edited as they arrive: none goes unmentioned.
	res = h.media("photo", "big", "")
	res2 := h.media("photo", "big", "")
	if len(res2.Replies) != 1 || res2.Replies[0].Key != "conversation.attachments_full" ||
		res2.Replies[0].Edit != res.Replies[0].Edit || res2.Replies[0].Params["dropped"] != "3" {
		t.Errorf("album over the limit: first %s, second %+v; want the notice edited to 3 dropped", describe(res), res2.Replies)
	}
	h.last = res
	h.press(actClear, "")
	if len(h.st.Form.Attachments) != 0 || h.st.Stage != AskAttachments {
		t.Errorf("Remove all kept %d, stage %s", len(h.st.Form.Attachments), h.st.Stage)
	}
}

// An album sent at the description: the caption describes the problem and
// every file is kept.
func TestAlbumAtTheDescription(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.walk(AskDescription)
	res := h.media("photo", "g", "The sole came off after two days of walking.")
	if h.st.Stage != AskAttachments || lastKey(res) != promptKey[AskAttachments] || res.Replies[0].Params["count"] != "1" {
		t.Fatalf("captioned first item: stage %s, %s", h.st.Stage, describe(res))
	}
	h.media("photo", "g", "")
	res = h.media("photo", "g", "")
	if len(h.st.Form.Attachments) != 3 || res.Replies[0].Params["count"] != "3" {
		t.Fatalf("kept %d, %s", len(h.st.Form.Attachments), describe(res))
	}
	// Without a caption the album's first file asks for words, the rest are quiet.
	h2 := newHarness(t)
	h2.walk(AskDescription)
	first := h2.media("photo", "g2", "")
	second := h2.media("photo", "g2", "")
	if keys(first)[0] != "conversation.media_needs_words" || len(second.Replies) != 0 || len(h2.st.Form.Attachments) != 2 {
		t.Fatalf("uncaptioned album: %s then %s, kept %d", describe(first), describe(second), len(h2.st.Form.Attachments))
	}
	h2.text("The sole came off after two days of walking.")
	if h2.st.Stage != AskAttachments || len(h2.st.Form.Attachments) != 2 {
		t.Errorf("stage %s, kept %d", h2.st.Stage, len(h2.st.Form.Attachments))
	}
}

// Emoji, right-to-left text and joiners survive into the complaint as the
// customer wrote them; invisible characters that could disguise text go.
func TestDescriptionKeepsWhatTheCustomerWrote(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"emoji":          "The screen cracked 😡📺 on arrival",
		"family emoji":   "My kids 👨\u200d👩\u200d👧 can't use it, the cable is missing",
		"right-to-left":  "המסך נסדק כשהגיע הביתה",
		"mixed":          "Order arrived broken — الشاشة مكسورة",
		"html and marks": "<b>broken</b> & *bold* _it_ [link](http://x)",
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.walk(AskDescription)
			h.text(text)
			if h.st.Form.Description != text {
				t.Errorf("description %q, want %q", h.st.Form.Description, text)
			}
		})
	}
	h := newHarness(t)
	h.walk(AskDescription)
	h.text("The zip\u200b broke \u202eon day one")
	if h.st.Form.Description != "The zip broke on day one" {
		t.Errorf("description %q", h.st.Form.Description)
	}
}
