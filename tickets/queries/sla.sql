-- Service-level timers: the deadlines of a ticket and their jobs.

-- name: TicketDeadlinesSet
-- Moves the ticket's deadlines and logs why ("deadlines" event).
WITH u AS (
    UPDATE tickets SET arrange_by = @arrange_by, check_at = @check_at, answer_by = @answer_by, updated_at = @now
    WHERE id = @id RETURNING id
)
INSERT INTO ticket_events (ticket_id, actor_kind, actor_id, kind, data, at)
SELECT u.id, @actor_kind, @actor_id, 'deadlines', @data, @now FROM u;

-- name: SLADone
-- Whether the ticket has an event carrying @data (a timer's step and
-- deadline): the follow-up was done by an earlier run of its job.
SELECT EXISTS (SELECT 1 FROM ticket_events WHERE ticket_id = @ticket_id AND kind = @kind AND data @> @data::jsonb);

-- name: SLAJobsWaiting
-- The ticket's timer jobs that River has not started, locked until the
-- caller's transaction ends; one River is starting now is skipped (its
-- worker finds the deadline moved and does nothing).
SELECT id
FROM river_job
WHERE args->>'ticket_id' = @ticket_id::bigint::text AND kind = 'sla_timer'
  AND state IN ('available', 'pending', 'retryable', 'scheduled')
FOR UPDATE SKIP LOCKED;
