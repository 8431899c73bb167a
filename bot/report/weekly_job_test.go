package report_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/bot/report"
	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/internal/testworld"
)

// The weekly report reaches every owner once: the job is unique by its
// week, so a second replica's insert of the same week is skipped, and a
// week's job that runs again (its row lost, say) finds the owner already
// reached.
func TestWeeklyReportOncePerOwner(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	weekly, _ := report.ParseWeekly(report.DefaultWeekly)
	s := shoptest.New(t, shoptest.Options{Weekly: weekly})
	if n := len(s.Reports.PeriodicJobs()); n != 1 {
		t.Fatalf("%d periodic jobs, want the weekly report's", n)
	}
	s.File(s.Customer("Ann", "en"))
	// The owner has written to the bot once, as one must before a bot may
	// write to them.
	if _, err := s.Sim.SendText(s.Owner.ID, s.Owner.ID, "/start"); err != nil {
		t.Fatal(err)
	}
	s.Pump()
	s.Settle()
	before := shoptest.LastID(s.Sim.Transcript(s.Owner.ID))
	s.Clock.Advance(7 * 24 * time.Hour) // a week on, the ticket is last week's
	args := s.Reports.WeeklyArgsAt(s.Clock.Now())

	for replica := range 2 {
		res, err := s.Inserter.Insert(ctx, args, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.UniqueSkippedAsDuplicate != (replica == 1) {
			t.Errorf("replica %d's insert: skipped as a duplicate = %v", replica, res.UniqueSkippedAsDuplicate)
		}
	}
	s.Settle()
	reports := func() (texts, photos int) {
		for _, e := range testworld.BotEntries(s.Sim, s.Owner.ID) {
			switch {
			case e.Message.ID <= before:
			case len(e.Message.Photo) > 0:
				photos++
			case strings.Contains(e.Message.Text, "Weekly after-sales report"):
				texts++
				if !strings.Contains(e.Message.Text, "Tickets opened: 1") {
					t.Errorf("the weekly report misses last week's ticket:\n%s", e.Message.Text)
				}
			}
		}
		return texts, photos
	}
	if texts, photos := reports(); texts != 1 || photos != 1 {
		t.Fatalf("the owner got %d reports and %d charts, want one of each:\n%s", texts, photos, s.Transcript(s.Owner.ID))
	}

	if _, err := s.Pool.Exec(ctx, "DELETE FROM river_job WHERE kind = $1", args.Kind()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Inserter.Insert(ctx, args, nil); err != nil {
		t.Fatal(err)
	}
	s.Settle()
	if texts, photos := reports(); texts != 1 || photos != 1 {
		t.Errorf("the week's job again: the owner has %d reports and %d charts", texts, photos)
	}
}

// Off sends nothing: no periodic job.
func TestWeeklyReportOff(t *testing.T) {
	t.Parallel()
	r := report.New(report.Deps{}, report.Config{})
	if n := len(r.PeriodicJobs()); n != 0 {
		t.Errorf("%d periodic jobs with the weekly report off", n)
	}
}

// A weekly report whose chart failed is tried again with the chart alone:
// the owner reads the summary once.
func TestWeeklyReportRetriedAfterItsChartSendsTheChartOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	weekly, _ := report.ParseWeekly(report.DefaultWeekly)
	var failed atomic.Bool
	refuseFirstPhoto := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/sendPhoto") && failed.CompareAndSwap(false, true) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`{"ok":false,"error_code":400,"description":"Bad Request: failed to upload the photo"}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	s := shoptest.New(t, shoptest.Options{Weekly: weekly, Options: testworld.Options{API: refuseFirstPhoto}})
	s.File(s.Customer("Ann", "en"))
	if _, err := s.Sim.SendText(s.Owner.ID, s.Owner.ID, "/start"); err != nil {
		t.Fatal(err)
	}
	s.Pump()
	s.Settle()
	before := shoptest.LastID(s.Sim.Transcript(s.Owner.ID))
	s.Clock.Advance(7 * 24 * time.Hour)
	if _, err := s.Inserter.Insert(ctx, s.Reports.WeeklyArgsAt(s.Clock.Now()), nil); err != nil {
		t.Fatal(err)
	}
	s.Settle()
	if !failed.Load() {
		t.Fatal("the chart was never refused: the test tested nothing")
	}
	var texts, photos int
	for _, e := range testworld.BotEntries(s.Sim, s.Owner.ID) {
		switch {
		case e.Message.ID <= before:
		case len(e.Message.Photo) > 0:
			photos++
		case strings.Contains(e.Message.Text, "Weekly after-sales report"):
			texts++
		}
	}
	if texts != 1 || photos != 1 {
		t.Errorf("after the chart's retry the owner has %d summaries and %d charts, want one of each:\n%s", texts, photos, s.Transcript(s.Owner.ID))
	}
}
