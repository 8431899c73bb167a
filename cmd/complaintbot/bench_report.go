//go:build demo

package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// benchReport is what a load run measured. Durations are in milliseconds.
type benchReport struct {
	Customers int `json:"customers"`
	Replicas  int `json:"replicas"`
	// PoolPerReplica is each replica's PostgreSQL pool when the run made
	// it smaller than a replica's own, for all of them to fit in the
	// server's connections; 0 when it did not.
	PoolPerReplica     int  `json:"pool_per_replica"`
	Limits             bool `json:"limits"`
	PhotosPerComplaint int  `json:"photos_per_complaint"`
	// PauseMeanMS is the customers' mean pause before each turn (-pause);
	// latencies never include it.
	PauseMeanMS float64 `json:"pause_mean_ms"`

	ElapsedSec    float64 `json:"elapsed_sec"`
	Updates       int64   `json:"updates"`
	UpdatesPerSec float64 `json:"updates_per_sec"`
	Tickets       int     `json:"tickets"`
	TicketsPerSec float64 `json:"tickets_per_sec"`
	// DialogueUpdates came in the dialogues' phase, until every customer
	// was at the summary, in DialogueSec: the customers' own part of the
	// run, before any ticket is filed, carded, answered. Measured only
	// when the customers wait for each other there (not with -pause).
	DialogueUpdates       int64   `json:"dialogue_updates"`
	DialogueSec           float64 `json:"dialogue_sec"`
	DialogueUpdatesPerSec float64 `json:"dialogue_updates_per_sec"`
	// Latency is from a customer's message (or button press) to the bot's
	// complete answer to it, over every turn of every dialogue but the
	// album's (whose answer is a counter edited in place).
	Latency latencies `json:"latency_ms"`
	// ByTurn is Latency turn by turn, in the dialogue's order: where the
	// slow answers are.
	ByTurn []turnLatencies `json:"latency_by_turn_ms"`
	// StaffReply is from a staff member's answer in the ticket's topic to
	// its arrival in the customer's chat.
	StaffReply latencies `json:"staff_reply_ms"`
	// CardEdit is from a staff member's answer in a ticket's topic to the
	// ticket's card showing it (taken, in progress), in Telegram's whole
	// seconds: the card's last edit_date.
	CardEdit cardEdits `json:"card_edit"`
	// StaffGroupDoneSec is when the bot's last message reached the staff
	// group, from the start (like ElapsedSec): the customers' files follow
	// the cards, and may still be posting when the last answer arrives.
	StaffGroupDoneSec float64 `json:"staff_group_done_sec"`

	// RedisRoundTripsPerUpdate and PGRoundTripsPerUpdate count the
	// replicas' calls (a command, a script, a pipeline; a query, an exec, a
	// batch): what an update waits on the network for, where the servers'
	// counters say how much work it costs them.
	RedisRoundTripsPerUpdate float64 `json:"redis_round_trips_per_update"`
	PGRoundTripsPerUpdate    float64 `json:"pg_round_trips_per_update"`
	RedisCommandsPerUpdate   float64 `json:"redis_commands_per_update"`
	// RedisShared says the Redis was given (-redis-url), so its counters
	// include other clients' commands.
	RedisShared             bool    `json:"redis_shared"`
	PGTransactionsPerUpdate float64 `json:"pg_transactions_per_update"`
	// TelegramCallsPerUpdate counts the replicas' calls to the Bot API
	// (getUpdates among them), each a request the simulator answers;
	// TelegramCallsByMethod divides them by method.
	TelegramCallsPerUpdate float64            `json:"telegram_calls_per_update"`
	TelegramCallsByMethod  map[string]float64 `json:"telegram_calls_by_method"`
	// CPU is the processor time spent from the run's start until the
	// service stopped.
	CPU benchCPU `json:"cpu"`
	// CPUParts divides this process's time by part (bench_parts.go): the
	// replicas ("bot"), the simulator, the virtual people, the harness,
	// the runtime; in seconds, as a CPU profile of the run saw them.
	CPUParts map[string]float64 `json:"cpu_process_parts_sec"`
	// GoHeapPeakBytes is the peak of the live heap of the whole bench
	// process: the replicas, but also the simulator and the customers.
	GoHeapPeakBytes uint64 `json:"go_heap_peak_bytes"`
	// With every customer at the summary (their dialogue open), the growth
	// of Redis's used_memory over the run's start, and the MEMORY USAGE of
	// the dialogue keys, each per open dialogue.
	OpenDialogues             int     `json:"open_dialogues"`
	RedisBytesPerDialogue     float64 `json:"redis_bytes_per_dialogue"`
	DialogueKeyBytesPerDialog float64 `json:"dialogue_key_bytes_per_dialogue"`
	// RedisClientBytesPerDialogue is the part of the used_memory growth
	// that is the connections' buffers (mem_clients_normal): it follows
	// the replicas' connection pools, not the dialogues.
	RedisClientBytesPerDialogue float64 `json:"redis_client_bytes_per_dialogue"`
	// RedisKeyBytesPerDialogue is the MEMORY USAGE of all the run's keys
	// by kind ("dlg", "seen", "flood", ...), per open dialogue.
	RedisKeyBytesPerDialogue map[string]float64 `json:"redis_key_bytes_per_dialogue"`

	Lost       int          `json:"lost"`
	Duplicated int          `json:"duplicated"`
	Counts     benchCounts  `json:"counts"`
	Failed     int          `json:"failed_customers"`
	FirstError string       `json:"first_error,omitempty"`
	RateLimits *benchLimits `json:"rate_limits,omitempty"`

	Echo           *echoReport `json:"echo,omitempty"`
	ShareOfCeiling float64     `json:"share_of_echo_ceiling"`
	// DialogueShareOfCeiling is the dialogues' phase's rate as a share of
	// the echo bot's.
	DialogueShareOfCeiling float64 `json:"dialogue_share_of_echo_ceiling"`
}

// cardEdits is how long the cards took to show the staff's answers, in
// whole seconds (Telegram dates its messages and edits so).
type cardEdits struct {
	N      int     `json:"n"`
	P50Sec float64 `json:"p50_sec"`
	P95Sec float64 `json:"p95_sec"`
	MaxSec float64 `json:"max_sec"`
	// NotEdited counts the answered cards that never changed.
	NotEdited int `json:"not_edited"`
}

// summarizeCardEdits summarizes lags (whole seconds) with the percentiles
// of summarize.
func summarizeCardEdits(lags []time.Duration, notEdited int) cardEdits {
	l := summarize(lags)
	return cardEdits{N: l.N, P50Sec: l.P50 / 1000, P95Sec: l.P95 / 1000, MaxSec: l.Max / 1000, NotEdited: notEdited}
}

// benchCounts are what lost and duplicated add up.
type benchCounts struct {
	TicketsMissing    int `json:"tickets_missing"`    // customers acknowledged or not, without a ticket
	TicketsDuplicated int `json:"tickets_duplicated"` // tickets beyond the first of a customer
	AcksMissing       int `json:"acks_missing"`
	AcksDuplicated    int `json:"acks_duplicated"`
	RepliesSent       int `json:"staff_replies_sent"`
	RepliesMissing    int `json:"staff_replies_missing"`
	RepliesDuplicated int `json:"staff_replies_duplicated"`
}

// benchLimits is the send rate with the simulator's limits on.
type benchLimits struct {
	MessagesSent   int     `json:"messages_sent"`
	SentPerSec     float64 `json:"sent_per_sec"`
	AllowedPerSec  float64 `json:"allowed_per_sec"`
	ShareOfAllowed float64 `json:"share_of_allowed"`
	// The staff group's share of its own limit, 20 messages a minute,
	// which bounds a run's end: its cards come last.
	GroupSent           int     `json:"group_messages_sent"`
	GroupShareOfAllowed float64 `json:"group_share_of_allowed"`
	TooManyRequests     int     `json:"too_many_requests"`
	// TooManyBy is the 429s by the limit that refused them (see
	// telegramsim.Stats.TooManyBy).
	TooManyBy map[string]int `json:"too_many_requests_by_limit,omitempty"`
	// The dialogues' phase, from the start until every customer is at the
	// summary: the bot answers the customers only, as fast as their chats'
	// limits and the overall one allow, so this is the share of Telegram's
	// allowed rate the sender uses while it has enough to send.
	DialogueSent           int     `json:"dialogue_messages_sent"`
	DialogueSentPerSec     float64 `json:"dialogue_sent_per_sec"`
	DialogueAllowedPerSec  float64 `json:"dialogue_allowed_per_sec"`
	DialogueShareOfAllowed float64 `json:"dialogue_share_of_allowed"`
}

// byLimit is " (chat 1, overall 2)" for the 429s by limit, "" for none.
func byLimit(by map[string]int) string {
	var parts []string
	for _, limit := range slices.Sorted(maps.Keys(by)) {
		if by[limit] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", limit, by[limit]))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// dialoguePhase fills in the dialogues' phase: sent messages in took, with
// allowed messages a second.
func (l *benchLimits) dialoguePhase(sent int, took time.Duration, allowed float64) {
	if took <= 0 {
		return
	}
	l.DialogueSent, l.DialogueAllowedPerSec = sent, allowed
	l.DialogueSentPerSec = float64(sent) / took.Seconds()
	l.DialogueShareOfAllowed = l.DialogueSentPerSec / allowed
}

// echoReport is the same load against the bare echo bot.
type echoReport struct {
	Customers     int       `json:"customers"`
	Updates       int64     `json:"updates"`
	ElapsedSec    float64   `json:"elapsed_sec"`
	UpdatesPerSec float64   `json:"updates_per_sec"`
	Latency       latencies `json:"latency_ms"`
	Failed        int       `json:"failed_customers"`
	// TelegramCallsPerUpdate counts the echo bot's calls to the Bot API.
	TelegramCallsPerUpdate float64            `json:"telegram_calls_per_update"`
	TelegramCallsByMethod  map[string]float64 `json:"telegram_calls_by_method"`
	// CPUProcessSec is the processor time of this process during the echo
	// run: the echo bot, its simulator and the customers.
	CPUProcessSec float64 `json:"cpu_process_sec"`
	// CPUParts divides it by part, as the service's run's CPUParts.
	CPUParts map[string]float64 `json:"cpu_process_parts_sec"`
}

type latencies struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

// summarize takes the nearest-rank percentiles of the samples.
func summarize(samples []time.Duration) latencies {
	if len(samples) == 0 {
		return latencies{}
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	at := func(p float64) float64 {
		i := int(p*float64(len(s))+0.999999) - 1
		return ms(s[min(max(i, 0), len(s)-1)])
	}
	return latencies{N: len(s), P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: ms(s[len(s)-1])}
}

// turnLatencies is one turn's latencies: what the customer did, and how
// long the bot took to answer it completely.
type turnLatencies struct {
	Turn string `json:"turn"`
	latencies
}

// summarizeTurns takes the latencies of each turn, in the order first seen.
func summarizeTurns(results []customerResult) []turnLatencies {
	var order []string
	samples := map[string][]time.Duration{}
	for _, res := range results {
		for k, name := range res.turnNames {
			if _, seen := samples[name]; !seen {
				order = append(order, name)
			}
			samples[name] = append(samples[name], res.turns[k])
		}
	}
	var out []turnLatencies
	for _, name := range order {
		out = append(out, turnLatencies{Turn: name, latencies: summarize(samples[name])})
	}
	return out
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (l latencies) String() string {
	return fmt.Sprintf("p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms  (%d samples)", l.P50, l.P95, l.P99, l.Max, l.N)
}

func (r *benchReport) print(w io.Writer) {
	mode := "off"
	if r.Limits {
		mode = "on"
	}
	pools := ""
	if r.PoolPerReplica > 0 {
		pools = fmt.Sprintf(" (PostgreSQL pools of %d connections, to fit the server's)", r.PoolPerReplica)
	}
	fmt.Fprintf(w, "complaintbot bench: %d customers, %d replica(s)%s, %d photos each, simulator limits %s\n",
		r.Customers, r.Replicas, pools, r.PhotosPerComplaint, mode)
	if r.PauseMeanMS > 0 {
		fmt.Fprintf(w, "  customers pause    %.0f ms on average before each turn (0 to %.0f ms), not counted in the latencies\n", r.PauseMeanMS, 2*r.PauseMeanMS)
	}
	fmt.Fprintf(w, "  elapsed            %.1f s\n", r.ElapsedSec)
	fmt.Fprintf(w, "  updates            %d  (%.1f /s)\n", r.Updates, r.UpdatesPerSec)
	fmt.Fprintf(w, "  tickets            %d  (%.2f /s)\n", r.Tickets, r.TicketsPerSec)
	if r.DialogueUpdates > 0 {
		fmt.Fprintf(w, "  dialogues' phase   %d updates in %.1f s (%.1f /s), until every customer was at the summary\n",
			r.DialogueUpdates, r.DialogueSec, r.DialogueUpdatesPerSec)
	}
	fmt.Fprintf(w, "  latency            %s\n", r.Latency)
	for _, t := range r.ByTurn {
		fmt.Fprintf(w, "    %-16s p50 %.1f ms  p99 %.1f ms  max %.1f ms\n", t.Turn, t.P50, t.P99, t.Max)
	}
	fmt.Fprintf(w, "  staff reply        %s\n", r.StaffReply)
	fmt.Fprintf(w, "  card edits         the card shows the staff's answer p50 %.0f s  p95 %.0f s  max %.0f s  (%d cards, in Telegram's whole seconds; %d never edited)\n",
		r.CardEdit.P50Sec, r.CardEdit.P95Sec, r.CardEdit.MaxSec, r.CardEdit.N, r.CardEdit.NotEdited)
	fmt.Fprintf(w, "  staff group        the bot's last post at %.1f s (cards first; each ticket's files after every card waiting)\n", r.StaffGroupDoneSec)
	shared := ""
	if r.RedisShared {
		shared = " (a shared Redis: other clients' commands included)"
	}
	fmt.Fprintf(w, "  round trips        %.1f to Redis, %.1f to PostgreSQL per update\n", r.RedisRoundTripsPerUpdate, r.PGRoundTripsPerUpdate)
	fmt.Fprintf(w, "  redis commands     %.1f per update%s (inside scripts too)\n", r.RedisCommandsPerUpdate, shared)
	fmt.Fprintf(w, "  pg transactions    %.2f per update\n", r.PGTransactionsPerUpdate)
	fmt.Fprintf(w, "  telegram calls     %.2f per update%s\n", r.TelegramCallsPerUpdate, byMethod(r.TelegramCallsByMethod))
	fmt.Fprintf(w, "  cpu                %s\n", r.CPU.describe(r.Updates))
	fmt.Fprintf(w, "    this process by part  %s\n", describeParts(r.CPUParts, r.Updates))
	fmt.Fprintf(w, "  go heap (peak)     %.1f MiB (whole process: replicas, simulator, customers)\n", float64(r.GoHeapPeakBytes)/(1<<20))
	if r.OpenDialogues > 0 {
		fmt.Fprintf(w, "  redis per dialogue %.0f B used_memory growth (%.0f B of it connection buffers), %.0f B in dialogue keys (%d open)\n",
			r.RedisBytesPerDialogue, r.RedisClientBytesPerDialogue, r.DialogueKeyBytesPerDialog, r.OpenDialogues)
		kinds := slices.Sorted(maps.Keys(r.RedisKeyBytesPerDialogue))
		slices.SortStableFunc(kinds, func(a, b string) int {
			return cmp.Compare(r.RedisKeyBytesPerDialogue[b], r.RedisKeyBytesPerDialogue[a])
		})
		var parts []string
		for _, k := range kinds {
			parts = append(parts, fmt.Sprintf("%s %.0f B", k, r.RedisKeyBytesPerDialogue[k]))
		}
		fmt.Fprintf(w, "    all keys, by kind  %s\n", strings.Join(parts, ", "))
	} else {
		fmt.Fprintf(w, "  redis per dialogue not measured (the customers never all wait at the summary together)\n")
	}
	c := r.Counts
	fmt.Fprintf(w, "  lost               %d  (tickets %d, acknowledgements %d, staff replies %d of %d)\n",
		r.Lost, c.TicketsMissing, c.AcksMissing, c.RepliesMissing, c.RepliesSent)
	fmt.Fprintf(w, "  duplicated         %d  (tickets %d, acknowledgements %d, staff replies %d)\n",
		r.Duplicated, c.TicketsDuplicated, c.AcksDuplicated, c.RepliesDuplicated)
	fmt.Fprintf(w, "  failed customers   %d\n", r.Failed)
	if r.FirstError != "" {
		fmt.Fprintf(w, "  first failure      %s\n", r.FirstError)
	}
	if l := r.RateLimits; l != nil {
		fmt.Fprintf(w, "  sent               %d messages, %.1f /s of %.1f /s allowed (%.0f%%), 429s: %d%s\n",
			l.MessagesSent, l.SentPerSec, l.AllowedPerSec, 100*l.ShareOfAllowed, l.TooManyRequests, byLimit(l.TooManyBy))
		fmt.Fprintf(w, "  staff group        %d messages, %.0f%% of its 20 a minute\n", l.GroupSent, 100*l.GroupShareOfAllowed)
		fmt.Fprintf(w, "  dialogues' phase   %d messages to customers, %.1f /s of %.1f /s allowed (%.0f%%)\n",
			l.DialogueSent, l.DialogueSentPerSec, l.DialogueAllowedPerSec, 100*l.DialogueShareOfAllowed)
	}
	if e := r.Echo; e != nil {
		fmt.Fprintf(w, "echo ceiling: bare go-telegram/bot echo bot, %d customers, same updates per customer, simulator limits off\n", e.Customers)
		fmt.Fprintf(w, "  updates            %d  (%.1f /s)\n", e.Updates, e.UpdatesPerSec)
		fmt.Fprintf(w, "  latency            %s\n", e.Latency)
		fmt.Fprintf(w, "  telegram calls     %.2f per update%s\n", e.TelegramCallsPerUpdate, byMethod(e.TelegramCallsByMethod))
		if e.Updates > 0 {
			fmt.Fprintf(w, "  cpu                this process %.1f s (the echo bot, its simulator, the customers), %.2f ms per update\n",
				e.CPUProcessSec, 1000*e.CPUProcessSec/float64(e.Updates))
			fmt.Fprintf(w, "    this process by part  %s\n", describeParts(e.CPUParts, e.Updates))
		}
		fmt.Fprintf(w, "  failed customers   %d\n", e.Failed)
		fmt.Fprintf(w, "complaintbot at %.0f%% of the echo ceiling", 100*r.ShareOfCeiling)
		if r.DialogueShareOfCeiling > 0 {
			fmt.Fprintf(w, " (the dialogues' phase alone: %.0f%%)", 100*r.DialogueShareOfCeiling)
		}
		fmt.Fprintln(w)
	}
}

// callsPerUpdate divides the Bot API calls made between two of the
// simulator's counts by the updates of the run, in all and by method.
func callsPerUpdate(before, after telegramsim.Stats, updates int64) (float64, map[string]float64) {
	by := map[string]float64{}
	var all int
	for m, n := range after.Calls {
		if d := n - before.Calls[m]; d > 0 {
			by[m] = float64(d) / float64(updates)
			all += d
		}
	}
	return float64(all) / float64(updates), by
}

// byMethod lists calls per update by method, the most made first:
// ": sendMessage 1.10, answerCallbackQuery 0.40, ...".
func byMethod(by map[string]float64) string {
	methods := slices.Collect(maps.Keys(by))
	slices.SortFunc(methods, func(a, b string) int {
		if c := cmp.Compare(by[b], by[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	var b strings.Builder
	for i, m := range methods {
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		fmt.Fprintf(&b, "%s%s %.2f", sep, m, by[m])
	}
	return b.String()
}
