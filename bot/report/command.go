package report

import (
	"context"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/bot/update"
)

// Command is the command's name: /report.
const Command = "report"

// UsageKey is the staff catalogue's text that says how to write /report.
const UsageKey = "staff.usage.report"

// The spans /report takes.
const (
	weekDays  = 7
	monthDays = 30
)

// ParseSpan reads /report's argument: nothing or "week" is the last 7
// days, "month" the last 30 (周 and 月 too, for owners who type Chinese).
// ok is false for anything else.
func ParseSpan(args string) (days int, ok bool) {
	switch strings.ToLower(strings.TrimSpace(args)) {
	case "", "week", "w", "周", "本周", "一周":
		return weekDays, true
	case "month", "m", "月", "本月", "一个月":
		return monthDays, true
	}
	return 0, false
}

// Send answers /report of days days with the report up to now, today
// included, placed by o (in the staff group, a reply to the command). The
// command's message (o.ReplyTo) names the answer: handled again after its
// chart failed, it sends the chart alone.
func (r *Reports) Send(ctx context.Context, chatID int64, days int, o send.Opts) error {
	m, err := r.build(ctx, days, false, r.now(), "report.title")
	if err != nil {
		return err
	}
	memo := ""
	if o.ReplyTo != 0 {
		memo = r.cfg.RedisPrefix + "report:summary:" + strconv.FormatInt(chatID, 10) + ":" + strconv.Itoa(o.ReplyTo)
	}
	return r.send(ctx, chatID, m, o, memo)
}

// Private takes an owner's /report in their private chat with the bot;
// handled is false for any other update, which stays the customer side's
// (anyone else's /report is just text to the dialogue).
func (r *Reports) Private(ctx context.Context, upd *models.Update, botUsername string) (handled bool, err error) {
	m := upd.Message
	if m == nil || m.Chat.Type != models.ChatTypePrivate || m.From == nil || !r.IsOwner(m.From.ID) {
		return false, nil
	}
	name, args, ok := update.Command(m.Text, botUsername)
	if !ok || name != Command {
		return false, nil
	}
	o := send.Opts{ReplyTo: m.ID}
	days, ok := ParseSpan(args)
	if !ok {
		_, err := r.out.Send(ctx, m.Chat.ID, r.cat.HTML(r.lang(), UsageKey, nil), o)
		return true, err
	}
	return true, r.Send(ctx, m.Chat.ID, days, o)
}
