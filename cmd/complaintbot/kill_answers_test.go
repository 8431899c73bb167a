package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// killAtEnv names, in the service's environment, a directory where the
// crash test arms a kill: a file named after a point of the edge
// ("committed", "sending") makes the service kill itself with SIGKILL the
// next time it reaches that point, once.
const killAtEnv = "COMPLAINTBOT_TEST_KILL_AT"

// killAt is the fault hook of a service started by the crash test.
func killAt(dir string) func(point string) bool {
	return func(point string) bool {
		if err := os.Remove(filepath.Join(dir, point)); err == nil {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal takes the process
		}
		return false
	}
}

// A service killed (SIGKILL) at every point between committing a dialogue
// step and sending its answers, at each step of a whole report, loses no
// answer and repeats none: the answers were committed with the step, and
// the next run sends them.
func TestKilledBetweenCommitAndSendLosesNoAnswer(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts the service ten times")
	}
	t.Parallel()
	sim, ts, people := childSim(t, nil)
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	d := customersim.New(sim, cat, sim.AddUser(telegramsim.User{FirstName: "Anna", LanguageCode: "en"}))

	arms := t.TempDir()
	env := childEnv(t, ts.URL, people, pgtest.NewURL(t), killAtEnv+"="+arms)
	var logs syncBuffer
	start := func() *exec.Cmd { t.Helper(); return startChild(t, env, &logs) }
	service := start()
	t.Cleanup(func() { _ = service.Process.Kill(); _ = service.Wait() })

	steps := append(d.PlainReport(), customersim.Turn{Do: func() error { return d.Press(d.Label("conversation.button.confirm")) }, Want: "conversation.submitted"})
	kills := 0
	for i, s := range steps {
		point := []string{"committed", "sending"}[i%2]
		if err := os.WriteFile(filepath.Join(arms, point), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := s.Do(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- service.Wait() }()
		select {
		case err := <-exited:
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("step %d: the service ended with %v, not killed at %q\n%s", i+1, err, point, logs.String())
			}
		case <-time.After(testworld.Bound):
			t.Fatalf("step %d: the service never reached %q\n%s", i+1, point, logs.String())
		}
		kills++
		service = start()
		wait := func() error { _, err := d.WaitFor(s.Want); return err }
		if s.Want == "conversation.submitted" {
			// The acknowledgement, whose opening words are the same, comes
			// after it. A kill may have taken its job halfway, which the
			// next run takes up once the job's replica is known dead.
			wait = func() error { return waitBotText(sim, d, customersim.RefRE, orphanGrace+2*orphanCheck) }
		}
		if err := wait(); err != nil {
			t.Fatalf("step %d, killed at %q: %v", i+1, point, err)
		}
	}
	if _, err := os.Stat(filepath.Join(arms, "sending")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("a kill was armed and never fired")
	}

	lost, repeated := 0, 0
	for _, s := range steps {
		want := d.Fragment(s.Want)
		switch s.Want {
		case "conversation.submitted":
			want = cat.Text("en", s.Want, nil) // its opening words are the acknowledgement's too
		case "conversation.summary":
			// Confirmed, the summary is replaced by the news that it has
			// gone to the team; its lines stay.
			want = d.Fragment("conversation.summary.description")
		}
		n := 0
		for _, e := range sim.Transcript(d.User.ID) {
			if e.FromBot && strings.Contains(e.Message.Text, want) {
				n++
			}
		}
		switch {
		case n == 0:
			lost++
		case n > 1:
			repeated += n - 1
		}
	}
	t.Logf("%d kills between commit and send over %d steps: %d answers lost, %d repeated", kills, len(steps), lost, repeated)
	if lost != 0 || repeated != 0 {
		t.Errorf("%d answers lost, %d repeated\n%s", lost, repeated, d.Transcript())
	}
}

// waitBotText waits up to bound for a bot message to d's customer, after
// the customer's last action, matching re.
func waitBotText(sim *telegramsim.Server, d *customersim.Driver, re *regexp.Regexp, bound time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	for after := d.Mark; ; {
		m, err := sim.WaitBotMessage(ctx, d.User.ID, after)
		if err != nil {
			return fmt.Errorf("waiting for %s: %w\n%s", re, err, d.Transcript())
		}
		if re.MatchString(m.Text) {
			return nil
		}
		after = m.ID
	}
}
