package desk

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/complaintbot/complaintbot/tickets"
)

// jobTimeout bounds one attempt of a desk job. The staff group takes
// twenty messages a minute, so a job may wait its turn for a while; River
// rescues a job of a dead replica only after this, so it is the tickets
// package's longest.
const jobTimeout = tickets.MaxJobTimeout

// job is what every desk worker shares: the desk it works for, and one
// attempt bounded by jobTimeout.
type job[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	desk *Desk
}

// Timeout bounds one attempt.
func (job[T]) Timeout(*river.Job[T]) time.Duration { return jobTimeout }

// withState runs work on the ticket a job is about, with what the staff
// group shows of it (see tickets.DeskState), read as it is now in one
// round trip. A ticket that is gone leaves nothing to show: the job is
// done.
func (d *Desk) withState(ctx context.Context, what string, ticketID int64, work func(*tickets.DeskState) error) error {
	st, err := d.tickets.DeskState(ctx, ticketID)
	if errors.Is(err, tickets.ErrNotFound) {
		d.log.Warn(what+" for a ticket that is gone", "ticket", ticketID)
		return nil
	}
	if err != nil {
		return fmt.Errorf("desk: %s: ticket %d: %w", what, ticketID, err)
	}
	return work(st)
}
