package main

import (
	"io"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/bot/report"
)

// Whatever the environment says, loadConfig refuses it with one problem a
// line, each naming its variable and none repeating the token, or gives a
// configuration within bounds: the weekly report's setting reads back the
// same, dialogues last an hour at least, ids have their signs, and a
// webhook has its secret.
func FuzzLoadConfig(f *testing.F) {
	f.Add("123456:AAbbCCddEEffGGhhIIjjKKllMMnn", "-1001234567890", "1,2", "3", "168h", "mon 09:00", "", "", "info", "", true)
	f.Add("123456:AAbbCCddEEffGGhhIIjjKKllMMnn", "-1", " 1 , ,2 ", "", "1h", "off", "https://x.example/hook", "s3cret", "debug", "!!", false)
	f.Add("abc", "42", "12,li", "-3", "59m", "monday 9", "http://x.example/hook", "a b", "loud", "/x", true)
	f.Add("", "", "", "", "", "", "", "s3cret", "", "  ", false)
	f.Add("1:"+strings.Repeat("a", 20), "-0", "9223372036854775808", "0", "9999999999h", "sun 23:59", "https://", "", "WARN", "123456789", true)
	f.Fuzz(func(t *testing.T, token, staffChat, owners, staff, ttl, weekly, webhookURL, secret, logLevel, notePrefix string, telegram bool) {
		env := map[string]string{
			"TELEGRAM_BOT_TOKEN": token, "STAFF_CHAT_ID": staffChat, "OWNER_IDS": owners, "STAFF_IDS": staff,
			"DIALOGUE_TTL": ttl, "WEEKLY_REPORT": weekly, "WEBHOOK_URL": webhookURL, "WEBHOOK_SECRET": secret,
			"LOG_LEVEL": logLevel, "NOTE_PREFIX": notePrefix,
		}
		c, err := loadConfig(newFlagSet("run", io.Discard), nil, func(k string) string { return env[k] }, needs{telegram: telegram})
		if err != nil {
			problems := configProblems(err)
			if len(problems) == 0 {
				t.Fatalf("loadConfig: %v, not a configuration problem", err)
			}
			for _, p := range problems {
				if flagFor(p.Name) == "" || p.Msg == "" {
					t.Fatalf("problem %q names no variable or says nothing", p.Error())
				}
				// The token's own problem is one of two fixed texts, never
				// the value.
				if p.Name == "TELEGRAM_BOT_TOKEN" && !strings.HasPrefix(p.Msg, "not a bot token (") && !strings.HasPrefix(p.Msg, "required (") {
					t.Fatalf("TELEGRAM_BOT_TOKEN: %q", p.Msg)
				}
			}
			if tokenRE.MatchString(strings.TrimSpace(token)) && tokenOnlyIn(token, env) && strings.Contains(err.Error(), strings.TrimSpace(token)) {
				t.Fatalf("the error repeats the token: %v", err)
			}
			return
		}
		if again, err := report.ParseWeekly(c.WeeklyReport.String()); err != nil || again != c.WeeklyReport {
			t.Fatalf("WEEKLY_REPORT %q read as %+v, written %q, read back %+v, %v", weekly, c.WeeklyReport, c.WeeklyReport.String(), again, err)
		}
		if c.DialogueTTL < 3600e9 || c.StaffChatID > 0 {
			t.Fatalf("DIALOGUE_TTL %v, STAFF_CHAT_ID %d", c.DialogueTTL, c.StaffChatID)
		}
		for _, id := range append(c.OwnerIDs, c.StaffIDs...) {
			if id <= 0 {
				t.Fatalf("user id %d", id)
			}
		}
		if c.WebhookURL != "" && c.WebhookSecret == "" {
			t.Fatalf("webhook %q without a secret", c.WebhookURL)
		}
	})
}

// tokenOnlyIn reports whether no variable but TELEGRAM_BOT_TOKEN holds the
// token, so that an error quoting another variable is not taken for one
// repeating the token.
func tokenOnlyIn(token string, env map[string]string) bool {
	token = strings.TrimSpace(token)
	for k, v := range env {
		if k != "TELEGRAM_BOT_TOKEN" && strings.Contains(v, token) {
			return false
		}
	}
	return true
}
