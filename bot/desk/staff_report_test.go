package desk_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// reportArrived checks that chat received a report after message after:
// a summary containing every one of want, then the chart as a photo that
// decodes at the chart's size.
func reportArrived(t *testing.T, s *shoptest.Shop, chatID int64, after int, want ...string) {
	t.Helper()
	var summary, photo *telegramsim.Entry
	for _, e := range testworld.BotEntries(s.Sim, chatID) {
		if e.Message.ID <= after {
			continue
		}
		switch {
		case len(e.Message.Photo) > 0 && photo == nil:
			photo = &e
		case e.Message.Text != "" && summary == nil:
			summary = &e
		}
	}
	if summary == nil || photo == nil {
		t.Fatalf("no summary and photo in chat %d after message %d:\n%s", chatID, after, s.Transcript(chatID))
	}
	for _, w := range want {
		if !strings.Contains(summary.Message.Text, w) {
			t.Errorf("the summary has no %q:\n%s", w, summary.Message.Text)
		}
	}
	if photo.Message.ID < summary.Message.ID {
		t.Errorf("the chart came before the summary")
	}
	big := photo.Message.Photo[len(photo.Message.Photo)-1]
	f, ok := s.Sim.File(big.FileID)
	if !ok {
		t.Fatalf("the chart's file %s is not in the simulator", big.FileID)
	}
	img, err := png.Decode(bytes.NewReader(f.Data))
	if err != nil {
		t.Fatalf("the chart is no PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 720 {
		t.Errorf("the chart is %dx%d", b.Dx(), b.Dy())
	}
}

// /report in the staff group, from staff, in English: the week's numbers
// and the chart, as a reply to the command; a span it does not know is
// answered with how to write it.
func TestReportInStaffGroup(t *testing.T) {
	t.Parallel()
	s := shoptest.New(t, shoptest.Options{})
	s.File(s.Customer("Ann", "en"))
	s.File(s.Customer("Bo", "zh-hans"))

	cmd := s.Say(s.Li, "/report")
	reportArrived(t, s, s.Staff.ID, cmd.ID, "After-sales report", "Tickets opened: 2", "Top categories:")

	bad := s.Say(s.Li, "/report year")
	s.Settle()
	s.GroupAnswer(bad.ID, "/report month")
}

// The same in Chinese, a month, asked by the owner.
func TestReportInStaffGroupChinese(t *testing.T) {
	t.Parallel()
	s := shoptest.New(t, shoptest.Options{StaffLang: "zh"})
	s.File(s.Customer("Bo", "zh-hans"))
	cmd := s.Say(s.Owner, "/report month")
	reportArrived(t, s, s.Staff.ID, cmd.ID, "售后报表", "新工单：1", "满意度：本期没有完成的回访")
}

// An owner asks in their private chat with the bot; a customer's /report
// is the dialogue's, not a report.
func TestReportInOwnersPrivateChat(t *testing.T) {
	t.Parallel()
	s := shoptest.New(t, shoptest.Options{StaffLang: "zh"})
	ann := s.Customer("Ann", "en")
	s.File(ann)
	m, err := s.Sim.SendText(s.Owner.ID, s.Owner.ID, "/report week")
	if err != nil {
		t.Fatal(err)
	}
	s.Pump()
	reportArrived(t, s, s.Owner.ID, m.ID, "售后报表", "新工单：1")

	before := shoptest.LastID(s.Sim.Transcript(ann.ID))
	if _, err := s.Sim.SendText(ann.ID, ann.ID, "/report"); err != nil {
		t.Fatal(err)
	}
	s.Pump()
	for _, e := range testworld.BotEntries(s.Sim, ann.ID) {
		if e.Message.ID > before && (len(e.Message.Photo) > 0 || strings.Contains(e.Message.Text, "report")) {
			t.Errorf("a customer got a report: %q", e.Message.Text)
		}
	}
}
