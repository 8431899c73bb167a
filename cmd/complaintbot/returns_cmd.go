package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/complaintbot/complaintbot/tickets"
)

// returnsSubcommand is one of "complaintbot returns list".
func returnsSubcommands() []subcommand {
	return []subcommand{
		{"list", "[--state S] [--open] [--format table|json|csv]",
			"list the returns, those awaiting the parcel first by their send-by deadline",
			[]string{"table", "json", "csv"}},
	}
}

// returnsCommand is the returns command's group of subcommands.
var returnsCommand = commandGroup{name: "returns", subs: returnsSubcommands(), width: 48, notes: []string{
	"It reads the service's database from DATABASE_URL (or --database), and",
	"POLICY_FILE, STAFF_LANG (zh or en: the language of the labels) and LOG_LEVEL.",
	`"complaintbot returns list -h" lists its flags.`,
}}

// cmdReturns is the owner's and the warehouse's view of the returns at a
// terminal: which parcels should arrive, by when, with which carrier and
// tracking number, in the staff's language. It reads the settings the
// tickets command reads (ticketsSettings) and no others.
func cmdReturns(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	sub, fs, args, help, err := returnsCommand.pick(args, stderr)
	if err != nil || help {
		return err
	}
	state := fs.String("state", "", "only returns in this state ("+returnStateNames()+")")
	open := fs.Bool("open", false, "only returns still under way (not closed, refused or cancelled)")
	format := sub.formatFlag(fs)
	cfg, err := ticketsConfig(fs, args, env)
	if err != nil {
		return err
	}
	if err := sub.checkFormat(*format); err != nil {
		return err
	}
	st := tickets.ReturnState(*state)
	if st != "" && !st.Valid() {
		return &configError{Name: "--state", Msg: fmt.Sprintf("%q is not one of %s", st, returnStateNames())}
	}
	if fs.NArg() > 0 {
		return &configError{Name: "returns list", Msg: fmt.Sprintf("unexpected %q; %s", fs.Arg(0), returnsCommand.usage())}
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
	list, err := store.ListReturns(ctx, tickets.ReturnFilter{State: st, Open: *open, Limit: 10000})
	if err != nil {
		return err
	}
	return view.writeReturns(stdout, *format, list)
}

func returnStateNames() string {
	var names []string
	for _, s := range tickets.ReturnStates() {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}
