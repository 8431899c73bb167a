package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/riverqueue/river"
	"golang.org/x/sync/errgroup"

	"github.com/complaintbot/complaintbot/bot"
	"github.com/complaintbot/complaintbot/bot/desk"
	"github.com/complaintbot/complaintbot/bot/intake"
	"github.com/complaintbot/complaintbot/bot/report"
	"github.com/complaintbot/complaintbot/bot/returns"
	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/tickets"
)

func cmdRun(ctx context.Context, args []string, env func(string) string, _, stderr io.Writer) error {
	cfg, err := loadConfig(newFlagSet("run", stderr), args, env, needs{telegram: true, database: true, redis: true})
	if err != nil {
		return err
	}
	return serve(ctx, cfg, newLogger(stderr, cfg.LogLevel, cfg.LogFormat), nil)
}

// serve runs the service until ctx is done. ready, when not nil, is called
// once the HTTP server listens and updates flow.
func serve(ctx context.Context, cfg *config, logger *slog.Logger, ready func()) error {
	trips := cfg.roundTrips
	if trips == nil {
		trips = &roundTrips{}
	}
	pool, rdb, err := connect(ctx, cfg, logger, trips)
	if err != nil {
		return err
	}
	defer pool.Close()
	defer rdb.Close()
	if err := tickets.Migrate(ctx, pool, logger); err != nil {
		return err
	}

	tg, err := tgbot.New(cfg.Token,
		tgbot.WithServerURL(cfg.APIURL),
		tgbot.WithHTTPClient(time.Minute, telegramClient()),
		tgbot.WithCheckInitTimeout(30*time.Second),
		tgbot.WithErrorsHandler(func(err error) { logger.Warn("telegram client", "err", err) }),
	)
	if err != nil {
		return fmt.Errorf("telegram: %w", redactToken(err, cfg.Token))
	}

	registry := prometheus.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	trips.register(registry)

	pol := cfg.Policy
	if pol == nil {
		pol = policy.Default()
	}
	clock := cfg.clock
	if clock == nil {
		clock = time.Now
	}
	// Texts say "today" and name the zone by the shop's clock.
	cat, err := locale.New(locale.WithClock(clock), locale.WithZone(pol.Shop.TimeZone))
	if err != nil {
		return err
	}
	store, err := tickets.NewStore(pool, pol, clock, tickets.WithLogger(logger))
	if err != nil {
		return err
	}
	dialogue := conversation.NewEngine(conversation.NewStore(rdb, conversation.StoreConfig{Prefix: cfg.RedisPrefix, TTL: cfg.DialogueTTL}), pol, clock).WithDrafts(store.Drafts()).WithNudges(store.Nudges())
	// The edge inserts jobs of its own (answers to staff go through the
	// desk's queue) with an insert-only client; the working client below
	// needs the edge's workers, so it comes after.
	inserter, err := tickets.NewRiverClient(pool, nil, logger)
	if err != nil {
		return err
	}
	staffLang := cfg.StaffLang
	if staffLang == "" {
		staffLang = "zh"
	}
	// Every call is paced to Telegram's flood limits, shared by the
	// replicas through Redis.
	out := send.New(tg, logger).WithMetrics(registry)
	if !cfg.unpaced {
		out.WithLimits(rdb, cfg.RedisPrefix)
	}
	// Owners start and decide returns from the desk or a private chat;
	// the desk and the edge hand the flow what is its.
	returnFlow := returns.New(returns.Deps{
		Sender: out, Tickets: store, Catalog: cat, Policy: pol, Redis: rdb,
	}, returns.Config{
		OwnerIDs: cfg.OwnerIDs, Lang: staffLang, RedisPrefix: cfg.RedisPrefix, Logger: logger, Clock: clock,
	})
	// The owner's reports: /report at the desk or in private, and the
	// weekly one River's leader sends.
	reports := report.New(report.Deps{
		Sender: out, Tickets: store, Catalog: cat, Policy: pol, Redis: rdb,
	}, report.Config{
		OwnerIDs: cfg.OwnerIDs, Lang: staffLang, RedisPrefix: cfg.RedisPrefix, Weekly: cfg.WeeklyReport,
		Logger: logger, Clock: clock,
	})
	staffDesk := desk.New(desk.Deps{
		Sender: out, Tickets: store, Catalog: cat, Policy: pol, Redis: rdb, Jobs: inserter, Returns: returnFlow,
		Reports: reports,
	}, desk.Config{
		ChatID: cfg.StaffChatID, OwnerIDs: cfg.OwnerIDs, StaffIDs: cfg.StaffIDs, AdminsAreStaff: cfg.AdminsAreStaff,
		RedisPrefix: cfg.RedisPrefix,
		Lang:        staffLang, Signature: cfg.Signature, NotePrefix: cfg.NotePrefix,
		Logger: logger, Clock: clock,
	})
	edge := bot.NewEdge(bot.EdgeDeps{
		Sender: out, Dialogue: dialogue, Tickets: store,
		Catalog: cat, Policy: pol, Redis: rdb, Desk: staffDesk, Returns: returnFlow,
		Reports: reports,
	}, bot.EdgeConfig{
		RedisPrefix: cfg.RedisPrefix, FloodPerMinute: pol.FloodPerMinute,
		StaffSignature: cfg.Signature, Logger: logger, Clock: clock, Fault: faultHook,
	})
	// What the desk sends a customer waits its turn behind the edge's
	// answers to them.
	staffDesk.UseLine(edge)
	if err := edge.Start(ctx); err != nil {
		return redactToken(err, cfg.Token)
	}
	replicaID := cfg.replicaID
	if replicaID == "" {
		replicaID = intake.NewReplicaID()
	}
	jobs, err := tickets.NewRiverClient(pool, tickets.Workers(store, edge, staffDesk.Workers, reports.Workers, edge.Workers), logger,
		tickets.WithClientID(replicaID), tickets.WithPeriodicJobs(reports.PeriodicJobs()...),
		tickets.WithMiddleware(&sendPriority{}), tickets.WithDeskOnLock())
	if err != nil {
		return err
	}
	// Of all the replicas, the desk lock's holder alone posts into the
	// staff group, so that the group shows things in one order.
	deskWorker := prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: "complaintbot", Name: "desk_worker",
		Help: "1 while this replica holds the desk lock and posts into the staff group, else 0.",
	})
	registry.MustRegister(deskWorker)
	deskLock := store.NewDeskLock(jobs, tickets.DeskLockConfig{Logger: logger, Held: func(held bool) {
		if held {
			deskWorker.Set(1)
		} else {
			deskWorker.Set(0)
		}
	}})
	// Jobs run on a context of their own: on shutdown, a job halfway through
	// sending a message finishes and records it, rather than being cut off
	// and sent again later.
	if cfg.signals != nil && cfg.signals.jobEvent != nil {
		events, stop := jobs.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed,
			river.EventKindJobCancelled, river.EventKindJobSnoozed)
		defer stop()
		go func() {
			for ev := range events {
				cfg.signals.jobEvent(ev)
			}
		}()
	}
	if err := jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start follow-up jobs: %w", err)
	}
	var stepSignal func(string, bool)
	if cfg.signals != nil {
		stepSignal = cfg.signals.stopStep
	}
	stop := newStopper(cfg.ShutdownTimeout, logger, stepSignal)
	// The desk lock is tried from now until the jobs have stopped: it is
	// given up only once the desk job in hand has finished (or been
	// cancelled), so that the next holder does not run it again.
	deskCtx, stopDesk := context.WithCancel(context.WithoutCancel(ctx))
	deskDone := make(chan struct{})
	go func() { defer close(deskDone); deskLock.Run(deskCtx) }()
	// Jobs stop after the updates and the outbox (below), or here on an
	// early return: running jobs get until the soft deadline, then are
	// cancelled and retried by whichever replica runs next.
	stopJobs := sync.OnceFunc(func() {
		soft, cancel := stop.by(jobsSoftShare)
		defer cancel()
		err := jobs.Stop(soft)
		if err != nil {
			logger.Warn("follow-up jobs did not finish in time; cancelling them", "err", err)
			hard, cancel := stop.by(jobsHardShare)
			defer cancel()
			_ = jobs.StopAndCancel(hard)
		}
		stopDesk()
		<-deskDone
		stop.done("jobs", err == nil)
	})
	defer stopJobs()

	// An update Redis cannot take in is not handled until it can; its
	// customer hears at once that the answer is delayed, from a sender
	// that needs no Redis.
	busy := bot.NewBusy(send.New(tg, logger), cat, clock, logger)
	in := intake.New(rdb, intake.Config{Prefix: cfg.RedisPrefix, Logger: logger, Metrics: registry, Unstored: busy.Tell})
	registry.MustRegister(newStateCollector(pool, edge.OutboxChats, in.DeadLetters, logger))
	dcfg := intake.DispatcherConfig{ReplicaID: replicaID, Logger: logger, GaveUp: edge.GaveUp,
		ShutdownTimeout: stop.handlersTimeout(), LeaseTTL: cfg.leaseTTL, Unavailable: storeUnavailable}
	if cfg.signals != nil {
		dcfg.Settled = cfg.signals.settled
	}
	dispatcher := intake.NewDispatcher(in, edge, dcfg)

	mux := http.NewServeMux()
	mux.Handle("GET /healthz", healthz())
	mux.Handle("GET /readyz", readyz(
		readiness{"postgres", pool.Ping},
		readiness{"redis", func(ctx context.Context) error { return rdb.Ping(ctx).Err() }},
		readiness{"intake", func(context.Context) error { return dispatcher.Ready() }},
		readiness{"running", stop.ready},
	))
	mux.Handle("GET /metrics", metricsHandler(registry))

	// Listen first: once the webhook is set, Telegram delivers at once.
	srv, err := listen(ctx, cfg.HTTPAddr, cfg.listener, mux)
	if err != nil {
		return err
	}
	defer srv.ln.Close() // on an early return; after shutdown it is a no-op
	// The HTTP server outlives the workers (it closes last, below); if it
	// fails, the workers stop.
	ctx, stopWork := context.WithCancel(ctx)
	defer stopWork()
	served := make(chan error, 1)
	go func() {
		err := srv.serve()
		stopWork()
		served <- err
	}()
	context.AfterFunc(ctx, stop.begin)
	g, ctx := errgroup.WithContext(ctx)
	if cfg.WebhookURL != "" {
		u, _ := url.Parse(cfg.WebhookURL) // validated in loadConfig
		path := u.Path
		if path == "" {
			path = "/"
		}
		mux.Handle("POST "+path, stop.refuseWhileStopping(in.WebhookHandler(cfg.WebhookSecret)))
		// One connection: Telegram then delivers updates one after another,
		// so each chat's updates are stored in update_id order.
		if _, err := tg.SetWebhook(ctx, &tgbot.SetWebhookParams{URL: cfg.WebhookURL, SecretToken: cfg.WebhookSecret, AllowedUpdates: bot.AllowedUpdates, MaxConnections: 1}); err != nil {
			return fmt.Errorf("telegram: setWebhook: %w", redactToken(err, cfg.Token))
		}
		logger.Info("receiving updates by webhook", "path", path)
	} else {
		// A webhook left from an earlier deployment would make getUpdates fail.
		if _, err := tg.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
			return fmt.Errorf("telegram: deleteWebhook: %w", redactToken(err, cfg.Token))
		}
		// Every replica runs a poller; the one holding the bot's poller
		// lease polls, the others stand by to take over.
		poller := intake.NewPoller(in, intake.PollerConfig{ServerURL: cfg.APIURL, Token: cfg.Token, AllowedUpdates: bot.AllowedUpdates,
			Logger: logger, ReplicaID: replicaID, LeaseTTL: cfg.leaseTTL})
		g.Go(func() error { return poller.Run(ctx) })
		logger.Info("receiving updates by long polling", "replica", replicaID)
	}
	g.Go(func() error { return dispatcher.Run(ctx) })
	g.Go(func() error { edge.RunOutbox(ctx); return nil })
	g.Go(func() error { edge.RunFilings(ctx); return nil })
	g.Go(func() error { rescueOrphanJobs(ctx, in, store, replicaID, logger); return nil })

	logger.Info("complaintbot is running", "version", versionString(), "http", srv.addr())
	if ready != nil {
		ready()
	}
	err = g.Wait()
	if errors.Is(err, context.Canceled) || errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	stop.begin() // a worker's failure stops the rest the same way
	// Past their share the dispatcher cancelled the handlers still
	// running; their updates wait in Redis for the next start.
	stop.done("updates", stop.inTime(handlersShare))
	flushStop(stop, edge, logger)
	stopJobs()
	httpCtx, cancel := stop.by(1)
	defer cancel()
	stop.done("http", srv.shutdown(httpCtx) == nil)
	if serr := <-served; err == nil {
		err = serr
	}
	stop.finish()
	logger.Info("complaintbot stopped")
	return err
}

// flushStop sends what the outbox holds before the process goes.
func flushStop(stop *stopper, edge *bot.Edge, logger *slog.Logger) {
	ctx, cancel := stop.by(flushShare)
	defer cancel()
	left, err := edge.FlushOutbox(ctx)
	if err != nil || left > 0 {
		logger.Warn("stopping: answers left in the outbox for the next start", "chats", left, "err", err)
	}
	stop.done("outbox", err == nil && left == 0)
}

// faultHook is nil but in the crash tests, whose test binary runs the
// service and sets it to kill the process at a chosen point.
var faultHook func(point string) bool

// orphanCheck is how often a replica looks for jobs of replicas that died,
// and orphanGrace how long a job is left to a replica not yet heard from.
const (
	orphanCheck = 10 * time.Second
	orphanGrace = 15 * time.Second
)

// rescueOrphanJobs makes the jobs of replicas that died available again,
// now and every orphanCheck until ctx ends: an acknowledgement or a card
// interrupted by a crash goes out within a minute of a replica running,
// not after River's stuck-job window. A Redis that does not answer skips a
// round: without knowing who is alive, nothing is taken from anyone.
func rescueOrphanJobs(ctx context.Context, in *intake.Intake, store *tickets.Store, self string, logger *slog.Logger) {
	tick := time.NewTicker(orphanCheck)
	defer tick.Stop()
	for {
		live, err := in.LiveReplicas(ctx, intake.DefaultLeaseTTL)
		if err == nil {
			_, err = store.RescueOrphanJobs(ctx, append(live, self), orphanGrace)
		}
		if err != nil && ctx.Err() == nil {
			logger.Warn("jobs of dead replicas not checked", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
