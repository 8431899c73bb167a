package send

import (
	"context"
	"testing"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// A photo the bot made goes up as a multipart upload and arrives as a
// photo with its caption, in the topic it was placed in.
func TestSendPhotoUpload(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := newSimEnv(t, false)
	ann := env.sim.AddUser(telegramsim.User{FirstName: "Ann", LanguageCode: "en"})
	desk := env.sim.AddGroup(telegramsim.Group{Title: "Desk", Forum: true, BotIsAdmin: true, Members: []int64{ann.ID}})
	thread, err := env.out.CreateTopic(ctx, desk.ID, "Reports")
	if err != nil {
		t.Fatal(err)
	}
	id, err := env.out.SendPhotoUpload(ctx, desk.ID, Upload{Name: "report.png", Data: testPNG(t, 30), Caption: "<b>Week</b>"}, Opts{ThreadID: thread})
	if err != nil {
		t.Fatal(err)
	}
	entries := botEntries(env.sim, desk.ID)
	m := entries[len(entries)-1].Message
	if m.ID != id || len(m.Photo) == 0 || m.Caption != "Week" || m.MessageThreadID != thread {
		t.Fatalf("sent %+v", m)
	}
	if big := m.Photo[len(m.Photo)-1]; big.Width != 4 || big.Height != 3 {
		t.Errorf("photo is %dx%d, want the uploaded 4x3", big.Width, big.Height)
	}
	if _, err := env.out.SendPhotoUpload(ctx, desk.ID, Upload{Name: "empty.png"}, Opts{}); err == nil {
		t.Error("an empty upload was sent")
	}
}
