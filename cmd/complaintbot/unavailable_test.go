package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// A store that cannot be reached makes an update wait; a failure of the
// update itself does not.
func TestStoreUnavailable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	_, refused := net.Dial("tcp", addr)
	_, pgRefused := pgconn.Connect(context.Background(), "postgres://postgres@"+addr+"/test?connect_timeout=5")
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"a refused connection, wrapped", fmt.Errorf("bot: dialogue step: %w", refused), true},
		{"PostgreSQL refusing", fmt.Errorf("tickets: find order: %w", pgRefused), true},
		{"a constraint violated", &pgconn.PgError{Code: "23505", Message: "duplicate key"}, false},
		{"the handler's own failure", errors.New("bot: unknown step"), false},
	} {
		if c.err == nil && c.want {
			t.Fatalf("%s: no error to classify", c.name)
		}
		if got := storeUnavailable(c.err); got != c.want {
			t.Errorf("%s (%v): unavailable = %v, want %v", c.name, c.err, got, c.want)
		}
	}
}
