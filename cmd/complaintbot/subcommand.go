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

// commandGroup is a command made of subcommands: what picks one, its help
// and its usage line.
type commandGroup struct {
	name  string
	subs  []subcommand
	usage func() string
	help  func(io.Writer)
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
