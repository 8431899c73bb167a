package telegramsim

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestSnapshotShowsTheWorldAtOneMoment(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{BotUsername: "ShopDeskBot", BotName: "Shop Desk"})
	if b := e.sim.Bot(); !b.IsBot || b.Username != "ShopDeskBot" || b.FirstName != "Shop Desk" || b.ID != 123456789 {
		t.Errorf("Bot = %+v", b)
	}
	ann := e.startedUser(t, "Ann")
	owner := e.sim.AddUser(User{FirstName: "Zhang"})
	g := e.sim.AddGroup(Group{Title: "Staff", Forum: true, BotIsAdmin: true, Members: []int64{owner.ID}})
	topic, err := e.sim.CreateTopic(g.ID, owner.ID, "Ticket 1")
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"one", "two", "three"} {
		if _, err := e.sim.SendText(ann.ID, ann.ID, text); err != nil {
			t.Fatal(err)
		}
	}
	gone := e.call(t, "sendMessage", map[string]any{"chat_id": ann.ID, "text": "gone soon",
		"reply_markup": map[string]any{"keyboard": [][]map[string]string{{{"text": "Yes"}}}}})
	var m struct {
		ID int `json:"message_id"`
	}
	if err := jsonUnmarshal(gone.Result, &m); err != nil {
		t.Fatal(err)
	}
	if a := e.call(t, "deleteMessage", map[string]any{"chat_id": ann.ID, "message_id": m.ID}); !a.OK {
		t.Fatal(a.Description)
	}

	all := e.sim.Snapshot(3)
	if len(all) != 3 || all[0].ID != ann.ID || all[1].ID != owner.ID || all[2].ID != g.ID {
		t.Fatalf("snapshot chats = %+v, want Ann, Zhang and the group in order", all)
	}
	var texts []string
	for _, en := range all[0].Messages {
		texts = append(texts, en.Message.Text)
	}
	if len(texts) != 3 || texts[0] != "one" || texts[2] != "three" {
		t.Errorf("Ann's latest messages = %q, want the last three not deleted", texts)
	}
	if kb := all[0].Keyboard; kb == nil || kb.Keyboard[0][0].Text != "Yes" {
		t.Errorf("Ann's keyboard = %+v", kb)
	}
	if ts := all[2].Topics; len(ts) != 1 || ts[0].ThreadID != topic || ts[0].Name != "Ticket 1" {
		t.Errorf("group topics = %+v", ts)
	}
	if all[2].Title != "Staff" || !all[2].Forum || len(all[2].Members) != 1 {
		t.Errorf("group = %+v", all[2].ChatInfo)
	}
	if bare := e.sim.Snapshot(0); len(bare) != 3 || bare[0].Messages != nil || bare[2].Topics == nil {
		t.Errorf("snapshot without messages = %+v", bare)
	}
}

func TestFileFindsEveryStoredFile(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{})
	ann := e.startedUser(t, "Ann")
	img := pngImage(t, 200, 100)
	p, err := e.sim.SendPhoto(ann.ID, ann.ID, img, "")
	if err != nil {
		t.Fatal(err)
	}
	f, ok := e.sim.File(largest(p).FileID)
	if !ok || f.FileUniqueID != largest(p).FileUniqueID || f.MIMEType != "image/png" || !bytes.Equal(f.Data, img) || f.Path == "" {
		t.Errorf("File(photo) = %+v, %v", f, ok)
	}
	if thumb, ok := e.sim.File(p.Photo[0].FileID); !ok || thumb.MIMEType != "image/jpeg" || len(thumb.Data) != p.Photo[0].FileSize {
		t.Errorf("File(thumbnail) = %+v, %v", thumb, ok)
	}
	d, err := e.sim.SendDocument(ann.ID, ann.ID, "invoice.pdf", []byte("%PDF"), "")
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := e.sim.File(d.Document.FileID); !ok || f.Name != "invoice.pdf" || f.MIMEType != "application/pdf" {
		t.Errorf("File(document) = %+v, %v", f, ok)
	}
	if _, ok := e.sim.File("nothing"); ok {
		t.Error("File found an unknown file_id")
	}
}

func TestHandlerAndDone(t *testing.T) {
	t.Parallel()
	sim, err := New(Options{Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	probe := httptest.NewRequest(http.MethodGet, "/extra/x", nil)
	if _, pattern := sim.Handler(probe); pattern != "/" {
		t.Errorf("pattern before Handle = %q, want the API's", pattern)
	}
	sim.Handle("GET /extra/", http.NotFoundHandler())
	if _, pattern := sim.Handler(probe); pattern != "GET /extra/" {
		t.Errorf("pattern after Handle = %q", pattern)
	}
	if sim.Logger() == nil {
		t.Error("no logger")
	}
	select {
	case <-sim.Done():
		t.Fatal("Done before Close")
	default:
	}
	_ = sim.Close()
	select {
	case <-sim.Done():
	case <-time.After(time.Second):
		t.Fatal("Done not closed by Close")
	}
}
