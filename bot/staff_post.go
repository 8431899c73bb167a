package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// DeskPostArgs is a job posting the bot's answer to a member of staff into
// the staff group. Answers go through the desk queue rather than straight
// to Telegram: the group may take 20 messages a minute, and the desk's
// cards and relayed messages keep their order in one queue. Its priority
// puts it before cards waiting there, as a member is waiting for it.
type DeskPostArgs struct {
	ChatID int64 `json:"chat_id"`
	// ThreadID is the forum topic to post in; 0 for none.
	ThreadID int64 `json:"thread_id,omitzero"`
	// ReplyTo is the member's message answered; 0 for none.
	ReplyTo int64 `json:"reply_to,omitzero"`
	// HTML is the answer, a catalogue text: no customer's words in it.
	HTML string `json:"html"`
}

// Kind names the job for River.
func (DeskPostArgs) Kind() string { return "desk_post" }

// InsertOpts puts the job on the desk queue ahead of queued cards. An
// update handled twice (a retry) answers once: the same answer to the same
// message is one job.
func (DeskPostArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: tickets.DeskQueue, Priority: 1, MaxAttempts: 10,
		UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: time.Hour}}
}

// deskPostWorker posts DeskPostArgs.
type deskPostWorker struct {
	river.WorkerDefaults[DeskPostArgs]
	e *Edge
}

// Work posts the answer. A topic deleted since, or a message gone, does
// not lose the answer: it is posted without them. A group the bot was
// removed from cancels the job.
func (w *deskPostWorker) Work(ctx context.Context, job *river.Job[DeskPostArgs]) error {
	a := job.Args
	opts := SendOpts{ThreadID: int(a.ThreadID), ReplyTo: int(a.ReplyTo)}
	_, err := w.e.out.Send(ctx, a.ChatID, a.HTML, opts)
	if err != nil && (isThreadGone(err) || isMessageGone(err) || isTopicClosed(err)) {
		_, err = w.e.out.Send(ctx, a.ChatID, a.HTML, SendOpts{})
	}
	if isBlocked(err) {
		return river.JobCancel(err)
	}
	return err
}

// StaffWorkers registers the workers of the staff desk's input side (the
// answers posted to staff) into w, beside the desk's other workers.
func (e *Edge) StaffWorkers(w *river.Workers) {
	river.AddWorker(w, &deskPostWorker{e: e})
}

// deskPlace is where an answer to a member goes: the chat, the topic and
// the message answered.
type deskPlace struct {
	ChatID, ThreadID, ReplyTo int64
}

// answerPlace answers message m where it was written.
func answerPlace(m *models.Message) deskPlace {
	p := deskPlace{ChatID: m.Chat.ID, ReplyTo: int64(m.ID)}
	if m.IsTopicMessage {
		p.ThreadID = int64(m.MessageThreadID)
	}
	return p
}

// staffText is a staff catalogue text in the staff language, parameters
// escaped.
func (e *Edge) staffText(key string, params map[string]string) string {
	return e.cat.Text(e.staffLang(), key, escapeParams(params))
}

// staffLang is the language of the bot's texts in the staff group.
func (e *Edge) staffLang() string { return locale.Match(e.cfg.StaffLang) }

// deskAnswer posts a staff catalogue text as an answer at place, through
// the desk queue.
func (e *Edge) deskAnswer(ctx context.Context, at deskPlace, key string, params map[string]string) error {
	return e.deskPostHTML(ctx, at, e.staffText(key, params))
}

// deskPostHTML posts html at place through the desk queue.
func (e *Edge) deskPostHTML(ctx context.Context, at deskPlace, html string) error {
	if e.jobs == nil {
		// Not wired for jobs (a tool, a test): say it straight away rather
		// than not at all.
		_, err := e.out.Send(ctx, at.ChatID, html, SendOpts{ThreadID: int(at.ThreadID), ReplyTo: int(at.ReplyTo)})
		return err
	}
	args := DeskPostArgs{ChatID: at.ChatID, ThreadID: at.ThreadID, ReplyTo: at.ReplyTo, HTML: html}
	if _, err := e.jobs.Insert(ctx, args, nil); err != nil {
		return fmt.Errorf("bot: queue answer to staff: %w", err)
	}
	return nil
}
