package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/bot"
	"github.com/complaintbot/complaintbot/internal/testworld"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// A customer whose messages cannot be taken in hears once a minute, in
// their language, that the answer is delayed; the staff group and
// anything that is not an update hear nothing.
func TestBusyTellsACustomerOnceAMinute(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := testworld.New(t, testworld.Options{})
	busy := bot.NewBusy(w.Sender, w.Catalog, w.Clock.Now, nil)
	ann := w.Sim.AddUser(telegramsim.User{FirstName: "Ann", LanguageCode: "en"})
	mei := w.Sim.AddUser(telegramsim.User{FirstName: "Mei", LanguageCode: "zh-hans"})
	// Each has written to the bot (the update the test hands Busy).
	for _, u := range []telegramsim.User{ann, mei} {
		if _, err := w.Sim.SendText(u.ID, u.ID, "hello?"); err != nil {
			t.Fatal(err)
		}
	}
	told := func(chat int64) []string {
		var texts []string
		for _, e := range testworld.BotEntries(w.Sim, chat) {
			texts = append(texts, e.Message.Text)
		}
		return texts
	}

	busy.Tell(ctx, privateText(1, ann))
	busy.Tell(ctx, privateText(2, ann)) // a second message in the same minute
	busy.Tell(ctx, pressed(3, mei))
	busy.Tell(ctx, groupText(4, w.People.Staff.ID, w.People.Li))
	busy.Tell(ctx, []byte(`{"update_id":`))
	en, zh := w.Catalog.Text("en", "bot.busy", nil), w.Catalog.Text("zh", "bot.busy", nil)
	if got := told(ann.ID); len(got) != 1 || got[0] != en {
		t.Errorf("Ann was told %q, want once %q", got, en)
	}
	if got := told(mei.ID); len(got) != 1 || got[0] != zh {
		t.Errorf("Mei was told %q, want once %q", got, zh)
	}
	if got := told(w.People.Staff.ID); len(got) != 0 {
		t.Errorf("the staff group was told %q", got)
	}

	w.Clock.Advance(time.Minute)
	busy.Tell(ctx, privateText(5, ann))
	if got := told(ann.ID); len(got) != 2 {
		t.Errorf("a minute later Ann was told %d times in all, want 2", len(got))
	}
	if strings.Contains(en, "{{") || strings.Contains(zh, "{{") {
		t.Errorf("unfilled template: %q / %q", en, zh)
	}
}

func privateText(id int64, u telegramsim.User) []byte {
	return fmt.Appendf(nil, `{"update_id":%d,"message":{"message_id":%d,"date":1700000000,`+
		`"chat":{"id":%d,"type":"private","first_name":%q},"from":{"id":%d,"is_bot":false,"first_name":%q,"language_code":%q},"text":"hello?"}}`,
		id, id, u.ID, u.FirstName, u.ID, u.FirstName, u.LanguageCode)
}

func pressed(id int64, u telegramsim.User) []byte {
	return fmt.Appendf(nil, `{"update_id":%d,"callback_query":{"id":"q%d","chat_instance":"c","data":"x",`+
		`"from":{"id":%d,"is_bot":false,"first_name":%q,"language_code":%q},`+
		`"message":{"message_id":9,"date":1700000000,"chat":{"id":%d,"type":"private","first_name":%q}}}}`,
		id, id, u.ID, u.FirstName, u.LanguageCode, u.ID, u.FirstName)
}

func groupText(id, chat int64, u telegramsim.User) []byte {
	return fmt.Appendf(nil, `{"update_id":%d,"message":{"message_id":%d,"date":1700000000,`+
		`"chat":{"id":%d,"type":"supergroup","title":"desk"},"from":{"id":%d,"is_bot":false,"first_name":%q},"text":"hello?"}}`,
		id, id, chat, u.ID, u.FirstName)
}
