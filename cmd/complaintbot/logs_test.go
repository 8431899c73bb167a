package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// With LOG_FORMAT=json, a complaint from the first message to the
// acknowledgement, and the stop after it, log JSON lines only; they carry
// the update, chat and ticket ids, and never the customer's words, phone
// number or the bot's token.
func TestJSONLogsCarryIDsNotTexts(t *testing.T) {
	t.Parallel()
	logs := &syncBuffer{}
	h := startService(t, harnessOpts{logs: logs, configure: func(c *config) {
		c.LogFormat = "json"
		c.LogLevel = slog.LevelDebug // the per-update lines too
	}})
	pol := policy.Default()
	apparel, _ := pol.Category("apparel")
	d := h.driver(t, telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	const (
		description = "Quartzwhistle seam tore along the hem"
		phone       = "8613812345678"
	)
	_, ref, err := d.FileComplaint(customersim.Complaint{
		Category: apparel, Order: "SO20261120", Issue: policy.IssueFault,
		Description: description, Outcome: policy.OutcomeReplacement, Phone: phone,
	})
	if err != nil {
		t.Fatal(err)
	}
	h.quiet(t)
	h.stop(t) // its lines too

	secret := testToken[strings.IndexByte(testToken, ':')+1:]
	forbidden := map[string]string{
		"the customer's text": "Quartzwhistle",
		"the phone number":    phone[2:], // in any format: 138..., +86 138...
		"the token":           secret,
	}
	chat := fmt.Sprint(d.User.ID)
	var withUpdate, withChat, withTicket int
	lines := strings.Split(strings.TrimSuffix(logs.String(), "\n"), "\n")
	for i, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("line %d is not JSON: %q", i+1, line)
			continue
		}
		for what, s := range forbidden {
			if strings.Contains(line, s) {
				t.Errorf("line %d has %s: %s", i+1, what, line)
			}
		}
		if _, ok := rec["update_id"]; ok {
			withUpdate++
		}
		if fmt.Sprint(rec["chat"]) == chat {
			withChat++
		}
		if fmt.Sprint(rec["ticket"]) == ref {
			withTicket++
		}
	}
	if withUpdate == 0 || withChat == 0 || withTicket == 0 {
		t.Errorf("of %d lines, %d carry an update_id, %d the customer's chat %s, %d the ticket %s; want some of each:\n%s",
			len(lines), withUpdate, withChat, chat, withTicket, ref, logs)
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Errorf("no line says the service stopped:\n%s", logs)
	}
}
