//go:build !demo

package main

import (
	"context"
	"errors"
	"io"
)

// cmdDemo in the production binary says how to get the demo: the
// simulator and the starters of the demo's own PostgreSQL and Redis are
// built only with the demo tag, so that `run` links none of them.
func cmdDemo(context.Context, []string, func(string) string, io.Writer, io.Writer) error {
	return errors.New("this binary was built without the demo; run it with: go run -tags demo ./cmd/complaintbot demo")
}
