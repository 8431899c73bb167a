package main

import (
	"io"
	"log/slog"
)

// newLogger returns the one logger of the process: JSON lines on w. Callers
// log ids (chat, ticket, update), never message texts, tokens or phone numbers.
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}
