//go:build demo && !linux

package main

import (
	"context"
	"time"
)

// processCPU is not measured here.
func processCPU() time.Duration { return 0 }

// postgresCPU is not measured here.
func (s *benchServers) postgresCPU(context.Context) (time.Duration, bool) { return 0, false }
