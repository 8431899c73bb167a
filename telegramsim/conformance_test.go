package telegramsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// conformance checks JSON the simulator sends against the official type
// descriptions: every required field present, no field the type lacks,
// recursively.
type conformance struct {
	spec *wire.Spec
}

// check returns the first difference between raw and the type, or "".
func (c conformance) check(typeName string, raw json.RawMessage, path string) string {
	if elem, ok := strings.CutPrefix(typeName, "Array of "); ok {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return fmt.Sprintf("%s: want an array of %s, got %s", path, elem, raw)
		}
		for i, it := range items {
			if d := c.check(elem, it, fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
		return ""
	}
	t, ok := c.spec.Type(typeName)
	if !ok {
		return "" // a scalar
	}
	if len(t.Subtypes) > 0 {
		var diffs []string
		for _, sub := range t.Subtypes {
			d := c.check(sub, raw, path)
			if d == "" {
				return ""
			}
			diffs = append(diffs, d)
		}
		return fmt.Sprintf("%s: matches no subtype of %s: %s", path, typeName, strings.Join(diffs, "; "))
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return fmt.Sprintf("%s: want a %s object, got %s", path, typeName, raw)
	}
	for _, f := range t.Fields {
		if _, ok := obj[f.Name]; f.Required && !ok {
			return fmt.Sprintf("%s: %s lacks required %q", path, typeName, f.Name)
		}
	}
	for key, val := range obj {
		f, ok := t.Field(key)
		if !ok {
			return fmt.Sprintf("%s: %s has no field %q", path, typeName, key)
		}
		if len(f.Types) == 1 {
			if d := c.check(f.Types[0], val, path+"."+key); d != "" {
				return d
			}
		}
	}
	return ""
}

func TestAnswersConformToTheSpec(t *testing.T) {
	t.Parallel()
	spec, err := wire.LoadSpec()
	if err != nil {
		t.Fatal(err)
	}
	c := conformance{spec: spec}
	if c.check("Message", json.RawMessage(`{"message_id":1,"chat":{"id":1,"type":"private"}}`), "probe") == "" {
		t.Fatal("the checker accepts a message without a date")
	}
	if c.check("User", json.RawMessage(`{"id":1,"is_bot":false,"first_name":"A","shoe_size":9}`), "probe") == "" {
		t.Fatal("the checker accepts an unknown field")
	}
	e := newEnv(t, Options{})
	u := e.startedUser(t, "Ann")
	staff := e.sim.AddUser(User{FirstName: "Olga", Username: "olga"})
	g := e.sim.AddGroup(Group{Title: "Desk", Forum: true, Members: []int64{staff.ID}, BotIsAdmin: true})
	ctx := ctxTimeout(t)
	kb := map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "A", "callback_data": "a"}, {"text": "B", "url": "https://example.com"}}}}
	sent := e.call(t, "sendMessage", map[string]any{"chat_id": u.ID, "text": "<b>hi</b> @olga /help", "parse_mode": "HTML", "reply_markup": kb, "reply_parameters": map[string]any{"message_id": 1}})
	var m models.Message
	if err := json.Unmarshal(sent.Result, &m); err != nil {
		t.Fatal(err)
	}
	photo, err := e.bot.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: u.ID, Photo: &models.InputFileUpload{Filename: "p.png", Data: bytes.NewReader(pngImage(t, 3, 3))}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.PressButton(u.ID, u.ID, m.ID, "a"); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.BlockBot(u.ID); err != nil {
		t.Fatal(err)
	}
	topic := e.call(t, "createForumTopic", map[string]any{"chat_id": g.ID, "name": "T"})
	var ft models.ForumTopic
	_ = json.Unmarshal(topic.Result, &ft)
	if _, err := e.sim.SendText(g.ID, staff.ID, "in topic", ThreadID(ft.MessageThreadID)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.SendSticker(g.ID, staff.ID, []byte("RIFF"), "🙂"); err != nil {
		t.Fatal(err)
	}

	checks := []struct {
		typ    string
		answer apiAnswer
	}{
		{"Message", sent},
		{"User", e.call(t, "getMe", nil)},
		{"File", e.call(t, "getFile", map[string]any{"file_id": photo.Photo[0].FileID})},
		{"ForumTopic", topic},
		{"ChatFullInfo", e.call(t, "getChat", map[string]any{"chat_id": g.ID})},
		{"ChatFullInfo", e.call(t, "getChat", map[string]any{"chat_id": u.ID})},
		{"ChatMember", e.call(t, "getChatMember", map[string]any{"chat_id": g.ID, "user_id": staff.ID})},
		{"Array of ChatMember", e.call(t, "getChatAdministrators", map[string]any{"chat_id": g.ID})},
		{"WebhookInfo", e.call(t, "getWebhookInfo", nil)},
		{"Array of Update", e.call(t, "getUpdates", nil)},
	}
	for _, ch := range checks {
		if !ch.answer.OK {
			t.Errorf("%s answer failed: %s", ch.typ, ch.answer.Description)
			continue
		}
		if d := c.check(ch.typ, ch.answer.Result, "result"); d != "" {
			t.Errorf("%s\n%s", d, ch.answer.Result)
		}
	}
}
