package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/internal/redistest"
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
		{"token missing", map[string]string{"TELEGRAM_BOT_TOKEN": ""}, nil, "complaintbot: TELEGRAM_BOT_TOKEN (-token): required (the bot's token from @BotFather)"},
		{"token malformed", map[string]string{"TELEGRAM_BOT_TOKEN": "abc"}, nil, "complaintbot: TELEGRAM_BOT_TOKEN (-token): not a bot token"},
		{"staff chat positive", map[string]string{"STAFF_CHAT_ID": "42"}, nil, "complaintbot: STAFF_CHAT_ID (-staff-chat): not a group chat id"},
		{"staff chat missing", map[string]string{"STAFF_CHAT_ID": ""}, nil, "complaintbot: STAFF_CHAT_ID (-staff-chat): required"},
		{"owner not a number", map[string]string{"OWNER_IDS": "12,li"}, nil, `complaintbot: OWNER_IDS (-owners): "li" is not a Telegram user id`},
		{"database missing", map[string]string{"DATABASE_URL": ""}, nil, "complaintbot: DATABASE_URL (-database): required (PostgreSQL URL"},
		{"database malformed", map[string]string{"DATABASE_URL": "postgres://%zz"}, nil, "complaintbot: DATABASE_URL (-database): not a PostgreSQL URL"},
		{"redis malformed", map[string]string{"REDIS_URL": "http://x"}, nil, "complaintbot: REDIS_URL (-redis): not a Redis URL"},
		{"api url", map[string]string{"TELEGRAM_API_URL": "ftp://x"}, nil, "complaintbot: TELEGRAM_API_URL (-api-url): not an http(s) URL"},
		{"http addr", map[string]string{"HTTP_ADDR": "8080"}, nil, "complaintbot: HTTP_ADDR (-http): not a listen address"},
		{"webhook over http", map[string]string{"WEBHOOK_URL": "http://x.example/hook", "WEBHOOK_SECRET": "abc"}, nil, "complaintbot: WEBHOOK_URL (-webhook-url): must be https (Telegram only posts to https)"},
		{"webhook secret chars", map[string]string{"WEBHOOK_URL": "https://x.example/hook", "WEBHOOK_SECRET": "a b"}, nil, "complaintbot: WEBHOOK_SECRET (-webhook-secret): must be 1-256 characters"},
		{"webhook without secret", map[string]string{"WEBHOOK_URL": "https://x.example/hook"}, nil, "complaintbot: WEBHOOK_SECRET (-webhook-secret): missing: required with WEBHOOK_URL"},
		{"secret without url", map[string]string{"WEBHOOK_SECRET": "abc"}, nil, "complaintbot: WEBHOOK_SECRET (-webhook-secret): set, but WEBHOOK_URL is empty"},
		{"policy file missing", map[string]string{"POLICY_FILE": "/nonexistent/policy.yaml"}, nil, "complaintbot: POLICY_FILE (-policy): /nonexistent/policy.yaml: no such file"},
		{"dialogue ttl", map[string]string{"DIALOGUE_TTL": "5m"}, nil, "complaintbot: DIALOGUE_TTL (-dialogue-ttl): must be a duration of at least 1h"},
		{"staff language", map[string]string{"STAFF_LANG": "fr"}, nil, "complaintbot: STAFF_LANG (-staff-lang): must be zh or en"},
		{"signature", map[string]string{"STAFF_SIGNATURE": "nickname"}, nil, "complaintbot: STAFF_SIGNATURE (-staff-signature): must be name or team"},
		{"note prefix", map[string]string{"NOTE_PREFIX": "/n"}, nil, "complaintbot: NOTE_PREFIX (-note-prefix): must be up to 8 characters"},
		{"weekly report", map[string]string{"WEEKLY_REPORT": "monday 9am"}, nil, `complaintbot: WEEKLY_REPORT (-weekly-report): must be "off" or a day and a time such as "mon 09:00"`},
		{"log level", map[string]string{"LOG_LEVEL": "loud"}, nil, "complaintbot: LOG_LEVEL (-log-level): must be debug, info, warn or error"},
		{"log format", map[string]string{"LOG_FORMAT": "yaml"}, nil, "complaintbot: LOG_FORMAT (-log-format): must be text or json"},
		{"shutdown timeout", map[string]string{"SHUTDOWN_TIMEOUT": "20"}, nil, "complaintbot: SHUTDOWN_TIMEOUT (-shutdown-timeout): must be a duration from 1s to 10m"},
		{"shutdown timeout too long", map[string]string{"SHUTDOWN_TIMEOUT": "1h"}, nil, "complaintbot: SHUTDOWN_TIMEOUT (-shutdown-timeout): must be a duration from 1s to 10m"},
		{"flag overrides env", nil, []string{"-staff-chat", "7"}, "complaintbot: STAFF_CHAT_ID (-staff-chat): not a group chat id"},
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
	want := "complaintbot: POLICY_FILE (-policy): " + path + ":2:"
	if out := stderr.String(); !strings.HasPrefix(out, want) || strings.Count(out, "\n") != 1 {
		t.Fatalf("stderr = %q, want one line starting %q", out, want)
	}
}

// runWith runs complaintbot with args and no environment but env, and
// returns its exit status and what it wrote to stderr.
func runWith(env map[string]string, args ...string) (int, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, func(k string) string { return env[k] }, &stdout, &stderr)
	return code, stderr.String()
}

func TestRunWithNothingSetNamesEveryMissingSetting(t *testing.T) {
	t.Parallel()
	code, out := runWith(nil, "run")
	want := `complaintbot run: 4 settings need fixing:
  TELEGRAM_BOT_TOKEN (-token): required (the bot's token from @BotFather)
  STAFF_CHAT_ID (-staff-chat): required (the staff group's chat id, a negative number such as -1001234567890)
  DATABASE_URL (-database): required (PostgreSQL URL, such as postgres://user:password@host:5432/database)
  REDIS_URL (-redis): required (Redis URL, such as redis://host:6379/0)
`
	if code != 2 || out != want {
		t.Fatalf("exit status %d, stderr:\n%s\nwant exit status 2 and:\n%s", code, out, want)
	}
}

func TestEveryMalformedSettingIsReportedAtOnce(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "shop.yaml")
	if err := os.WriteFile(path, []byte("returns:\n  windw_days: 3\nflood_per_minute: 0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN": "abc",
		"STAFF_CHAT_ID":      "42",
		"DATABASE_URL":       "postgres://%zz",
		"REDIS_URL":          "http://x",
		"WEBHOOK_URL":        "http://shop.example/hook",
		"POLICY_FILE":        path,
		"LOG_LEVEL":          "loud",
		"LOG_FORMAT":         "logfmt",
	}
	code, out := runWith(env, "run")
	want := []string{
		"complaintbot run: 9 settings need fixing:",
		"  TELEGRAM_BOT_TOKEN (-token): not a bot token",
		"  STAFF_CHAT_ID (-staff-chat): not a group chat id",
		"  DATABASE_URL (-database): not a PostgreSQL URL",
		"  REDIS_URL (-redis): not a Redis URL",
		"  WEBHOOK_URL (-webhook-url): must be https (Telegram only posts to https)",
		"  POLICY_FILE (-policy): " + path + `:2: returns.windw_days: unknown field — did you mean "window_days"?`,
		"  POLICY_FILE (-policy): " + path + ":3: flood_per_minute: must be 1 or more",
		"  LOG_LEVEL (-log-level): must be debug, info, warn or error",
		"  LOG_FORMAT (-log-format): must be text or json",
		"  WEBHOOK_SECRET (-webhook-secret): missing: required with WEBHOOK_URL",
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 2 || len(lines) != len(want) {
		t.Fatalf("exit status %d, stderr:\n%s\nwant exit status 2 and %d lines", code, out, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d = %q, want it to start with %q", i+1, lines[i], w)
		}
	}
}

// Telegram posts only to https webhooks; a self-hosted Bot API server, or
// the demo's simulator, may post to a webhook on this machine over http.
func TestWebhookOverHTTP(t *testing.T) {
	t.Parallel()
	const token = "123456:AAbbCCddEEffGGhhIIjjKKllMMnn"
	tests := []struct {
		name    string
		env     map[string]string
		need    needs
		wantErr string
	}{
		{"to Telegram", map[string]string{"TELEGRAM_BOT_TOKEN": token, "WEBHOOK_URL": "http://shop.example/hook"},
			needs{telegram: true}, "WEBHOOK_URL (-webhook-url): must be https (Telegram only posts to https)"},
		{"to Telegram, named in capitals", map[string]string{"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_URL": "https://API.Telegram.org/", "WEBHOOK_URL": "http://shop.example/hook"},
			needs{telegram: true}, "WEBHOOK_URL (-webhook-url): must be https"},
		{"to a self-hosted Bot API server", map[string]string{"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_URL": "http://127.0.0.1:8081", "WEBHOOK_URL": "http://127.0.0.1:8080/hook"},
			needs{telegram: true}, ""},
		{"the demo's simulator", map[string]string{"WEBHOOK_URL": "http://127.0.0.1:8080/hook"}, needs{}, ""},
		{"the demo with Telegram", map[string]string{"TELEGRAM_BOT_TOKEN": token, "WEBHOOK_URL": "http://shop.example/hook"},
			needs{}, "WEBHOOK_URL (-webhook-url): must be https"},
		{"https", map[string]string{"TELEGRAM_BOT_TOKEN": token, "WEBHOOK_URL": "https://shop.example/hook"}, needs{telegram: true}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"STAFF_CHAT_ID": "-1001234567890", "WEBHOOK_SECRET": "s3cret"}
			for k, v := range tc.env {
				env[k] = v
			}
			_, err := loadConfig(newFlagSet("run", io.Discard), nil, func(k string) string { return env[k] }, tc.need)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("error %v, want none", err)
			case tc.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want one starting %q", err, tc.wantErr)
			}
		})
	}
}

// closedPort is a port on 127.0.0.1 that nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return port
}

// edited is rawURL changed by edit.
func edited(t *testing.T, rawURL string, edit func(*url.URL)) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	edit(u)
	return u.String()
}

// A PostgreSQL or Redis that does not take the service at start is a
// setting to fix: one line naming it, with what the server answered or why
// it could not be reached, and exit status 2. These run against the real
// servers the other tests use.
func TestStartFailuresNameTheSettingAndTheReason(t *testing.T) {
	t.Parallel()
	goodDB, goodRedis := pgtest.NewURL(t), redistest.URL()
	pgPort, redisPort := closedPort(t), closedPort(t)
	const password = "hunter2-not-to-be-printed"
	tests := []struct {
		name, command, db, redis string
		want                     []string // the lines of stderr; … stands for any text
	}{
		{"no such database", "run",
			edited(t, goodDB, func(u *url.URL) { u.Path = "/complaintbot_no_such_db" }), goodRedis,
			[]string{`complaintbot: DATABASE_URL (-database): PostgreSQL at … answered: database "complaintbot_no_such_db" does not exist (create it, or correct the database in the URL)`}},
		{"no such role", "run",
			edited(t, goodDB, func(u *url.URL) { u.User = url.User("complaintbot_no_such_role") }), goodRedis,
			[]string{`complaintbot: DATABASE_URL (-database): PostgreSQL at … answered: role "complaintbot_no_such_role" does not exist`}},
		{"nothing on the database's port", "run",
			fmt.Sprintf("postgres://complaintbot:%s@127.0.0.1:%d/test?connect_timeout=5", password, pgPort), goodRedis,
			[]string{fmt.Sprintf("complaintbot: DATABASE_URL (-database): connection refused at 127.0.0.1:%d (is PostgreSQL running there?)", pgPort)}},
		{"no such database, to migrate", "migrate",
			edited(t, goodDB, func(u *url.URL) { u.Path = "/complaintbot_no_such_db" }), "",
			[]string{`complaintbot: DATABASE_URL (-database): PostgreSQL at … answered: database "complaintbot_no_such_db" does not exist…`}},
		{"Redis refuses the user", "run",
			goodDB, edited(t, goodRedis, func(u *url.URL) { u.User = url.UserPassword("complaintbot-no-such-user", password) }),
			[]string{"complaintbot: REDIS_URL (-redis): Redis at … answered: WRONGPASS …(correct the user or password in the URL)"}},
		{"nothing on the Redis port", "run",
			goodDB, fmt.Sprintf("redis://:%s@127.0.0.1:%d/0?max_retries=-1&dial_timeout=5s", password, redisPort),
			[]string{fmt.Sprintf("complaintbot: REDIS_URL (-redis): connection refused at 127.0.0.1:%d (is Redis running there?)", redisPort)}},
		{"both", "run",
			fmt.Sprintf("postgres://complaintbot:%s@127.0.0.1:%d/test?connect_timeout=5", password, pgPort),
			fmt.Sprintf("redis://127.0.0.1:%d/0?max_retries=-1&dial_timeout=5s", redisPort),
			[]string{
				"complaintbot run: 2 settings need fixing:",
				fmt.Sprintf("  DATABASE_URL (-database): connection refused at 127.0.0.1:%d (is PostgreSQL running there?)", pgPort),
				fmt.Sprintf("  REDIS_URL (-redis): connection refused at 127.0.0.1:%d (is Redis running there?)", redisPort),
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{
				"TELEGRAM_BOT_TOKEN": "123456:AAbbCCddEEffGGhhIIjjKKllMMnn",
				// Should the servers take the service after all, it stops
				// at Telegram, which is not there.
				"TELEGRAM_API_URL": fmt.Sprintf("http://127.0.0.1:%d", closedPort(t)),
				"STAFF_CHAT_ID":    "-1001234567890",
				"DATABASE_URL":     tc.db,
				"REDIS_URL":        tc.redis,
			}
			code, out := runWith(env, tc.command)
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if code != 2 || len(lines) != len(tc.want) {
				t.Fatalf("exit status %d, stderr:\n%s\nwant exit status 2 and %d lines", code, out, len(tc.want))
			}
			for i, w := range tc.want {
				if !matches(lines[i], w) {
					t.Errorf("line %d:\n%s\nwant\n%s", i+1, lines[i], w)
				}
			}
			if strings.Contains(out, password) {
				t.Fatalf("stderr shows the password: %s", out)
			}
		})
	}
}

// matches reports whether line reads as pattern, where … stands for any
// text.
func matches(line, pattern string) bool {
	pieces := strings.Split(pattern, "…")
	rest, ok := strings.CutPrefix(line, pieces[0])
	if !ok {
		return false
	}
	for _, p := range pieces[1:] {
		i := strings.Index(rest, p)
		if i < 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	return rest == "" || pieces[len(pieces)-1] == ""
}

// serverSays is a reply of the Redis server, as go-redis hands it on.
type serverSays string

func (s serverSays) Error() string { return string(s) }
func (serverSays) RedisError()     {}

// The failures the real servers cannot be made to show here (an unknown
// host, no answer in time), each in one line.
func TestConnectProblemWords(t *testing.T) {
	t.Parallel()
	pg := pgconn.Config{Host: "db.example", Port: 5432}
	unknownHost := &net.DNSError{Err: "no such host", Name: "db.example", IsNotFound: true}
	tests := []struct {
		name, got, want string
	}{
		{"unknown database host", postgresProblem(fmt.Errorf("hostname resolving error: %w", unknownHost), pg),
			`unknown host "db.example"`},
		{"database too slow", postgresProblem(fmt.Errorf("dial: %w", context.DeadlineExceeded), pg),
			"no answer from db.example:5432 (timed out)"},
		{"wrong database password", postgresProblem(&pgconn.PgError{Severity: "FATAL", Code: "28P01", Message: `password authentication failed for user "shop"`}, pg),
			`PostgreSQL at db.example:5432 answered: password authentication failed for user "shop" (correct the password in the URL)`},
		{"database starting", postgresProblem(&pgconn.PgError{Severity: "FATAL", Code: "57P03", Message: "the database system is starting up"}, pg),
			"PostgreSQL at db.example:5432 answered: the database system is starting up (SQLSTATE 57P03)"},
		{"something else", postgresProblem(errors.New("tls error: server refused TLS connection\nand more"), pg),
			"PostgreSQL at db.example:5432: tls error: server refused TLS connection"},
		{"Redis wants a password", redisProblem(serverSays("NOAUTH Authentication required."), "cache.example:6379"),
			"Redis at cache.example:6379 answered: NOAUTH Authentication required (give its password in the URL: redis://:password@host:6379/0)"},
		{"unknown Redis host", redisProblem(&net.OpError{Op: "dial", Net: "tcp", Err: unknownHost}, "cache.example:6379"),
			`unknown host "db.example"`},
		{"a password in the words", redact("auth hunter2 and hunter%2B2", "hunter2"), "auth xxxxx and hunter%2B2"},
		{"a password as a URL spells it", redact("redis://:p%40ss@h", "p@ss"), "redis://:xxxxx@h"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, tc.got, tc.want)
		}
	}
}
