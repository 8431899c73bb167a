//go:build demo

package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/internal/redistest"
)

// The load harness with a handful of customers: every complaint is one
// ticket, every acknowledgement and staff answer arrives once, and the
// report, as text and as JSON, has every figure.
func TestBenchFilesEveryComplaintOnce(t *testing.T) {
	t.Parallel()
	const customers = 4
	o := benchOpts{customers: customers, replicas: 1, photos: 2, timeout: time.Minute, echo: true,
		databaseURL: pgtest.URL(), redisURL: redistest.URL(), logger: slog.New(slog.DiscardHandler)}
	r, err := runBench(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	r.print(&text)
	t.Log("\n" + text.String())

	if r.Lost != 0 || r.Duplicated != 0 || r.Failed != 0 {
		t.Errorf("lost %d, duplicated %d, failed customers %d (%s); want none", r.Lost, r.Duplicated, r.Failed, r.FirstError)
	}
	if r.Tickets != customers || r.Counts.RepliesSent != customers {
		t.Errorf("%d tickets and %d staff answers for %d customers", r.Tickets, r.Counts.RepliesSent, customers)
	}
	// Each answer moved its ticket to in progress and made it the staff
	// member's: each card shows it.
	if r.CardEdit.N != customers || r.CardEdit.NotEdited != 0 {
		t.Errorf("%d cards edited after the staff's answer, %d not; want %d and none", r.CardEdit.N, r.CardEdit.NotEdited, customers)
	}
	// Each turn of the dialogue is timed: nine but the album's, and the
	// acknowledgement.
	if r.Latency.N != customers*10 || r.StaffReply.N != customers {
		t.Errorf("%d turns and %d answers timed; want %d and %d", r.Latency.N, r.StaffReply.N, customers*10, customers)
	}
	// Until every customer was at the summary, each sent the nine updates
	// of the dialogue's turns and one for each photo, and nothing else
	// came: no complaint was filed yet.
	if want := int64(customers * (9 + 2)); r.DialogueUpdates != want {
		t.Errorf("%d updates in the dialogues' phase, want %d", r.DialogueUpdates, want)
	}
	positive := map[string]float64{
		"updates/s": r.UpdatesPerSec, "tickets/s": r.TicketsPerSec, "latency max": r.Latency.Max,
		"redis commands per update":    r.RedisCommandsPerUpdate,
		"redis round trips per update": r.RedisRoundTripsPerUpdate, "pg round trips per update": r.PGRoundTripsPerUpdate, "pg transactions per update": r.PGTransactionsPerUpdate,
		"telegram calls per update": r.TelegramCallsPerUpdate, "cpu of the process": r.CPU.ProcessSec, "cpu of redis": r.CPU.RedisSec, "sendMessage calls per update": r.TelegramCallsByMethod["sendMessage"],
		"go heap": float64(r.GoHeapPeakBytes), "dialogue key bytes": r.DialogueKeyBytesPerDialog,
		"dialogue keys by kind": r.RedisKeyBytesPerDialogue["dlg"], "seen keys by kind": r.RedisKeyBytesPerDialogue["seen"],
		"open dialogues": float64(r.OpenDialogues), "share of the ceiling": r.ShareOfCeiling,
		"dialogues' phase": r.DialogueSec, "dialogues' updates/s": r.DialogueUpdatesPerSec, "dialogues' share": r.DialogueShareOfCeiling,
	}
	for name, v := range positive {
		if !(v > 0) {
			t.Errorf("%s = %v, want a measurement", name, v)
		}
	}
	// Every customer waited at the summary with a dialogue open, each a
	// key of the dialogues' kind, which is what the bytes are per.
	if r.OpenDialogues != customers {
		t.Errorf("%d dialogues open at the summary, want %d", r.OpenDialogues, customers)
	}
	if r.Echo == nil || r.Echo.Updates != r.Updates || r.Echo.Failed != 0 || r.Echo.Latency.N == 0 {
		t.Errorf("echo ceiling %+v: want the same %d updates, none failed", r.Echo, r.Updates)
	}
	// The profile of the run divides the process's time by part: the
	// replicas worked, and no part is time the process did not spend.
	if !(r.CPUParts[partBot] > 0) {
		t.Errorf("cpu by part %v, want the replicas' share measured", r.CPUParts)
	}
	if e := r.Echo; e != nil && e.CPUParts == nil {
		t.Error("echo bot: no cpu by part")
	}
	var profiled float64
	for _, sec := range r.CPUParts {
		profiled += sec
	}
	if profiled > 1.05*r.CPU.ProcessSec+0.05 {
		t.Errorf("the parts add up to %.2f s, more than the process's %.2f s", profiled, r.CPU.ProcessSec)
	}
	// The echo bot answers each update with one message, besides asking
	// for updates.
	if e := r.Echo; e != nil && !(e.CPUProcessSec > 0) {
		t.Errorf("echo bot: cpu %v s, want a measurement", e.CPUProcessSec)
	}
	if e := r.Echo; e != nil && (e.TelegramCallsByMethod["sendMessage"] != 1 || e.TelegramCallsPerUpdate <= 1) {
		t.Errorf("echo bot: %.2f calls per update (%v), want a sendMessage each and the getUpdates", e.TelegramCallsPerUpdate, e.TelegramCallsByMethod)
	}

	// The JSON report names every field of the report.
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	for _, name := range jsonNames(reflect.TypeFor[benchReport]()) {
		if _, ok := got[name]; !ok && name != "first_error" && name != "rate_limits" {
			t.Errorf("JSON report lacks %q", name)
		}
	}
	for _, want := range []string{"updates", "tickets", "latency", "redis commands", "pg transactions", "go heap",
		"redis per dialogue", "connection buffers", "card edits", "all keys, by kind", "lost", "duplicated", "echo ceiling", "of the echo ceiling", "dialogues' phase", "by part", "the bot's own"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q", want)
		}
	}
	if err := cmdBench(context.Background(), []string{"-customers", "0"}, func(string) string { return "" }, io.Discard, io.Discard); err == nil {
		t.Error("bench -customers 0 ran")
	}
}

// With -pause the customers take their time before each turn and do not
// wait for each other at the summary: every complaint is still filed once,
// and no echo ceiling is run, since the customers and not the bot set the
// pace.
func TestBenchWithPauses(t *testing.T) {
	t.Parallel()
	var out, errs strings.Builder
	args := []string{"-customers", "3", "-pause", "5ms", "-json", "-database-url", pgtest.URL(), "-redis-url", redistest.URL()}
	if err := cmdBench(context.Background(), args, func(string) string { return "" }, &out, &errs); err != nil {
		t.Fatalf("bench: %v\n%s", err, errs.String())
	}
	var r benchReport
	if err := json.Unmarshal([]byte(out.String()), &r); err != nil {
		t.Fatalf("JSON report: %v\n%s", err, out.String())
	}
	if r.Lost != 0 || r.Duplicated != 0 || r.Failed != 0 || r.Tickets != 3 {
		t.Errorf("tickets %d, lost %d, duplicated %d, failed customers %d (%s)", r.Tickets, r.Lost, r.Duplicated, r.Failed, r.FirstError)
	}
	if r.PauseMeanMS != 5 || r.Echo != nil || r.Latency.N != 3*10 || r.DialogueUpdates != 0 {
		t.Errorf("pause %v ms, echo %+v, %d turns timed, dialogues' phase %d updates; want 5 ms, no echo, 30 turns, no phase",
			r.PauseMeanMS, r.Echo, r.Latency.N, r.DialogueUpdates)
	}
	// Nobody waited at the summary for the others, so Redis was not
	// measured there.
	if r.OpenDialogues != 0 || r.RedisBytesPerDialogue != 0 {
		t.Errorf("%d dialogues measured open at the summary (%v B each); with pauses nobody waits there", r.OpenDialogues, r.RedisBytesPerDialogue)
	}
	if err := cmdBench(context.Background(), []string{"-pause", "-1s"}, func(string) string { return "" }, io.Discard, io.Discard); err == nil {
		t.Error("bench -pause -1s ran")
	}
}

func jsonNames(t reflect.Type) []string {
	var names []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		names = append(names, name)
	}
	return names
}

// The report names the limits that refused calls, in a fixed order, and
// says nothing when none did.
func TestByLimit(t *testing.T) {
	for _, c := range []struct {
		by   map[string]int
		want string
	}{
		{nil, ""},
		{map[string]int{"overall": 0}, ""},
		{map[string]int{"overall": 4, "chat": 2, "group": 0}, " (chat 2, overall 4)"},
	} {
		if got := byLimit(c.by); got != c.want {
			t.Errorf("byLimit(%v) = %q, want %q", c.by, got, c.want)
		}
	}
}

// The replicas' pools are made to fit in what the server has free, or the
// run says it cannot; a pool the URL sets is left as it is.
func TestBenchFitsTheReplicasPoolsInTheServer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, err := openBenchServers(ctx, pgtest.URL(), redistest.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.close)

	var free int
	if err := srv.admin.QueryRow(ctx, "SELECT current_setting('max_connections')::int").Scan(&free); err != nil {
		t.Fatal(err)
	}
	if _, _, err := srv.replicaURL(ctx, free); err == nil || !strings.Contains(err.Error(), "too few") {
		t.Errorf("%d replicas on a server of %d connections: %v, want too few", free, free, err)
	}

	given := srv.dbURL
	srv.dbURL += "?pool_max_conns=7"
	if u, pool, err := srv.replicaURL(ctx, free); err != nil || pool != 0 || u != srv.dbURL {
		t.Errorf("a URL with its own pool size became %q (pool %d, %v), want it as it is", u, pool, err)
	}
	srv.dbURL = given
}
