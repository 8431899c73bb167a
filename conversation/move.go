package conversation

import (
	"crypto/rand"
	"encoding/base32"
	"strconv"
	"strings"
	"time"

	"github.com/complaintbot/complaintbot/policy"
)

// say adds a reply; kv are parameter names and values in turn.
func (m *move) say(key string, kv ...string) *Reply {
	m.res.Replies = append(m.res.Replies, Reply{Key: key, Params: params(kv...)})
	return &m.res.Replies[len(m.res.Replies)-1]
}

// refuse explains why the input is not taken; the stage's question follows.
func (m *move) refuse(key string, kv ...string) {
	m.say(key, kv...)
	m.refused = true
}

// stale answers a button that cannot be applied, as a notice on the button.
func (m *move) stale(key string) {
	m.res = Result{Replies: []Reply{{Key: key}}, Stale: true}
}

// pick sets the stage a To: oneOf(...) row leads to.
func (m *move) pick(stage Stage) { m.chosen, m.picked = stage, true }

// ask puts the stage's question.
func (m *move) ask(stage Stage) {
	if p := prompts[stage]; p != nil {
		m.res.Replies = append(m.res.Replies, p(m))
	}
}

func (m *move) pol() *policy.Policy { return m.env.Policy }

// loc is the shop's time zone.
func (m *move) loc() *time.Location {
	if p := m.pol(); p != nil && p.Shop.TimeZone != nil {
		return p.Shop.TimeZone
	}
	return time.UTC
}

// now is the current time in the shop's time zone.
func (m *move) now() time.Time { return m.env.Now.In(m.loc()) }

// button makes an inline button for action and value on the current turn.
// A button whose data cannot be encoded is left out (Data empty), which the
// row builder drops.
func (m *move) button(key, action, value string) Button {
	data, err := callback{ID: m.st.ID, Turn: m.st.Turn, Action: action, Value: value}.encode()
	if err != nil {
		return Button{}
	}
	return Button{Key: key, Data: data}
}

// rows lays buttons out perRow to a row, dropping any left without data.
func rows(perRow int, bs ...Button) [][]Button {
	var out [][]Button
	var row []Button
	for _, b := range bs {
		if b.Data == "" {
			continue
		}
		row = append(row, b)
		if len(row) == perRow {
			out, row = append(out, row), nil
		}
	}
	if len(row) > 0 {
		out = append(out, row)
	}
	return out
}

// fallback answers input no row takes, then asks the question again.
func (m *move) fallback() {
	switch m.in.Kind {
	case KindUnsupported:
		m.say(unsupportedKey(m.in.What))
	case KindMedia:
		kind := ""
		if len(m.in.Media) > 0 {
			kind = m.in.Media[0].Kind
		}
		m.say(unsupportedKey(kind))
	case KindContact:
		m.say(unsupportedKey("contact"))
	case KindCommand:
		m.say("conversation.unknown_command", "command", "/"+m.in.Command)
	case KindText:
		if m.st.Stage == AskAttachments {
			m.say("conversation.attachments_want_files")
		} else {
			m.say("conversation.use_buttons")
		}
	case KindButton:
		// A current button meant for another question.
		m.stale("conversation.button_stale")
		return
	default:
		m.say(unsupportedKey(""))
	}
	m.ask(m.st.Stage)
}

// unsupportedKey names the reply for a kind of message the dialogue cannot use.
func unsupportedKey(what string) string {
	switch what {
	case "sticker", "animation", "location", "venue", "poll", "dice", "game", "video_note",
		"audio", "voice", "photo", "video", "document", "contact", "story":
		return "conversation.unsupported." + what
	}
	return "conversation.unsupported.other"
}

// clone copies the form so the state handed to step is left as it was.
func (f Form) clone() Form {
	f.Attachments = append([]Media(nil), f.Attachments...)
	return f
}

// matchLang picks the dialogue language for a Telegram language_code; it
// agrees with locale.Match, which this package does not import.
func matchLang(code string) string {
	code = strings.ToLower(strings.TrimSpace(code))
	if code == "zh" || strings.HasPrefix(code, "zh-") || strings.HasPrefix(code, "zh_") {
		return "zh"
	}
	return "en"
}

// newDialogueID returns 10 random characters of lower-case base 32 (50 bits):
// unique enough within one chat, and short enough for callback data.
func newDialogueID() string {
	var b [7]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return strings.ToLower(base32.StdEncoding.EncodeToString(b[:]))[:10]
}

// params builds a parameter map from names and values in turn.
func params(kv ...string) map[string]string {
	if len(kv) == 0 {
		return nil
	}
	p := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		p[kv[i]] = kv[i+1]
	}
	return p
}

func itoa(n int) string { return strconv.Itoa(n) }
