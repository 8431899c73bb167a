//go:build demo

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"time"
)

// The load harness: `complaintbot bench` (built with the demo tag, like the
// demo, because it runs the simulator and the scripted customers, which the
// production binary must not link) starts the Telegram simulator, the
// service's replicas in this process and virtual customers who each file a
// whole complaint with photos while virtual staff answer in the tickets'
// topics; then it plays the same message load against a bare
// go-telegram/bot bot that only echoes, through a simulator of its own, for
// the ceiling. The replicas run in-process through serve, the same wiring
// `complaintbot run` uses: serve and its config live in this package main,
// and running them here lets the harness turn off the sender's pacing when
// the simulator's limits are off, as the tests do.

// benchOpts is what one load run does.
type benchOpts struct {
	customers int
	replicas  int
	limits    bool // the simulator's rate limits, and the service's pacing
	photos    int  // photos in each complaint's album
	timeout   time.Duration
	// pause is a customer's mean pause before each turn, as a person takes
	// to read a question and answer it: each is drawn uniformly between
	// zero and twice it, and nobody waits for the others at the summary.
	// Zero: every customer answers at once, all wait at the summary until
	// all are there (where Redis is measured), and the run measures how
	// fast the service goes as fast as it can.
	pause time.Duration
	echo  bool // also measure the echo ceiling
	// databaseURL is the PostgreSQL server the run makes its own database
	// on; redisURL, when set, is a Redis to use instead of a redis-server
	// of the run's own.
	databaseURL, redisURL string
	logger                *slog.Logger
	// cpuProfile, when set, is the file the service run's CPU profile is
	// written to (the whole process: replicas, simulator and customers,
	// each goroutine labelled with its part).
	cpuProfile string
}

func cmdBench(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", stderr)
	o := benchOpts{}
	fs.IntVar(&o.customers, "customers", 100, "concurrent virtual customers, each filing one complaint")
	fs.IntVar(&o.replicas, "replicas", 1, "replicas of the service, in this process, sharing Redis and PostgreSQL")
	fs.BoolVar(&o.limits, "limits", false, "turn on the simulator's Telegram rate limits (and the service's pacing)")
	fs.IntVar(&o.photos, "photos", 2, "photos in each complaint's album")
	fs.DurationVar(&o.timeout, "timeout", 2*time.Minute, "how long a customer waits for any one answer before counting as failed")
	fs.DurationVar(&o.pause, "pause", 0, "a customer's mean pause before each turn, as a person reads and answers (drawn between 0 and twice it); 0: no pause, the customers go as fast as the bot answers")
	fs.BoolVar(&o.echo, "echo", true, "also run the same load against a bare echo bot, for the ceiling (not with -pause: the customers then set the pace)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the service's run (the whole process) to this file, for go tool pprof")
	verbose := fs.Bool("v", false, "show the service's warnings on stderr")
	dbURL := fs.String("database-url", firstOf(env("DATABASE_URL"), localServers.postgres), "PostgreSQL server on which the run creates, and afterwards drops, a database of its own")
	fs.StringVar(&o.redisURL, "redis-url", env("REDIS_URL"), "Redis to use; empty: start a redis-server of the run's own, so that its counters are the service's alone")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.customers < 1 || o.replicas < 1 || o.photos < 0 || o.pause < 0 {
		return &configError{Name: "bench", Msg: "-customers and -replicas must be at least 1, -photos and -pause at least 0"}
	}
	if o.pause > 0 {
		// The ceiling is a rate; with pauses the customers set the rate.
		o.echo = false
	}
	o.databaseURL = *dbURL
	level := slog.LevelError + 1 // nothing
	if *verbose {
		level = slog.LevelWarn
	}
	o.logger = newLogger(stderr, level, "text")
	r, err := runBench(ctx, o)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	r.print(stdout)
	return nil
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// runBench runs the service's load, then the echo ceiling's, and reports.
func runBench(ctx context.Context, o benchOpts) (*benchReport, error) {
	r := &benchReport{Customers: o.customers, Replicas: o.replicas, Limits: o.limits, PhotosPerComplaint: o.photos,
		PauseMeanMS: ms(o.pause)}
	var err error
	asPart(ctx, partHarness, func(ctx context.Context) { err = runServiceLoad(ctx, o, r) })
	if err != nil {
		return nil, err
	}
	if o.echo {
		// The same number of updates per customer as the service's run took.
		perCustomer := max(1, int(r.Updates)/o.customers)
		var echo *echoReport
		asPart(ctx, partHarness, func(ctx context.Context) { echo, err = runEchoLoad(ctx, o, perCustomer) })
		if err != nil {
			return nil, fmt.Errorf("echo ceiling: %w", err)
		}
		r.Echo = echo
		if echo.UpdatesPerSec > 0 {
			r.ShareOfCeiling = r.UpdatesPerSec / echo.UpdatesPerSec
			r.DialogueShareOfCeiling = r.DialogueUpdatesPerSec / echo.UpdatesPerSec
		}
	}
	return r, nil
}
