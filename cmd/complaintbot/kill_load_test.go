package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/complaintbot/complaintbot/internal/pgtest"
)

// The service is killed with SIGKILL ten times, at random moments, while
// customers in both languages file complaints, add to them and are
// answered by staff, and restarted each time. Afterwards every confirmed
// complaint is exactly one ticket, every customer's later message is on
// its ticket once and in its thread, and every acknowledgement and staff
// answer has arrived. A kill between Telegram taking a message and the
// service recording it may send that message again: duplicates are
// counted and printed, losses fail the test.
func TestKilledAtRandomMomentsUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts the service ten times")
	}
	t.Parallel()
	const nCustomers, kills = 8, 10

	sim, ts, people := childSim(t, nil)
	dbURL := pgtest.NewURL(t)
	env := childEnv(t, ts.URL, people, dbURL, "LOG_LEVEL=info", fmt.Sprintf("STAFF_IDS=%d,%d", people.Li.ID, people.Wang.ID))
	var logs syncBuffer

	// The service, killed and started again by the killer while the
	// customers go on.
	var mu sync.Mutex
	service := startChild(t, env, &logs)
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if service.ProcessState == nil { // not stopped by the test
			_ = service.Process.Kill()
			_ = service.Wait()
		}
	})
	seed := time.Now().UnixNano()
	t.Logf("kill moments drawn with seed %d", seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	var killed int // the killer's, until killerDone
	killerDone := make(chan struct{})
	stopKilling := make(chan struct{})
	go func() {
		defer close(killerDone)
		for range kills {
			select {
			case <-stopKilling:
				return
			case <-time.After(time.Duration(300+rng.IntN(1700)) * time.Millisecond):
			}
			mu.Lock()
			_ = service.Process.Kill()
			_ = service.Wait()
			service = startChild(t, env, &logs)
			mu.Unlock()
			killed++
		}
	}()
	var stopOnce sync.Once
	stopKiller := func() { stopOnce.Do(func() { close(stopKilling) }); <-killerDone }
	t.Cleanup(stopKiller) // before the service's cleanup: the killer starts no more

	customers := fileUnderLoad(t, sim, nCustomers, 0, 3*time.Minute)(logs.String)

	// Staff answer every card, in its topic, while the kills go on.
	const within = 3 * time.Minute // a rescue waits out a dead replica's lease
	answerInTopics(t, sim, people.Staff.ID, people.Li.ID, customers, within)
	<-killerDone
	if killed != kills {
		t.Fatalf("%d kills, want %d", killed, kills)
	}

	// Everything that had to arrive arrives once the last service runs.
	waitAnswered(t, sim, people.Staff.ID, customers, within, func() string {
		return "the group:\n" + transcriptOf(sim, people.Staff.ID) + "\nthe service:\n" + logs.String()
	})
	mu.Lock()
	err := service.Process.Signal(syscall.SIGTERM)
	if err == nil {
		err = service.Wait()
	}
	mu.Unlock()
	if err != nil {
		t.Fatalf("service stopped with %v\n%s", err, logs.String())
	}

	pool, err := pgxpool.New(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var lost, duplicated, tickets, notes, acks, answers int
	for _, c := range customers {
		n, m := filedOnce(t, pool, c.user.ID, c.ref, c.tag)
		// The acknowledgement names the reference; so does the answer to
		// the customer's note, which is told from it.
		a := acknowledgements(sim, c.d, c.ref)
		s := countBot(sim, c.user.ID, answerToken(c.ref))
		tickets, notes, acks, answers = tickets+n, notes+m, acks+a, answers+s
		if n != 1 || m != 1 {
			t.Errorf("%s: %d tickets, the note on %s %d times; want 1 and 1", c.user.FirstName, n, c.ref, m)
		}
		for _, k := range []int{n, m, a, s} {
			lost += max(1-k, 0)
			duplicated += max(k-1, 0)
		}
	}
	if lost != 0 {
		t.Errorf("%d lost", lost)
	}
	t.Logf("updates %d, kills %d, customers %d, tickets %d, notes on tickets %d, acknowledgements %d, staff answers %d: lost %d, duplicated %d",
		sim.LastUpdateID(), kills, nCustomers, tickets, notes, acks, answers, lost, duplicated)
}

// answerToken marks a staff answer to ref; unlike the reference itself, it
// is not found in the acknowledgement.
func answerToken(ref string) string { return "answer " + strings.ReplaceAll(ref, "-", "") }
