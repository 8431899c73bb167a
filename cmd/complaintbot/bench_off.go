//go:build !demo

package main

import (
	"context"
	"errors"
	"io"
)

// cmdBench in the production binary says how to get the load harness,
// which runs the simulator and the scripted customers: like the demo, it
// is built only with the demo tag.
func cmdBench(context.Context, []string, func(string) string, io.Writer, io.Writer) error {
	return errors.New("this binary was built without the load harness; run it with: go run -tags demo ./cmd/complaintbot bench")
}
