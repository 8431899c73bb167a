package wire

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// seen is one call as the test server decoded and validated it.
type seen struct {
	method string
	params Params
	call   *Call
	err    *Error
}

// newBotServer starts a server that decodes and validates every call of
// the real go-telegram/bot client and answers with a minimal valid result.
func newBotServer(t *testing.T) (*bot.Bot, <-chan seen) {
	t.Helper()
	spec := loadSpec(t)
	calls := make(chan seen, 16)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
		p, err := Decode(r)
		var c *Call
		if err == nil {
			c, err = spec.Check(method, p)
		}
		calls <- seen{method: method, params: p, call: c, err: err}
		if err != nil {
			WriteError(w, err)
			return
		}
		msg := map[string]any{"message_id": 1, "date": 1, "chat": map[string]any{"id": 42, "type": "private"}}
		switch strings.ToLower(method) {
		case "getme":
			WriteOK(w, map[string]any{"id": 1, "is_bot": true, "first_name": "Desk", "username": "desk_bot"})
		case "sendmediagroup":
			WriteOK(w, []any{msg, msg})
		default:
			WriteOK(w, msg)
		}
	}))
	t.Cleanup(ts.Close)
	b, err := bot.New("1:secret", bot.WithServerURL(ts.URL), bot.WithSkipGetMe())
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return b, calls
}

func loadSpec(t testing.TB) *Spec {
	t.Helper()
	s, err := LoadSpec()
	if err != nil {
		t.Fatalf("LoadSpec: %v", err)
	}
	return s
}

func next(t *testing.T, calls <-chan seen) seen {
	t.Helper()
	select {
	case c := <-calls:
		if c.err != nil {
			t.Fatalf("%s refused: %v", c.method, c.err)
		}
		return c
	default:
		t.Fatal("the server saw no call")
		return seen{}
	}
}

func TestDecodeRealClient(t *testing.T) {
	t.Parallel()
	b, calls := newBotServer(t)
	ctx := context.Background()

	t.Run("getMe sends an empty multipart body", func(t *testing.T) {
		me, err := b.GetMe(ctx)
		if err != nil || me.Username != "desk_bot" {
			t.Fatalf("GetMe = %+v, %v", me, err)
		}
		c := next(t, calls)
		if c.method != "getMe" || len(c.params.Values) != 0 || len(c.params.Files) != 0 {
			t.Fatalf("saw %s with %q", c.method, c.params.Values)
		}
	})

	t.Run("sendMessage with HTML and an inline keyboard", func(t *testing.T) {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{
			ChatID:    int64(42),
			Text:      "<b>Ticket</b> №7 😀",
			ParseMode: models.ParseModeHTML,
			ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
				{{Text: "Close", CallbackData: "close:7"}},
			}},
		})
		if err != nil {
			t.Fatalf("SendMessage: %v", err)
		}
		c := next(t, calls)
		if c.params.String("chat_id") != "42" || c.params.String("parse_mode") != "HTML" {
			t.Errorf("values = %q", c.params.Values)
		}
		if c.call.Text == nil || c.call.Text.Text != "Ticket №7 😀" ||
			len(c.call.Text.Entities) != 1 || c.call.Text.Entities[0] != (Entity{Type: "bold", Offset: 0, Length: 6}) {
			t.Errorf("parsed text = %+v", c.call.Text)
		}
		var markup models.InlineKeyboardMarkup
		if err := c.params.JSON("reply_markup", &markup); err != nil || markup.InlineKeyboard[0][0].CallbackData != "close:7" {
			t.Errorf("reply_markup = %+v, %v", markup, err)
		}
	})

	t.Run("sendPhoto uploads the file", func(t *testing.T) {
		img := bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 5000)
		_, err := b.SendPhoto(ctx, &bot.SendPhotoParams{
			ChatID:  "@complaints",
			Photo:   &models.InputFileUpload{Filename: "receipt.png", Data: bytes.NewReader(img)},
			Caption: "Receipt",
		})
		if err != nil {
			t.Fatalf("SendPhoto: %v", err)
		}
		c := next(t, calls)
		f, ok := c.params.File("photo")
		if !ok || f.Name != "receipt.png" || !bytes.Equal(f.Data, img) {
			t.Fatalf("photo = %q, %d bytes (sent: %v), want receipt.png, %d bytes", f.Name, len(f.Data), ok, len(img))
		}
		if c.params.String("chat_id") != "@complaints" || c.call.Caption == nil || c.call.Caption.Text != "Receipt" {
			t.Errorf("values = %q, caption = %+v", c.params.Values, c.call.Caption)
		}
	})

	t.Run("sendMediaGroup attaches each item", func(t *testing.T) {
		_, err := b.SendMediaGroup(ctx, &bot.SendMediaGroupParams{
			ChatID: int64(42),
			Media: []models.InputMedia{
				&models.InputMediaPhoto{Media: "attach://one.jpg", MediaAttachment: strings.NewReader("1"), Caption: "<i>first</i>", ParseMode: models.ParseModeHTML},
				&models.InputMediaPhoto{Media: "AgACAgIAAxkBAAI", Caption: "second"},
			},
		})
		if err != nil {
			t.Fatalf("SendMediaGroup: %v", err)
		}
		c := next(t, calls)
		if f, ok := c.params.File("one.jpg"); !ok || string(f.Data) != "1" {
			t.Errorf("attachment = %+v (sent: %v)", f, ok)
		}
		want := []Formatted{{Text: "first", Entities: []Entity{{Type: "italic", Length: 5}}}, {Text: "second"}}
		if len(c.call.MediaCaptions) != 2 || c.call.MediaCaptions[0].Text != want[0].Text ||
			len(c.call.MediaCaptions[0].Entities) != 1 || c.call.MediaCaptions[0].Entities[0] != want[0].Entities[0] ||
			c.call.MediaCaptions[1].Text != "second" {
			t.Errorf("captions = %+v, want %+v", c.call.MediaCaptions, want)
		}
	})

	t.Run("a refused call reaches the library as Telegram's error", func(t *testing.T) {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: int64(42), Text: strings.Repeat("a", MaxTextLength+1)})
		if err == nil || !strings.Contains(err.Error(), "Bad Request: message is too long") {
			t.Fatalf("SendMessage of 4097 characters: err = %v", err)
		}
		if c := <-calls; c.err == nil || c.err.Description != "Bad Request: message is too long" {
			t.Errorf("server answered %v", c.err)
		}
	})
}
