package customersim

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// driver plays one simulated customer the way a person uses the bot: it
// reads the bot's messages, waits for the question it expects, and presses
// buttons by their labels. The scripted demo and the end-to-end tests share
// it.
type Driver struct {
	sim     *telegramsim.Server
	cat     *locale.Catalog
	User    telegramsim.User
	Lang    string
	Mark    int    // the newest message id before the last action
	Pressed int    // the message whose button the last action pressed, if it did
	Query   string // the callback query of the last button pressed
	timeout time.Duration
}

func New(sim *telegramsim.Server, cat *locale.Catalog, u telegramsim.User) *Driver {
	return &Driver{sim: sim, cat: cat, User: u, Lang: locale.Match(u.LanguageCode), timeout: 20 * time.Second}
}

// label is the text of a catalogue key in the customer's language.
func (d *Driver) Label(key string) string { return d.cat.Text(d.Lang, key, nil) }

var (
	// Where a sentence ends, or where a parameter rendered empty left a
	// mark (two spaces, a space before punctuation, empty quotes).
	pieceRE = regexp.MustCompile(`<no value>|\n|[.!?。！？：:]\s*|\s\s+|\s[,.;:!?，。；：]|“”|「」|（）|\(\)`)
)

// fragment is a piece of a catalogue text that every rendering of it
// contains, whatever its parameters: the longest sentence or line between
// them (a parameter may also change a greeting, so sentences are split).
func (d *Driver) Fragment(key string) string {
	text := d.cat.Text(d.Lang, key, nil)
	best := ""
	for _, piece := range pieceRE.Split(text, -1) {
		if strings.ContainsAny(piece, "<>") {
			continue // a tag cut in half, or an empty parameter's marker
		}
		if utf8.RuneCountInString(piece) > utf8.RuneCountInString(best) {
			best = piece
		}
	}
	best = strings.TrimSpace(best)
	if r := []rune(best); len(r) > 24 {
		best = string(r[:24])
	}
	return best
}

func (d *Driver) LastID() int {
	tr := d.sim.Transcript(d.User.ID)
	if len(tr) == 0 {
		return 0
	}
	return tr[len(tr)-1].Message.ID
}

// act records where the chat stands, then does what the customer does.
func (d *Driver) Act(what string, do func() error) error {
	d.Mark, d.Pressed = d.LastID(), 0
	if err := do(); err != nil {
		return fmt.Errorf("%s: %s: %w", d.User.FirstName, what, err)
	}
	return nil
}

func (d *Driver) Send(text string) error {
	return d.Act(fmt.Sprintf("send %q", text), func() error {
		_, err := d.sim.SendText(d.User.ID, d.User.ID, text)
		return err
	})
}

func (d *Driver) Album(images ...[]byte) error {
	items := make([]telegramsim.Media, 0, len(images))
	for _, img := range images {
		items = append(items, telegramsim.Media{Kind: "photo", Data: img})
	}
	return d.Act("send an album", func() error {
		_, err := d.sim.SendAlbum(d.User.ID, d.User.ID, items)
		return err
	})
}

func (d *Driver) ShareContact(phone string) error {
	return d.Act("share contact", func() error {
		_, err := d.sim.SendContact(d.User.ID, d.User.ID, phone, d.User.FirstName)
		return err
	})
}

// press presses the button labelled label on the newest bot message that
// has one.
func (d *Driver) Press(label string) error {
	return d.Act(fmt.Sprintf("press %q", label), func() error {
		msgID, data, ok := d.FindButton(label)
		if !ok {
			return fmt.Errorf("no such button in the chat")
		}
		d.Pressed = msgID
		_, err := d.sim.PressButton(d.User.ID, d.User.ID, msgID, data)
		return err
	})
}

// pressAgain presses a button of an earlier message once more, as a
// customer tapping twice does.
func (d *Driver) PressOn(msgID int, data string) error {
	return d.Act("press again", func() error {
		d.Pressed = msgID
		id, err := d.sim.PressButton(d.User.ID, d.User.ID, msgID, data)
		d.Query = id
		return err
	})
}

func (d *Driver) FindButton(label string) (msgID int, data string, ok bool) {
	tr := d.sim.Transcript(d.User.ID)
	for i := len(tr) - 1; i >= 0; i-- {
		kb := tr[i].Message.ReplyMarkup
		if !tr[i].FromBot || kb == nil {
			continue
		}
		for _, row := range kb.InlineKeyboard {
			for _, b := range row {
				if b.Text == label {
					return tr[i].Message.ID, b.CallbackData, true
				}
			}
		}
	}
	return 0, "", false
}

// WaitFor waits for a bot message after the last action whose text
// contains the fragment of key, or for the message whose button the action
// pressed to be replaced by such a text, and returns it.
func (d *Driver) WaitFor(key string) (*models.Message, error) {
	want := d.Fragment(key)
	ctx, cancel := context.WithTimeout(context.Background(), d.timeout)
	defer cancel()
	after, pressed := d.Mark, d.Pressed
	e, err := d.sim.WaitEntry(ctx, d.User.ID, func(e telegramsim.Entry) bool {
		answer := e.Message.ID > after || (pressed != 0 && e.Message.ID == pressed && e.Edited)
		return e.FromBot && !e.Deleted && answer && strings.Contains(e.Message.Text, want)
	})
	if err != nil {
		return nil, fmt.Errorf("%s: waiting for %s (%q): %w\n%s", d.User.FirstName, key, want, err, d.Transcript())
	}
	return e.Message, nil
}

func (d *Driver) Transcript() string {
	var b strings.Builder
	for _, e := range d.sim.Transcript(d.User.ID) {
		b.WriteString(e.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// WithTimeout sets how long the driver waits for each of the bot's answers
// (20 seconds unless set): a load run on a busy machine waits longer.
func (d *Driver) WithTimeout(timeout time.Duration) *Driver {
	d.timeout = timeout
	return d
}
