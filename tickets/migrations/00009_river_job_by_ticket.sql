-- A ticket's change finds the follow-up jobs of that ticket (or of its
-- return) that have not finished, to cancel them or to know that one is
-- already queued: a card job, a timer, a nudge, a survey, a reminder.
-- River's own indexes find jobs by kind and by state, and the arguments'
-- GIN index is not one the planner picks for one ticket id, so each such
-- look read every job of the kind that was waiting or still kept after it
-- finished (River keeps completed jobs for a day): 2 ms of PostgreSQL with
-- a thousand card jobs queued, more as the shop grows. These indexes hold
-- only the jobs not finished yet, by the ticket or return they are about.

-- +goose Up
CREATE INDEX river_job_unfinished_by_ticket ON river_job ((args->>'ticket_id'))
    WHERE state IN ('available', 'pending', 'retryable', 'scheduled', 'running');
CREATE INDEX river_job_unfinished_by_return ON river_job ((args->>'return_id'))
    WHERE state IN ('available', 'pending', 'retryable', 'scheduled', 'running');

-- +goose Down
DROP INDEX river_job_unfinished_by_return;
DROP INDEX river_job_unfinished_by_ticket;
