package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/complaintbot/complaintbot/tickets"
)

// ticketsSubcommand is one of "complaintbot tickets list|show".
func ticketsSubcommands() []subcommand {
	return []subcommand{
		{"list", "[--status S] [--format table|json|csv]", "list the tickets, newest first",
			[]string{"table", "json", "csv"}},
		{"show", "REF [--format table|json]", "show one ticket: its verdict, events and messages",
			[]string{"table", "json"}},
	}
}

// ticketsSettings are the settings the tickets command reads, by their
// environment names. It offers and reads no others: the bot token, Redis or
// the webhook mean nothing to it.
func ticketsSettings() []string {
	return []string{"DATABASE_URL", "POLICY_FILE", "STAFF_LANG", "LOG_LEVEL"}
}

// ticketsCommand is the tickets command's group of subcommands.
var ticketsCommand = commandGroup{name: "tickets", subs: ticketsSubcommands(), width: 40, notes: []string{
	"Both read the service's database from DATABASE_URL (or --database), and",
	"POLICY_FILE, STAFF_LANG (zh or en: the language of the labels) and LOG_LEVEL.",
	`"complaintbot tickets list -h" lists a command's flags.`,
}}

// cmdTickets is the owner's view of the tickets at a terminal:
// "tickets list" and "tickets show REF", in the staff's language.
func cmdTickets(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	sub, fs, args, help, err := ticketsCommand.pick(args, stderr)
	if err != nil || help {
		return err
	}
	var status *string
	if sub.name == "list" {
		status = fs.String("status", "", "only tickets in this status ("+statusNames()+")")
	} else if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		// The reference may come before the flags: show K7M-4QX --format json.
		args = append(args[1:], args[0])
	}
	format := sub.formatFlag(fs)
	cfg, err := ticketsConfig(fs, args, env)
	if err != nil {
		return err
	}
	if err := sub.checkFormat(*format); err != nil {
		return err
	}
	var st tickets.Status
	switch sub.name {
	case "list":
		if st = tickets.Status(*status); st != "" && !st.Valid() {
			return &configError{Name: "--status", Msg: fmt.Sprintf("%q is not one of %s", st, statusNames())}
		}
		if fs.NArg() > 0 {
			return &configError{Name: "tickets list", Msg: fmt.Sprintf("unexpected %q; %s", fs.Arg(0), ticketsCommand.usage())}
		}
	case "show":
		if fs.NArg() != 1 {
			return &configError{Name: "tickets show", Msg: "want one ticket reference, such as K7M-4QX"}
		}
	}

	view, err := newTicketView(cfg.Policy, cfg.StaffLang)
	if err != nil {
		return err
	}
	store, closeStore, err := openReadStore(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer closeStore()

	if sub.name == "list" {
		list, err := store.List(ctx, tickets.ListFilter{Status: st, Limit: 10000})
		if err != nil {
			return err
		}
		return view.writeList(stdout, *format, list)
	}
	t, err := store.Get(ctx, fs.Arg(0))
	if errors.Is(err, tickets.ErrNotFound) {
		return fmt.Errorf("no ticket %q", fs.Arg(0))
	}
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(stdout, t)
	}
	names, err := staffNames(ctx, store, t)
	if err != nil {
		return err
	}
	return view.writeTicket(stdout, t, names)
}

// ticketsConfig reads the settings the tickets command uses
// (ticketsSettings) from the environment and from flags of the same meaning
// on fs, then validates them as the service does. fs offers only these
// flags, and any other setting in the environment is left unread.
func ticketsConfig(fs *flag.FlagSet, args []string, getenv func(string) string) (*config, error) {
	flags := map[string]*flag.Flag{} // by environment name
	for _, s := range settings(needs{database: true}) {
		if slices.Contains(ticketsSettings(), s.env) {
			// The built-in default, never the environment's value, so that
			// -h cannot print a password.
			fs.String(s.flag, s.def, s.usage+" ($"+s.env+")")
			flags[s.env] = fs.Lookup(s.flag)
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, &configError{Name: "flags", Msg: err.Error()}
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	env := func(name string) string {
		switch f := flags[name]; {
		case f == nil:
			return ""
		case given[f.Name]:
			return f.Value.String()
		}
		return getenv(name)
	}
	return loadConfig(newFlagSet("tickets", io.Discard), nil, env, needs{database: true})
}

// openReadStore opens the ticket store the tickets and returns commands
// read, on its own pool; closeStore closes the pool.
func openReadStore(ctx context.Context, cfg *config, stderr io.Writer) (store *tickets.Store, closeStore func(), err error) {
	pool, err := openPostgres(ctx, cfg.DatabaseURL, 0)
	if err != nil {
		return nil, nil, err
	}
	store, err = tickets.NewStore(pool, cfg.Policy, nil, tickets.WithLogger(newLogger(stderr, cfg.LogLevel, cfg.LogFormat)))
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	return store, pool.Close, nil
}

func statusNames() string {
	var names []string
	for _, s := range tickets.Statuses() {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}
