package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/bot/report"
	"github.com/complaintbot/complaintbot/policy"
)

// config is everything the service reads from its environment, once, at start.
type config struct {
	Token       string
	APIURL      string
	StaffChatID int64
	OwnerIDs    []int64
	StaffIDs    []int64 // staff besides the owners
	// AdminsAreStaff makes the staff group's administrators staff.
	AdminsAreStaff bool
	DatabaseURL    string
	RedisURL       string
	RedisPrefix    string
	HTTPAddr       string
	WebhookURL     string
	WebhookSecret  string
	PolicyFile     string
	Policy         *policy.Policy // POLICY_FILE loaded, or the built-in default
	DialogueTTL    time.Duration
	StaffLang      string // the language of the bot's texts in the staff group
	Signature      string // "name" or "team": how staff replies are signed
	NotePrefix     string // marks an internal note in a ticket's thread, besides /note
	// WeeklyReport is when the owners' weekly report goes out, or off.
	WeeklyReport report.Weekly
	LogLevel     slog.Level
	// LogFormat is "json" (one JSON object a line, for collectors) or
	// "text" (slog's key=value lines, for people).
	LogFormat string
	// ShutdownTimeout bounds the whole stop on SIGTERM: updates in hand,
	// the outbox's flush, River's jobs and the HTTP server.
	ShutdownTimeout time.Duration
	// clock is the service's time; nil is time.Now. Tests set it.
	clock func() time.Time
	// signals, when set, hears what the service has done (tests).
	signals *signals
	// roundTrips, when set, counts the replica's round trips to Redis and
	// PostgreSQL instead of a counter of its own: the load tool adds up
	// its replicas'.
	roundTrips *roundTrips
	// unpaced sends without keeping Telegram's flood limits: for tests whose
	// simulator keeps none, so that they do not wait out a pace they are not
	// about. The service itself always paces.
	unpaced bool
	// leaseTTL, when set, is the TTL of the intake's leases (the poller's
	// and the dispatcher's partitions') instead of intake.DefaultLeaseTTL:
	// takeover tests shorten it.
	leaseTTL time.Duration
	// replicaID, when set, names the replica instead of a random
	// intake.NewReplicaID: tests that run several tell them apart by it.
	replicaID string
	// listener, when set, is where the HTTP server serves instead of
	// listening on HTTPAddr: tests open it on a free port and keep it, so
	// that no other process can take the port in between.
	listener net.Listener
}

// configError is a setting that is wrong: a value that is missing or
// malformed, or a server it names that cannot be reached at start. Name is
// the environment variable (or the argument) it is about. main prints it on
// one line and exits with status 2.
type configError struct {
	Name string
	Msg  string
}

func (e *configError) Error() string {
	if f := flagFor(e.Name); f != "" {
		return e.Name + " (-" + f + "): " + e.Msg
	}
	return e.Name + ": " + e.Msg
}

// configErrors are every problem found with the settings at once, so that
// one run shows them all; main prints one line for each.
type configErrors []*configError

func (es configErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

func (es configErrors) Unwrap() []error {
	errs := make([]error, len(es))
	for i, e := range es {
		errs[i] = e
	}
	return errs
}

// configProblems returns the configuration problems err is made of; nil when
// it is not about the configuration.
func configProblems(err error) configErrors {
	if es, ok := errors.AsType[configErrors](err); ok {
		return es
	}
	if e, ok := errors.AsType[*configError](err); ok {
		return configErrors{e}
	}
	return nil
}

// flagFor is the flag of the same meaning as the environment variable env;
// "" when there is none.
func flagFor(env string) string {
	for _, s := range settings(needs{}) {
		if s.env == env {
			return s.flag
		}
	}
	return ""
}

// setting is one configuration variable: its environment name, the flag of the
// same meaning, its default and its parser.
type setting struct {
	env, flag, def, usage string
	required              bool
	parse                 func(c *config, v string) error
}

var (
	tokenRE  = regexp.MustCompile(`^[0-9]+:[A-Za-z0-9_-]{20,}$`)
	secretRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
)

// settings lists the variables in the order the README documents them.
func settings(need needs) []setting {
	return []setting{
		{env: "TELEGRAM_BOT_TOKEN", flag: "token", usage: "the bot's token from @BotFather", required: need.telegram, parse: func(c *config, v string) error {
			if v != "" && !tokenRE.MatchString(v) {
				return errors.New(`not a bot token (expected "<digits>:<secret>", as @BotFather gives it)`)
			}
			c.Token = v
			return nil
		}},
		{env: "TELEGRAM_API_URL", flag: "api-url", def: "https://api.telegram.org", usage: "Bot API server (Telegram, a self-hosted server or the simulator)", parse: func(c *config, v string) error {
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return errors.New("not an http(s) URL")
			}
			c.APIURL = strings.TrimRight(v, "/")
			return nil
		}},
		{env: "STAFF_CHAT_ID", flag: "staff-chat", usage: "the staff group's chat id, a negative number such as -1001234567890", required: need.telegram, parse: func(c *config, v string) error {
			if v == "" {
				return nil
			}
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id >= 0 {
				return errors.New("not a group chat id (a negative integer such as -1001234567890)")
			}
			c.StaffChatID = id
			return nil
		}},
		{env: "OWNER_IDS", flag: "owners", usage: "comma-separated Telegram user ids of the shop owners", parse: func(c *config, v string) (err error) {
			c.OwnerIDs, err = parseUserIDs(v)
			return err
		}},
		{env: "STAFF_IDS", flag: "staff", usage: "comma-separated Telegram user ids of the staff (owners always are)", parse: func(c *config, v string) (err error) {
			c.StaffIDs, err = parseUserIDs(v)
			return err
		}},
		{env: "STAFF_ADMINS", flag: "staff-admins", def: "true", usage: "whether the staff group's administrators are staff too: true or false", parse: func(c *config, v string) (err error) {
			c.AdminsAreStaff, err = strconv.ParseBool(v)
			if err != nil {
				return errors.New("must be true or false")
			}
			return nil
		}},
		{env: "DATABASE_URL", flag: "database", usage: "PostgreSQL URL, such as postgres://user:password@host:5432/database", required: need.database, parse: func(c *config, v string) error {
			if v != "" {
				if _, err := pgxpool.ParseConfig(v); err != nil {
					return errors.New("not a PostgreSQL URL (postgres://user@host:5432/db)")
				}
			}
			c.DatabaseURL = v
			return nil
		}},
		{env: "REDIS_URL", flag: "redis", usage: "Redis URL, such as redis://host:6379/0", required: need.redis, parse: func(c *config, v string) error {
			if v != "" {
				if _, err := redis.ParseURL(v); err != nil {
					return errors.New("not a Redis URL (redis://host:6379/0)")
				}
			}
			c.RedisURL = v
			return nil
		}},
		{env: "REDIS_PREFIX", flag: "redis-prefix", def: "cb:", usage: "prefix of every Redis key, so several shops can share one Redis", parse: func(c *config, v string) error {
			c.RedisPrefix = v
			return nil
		}},
		{env: "HTTP_ADDR", flag: "http", def: ":8080", usage: "address for health, metrics and the webhook", parse: func(c *config, v string) error {
			if _, _, err := net.SplitHostPort(v); err != nil {
				return errors.New("not a listen address (host:port or :port)")
			}
			c.HTTPAddr = v
			return nil
		}},
		{env: "WEBHOOK_URL", flag: "webhook-url", usage: "public https URL Telegram posts updates to (webhook mode); empty: long polling", parse: func(c *config, v string) error {
			if v == "" {
				return nil
			}
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				return errors.New("not an https URL")
			}
			if u.Scheme == "http" && fromTelegram(c, need) {
				return errors.New("must be https (Telegram only posts to https)")
			}
			c.WebhookURL = v
			return nil
		}},
		{env: "WEBHOOK_SECRET", flag: "webhook-secret", usage: "secret Telegram sends in X-Telegram-Bot-Api-Secret-Token", parse: func(c *config, v string) error {
			if v != "" && !secretRE.MatchString(v) {
				return errors.New("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
			}
			c.WebhookSecret = v
			return nil
		}},
		{env: "POLICY_FILE", flag: "policy", usage: "after-sales policy YAML; empty: the built-in default", parse: func(c *config, v string) error {
			c.PolicyFile, c.Policy = v, policy.Default()
			if v == "" {
				return nil
			}
			// One problem a line: "/etc/shop.yaml:14: returns.window_days: ...".
			pol, err := policy.Load(v)
			if err != nil {
				return err
			}
			c.Policy = pol
			return nil
		}},
		{env: "DIALOGUE_TTL", flag: "dialogue-ttl", def: "168h", usage: "how long an unfinished complaint dialogue is kept after the customer's last message", parse: func(c *config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < time.Hour {
				return errors.New("must be a duration of at least 1h, such as 168h")
			}
			c.DialogueTTL = d
			return nil
		}},
		{env: "STAFF_LANG", flag: "staff-lang", def: "zh", usage: "the language of the bot's texts in the staff group: zh or en", parse: func(c *config, v string) error {
			if v != "zh" && v != "en" {
				return errors.New("must be zh or en")
			}
			c.StaffLang = v
			return nil
		}},
		{env: "STAFF_SIGNATURE", flag: "staff-signature", def: "name", usage: "how staff replies to customers are signed: name (the staff member's first name) or team (the support team)", parse: func(c *config, v string) error {
			if v != "name" && v != "team" {
				return errors.New("must be name or team")
			}
			c.Signature = v
			return nil
		}},
		{env: "NOTE_PREFIX", flag: "note-prefix", def: "", usage: "a prefix that makes a message in a ticket's thread an internal note, like /note (empty: only /note)", parse: func(c *config, v string) error {
			if strings.TrimSpace(v) != v || strings.HasPrefix(v, "/") || len([]rune(v)) > 8 {
				return errors.New("must be up to 8 characters, without spaces around it and not starting with /")
			}
			c.NotePrefix = v
			return nil
		}},
		{env: "WEEKLY_REPORT", flag: "weekly-report", def: report.DefaultWeekly, usage: "when the owners get the weekly report, in the shop's time zone: a day and a time such as mon 09:00, or off", parse: func(c *config, v string) (err error) {
			c.WeeklyReport, err = report.ParseWeekly(v)
			return err
		}},
		{env: "LOG_LEVEL", flag: "log-level", def: "info", usage: "debug, info, warn or error", parse: func(c *config, v string) error {
			return c.LogLevel.UnmarshalText([]byte(v))
		}},
		{env: "LOG_FORMAT", flag: "log-format", def: "text", usage: "text (key=value lines) or json (one JSON object a line)", parse: func(c *config, v string) error {
			if v != "text" && v != "json" {
				return errors.New("must be text or json")
			}
			c.LogFormat = v
			return nil
		}},
		{env: "SHUTDOWN_TIMEOUT", flag: "shutdown-timeout", def: "20s", usage: "how long a stop (SIGTERM) may take to finish the updates in hand, send what is queued and stop the jobs", parse: func(c *config, v string) error {
			d, err := time.ParseDuration(v)
			// Under a second nothing in hand could finish; over ten
			// minutes an orchestrator has long since sent SIGKILL.
			if err != nil || d < time.Second || d > 10*time.Minute {
				return errors.New("must be a duration from 1s to 10m, such as 20s")
			}
			c.ShutdownTimeout = d
			return nil
		}},
	}
}

// needs says which settings a subcommand cannot do without.
type needs struct{ telegram, database, redis bool }

// fromTelegram reports whether the updates come from Telegram itself, which
// posts to https webhooks only. A self-hosted Bot API server, or the demo's
// simulator (no token, where Telegram is not needed), may post over http.
func fromTelegram(c *config, need needs) bool {
	if c.Token == "" && !need.telegram {
		return false
	}
	u, err := url.Parse(c.APIURL)
	return err != nil || strings.EqualFold(u.Hostname(), "api.telegram.org")
}

// loadConfig reads the environment, lets flags of the same meaning override it,
// and validates every value. The error is configErrors, every problem found,
// each naming its variable.
func loadConfig(fs *flag.FlagSet, args []string, getenv func(string) string, need needs) (*config, error) {
	list := settings(need)
	flags := make([]*string, len(list))
	for i, s := range list {
		// The flag's default is the built-in one, never the environment's value,
		// so that -h cannot print a token or a password.
		flags[i] = fs.String(s.flag, s.def, s.usage+" ($"+s.env+")")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, &configError{Name: "flags", Msg: err.Error()}
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	values := make([]string, len(list))
	for i, s := range list {
		switch {
		case set[s.flag]:
			values[i] = *flags[i]
		case getenv(s.env) != "":
			values[i] = getenv(s.env)
		default:
			values[i] = s.def
		}
	}
	c := &config{}
	var errs configErrors
	given := map[string]bool{}
	for i, s := range list {
		v := strings.TrimSpace(values[i])
		given[s.env] = v != ""
		if v == "" && s.required {
			errs = append(errs, &configError{Name: s.env, Msg: "required (" + s.usage + ")"})
			continue
		}
		if err := s.parse(c, v); err != nil {
			if s.env == "LOG_LEVEL" {
				err = errors.New("must be debug, info, warn or error")
			}
			for _, msg := range strings.Split(err.Error(), "\n") {
				errs = append(errs, &configError{Name: s.env, Msg: msg})
			}
		}
	}
	if given["WEBHOOK_URL"] && !given["WEBHOOK_SECRET"] {
		// Without it, anyone who learns the URL could post updates in a
		// customer's name.
		errs = append(errs, &configError{Name: "WEBHOOK_SECRET", Msg: "missing: required with WEBHOOK_URL, so that only Telegram can post updates"})
	}
	if given["WEBHOOK_SECRET"] && !given["WEBHOOK_URL"] {
		errs = append(errs, &configError{Name: "WEBHOOK_SECRET", Msg: "set, but WEBHOOK_URL is empty (the secret only applies in webhook mode)"})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return c, nil
}

// signals are the service's signals to tests of what it has done, so that
// they decide on what happened instead of polling for it.
type signals struct {
	// settled is called with each update_id the dispatcher acknowledged.
	settled func(updateID int64)
	// jobEvent is called with each follow-up job that completed, failed,
	// was cancelled or was snoozed.
	jobEvent func(*river.Event)
	// stopStep is called as each step of a stop ends (refusing, updates,
	// outbox, jobs, http, then stopped), with whether it ended in time
	// with nothing left over.
	stopStep func(name string, clean bool)
}

// parseUserIDs reads a comma-separated list of Telegram user ids.
func parseUserIDs(v string) ([]int64, error) {
	var ids []int64
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("%q is not a Telegram user id (a positive integer)", f)
		}
		ids = append(ids, id)
	}
	return ids, nil
}
