-- A ticket waiting for the customer's information: its nudge and auto-close.

-- name: TicketAwaitingSince
-- When the ticket last went to awaiting_customer (its latest "status" event
-- to it); NULL when it never did.
SELECT max(at) FROM ticket_events
WHERE ticket_id = $1 AND kind = 'status' AND data->>'to' = 'awaiting_customer';

-- name: TicketNudgedSince
-- Whether the customer was nudged about the ticket since @since.
SELECT EXISTS (
    SELECT 1 FROM ticket_events
    WHERE ticket_id = @ticket_id AND kind = 'customer_nudged' AND at >= @since
);

-- name: AwaitingJobsWaiting
-- The ticket's nudge and auto-close jobs that River has not started, locked
-- until the caller's transaction ends; one River is starting now is skipped
-- (its worker finds the ticket moved on).
SELECT id
FROM river_job
WHERE args->>'ticket_id' = @ticket_id::bigint::text AND kind = 'awaiting_customer'
  AND state IN ('available', 'pending', 'retryable', 'scheduled')
FOR UPDATE SKIP LOCKED;
