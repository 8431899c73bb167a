//go:build demo

package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/tickets"
)

// benchToken is the simulated bot's token in a load run.
const benchToken = "7000000003:bench-simulated-token"

// Telegram's flood limits as the simulator applies them (see
// telegramsim/ratelimit.go): about a message a second per chat, 20 a
// minute per group, 30 a second in all.
const (
	allowedPerChat   = 1.0
	allowedPerGroup  = 20.0 / 60
	allowedPerSecond = 30.0
)

// benchWorld is one service run: the simulator, its people, the servers
// and the replicas.
type benchWorld struct {
	o       benchOpts
	sim     *telegramsim.Server
	staff   telegramsim.Group
	staffer telegramsim.User
	cat     *locale.Catalog
	srv     *benchServers
	pool    *pgxpool.Pool // the harness's own connection to the run's database
	cfg     config        // each replica runs on a copy
	settled *settledSet
	stops   []func() error
	chats   []int64 // the customers'
}

// settledSet keeps the updates the replicas settled, and is poked at every
// update settled and job done.
type settledSet struct {
	mu   sync.Mutex
	ids  map[int64]bool
	poke chan struct{}
}

func newSettledSet() *settledSet {
	return &settledSet{ids: map[int64]bool{}, poke: make(chan struct{}, 1)}
}

func (s *settledSet) signals() *signals {
	nudge := func() {
		select {
		case s.poke <- struct{}{}:
		default:
		}
	}
	return &signals{
		settled: func(id int64) {
			s.mu.Lock()
			s.ids[id] = true
			s.mu.Unlock()
			nudge()
		},
		jobEvent: func(*river.Event) { nudge() },
	}
}

// unsettled counts the update ids in (after, upTo] not settled.
func (s *settledSet) unsettled(after, upTo int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for id := after + 1; id <= upTo; id++ {
		if !s.ids[id] {
			n++
		}
	}
	return n
}

// runServiceLoad starts the world, plays the customers and the staff, and
// fills r with what it measured.
func runServiceLoad(ctx context.Context, o benchOpts, r *benchReport) error {
	srv, err := openBenchServers(ctx, o.databaseURL, o.redisURL)
	if err != nil {
		return err
	}
	defer srv.close()
	sim, apiURL, err := startSimulator(ctx, telegramsim.Options{Token: benchToken, BotUsername: "ShopDeskBot", RateLimits: o.limits})
	if err != nil {
		return err
	}
	defer sim.Close()
	cat, err := locale.New()
	if err != nil {
		return err
	}
	// Several replicas' pools may not fit in the server's connections.
	replicaURL, poolSize, err := srv.replicaURL(ctx, o.replicas)
	if err != nil {
		return err
	}
	r.PoolPerReplica = poolSize
	w := &benchWorld{o: o, sim: sim, srv: srv, cat: cat, settled: newSettledSet()}
	r.RedisShared = srv.redisShared
	owner := sim.AddUser(telegramsim.User{FirstName: "Zhang", Username: "zhang_owner", LanguageCode: "zh-hans"})
	w.staffer = sim.AddUser(telegramsim.User{FirstName: "Li", Username: "li_desk", LanguageCode: "en"})
	w.staff = sim.AddGroup(telegramsim.Group{Title: "After-sales desk", Forum: true, BotIsAdmin: true,
		Members: []int64{owner.ID, w.staffer.ID}})
	w.cfg = config{
		Token: benchToken, APIURL: apiURL,
		StaffChatID: w.staff.ID, OwnerIDs: []int64{owner.ID}, StaffIDs: []int64{w.staffer.ID}, AdminsAreStaff: true,
		StaffLang: "en", Signature: "name", DialogueTTL: 168 * time.Hour,
		DatabaseURL: replicaURL, RedisURL: srv.redisURL, RedisPrefix: srv.redisPrefix(),
		HTTPAddr: "127.0.0.1:0", LogLevel: slog.LevelWarn,
		// With the simulator's limits off there is nothing to pace for,
		// as in the tests; with them on the service paces as in production.
		unpaced: !o.limits,
	}
	w.cfg.signals = w.settled.signals()
	w.cfg.roundTrips = &roundTrips{} // every replica's, together

	// Migrate before the replicas start, on a pool that then closes, so
	// that the migration's transactions are counted before the run.
	pool, err := pgxpool.New(ctx, srv.dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	w.pool = pool
	if err := tickets.Migrate(ctx, pool, slog.New(slog.DiscardHandler)); err != nil {
		return err
	}
	pool.Reset()

	defer w.stopReplicas()
	for range o.replicas {
		if err := w.startReplica(ctx); err != nil {
			return err
		}
	}
	return w.measure(ctx, r)
}

// startReplica runs one replica of the service until stopReplicas.
func (w *benchWorld) startReplica(ctx context.Context) error {
	cfg := w.cfg
	ctx, cancel := context.WithCancel(ctx)
	ready := make(chan struct{})
	done := make(chan error, 1)
	go asPart(ctx, partBot, func(ctx context.Context) {
		done <- serve(ctx, &cfg, w.o.logger, func() { close(ready) })
	})
	select {
	case <-ready:
	case err := <-done:
		cancel()
		return fmt.Errorf("replica %d did not start: %w", len(w.stops)+1, err)
	case <-time.After(time.Minute):
		cancel()
		<-done
		return fmt.Errorf("replica %d did not start within a minute", len(w.stops)+1)
	}
	w.stops = append(w.stops, func() error { cancel(); return <-done })
	return nil
}

func (w *benchWorld) stopReplicas() error {
	var errs []error
	for _, stop := range w.stops {
		errs = append(errs, stop())
	}
	w.stops = nil
	return errors.Join(errs...)
}

// measure plays the load and fills r.
func (w *benchWorld) measure(ctx context.Context, r *benchReport) error {
	o := w.o
	redisBefore, err := w.srv.redisCommands(ctx)
	if err != nil {
		return err
	}
	memBefore, err := w.srv.redisMemory(ctx)
	if err != nil {
		return err
	}
	pgBefore, err := w.srv.pgTransactions(ctx)
	if err != nil {
		return err
	}
	redisTripsBefore, pgTripsBefore := w.cfg.roundTrips.redis.Load(), w.cfg.roundTrips.postgres.Load()
	firstUpdate := w.sim.LastUpdateID()
	statsBefore := w.sim.Stats()
	prof, err := profileParts(o.cpuProfile)
	if err != nil {
		return err
	}
	defer func() { _, _ = prof.stop() }() // on an early return
	cpuBefore := w.srv.cpu(ctx)
	heap := watchHeap()

	run := newCustomerRun(w)
	start := time.Now()
	go asPart(ctx, partPeople, run.staffDesk)
	var dialogueSent int
	var dialogueTook time.Duration
	atSummary := func() {
		// Every customer is at the summary, their dialogue open: the end
		// of the dialogues' phase, whose sends go to the customers' chats
		// alone (the cards come after Confirm).
		dialogueTook = time.Since(start)
		dialogueSent = w.customerSends(statsBefore, w.sim.Stats())
		r.DialogueUpdates = w.sim.LastUpdateID() - firstUpdate
		r.DialogueSec = dialogueTook.Seconds()
		r.DialogueUpdatesPerSec = float64(r.DialogueUpdates) / dialogueTook.Seconds()
		mem, err := w.srv.redisMemory(ctx)
		if err != nil {
			return
		}
		kinds, err := w.srv.keysByKind(ctx, w.cfg.RedisPrefix)
		if err != nil || kinds["dlg"].keys == 0 {
			return
		}
		n := kinds["dlg"].keys // a key per open dialogue
		r.OpenDialogues = n
		r.RedisBytesPerDialogue = float64(mem.used-memBefore.used) / float64(n)
		r.RedisClientBytesPerDialogue = float64(mem.clients-memBefore.clients) / float64(n)
		r.RedisKeyBytesPerDialogue = map[string]float64{}
		for kind, u := range kinds {
			r.RedisKeyBytesPerDialogue[kind] = float64(u.bytes) / float64(n)
		}
		r.DialogueKeyBytesPerDialog = float64(kinds["dlg"].bytes) / float64(n)
	}
	var results []customerResult
	asPart(ctx, partPeople, func(ctx context.Context) { results = run.play(ctx, atSummary) })
	elapsed := time.Since(start) - run.paused
	lastUpdate := w.sim.LastUpdateID()
	w.quiet(ctx, firstUpdate, lastUpdate)
	// The staff kept reading the group while the service finished its
	// jobs: what the desk posted after the last answer (the files that
	// follow the cards) shows there by now.
	run.stopDesk()
	r.StaffGroupDoneSec = (run.lastPost.Sub(start) - run.paused).Seconds()
	r.GoHeapPeakBytes = heap()
	redisAfter, err := w.srv.redisCommands(ctx)
	if err != nil {
		return err
	}
	statsAfter := w.sim.Stats()

	r.ElapsedSec = elapsed.Seconds()
	r.Updates = lastUpdate - firstUpdate
	r.UpdatesPerSec = float64(r.Updates) / elapsed.Seconds()
	var turns, replies []time.Duration
	for _, res := range results {
		turns = append(turns, res.turns...)
		if res.replied {
			replies = append(replies, res.reply)
		}
		if res.err != nil {
			r.Failed++
			if r.FirstError == "" {
				r.FirstError = firstLine(res.err.Error())
			}
		}
	}
	r.Latency, r.StaffReply = summarize(turns), summarize(replies)
	r.ByTurn = summarizeTurns(results)
	if r.Updates > 0 {
		r.RedisCommandsPerUpdate = float64(redisAfter-redisBefore) / float64(r.Updates)
		r.RedisRoundTripsPerUpdate = float64(w.cfg.roundTrips.redis.Load()-redisTripsBefore) / float64(r.Updates)
		r.PGRoundTripsPerUpdate = float64(w.cfg.roundTrips.postgres.Load()-pgTripsBefore) / float64(r.Updates)
		r.TelegramCallsPerUpdate, r.TelegramCallsByMethod = callsPerUpdate(statsBefore, statsAfter, r.Updates)
	}
	if err := w.count(ctx, r, results, run); err != nil {
		return err
	}
	r.TicketsPerSec = float64(r.Tickets) / elapsed.Seconds()
	if o.limits {
		// Over the run and whatever the desk posted after it.
		r.RateLimits = w.sendRate(statsBefore, statsAfter, max(elapsed, run.lastPost.Sub(start)-run.paused))
		r.RateLimits.dialoguePhase(dialogueSent, dialogueTook, min(allowedPerSecond, float64(o.customers)*allowedPerChat))
	}

	// PostgreSQL learns a backend's counts when it ends: stop the replicas
	// (and close the harness's pool) before reading them.
	if err := w.stopReplicas(); err != nil {
		return fmt.Errorf("a replica stopped with: %w", err)
	}
	if r.CPUParts, err = prof.stop(); err != nil {
		return err
	}
	w.pool.Close()
	pgAfter, err := w.waitPGTransactions(ctx, pgBefore)
	if err != nil {
		return err
	}
	if r.Updates > 0 {
		r.PGTransactionsPerUpdate = float64(pgAfter-pgBefore) / float64(r.Updates)
	}
	// The service's backends have ended: their time is the postmaster's.
	r.CPU = w.srv.cpu(ctx).since(cpuBefore)
	return nil
}

// waitPGTransactions reads the database's transaction count once the
// statistics of the ended backends have come in: until it stops growing.
func (w *benchWorld) waitPGTransactions(ctx context.Context, before int64) (int64, error) {
	last := before
	for range 20 {
		n, err := w.srv.pgTransactions(ctx)
		if err != nil {
			return 0, err
		}
		if n > before && n == last {
			return n, nil
		}
		last = n
		time.Sleep(250 * time.Millisecond) // statistics arrive asynchronously; not a timing assertion
	}
	return last, nil
}

// quiet waits, up to a bound, until the replicas have settled every update
// and no job is left that is due now: the duplicates are counted after
// everything the run caused has happened.
func (w *benchWorld) quiet(ctx context.Context, after, upTo int64) {
	// With the limits on, the staff group takes a message every
	// send.GroupPace: each ticket's card and its photos.
	wait := 2 * time.Minute
	if w.o.limits {
		wait += time.Duration(w.o.customers*(1+w.o.photos)) * send.GroupPace
	}
	bound := time.NewTimer(wait)
	defer bound.Stop()
	tick := time.NewTicker(time.Second) // River's own jobs end without a settled update
	defer tick.Stop()
	for {
		var jobs int
		_ = w.pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE state NOT IN ('completed', 'cancelled', 'discarded')
			AND NOT (state = 'scheduled' AND scheduled_at > now() + interval '1 minute')`).Scan(&jobs)
		if w.settled.unsettled(after, upTo) == 0 && jobs == 0 {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-bound.C:
			return
		case <-w.settled.poke:
		case <-tick.C:
		}
	}
}

// count fills the tickets, lost and duplicated counts from the database and
// the chats.
func (w *benchWorld) count(ctx context.Context, r *benchReport, results []customerResult, run *customerRun) error {
	rows, err := w.pool.Query(ctx, `SELECT customer_chat_id, count(*) FROM tickets GROUP BY 1`)
	if err != nil {
		return err
	}
	perCustomer := map[int64]int{}
	for rows.Next() {
		var chat int64
		var n int
		if err := rows.Scan(&chat, &n); err != nil {
			rows.Close()
			return err
		}
		perCustomer[chat] = n
		r.Tickets += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	c := &r.Counts
	for _, res := range results {
		n := perCustomer[res.chatID]
		if n == 0 && res.confirmed {
			c.TicketsMissing++
		}
		c.TicketsDuplicated += max(0, n-1)
		acks, replies := run.deliveries(res)
		if res.confirmed && acks == 0 {
			c.AcksMissing++
		}
		c.AcksDuplicated += max(0, acks-1)
		if res.replySent {
			c.RepliesSent++
			if replies == 0 {
				c.RepliesMissing++
			}
		}
		c.RepliesDuplicated += max(0, replies-1)
	}
	r.CardEdit = w.cardEdits(run)
	r.Lost = c.TicketsMissing + c.AcksMissing + c.RepliesMissing
	r.Duplicated = c.TicketsDuplicated + c.AcksDuplicated + c.RepliesDuplicated
	return nil
}

// cardEdits measures, for each card the staff answered under, the time
// from the answer to the card's last edit.
func (w *benchWorld) cardEdits(run *customerRun) cardEdits {
	byID := map[int]telegramsim.Entry{}
	for _, e := range w.sim.Transcript(w.staff.ID) {
		byID[e.Message.ID] = e
	}
	run.mu.Lock()
	defer run.mu.Unlock()
	var lags []time.Duration
	notEdited := 0
	for ref, answered := range run.answers {
		e, ok := byID[run.cards[ref]]
		if !ok || !e.Edited || e.Message.EditDate == 0 {
			notEdited++
			continue
		}
		lags = append(lags, time.Duration(max(0, int64(e.Message.EditDate)-answered.Unix()))*time.Second)
	}
	return summarizeCardEdits(lags, notEdited)
}

// sendRate is the bot's sending with the simulator's limits on: messages
// posted in every chat and edits (both count towards Telegram's limits),
// against what the limits allow the chats of the run.
func (w *benchWorld) sendRate(before, after telegramsim.Stats, elapsed time.Duration) *benchLimits {
	sent, group := 0, 0
	for _, chat := range append(w.customerChats(), w.staff.ID) {
		for _, e := range w.sim.Transcript(chat) {
			if e.FromBot && e.Message.ForumTopicCreated == nil {
				sent++
				if chat == w.staff.ID {
					group++
				}
			}
		}
	}
	for _, m := range []string{"editMessageText", "editMessageCaption", "editMessageReplyMarkup", "editMessageMedia"} {
		sent += after.Calls[m] - before.Calls[m]
	}
	allowed := min(allowedPerSecond, float64(w.o.customers)*allowedPerChat+allowedPerGroup)
	perSec := float64(sent) / elapsed.Seconds()
	groupPerSec := float64(group) / elapsed.Seconds()
	l := &benchLimits{MessagesSent: sent, SentPerSec: perSec, AllowedPerSec: allowed, ShareOfAllowed: perSec / allowed,
		GroupSent: group, GroupShareOfAllowed: groupPerSec / allowedPerGroup,
		TooManyRequests: after.TooManyRequests - before.TooManyRequests, TooManyBy: map[string]int{}}
	for limit, n := range after.TooManyBy {
		l.TooManyBy[limit] = n - before.TooManyBy[limit]
	}
	return l
}

// customerSends counts the messages the bot has sent to the customers'
// chats, edits included (Telegram counts them against the limits too).
func (w *benchWorld) customerSends(before, now telegramsim.Stats) int {
	sent := 0
	for _, chat := range w.customerChats() {
		for _, e := range w.sim.Transcript(chat) {
			if e.FromBot {
				sent++
			}
		}
	}
	for _, m := range []string{"editMessageText", "editMessageCaption", "editMessageReplyMarkup", "editMessageMedia"} {
		sent += now.Calls[m] - before.Calls[m]
	}
	return sent
}

// watchHeap samples the live heap until the returned function is called,
// which returns the peak.
func watchHeap() func() uint64 {
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		mu.Lock()
		peak = max(peak, ms.HeapAlloc)
		mu.Unlock()
	}
	go func() {
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(done)
		sample()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}
