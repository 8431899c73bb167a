package send

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/complaintbot/complaintbot/telegramsim"
)

func TestSenderDeskCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := newSimEnv(t, false)
	sim, out := env.sim, env.out
	ann := sim.AddUser(telegramsim.User{FirstName: "Ann", LanguageCode: "en"})
	files := userFiles(t, sim, ann.ID)
	desk := sim.AddGroup(telegramsim.Group{Title: "Desk", Forum: true, BotIsAdmin: true, Members: []int64{ann.ID}})

	thread, err := out.CreateTopic(ctx, desk.ID, "K7M-4QX · Kettles · Ann")
	if err != nil {
		t.Fatal(err)
	}
	card, err := out.Send(ctx, desk.ID, "<b>K7M-4QX</b> card", Opts{ThreadID: thread})
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"photo", "video", "document", "voice"} {
		f := files[kind]
		f.Caption = "<i>" + kind + "</i>"
		if _, err := out.SendFile(ctx, desk.ID, f, Opts{ThreadID: thread, ReplyTo: card}); err != nil {
			t.Fatalf("send %s: %v", kind, err)
		}
	}
	ids, err := out.SendAlbum(ctx, desk.ID, []File{files["photo"], files["video"], files["photo2"]}, Opts{ThreadID: thread, ReplyTo: card})
	if err != nil || len(ids) != 3 {
		t.Fatalf("album: %v %v", ids, err)
	}
	if _, err := out.SendAlbum(ctx, desk.ID, []File{files["photo"], files["document"]}, Opts{ThreadID: thread}); !errors.Is(err, ErrNotSendable) {
		t.Errorf("photo and document in one album: err %v, want ErrNotSendable", err)
	}
	if _, err := out.SendContact(ctx, desk.ID, "+8613800138000", "Ann", Opts{ThreadID: thread}); err != nil {
		t.Fatal(err)
	}
	if err := out.EditCaption(ctx, desk.ID, ids[0], "<b>from Ann</b>", nil); err != nil {
		t.Fatal(err)
	}
	if err := out.EditCaption(ctx, desk.ID, ids[0], "<b>from Ann</b>", nil); err != nil {
		t.Errorf("unchanged caption: %v", err)
	}
	if err := out.React(ctx, desk.ID, card, "👍"); err != nil {
		t.Fatal(err)
	}

	// Topic management: repeating a change is no error.
	for range 2 {
		if err := out.RenameTopic(ctx, desk.ID, thread, "K7M-4QX · Kettles · Ann W."); err != nil {
			t.Fatalf("rename: %v", err)
		}
		if err := out.CloseTopic(ctx, desk.ID, thread); err != nil {
			t.Fatalf("close: %v", err)
		}
	}
	if _, err := out.Send(ctx, desk.ID, "into a closed topic", Opts{ThreadID: thread}); !IsTopicClosed(err) {
		t.Errorf("post into a closed topic: err %v", err)
	}
	for range 2 {
		if err := out.ReopenTopic(ctx, desk.ID, thread); err != nil {
			t.Fatalf("reopen: %v", err)
		}
	}
	topics := sim.Topics(desk.ID)
	if len(topics) != 1 || topics[0].Name != "K7M-4QX · Kettles · Ann W." || topics[0].Closed {
		t.Errorf("topics = %+v", topics)
	}

	// What arrived in the topic, in order, replying where asked.
	var got []string
	for _, e := range botEntries(sim, desk.ID) {
		m := e.Message
		if m.MessageThreadID != thread {
			t.Errorf("message %d in thread %d, want %d", m.ID, m.MessageThreadID, thread)
		}
		kind := "text"
		switch {
		case len(m.Photo) > 0:
			kind = "photo"
		case m.Video != nil:
			kind = "video"
		case m.Document != nil:
			kind = "document"
		case m.Voice != nil:
			kind = "voice"
		case m.Contact != nil:
			kind = "contact:" + m.Contact.PhoneNumber
		}
		replyTo := 0
		if m.ReplyToMessage != nil && m.ReplyToMessage.ID != thread {
			replyTo = m.ReplyToMessage.ID
		}
		got = append(got, fmt.Sprintf("%s %s %d", kind, m.Text+m.Caption, replyTo))
	}
	want := []string{
		fmt.Sprintf("text K7M-4QX card %d", 0),
		fmt.Sprintf("photo photo %d", card), fmt.Sprintf("video video %d", card),
		fmt.Sprintf("document document %d", card), fmt.Sprintf("voice voice %d", card),
		fmt.Sprintf("photo from Ann %d", card), fmt.Sprintf("video  %d", card), fmt.Sprintf("photo  %d", card),
		"contact:+8613800138000  0",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("topic holds\n%q\nwant\n%q", got, want)
	}

	// Staff delete the topic: posts and edits there say it is gone.
	if err := sim.DeleteTopic(desk.ID, thread); err != nil {
		t.Fatal(err)
	}
	if _, err := out.Send(ctx, desk.ID, "hello?", Opts{ThreadID: thread}); !IsThreadGone(err) {
		t.Errorf("post into a deleted topic: err %v, want thread gone", err)
	}
	if err := out.EditText(ctx, desk.ID, card, "edited", nil); !IsMessageGone(err) || IsThreadGone(err) {
		t.Errorf("edit a card of a deleted topic: err %v, want message gone", err)
	}
	if err := out.CloseTopic(ctx, desk.ID, thread); !IsThreadGone(err) {
		t.Errorf("close a deleted topic: err %v, want thread gone", err)
	}
	if err := out.Leave(ctx, desk.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := out.Send(ctx, desk.ID, "still here?", Opts{}); err == nil {
		t.Error("the bot posted in a group it left")
	}
}

func TestSenderRepliesInAPlainGroup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := newSimEnv(t, false)
	sim, out := env.sim, env.out
	ann := sim.AddUser(telegramsim.User{FirstName: "Ann"})
	files := userFiles(t, sim, ann.ID)
	desk := sim.AddGroup(telegramsim.Group{Title: "Desk", Members: []int64{ann.ID}})
	card, err := out.Send(ctx, desk.ID, "card", Opts{})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := out.SendAlbum(ctx, desk.ID, []File{files["document"], files["document"]}, Opts{ReplyTo: card})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range botEntries(sim, desk.ID)[1:] {
		if r := e.Message.ReplyToMessage; r == nil || r.ID != card {
			t.Errorf("album item %d does not reply to the card", e.Message.ID)
		}
	}
	if len(ids) != 2 {
		t.Fatalf("album ids %v", ids)
	}
	if _, err := out.Send(ctx, desk.ID, "reply", Opts{ReplyTo: 9999}); !IsMessageGone(err) {
		t.Errorf("reply to a missing message: err %v, want message gone", err)
	}
}

func TestSplitAlbums(t *testing.T) {
	t.Parallel()
	f := func(kinds ...string) []File {
		var out []File
		for i, k := range kinds {
			out = append(out, File{Kind: k, FileID: fmt.Sprint(i)})
		}
		return out
	}
	shape := func(groups [][]File) []int {
		var out []int
		for _, g := range groups {
			out = append(out, len(g))
		}
		return out
	}
	twelve := make([]string, 12)
	for i := range twelve {
		twelve[i] = "photo"
	}
	cases := []struct {
		name  string
		files []File
		want  []int
	}{
		{"one photo", f("photo"), []int{1}},
		{"photos and videos mix", f("photo", "video", "photo"), []int{3}},
		{"documents apart", f("photo", "document", "document", "video"), []int{1, 2, 1}},
		{"voice alone", f("photo", "voice", "photo"), []int{1, 1, 1}},
		{"two voices", f("voice", "voice"), []int{1, 1}},
		{"at most ten", f(twelve...), []int{10, 2}},
		{"nothing", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := SplitAlbums(tc.files)
			if !reflect.DeepEqual(shape(got), tc.want) {
				t.Errorf("SplitAlbums = %v, want %v", shape(got), tc.want)
			}
			var flat []File
			for _, g := range got {
				flat = append(flat, g...)
			}
			if len(tc.files) > 0 && !reflect.DeepEqual(flat, tc.files) {
				t.Errorf("order changed: %v", flat)
			}
		})
	}
}
