-- Follow-up jobs: what River's own maintenance leaves to the service.

-- name: JobRescueOrphans
-- Makes jobs available again that a replica took and never finished because
-- it died: running, taken by a client that is no longer alive, and taken
-- longer ago than a live replica needs to be seen. River would rescue them
-- only after its stuck-job window, sized for the slowest job.
UPDATE river_job
SET state = 'available', scheduled_at = now()
WHERE state = 'running'
  AND attempted_at < now() - make_interval(secs => @grace_seconds::double precision)
  AND NOT (coalesce(attempted_by[array_upper(attempted_by, 1)], '') = ANY (@live::text[]));

-- name: JobNoticeElder
-- Whether a notice to the same ticket's customer, decided before this one,
-- is still to be sent: queued, running, or waiting to be tried again.
SELECT EXISTS (
  SELECT 1 FROM river_job
  WHERE kind = 'customer_notice'
    AND args->>'ticket_id' = @ticket_id::bigint::text
    AND id < @job_id
    AND state IN ('available', 'pending', 'running', 'retryable', 'scheduled')
    -- A notice planned for later does not hold back what is due now.
    AND NOT (state = 'scheduled' AND scheduled_at > now() + interval '1 minute')
);

-- name: JobDeskLock
-- Takes the desk lock if no other session holds it: a session-level
-- advisory lock named after the schema, so that deployments (and tests)
-- sharing a database in schemas of their own each have one.
SELECT pg_try_advisory_lock(hashtextextended('complaintbot desk queue ' || current_schema(), 0));

-- name: JobDeskUnlock
SELECT pg_advisory_unlock(hashtextextended('complaintbot desk queue ' || current_schema(), 0));

-- name: JobDeskHandOver
-- Makes the desk queue's running jobs available again, in their place in
-- the queue (scheduled_at is left as it was). Called by the desk lock's new
-- holder: whoever was working them held the lock and no longer does, so
-- they will never be finished.
UPDATE river_job
SET state = 'available'
WHERE queue = @queue AND state = 'running';

-- name: JobDeskRunning
-- How many of the desk queue's jobs a client is still marked as running.
SELECT count(*)
FROM river_job
WHERE queue = @queue AND state = 'running'
  AND attempted_by[array_upper(attempted_by, 1)] = @client;
