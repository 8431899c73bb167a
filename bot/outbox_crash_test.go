package bot_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/bot"
	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// A handling that dies anywhere between committing a step and sending its
// answers loses no answer and repeats none: the answers were written with
// the step, and the redelivered update — or, when the dead handling still
// holds the chat, the outbox's own round once its lock expired — sends
// them, once. Every step of a whole report is crashed at every point.
func TestAnswersSurviveACrashBetweenCommitAndSend(t *testing.T) {
	t.Parallel()
	for _, point := range []string{"committed", "sending"} {
		t.Run(point, func(t *testing.T) {
			t.Parallel()
			// The acknowledgement's job sends in the chat's turn too: held
			// until the step's own handling is over, so that it is always
			// that handling which meets the crash.
			gate := &heldNotices{}
			h := shoptest.New(t, shoptest.Options{Notifier: gate.hold})
			var armed atomic.Bool
			bot.CrashAt(h.Edge, func(p string) bool { return p == point && armed.CompareAndSwap(true, false) })
			ctx := context.Background()
			crashes, lost, repeated := 0, 0, 0

			// Every update of the report dies once at the point, then is
			// delivered again, as the intake does after a crash.
			pump := func() {
				t.Helper()
				for {
					batch := h.Updates()
					if len(batch) == 0 {
						return
					}
					for _, upd := range batch {
						armed.Store(true)
						err := h.Edge.HandleUpdate(ctx, upd)
						if err == nil {
							continue // nothing to answer, or no commit reached the point
						}
						if !errors.Is(err, bot.ErrCrash) {
							t.Fatalf("update %d: %v", upd.ID, err)
						}
						crashes++
						// The lock the dead handling held, if any: its
						// token is the lock's value the moment it died.
						lock := bot.OutboxLockKey(h.Edge, chatOf(upd))
						dead, _ := h.Redis.Get(ctx, lock).Result()
						if err := h.Edge.HandleUpdate(ctx, upd); err != nil {
							t.Fatalf("update %d delivered again: %v", upd.ID, err)
						}
						// The dead handling's drain lock expires — only
						// its own: a live turn (the acknowledgement's job,
						// say) keeps the lock it holds. The outbox's round
						// then sends what is left.
						if dead != "" {
							expireDead.Run(ctx, h.Redis, []string{lock}, dead)
						}
						bot.SendDue(ctx, h.Edge, time.Now().Add(time.Minute))
					}
				}
			}

			u := h.Sim.AddUser(telegramsim.User{FirstName: "Ada", LanguageCode: "en"})
			d := customersim.New(h.Sim, h.Catalog, u)
			step := func(what string, do func() error, want string) {
				t.Helper()
				before := len(h.Sim.Transcript(u.ID))
				if err := do(); err != nil {
					t.Fatal(err)
				}
				gate.close()
				pump()
				gate.open()
				h.Settle()
				got := 0
				frag := d.Fragment(want)
				if want == "conversation.submitted" {
					// Its opening words are also the acknowledgement's.
					frag = h.Catalog.Text("en", want, nil)
				}
				// The answer is a new message, or the pressed one replaced.
				for i, e := range h.Sim.Transcript(u.ID) {
					answer := i >= before || (d.Pressed != 0 && e.Message.ID == d.Pressed)
					if answer && e.FromBot && strings.Contains(e.Message.Text, frag) {
						got++
					}
				}
				switch {
				case got == 0:
					lost++
					t.Errorf("%s: the answer %s never came:\n%s", what, want, d.Transcript())
				case got > 1:
					repeated += got - 1
					t.Errorf("%s: the answer %s came %d times:\n%s", what, want, got, d.Transcript())
				}
			}
			step("/start", func() error { return d.Send("/start") }, "conversation.ask_category")
			step("category", func() error { return d.Press(h.Policy.Categories[0].Name["en"]) }, "conversation.ask_order")
			step("order", func() error { return d.Send("SO20261120") }, "conversation.ask_date")
			step("date", func() error { return d.Press(d.Label("conversation.button.yesterday")) }, "conversation.ask_issue")
			step("issue", func() error { return d.Press(d.Label("conversation.issue.fault")) }, "conversation.ask_description")
			step("description", func() error { return d.Send("The zip broke on the second day.") }, "conversation.ask_attachments")
			step("no photos", func() error { return d.Press(d.Label("conversation.button.no_attachments")) }, "conversation.ask_outcome")
			step("outcome", func() error { return d.Press(d.Label("conversation.outcome.repair")) }, "conversation.ask_phone")
			step("phone", func() error { return d.Send("13812345678") }, "conversation.summary")
			step("confirm", func() error { return d.Press(d.Label("conversation.button.confirm")) }, "conversation.submitted")
			t.Logf("crash point %q: %d crashes, %d answers lost, %d repeated", point, crashes, lost, repeated)
			if crashes < 10 {
				t.Errorf("only %d of the report's steps reached the point %q", crashes, point)
			}
		})
	}
}

// heldNotices holds the follow-up jobs' messages to customers while closed.
type heldNotices struct {
	mu   sync.RWMutex // write-held while closed
	next tickets.Notifier
}

func (g *heldNotices) hold(n tickets.Notifier) tickets.Notifier { g.next = n; return g }
func (g *heldNotices) close()                                   { g.mu.Lock() }
func (g *heldNotices) open()                                    { g.mu.Unlock() }

// Notify waits while the gate is closed.
func (g *heldNotices) Notify(ctx context.Context, n tickets.Notice) error {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.next.Notify(ctx, n)
}

// expireDead removes a lock if it still holds the dead holder's token, as
// its expiry would.
var expireDead = redis.NewScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`)

// chatOf is the chat of a private message or button press.
func chatOf(upd *models.Update) int64 {
	switch {
	case upd.Message != nil:
		return upd.Message.Chat.ID
	case upd.CallbackQuery != nil && upd.CallbackQuery.Message.Message != nil:
		return upd.CallbackQuery.Message.Message.Chat.ID
	}
	return 0
}
