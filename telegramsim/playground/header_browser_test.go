package playground

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// In a browser, the bot's reaction shows as a pill on the message it
// confirms, and goes when the bot takes it away; a playground with a clock
// shows the bot's time in its header, moves it a day on with "+1 day", and
// still fits a phone's width.
func TestPlaygroundReactionAndClockInChromium(t *testing.T) {
	tab, problems := browserTab(t, 90*time.Second)
	pg := page{t: t, tab: tab, problems: problems}
	step, until := pg.step, pg.until
	start := time.Now().In(shanghai(t)).Truncate(time.Second)
	c := &movableClock{t: start}
	sim, url := clockWorld(t, c)
	ann := sim.AddUser(telegramsim.User{FirstName: "Ann", LanguageCode: "en"})
	note, err := sim.SendText(ann.ID, ann.ID, "/note called the customer")
	if err != nil {
		t.Fatal(err)
	}
	react := func(emoji ...string) {
		t.Helper()
		reaction := []map[string]string{}
		for _, e := range emoji {
			reaction = append(reaction, map[string]string{"type": "emoji", "emoji": e})
		}
		body, _ := json.Marshal(map[string]any{"chat_id": ann.ID, "message_id": note.ID, "reaction": reaction})
		resp, err := http.Post(url+"/bot"+pgToken+"/setMessageReaction", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("setMessageReaction %v = %d", emoji, resp.StatusCode)
		}
	}
	row := fmt.Sprintf(`#messages .row[data-mid="%d"]`, note.ID)
	annItem := chromedp.CSS(fmt.Sprintf(`.chat-item[data-chat-id="%d"]`, ann.ID))

	step("open Ann's chat", chromedp.Navigate(url+"/"), chromedp.WaitVisible(annItem), chromedp.Click(annItem), chromedp.WaitVisible(chromedp.ID("input")))
	until("the note, without a reaction", has(row+" .text", "/note called the customer")+
		fmt.Sprintf(` && !document.querySelector(%q)`, row+" .reaction"))
	react("👍")
	until("the 👍 pill on the note, the time beside it", has(row+" .bubble .reactions .reaction", "👍")+
		fmt.Sprintf(` && !!document.querySelector(%q)`, row+" .reactions .meta .time"))
	shot(t, tab, filepath.Join(os.TempDir(), "playground-reaction.png"))
	react()
	until("the pill gone", fmt.Sprintf(`!document.querySelector(%q) && !!document.querySelector(%q)`, row+" .reaction", row+" .text .meta"))

	until("the clock in the header", `!document.getElementById('clock').hidden && document.getElementById('clock-now').textContent.length > 0`+
		` && document.getElementById('clock-ahead').textContent === ''`)
	before, err := chromedp.Run(tab, chromedp.Text(chromedp.ID("clock-now")))
	if err != nil {
		t.Fatalf("read the clock: %v", err)
	}
	step("move it a day on", chromedp.Click(chromedp.ID("clock-day")))
	until("the clock a day ahead", has("#clock-ahead", "+1 d")+
		fmt.Sprintf(` && document.getElementById('clock-now').textContent !== %q`, before))
	if got := c.moved(); len(got) != 1 || got[0] != 24*time.Hour {
		t.Errorf("the page moved the clock by %v, want one day", got)
	}
	step("on a phone", chromedp.EmulateViewport(390, 844))
	until("the clock shown, nothing wider than the screen", shown("#clock-day")+` && `+noSideScroll)
	shot(t, tab, filepath.Join(os.TempDir(), "playground-clock-phone.png"))
	if p := problems(); len(p) > 0 {
		t.Errorf("the page reported errors: %v", p)
	}
}
