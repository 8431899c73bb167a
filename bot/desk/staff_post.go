package desk

import (
	"context"
	"fmt"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// PostArgs is a job posting the bot's answer to a member of staff into
// the staff group. Answers go through the desk queue rather than straight
// to Telegram: the group may take 20 messages a minute, and the desk's
// cards and relayed messages keep their order in one queue. Its priority
// puts it before cards waiting there, as a member is waiting for it.
type PostArgs struct {
	ChatID int64 `json:"chat_id"`
	// ThreadID is the forum topic to post in; 0 for none.
	ThreadID int64 `json:"thread_id,omitzero"`
	// ReplyTo is the member's message answered; 0 for none.
	ReplyTo int64 `json:"reply_to,omitzero"`
	// HTML is the answer, a catalogue text: no customer's words in it.
	HTML string `json:"html"`
}

// Kind names the job for River.
func (PostArgs) Kind() string { return "desk_post" }

// InsertOpts puts the job on the desk queue ahead of queued cards. An
// update handled twice (a retry) answers once: the same answer to the same
// message is one job.
func (PostArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: tickets.DeskQueue, Priority: 1, MaxAttempts: 10,
		UniqueOpts: river.UniqueOpts{ByArgs: true, ByPeriod: time.Hour}}
}

// postWorker posts PostArgs.
type postWorker struct {
	job[PostArgs]
}

// Work posts the answer. A topic deleted since, or a message gone, does
// not lose the answer: it is posted without them. A group the bot was
// removed from cancels the job.
func (w *postWorker) Work(ctx context.Context, job *river.Job[PostArgs]) error {
	a := job.Args
	opts := send.Opts{ThreadID: int(a.ThreadID), ReplyTo: int(a.ReplyTo)}
	_, err := w.desk.out.Send(ctx, a.ChatID, a.HTML, opts)
	if err != nil && (send.IsThreadGone(err) || send.IsMessageGone(err) || send.IsTopicClosed(err)) {
		_, err = w.desk.out.Send(ctx, a.ChatID, a.HTML, send.Opts{})
	}
	if send.IsBlocked(err) {
		return river.JobCancel(err)
	}
	return err
}

// place is where an answer to a member goes: the chat, the topic and
// the message answered.
type place struct {
	ChatID, ThreadID, ReplyTo int64
}

// answerPlace answers message m where it was written.
func answerPlace(m *models.Message) place {
	p := place{ChatID: m.Chat.ID, ReplyTo: int64(m.ID)}
	if m.IsTopicMessage {
		p.ThreadID = int64(m.MessageThreadID)
	}
	return p
}

// staffText is a staff catalogue text in the staff language, parameters
// escaped.
func (d *Desk) text(key string, params map[string]string) string {
	return d.cat.HTML(d.lang(), key, params)
}

// lang is the language of the bot's texts in the staff group.
func (d *Desk) lang() string { return locale.Match(d.cfg.Lang) }

// answer posts a staff catalogue text as an answer at place, through
// the desk queue.
func (d *Desk) answer(ctx context.Context, at place, key string, params map[string]string) error {
	return d.postHTML(ctx, at, d.text(key, params))
}

// postHTML posts html at place through the desk queue.
func (d *Desk) postHTML(ctx context.Context, at place, html string) error {
	if d.jobs == nil {
		// Not wired for jobs (a tool, a test): say it straight away rather
		// than not at all.
		_, err := d.out.Send(ctx, at.ChatID, html, send.Opts{ThreadID: int(at.ThreadID), ReplyTo: int(at.ReplyTo)})
		return err
	}
	args := PostArgs{ChatID: at.ChatID, ThreadID: at.ThreadID, ReplyTo: at.ReplyTo, HTML: html}
	if _, err := d.jobs.Insert(ctx, args, nil); err != nil {
		return fmt.Errorf("desk: queue answer to staff: %w", err)
	}
	return nil
}
