package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
)

// newLogger returns the one logger of the process: JSON lines on w when
// format is "json" (LOG_FORMAT, validated by loadConfig), slog's text lines
// otherwise. Callers log ids (chat, ticket, update), never message texts,
// tokens or phone numbers.
func newLogger(w io.Writer, level slog.Level, format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// redisLog takes go-redis's own messages (a connection pool failing to
// dial, and the like) into the process's logger at debug level: the
// operations that fail because of them are logged where they fail, once.
type redisLog struct{ l *slog.Logger }

func (r redisLog) Printf(ctx context.Context, format string, v ...any) {
	r.l.DebugContext(ctx, "redis client", "msg", fmt.Sprintf(format, v...))
}
