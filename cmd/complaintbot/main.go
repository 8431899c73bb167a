// Command complaintbot is an after-sales complaint desk that lives in Telegram:
// customers report faults to the shop's bot, staff answer from one group, and
// shop owners approve refunds and read reports.
//
// Usage:
//
//	complaintbot run       the service
//	complaintbot migrate   apply database migrations
//	complaintbot demo      the whole service against the built-in Telegram simulator
//	complaintbot bench     the load harness: the service and an echo bot under the same load
//	complaintbot tickets   list and show tickets (list, show REF)
//	complaintbot returns   list the returns the warehouse expects (list)
//	complaintbot version   print the version
//
// Every subcommand takes -h for its flags; each flag has an environment
// variable of the same meaning (see README: Configuration).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"run", "run the service", cmdRun},
		{"migrate", "apply database migrations", cmdMigrate},
		{"tickets", "list the tickets, or show one: tickets list|show REF", cmdTickets},
		{"returns", "list the returns, for the warehouse: returns list", cmdReturns},
		{"demo", "run the service against the built-in Telegram simulator and its browser playground", cmdDemo},
		{"bench", "measure the service under load against the simulator, beside a bare echo bot", cmdBench},
		{"version", "print the version", cmdVersion},
	}
}

// run executes one subcommand and returns the process exit status: 0 on
// success, 2 for a usage or configuration error, 1 for anything else.
func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], env, stdout, stderr)
		problems := configProblems(err)
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case len(problems) == 1:
			fmt.Fprintf(stderr, "complaintbot: %v\n", problems[0])
			return 2
		case len(problems) > 1:
			printProblems(stderr, c.name, problems)
			return 2
		default:
			fmt.Fprintf(stderr, "complaintbot %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "complaintbot: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

// printProblems prints every configuration problem, one a line under a
// line that counts the settings they are about.
func printProblems(w io.Writer, command string, problems configErrors) {
	names := map[string]bool{}
	for _, p := range problems {
		names[p.Name] = true
	}
	if len(names) == 1 {
		fmt.Fprintf(w, "complaintbot %s: %s needs fixing:\n", command, problems[0].Name)
	} else {
		fmt.Fprintf(w, "complaintbot %s: %d settings need fixing:\n", command, len(names))
	}
	for _, p := range problems {
		fmt.Fprintf(w, "  %v\n", p)
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: complaintbot <command> [flags]")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("complaintbot "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}
