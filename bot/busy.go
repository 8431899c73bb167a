package bot

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/bot/update"
	"github.com/complaintbot/complaintbot/locale"
)

// busyEvery is how often at most one customer hears that the bot is slow:
// once for a short outage, however many messages they send into it.
const busyEvery = time.Minute

// busyTimeout bounds one notice: the intake waits for it.
const busyTimeout = 5 * time.Second

// Busy tells a customer whose message the service could not take in (Redis
// out of reach: nothing can be stored, so nothing is handled) that the
// answer is delayed and nothing needs sending again. Telegram keeps the
// message until it is taken in; the customer is answered then. It sends
// directly, without the flood limits' counters (in Redis too), and at
// most once a minute to a chat, so it stays far inside Telegram's limits.
type Busy struct {
	out   *send.Sender
	cat   *locale.Catalog
	clock func() time.Time
	log   *slog.Logger

	mu   sync.Mutex
	last map[int64]time.Time // chat → when it was last told
}

// NewBusy returns a Busy sending with out, which should keep no counters
// in Redis. clock may be nil (time.Now); logger may be nil (discard).
func NewBusy(out *send.Sender, cat *locale.Catalog, clock func() time.Time, logger *slog.Logger) *Busy {
	if clock == nil {
		clock = time.Now
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Busy{out: out, cat: cat, clock: clock, log: logger, last: map[int64]time.Time{}}
}

// Tell is given a raw update that could not be stored (intake.Config's
// Unstored). A customer's message or button press in a private chat gets
// the notice, unless the chat had one within busyEvery; everything else
// (the staff group, updates of no chat) waits in silence.
func (b *Busy) Tell(ctx context.Context, raw []byte) {
	chat, lang, ok := busyRecipient(raw)
	if !ok || !b.due(chat) {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, busyTimeout)
	defer cancel()
	text := b.cat.Text(lang, "bot.busy", nil)
	if _, err := b.out.Text(ctx, chat, text, nil); err != nil {
		b.log.Warn("busy notice not sent", "chat", chat, "err", err)
		return
	}
	b.log.Info("customer told the answer is delayed", "chat", chat)
}

// busyRecipient reads whom a raw update would have Busy tell, and in which
// language: the sender of a message, an edit or a button press in a
// private chat with the bot. ok is false for anything else, malformed
// input included.
func busyRecipient(raw []byte) (chat int64, lang string, ok bool) {
	var upd models.Update
	if err := json.Unmarshal(raw, &upd); err != nil {
		return 0, "", false
	}
	chat, kind := update.Chat(&upd)
	if chat == 0 || kind != models.ChatTypePrivate || upd.MyChatMember != nil || upd.ChatMember != nil {
		return 0, "", false
	}
	var from *models.User
	switch {
	case upd.Message != nil:
		from = upd.Message.From
	case upd.EditedMessage != nil:
		from = upd.EditedMessage.From
	case upd.CallbackQuery != nil:
		from = &upd.CallbackQuery.From
	}
	if from == nil || from.IsBot {
		return 0, "", false
	}
	return chat, locale.Match(from.LanguageCode), true
}

// due says whether chat may be told now, and if so counts it as told. It
// forgets chats told long ago, so the map holds only a minute's worth.
func (b *Busy) due(chat int64) bool {
	now := b.clock()
	b.mu.Lock()
	defer b.mu.Unlock()
	if at, ok := b.last[chat]; ok && now.Sub(at) < busyEvery {
		return false
	}
	for c, at := range b.last {
		if now.Sub(at) >= busyEvery {
			delete(b.last, c)
		}
	}
	b.last[chat] = now
	return true
}
