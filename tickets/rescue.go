package tickets

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// RescueOrphanJobs makes the follow-up jobs that a dead replica had taken
// available again, so that an acknowledgement or a card interrupted by a
// crash goes out as soon as the service is back, not after River's
// stuck-job window. live are the River client ids of the replicas alive now
// (this one among them); a job taken less than grace ago is left alone, as
// its replica may not have been seen yet. Every worker re-reads its ticket
// and is safe to run twice. It returns how many jobs it made available.
func (s *Store) RescueOrphanJobs(ctx context.Context, live []string, grace time.Duration) (int64, error) {
	tag, err := s.pool.Exec(ctx, s.q.JobRescueOrphans, pgx.NamedArgs{"live": live, "grace_seconds": grace.Seconds()})
	if err != nil {
		return 0, fmt.Errorf("tickets: rescue orphan jobs: %w", err)
	}
	if n := tag.RowsAffected(); n > 0 {
		s.logger.Warn("follow-up jobs of a replica that died made available again", "jobs", n)
	}
	return tag.RowsAffected(), nil
}
