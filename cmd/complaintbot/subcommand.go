package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// subcommand is one verb of a command group at the terminal: "tickets
// list", "returns list".
type subcommand struct {
	name, args, summary string
	formats             []string // the values --format takes, the default first
}

// commandGroup is a command made of subcommands ("tickets", "returns"):
// it picks one and writes the group's usage and help.
type commandGroup struct {
	name string
	subs []subcommand
	// width aligns the subcommands' arguments in the help; notes end it.
	width int
	notes []string
}

// usage is the group's usage on one line, for mistakes.
func (g commandGroup) usage() string {
	var forms []string
	for _, s := range g.subs {
		forms = append(forms, s.name+" "+s.args)
	}
	return "usage: complaintbot " + g.name + " " + strings.Join(forms, " | ")
}

// help is what "complaintbot <group> -h" prints.
func (g commandGroup) help(w io.Writer) {
	fmt.Fprintf(w, "usage: complaintbot %s <command> [flags]\n\n", g.name)
	for _, s := range g.subs {
		fmt.Fprintf(w, "  %-4s %-*s %s\n", s.name, g.width, s.args, s.summary)
	}
	fmt.Fprintln(w)
	for _, n := range g.notes {
		fmt.Fprintln(w, n)
	}
}

// pick finds the subcommand args[0] names and returns it with its flag set
// (usage set) and the arguments after it. help is true when the group's
// help was asked for and printed to stderr: the caller is done.
func (g commandGroup) pick(args []string, stderr io.Writer) (sub subcommand, fs *flag.FlagSet, rest []string, help bool, err error) {
	if len(args) == 0 {
		return sub, nil, nil, false, &configError{Name: g.name, Msg: g.usage()}
	}
	name, rest := args[0], args[1:]
	if slices.Contains([]string{"-h", "-help", "--help", "help"}, name) {
		g.help(stderr)
		return sub, nil, nil, true, nil
	}
	i := slices.IndexFunc(g.subs, func(s subcommand) bool { return s.name == name })
	if i < 0 {
		return sub, nil, nil, false, &configError{Name: g.name, Msg: fmt.Sprintf("unknown subcommand %q; %s", name, g.usage())}
	}
	sub = g.subs[i]
	fs = newFlagSet(g.name+" "+sub.name, stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: complaintbot %s %s %s\n\n%s.\n\n", g.name, sub.name, sub.args, sub.summary)
		fs.PrintDefaults()
	}
	return sub, fs, rest, false, nil
}

// formatFlag adds --format to fs, for the formats sub writes.
func (sub subcommand) formatFlag(fs *flag.FlagSet) *string {
	return fs.String("format", sub.formats[0], "output: "+strings.Join(sub.formats, ", "))
}

// checkFormat refuses a --format sub does not write.
func (sub subcommand) checkFormat(format string) error {
	if !slices.Contains(sub.formats, format) {
		return &configError{Name: "--format", Msg: fmt.Sprintf("%q is not one of %s", format, strings.Join(sub.formats, ", "))}
	}
	return nil
}
