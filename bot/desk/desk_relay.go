package desk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/tickets"
)

// relayInWorker posts a relay-log row into its ticket's thread in the
// staff group: a customer's message marked with their name ("👤 Wang:"),
// an album as one album. A row already delivered is not posted again.
type relayInWorker struct {
	job[tickets.DeskRelayArgs]
}

// Work relays one row, or the album it belongs to.
func (w *relayInWorker) Work(ctx context.Context, job *river.Job[tickets.DeskRelayArgs]) error {
	d := w.desk
	rows, st, release, err := pendingRows(ctx, d, job.Args.MessageID, d.tickets.DeskState)
	defer release()
	if err != nil || len(rows) == 0 {
		return err
	}
	t := st.Ticket
	th, err := d.ensureThread(ctx, st)
	if err != nil {
		return err
	}
	header := ""
	if rows[0].Direction == tickets.DirectionIn {
		name := rows[0].AuthorName
		if name == "" {
			name = t.CustomerName
		}
		header = d.view().text("desk.relay.author", map[string]string{"name": name})
	}
	parts := relayParts(header, rows, d.view().text("desk.relay.unsupported", nil))
	var byRow map[int][]int64
	th, ids, err := d.postInThread(ctx, st, th, func(o send.Opts) ([]int, error) {
		var all []int
		var err error
		all, byRow, err = d.sendParts(ctx, th.ChatID, parts, o)
		return all, err
	})
	if err != nil {
		return err
	}
	// The copies are noted as the ticket's before the rows are marked: a
	// retry after a failure here posts again rather than leave copies
	// that staff cannot reply to.
	if err := d.noteDeskMessages(ctx, t.ID, th.ChatID, ids); err != nil {
		return err
	}
	if err := d.markDelivered(ctx, rows, th.ChatID, byRow); err != nil {
		return err
	}
	d.log.Info("relayed to the desk", "ticket", t.ID, "message", job.Args.MessageID, "rows", len(rows), "chat", th.ChatID)
	return nil
}

// pendingRows reads the row a relay job names and its ticket, as read
// reads it (what the job needs of it). A row that is not pending any more
// (delivered, undeliverable, held) gives nothing; a row of an album gives
// the album's rows still pending, or nothing when another job already
// relayed them. An album's jobs may run at once (each item has one): the
// first takes the album's lock, and release must be called when its rows
// are marked; the others are snoozed, and then find nothing left to do.
func pendingRows[T any](ctx context.Context, d *Desk, messageID int64, read func(context.Context, int64) (T, error)) (rows []tickets.Message, t T, release func(), err error) {
	var none T
	release = func() {}
	m, err := d.tickets.Message(ctx, messageID)
	if errors.Is(err, tickets.ErrNotFound) {
		d.log.Warn("relay of a message that is gone", "message", messageID)
		return nil, none, release, nil
	}
	if err != nil {
		return nil, none, release, fmt.Errorf("desk: relay message %d: %w", messageID, err)
	}
	if m.Delivery != tickets.DeliveryPending {
		return nil, none, release, nil
	}
	rows = []tickets.Message{*m}
	if len(m.Attachments) > 0 && m.Attachments[0].MediaGroupID != "" {
		group := m.Attachments[0].MediaGroupID
		key := d.cfg.RedisPrefix + "desk:album:" + strconv.FormatInt(m.TicketID, 10) + ":" + string(m.Direction) + ":" + group
		token := strconv.FormatInt(messageID, 10)
		ok, err := d.rdb.SetNX(ctx, key, token, jobTimeout).Result()
		if err != nil {
			return nil, none, release, fmt.Errorf("desk: relay message %d: lock album: %w", messageID, err)
		}
		if !ok {
			return nil, none, release, river.JobSnooze(albumSnooze)
		}
		release = func() { d.unlock(context.WithoutCancel(ctx), key, token) }
		rows, err = d.tickets.AlbumMessages(ctx, m.TicketID, m.Direction, group)
		if err != nil {
			return nil, none, release, fmt.Errorf("desk: relay message %d: album: %w", messageID, err)
		}
		if !slices.ContainsFunc(rows, func(r tickets.Message) bool { return r.ID == m.ID }) {
			return nil, none, release, nil
		}
	}
	t, err = read(ctx, m.TicketID)
	if err != nil {
		return nil, none, release, fmt.Errorf("desk: relay message %d: ticket %d: %w", messageID, m.TicketID, err)
	}
	return rows, t, release, nil
}

// albumSnooze is how long an album item's job waits while another job
// relays the album.
const albumSnooze = 2 * time.Second

// unlockScript deletes a lock only if it still holds the owner's token.
var unlockScript = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`)

func (d *Desk) unlock(ctx context.Context, key, token string) {
	if err := unlockScript.Run(ctx, d.rdb, []string{key}, token).Err(); err != nil {
		d.log.Warn("album lock not released", "key", key, "err", err)
	}
}

// markDelivered records where each row's copies went.
func (d *Desk) markDelivered(ctx context.Context, rows []tickets.Message, chatID int64, byRow map[int][]int64) error {
	for i, r := range rows {
		if err := d.tickets.MarkDelivered(ctx, r.ID, chatID, byRow[i]); err != nil {
			return fmt.Errorf("desk: mark message %d delivered: %w", r.ID, err)
		}
	}
	return nil
}

// ackSnooze is how long a staff reply waits, at a time, for the ticket's
// acknowledgement to go first.
const ackSnooze = 500 * time.Millisecond

// relayOutWorker delivers a staff reply to the customer, in their
// language, signed with the staff member's first name or the team's name
// (Config.Signature); an album as one album. A customer who
// blocked the bot makes the reply undeliverable and the ticket's thread
// says so, once; the job then ends without retrying.
type relayOutWorker struct {
	job[tickets.CustomerRelayArgs]
}

// Work delivers one reply, or the album it belongs to.
func (w *relayOutWorker) Work(ctx context.Context, job *river.Job[tickets.CustomerRelayArgs]) error {
	d := w.desk
	rows, t, release, err := pendingRows(ctx, d, job.Args.MessageID, d.tickets.GetByID)
	defer release()
	if err != nil || len(rows) == 0 {
		return err
	}
	if t.AwaitsAcknowledgement(d.now()) {
		// The staff were quicker than the acknowledgement: the customer
		// reads the reference first.
		if err := d.tickets.HurryAcknowledgement(ctx, t.ID); err != nil {
			d.log.Warn("staff reply waits for the acknowledgement", "ticket", t.ID, "err", err)
		}
		return river.JobSnooze(ackSnooze)
	}
	lang := t.CustomerLang
	header := d.cat.HTML(lang, "desk.reply.from", map[string]string{"name": d.signature(lang, rows[0])})
	parts := relayParts(header, rows, d.cat.Text(lang, "desk.relay.unsupported", nil))
	var byRow map[int][]int64
	err = d.line.Turn(ctx, t.CustomerChatID, func(ctx context.Context) (err error) {
		_, byRow, err = d.sendParts(ctx, t.CustomerChatID, parts, send.Opts{})
		return err
	})
	if send.IsBlocked(err) {
		return d.undeliverable(ctx, t, rows)
	}
	if err != nil {
		return fmt.Errorf("desk: relay message %d to the customer: %w", job.Args.MessageID, err)
	}
	if err := d.markDelivered(ctx, rows, t.CustomerChatID, byRow); err != nil {
		return err
	}
	d.log.Info("relayed to the customer", "ticket", t.ID, "message", job.Args.MessageID, "rows", len(rows), "chat", t.CustomerChatID)
	return nil
}

// signature is who a staff reply is signed by, as the customer reads it.
func (d *Desk) signature(lang string, m tickets.Message) string {
	if d.cfg.Signature == "team" || m.AuthorName == "" {
		return d.cat.Text(lang, "desk.reply.team", nil)
	}
	return m.AuthorName
}

// undeliverable records that replies cannot reach a customer who blocked
// the bot, and tells the ticket's thread. The notice job is unique to the
// reply, and inserted before the rows are marked: a retry after a crash in
// between finds the rows still pending, fails the same way, and inserts no
// second notice.
func (d *Desk) undeliverable(ctx context.Context, t *tickets.Ticket, rows []tickets.Message) error {
	client, err := river.ClientFromContextSafely[pgx.Tx](ctx)
	if err != nil {
		return fmt.Errorf("desk: ticket %d: notice of a blocked customer: %w", t.ID, err)
	}
	args := tickets.DeskNoticeArgs{TicketID: t.ID, Key: "desk.customer_blocked",
		Params: map[string]string{"ref": t.Ref, "message_id": strconv.FormatInt(rows[0].ID, 10)}}
	opts := args.InsertOpts()
	opts.UniqueOpts = river.UniqueOpts{ByArgs: true}
	if _, err := client.Insert(ctx, args, &opts); err != nil {
		return fmt.Errorf("desk: ticket %d: notice of a blocked customer: %w", t.ID, err)
	}
	for _, r := range rows {
		if err := d.tickets.MarkUndeliverable(ctx, r.ID); err != nil {
			return fmt.Errorf("desk: mark message %d undeliverable: %w", r.ID, err)
		}
	}
	d.log.Info("reply undeliverable: the customer blocked the bot", "ticket", t.ID, "message", rows[0].ID, "chat", t.CustomerChatID)
	return nil
}
