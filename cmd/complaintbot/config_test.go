package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBadConfigurationIsOneLineAndExitTwo(t *testing.T) {
	t.Parallel()
	good := map[string]string{
		"TELEGRAM_BOT_TOKEN": "123456:AAbbCCddEEffGGhhIIjjKKllMMnn",
		"STAFF_CHAT_ID":      "-1001234567890",
		"DATABASE_URL":       "postgres://postgres@127.0.0.1:1/none",
		"REDIS_URL":          "redis://127.0.0.1:1/0",
	}
	cases := []struct {
		name     string
		set      map[string]string
		args     []string
		wantLine string
	}{
		{"token missing", map[string]string{"TELEGRAM_BOT_TOKEN": ""}, nil, "complaintbot: TELEGRAM_BOT_TOKEN: missing"},
		{"token malformed", map[string]string{"TELEGRAM_BOT_TOKEN": "abc"}, nil, "complaintbot: TELEGRAM_BOT_TOKEN: not a bot token"},
		{"staff chat positive", map[string]string{"STAFF_CHAT_ID": "42"}, nil, "complaintbot: STAFF_CHAT_ID: not a group chat id"},
		{"staff chat missing", map[string]string{"STAFF_CHAT_ID": ""}, nil, "complaintbot: STAFF_CHAT_ID: missing"},
		{"owner not a number", map[string]string{"OWNER_IDS": "12,li"}, nil, `complaintbot: OWNER_IDS: "li" is not a Telegram user id`},
		{"database missing", map[string]string{"DATABASE_URL": ""}, nil, "complaintbot: DATABASE_URL: missing"},
		{"database malformed", map[string]string{"DATABASE_URL": "postgres://%zz"}, nil, "complaintbot: DATABASE_URL: not a PostgreSQL URL"},
		{"redis malformed", map[string]string{"REDIS_URL": "http://x"}, nil, "complaintbot: REDIS_URL: not a Redis URL"},
		{"api url", map[string]string{"TELEGRAM_API_URL": "ftp://x"}, nil, "complaintbot: TELEGRAM_API_URL: not an http(s) URL"},
		{"http addr", map[string]string{"HTTP_ADDR": "8080"}, nil, "complaintbot: HTTP_ADDR: not a listen address"},
		{"webhook secret chars", map[string]string{"WEBHOOK_URL": "https://x.example/hook", "WEBHOOK_SECRET": "a b"}, nil, "complaintbot: WEBHOOK_SECRET: must be 1-256 characters"},
		{"webhook without secret", map[string]string{"WEBHOOK_URL": "https://x.example/hook"}, nil, "complaintbot: WEBHOOK_SECRET: missing: required with WEBHOOK_URL"},
		{"secret without url", map[string]string{"WEBHOOK_SECRET": "abc"}, nil, "complaintbot: WEBHOOK_SECRET: set, but WEBHOOK_URL is empty"},
		{"policy file missing", map[string]string{"POLICY_FILE": "/nonexistent/policy.yaml"}, nil, "complaintbot: POLICY_FILE: file not found"},
		{"dialogue ttl", map[string]string{"DIALOGUE_TTL": "5m"}, nil, "complaintbot: DIALOGUE_TTL: must be a duration of at least 1h"},
		{"staff language", map[string]string{"STAFF_LANG": "fr"}, nil, "complaintbot: STAFF_LANG: must be zh or en"},
		{"signature", map[string]string{"STAFF_SIGNATURE": "nickname"}, nil, "complaintbot: STAFF_SIGNATURE: must be name or team"},
		{"note prefix", map[string]string{"NOTE_PREFIX": "/n"}, nil, "complaintbot: NOTE_PREFIX: must be up to 8 characters"},
		{"log level", map[string]string{"LOG_LEVEL": "loud"}, nil, "complaintbot: LOG_LEVEL: must be debug, info, warn or error"},
		{"flag overrides env", nil, []string{"-staff-chat", "7"}, "complaintbot: STAFF_CHAT_ID: not a group chat id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{}
			for k, v := range good {
				env[k] = v
			}
			for k, v := range tc.set {
				env[k] = v
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"run"}, tc.args...), func(k string) string { return env[k] }, &stdout, &stderr)
			if code != 2 {
				t.Fatalf("exit status %d, want 2; stderr: %q", code, stderr.String())
			}
			out := stderr.String()
			if strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, tc.wantLine) {
				t.Fatalf("stderr = %q, want one line starting %q", out, tc.wantLine)
			}
			if strings.Contains(out, "goroutine") || strings.Contains(out, "panic") {
				t.Fatalf("stderr has a stack trace: %q", out)
			}
		})
	}
}

func TestHelpDoesNotPrintSecrets(t *testing.T) {
	t.Parallel()
	env := map[string]string{"TELEGRAM_BOT_TOKEN": "123456:AAbbCCddEEffGGhhIIjjKKllMMnn", "DATABASE_URL": "postgres://u:hunter2@h/db"}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"run", "-h"}, func(k string) string { return env[k] }, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit status %d, want 0", code)
	}
	if strings.Contains(stderr.String(), "AAbbCC") || strings.Contains(stderr.String(), "hunter2") {
		t.Fatalf("help printed a secret: %s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "TELEGRAM_BOT_TOKEN") {
		t.Fatalf("help does not name the variables: %s", stderr.String())
	}
}

func TestUnknownCommand(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"fly"}, func(string) string { return "" }, &stdout, &stderr); code != 2 {
		t.Fatalf("exit status %d, want 2", code)
	}
	if !strings.Contains(stderr.String(), `unknown command "fly"`) {
		t.Fatalf("stderr = %q", stderr.String())
	}
}

func TestBadPolicyFileNamesFileAndLine(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "shop.yaml")
	if err := os.WriteFile(path, []byte("returns:\n  window_days: -3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN": "123456:AAbbCCddEEffGGhhIIjjKKllMMnn",
		"STAFF_CHAT_ID":      "-1001234567890",
		"DATABASE_URL":       "postgres://postgres@127.0.0.1:1/none",
		"REDIS_URL":          "redis://127.0.0.1:1/0",
		"POLICY_FILE":        path,
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"run"}, func(k string) string { return env[k] }, &stdout, &stderr)
	if code != 2 {
		t.Fatalf("exit status %d, want 2; stderr %q", code, stderr.String())
	}
	want := "complaintbot: POLICY_FILE: " + path + ":2:"
	if out := stderr.String(); !strings.HasPrefix(out, want) || strings.Count(out, "\n") != 1 {
		t.Fatalf("stderr = %q, want one line starting %q", out, want)
	}
}
