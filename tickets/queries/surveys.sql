-- The callback survey (回访) of a resolved ticket: its rows and its jobs.

-- name: SurveyInsert
-- A new survey of the ticket, due at @due_at.
INSERT INTO ticket_surveys (ticket_id, due_at, created_at, updated_at)
VALUES (@ticket_id, @due_at, @now, @now)
RETURNING id;

-- name: SurveyLock
-- The survey with the id, locked until the transaction ends.
SELECT {{survey_columns}} FROM ticket_surveys WHERE id = $1 FOR UPDATE;

-- name: SurveyLatest
-- The ticket's latest survey.
SELECT {{survey_columns}} FROM ticket_surveys WHERE ticket_id = $1 ORDER BY id DESC LIMIT 1;

-- name: SurveySave
-- Writes back what a step of the survey changed.
UPDATE ticket_surveys SET
    state = @state, lang = @lang, asked_at = @asked_at, reminded_at = @reminded_at,
    expires_at = @expires_at, answered_at = @answered_at, scored_at = @scored_at,
    attitude = @attitude, quality = @quality, solved = @solved, comment = @comment,
    updated_at = @now
WHERE id = @id;

-- name: SurveyCancelOpen
-- Cancels the ticket's survey that is still to be asked or answered, as
-- the ticket is reopened; returns the ids it cancelled.
UPDATE ticket_surveys SET state = 'cancelled', updated_at = @now
WHERE ticket_id = @ticket_id AND state IN ('scheduled', 'asked')
RETURNING id;

-- name: SurveyUndeliverable
-- The survey could not reach its customer (they blocked the bot): it stops.
UPDATE ticket_surveys SET state = 'undeliverable', updated_at = @now
WHERE id = @id AND state IN ('scheduled', 'asked');

-- name: SurveyAwaitingComment
-- The survey of a ticket of the customer's chat whose scores are complete
-- since @since and which still takes answers at @now: the chat's next text
-- is its comment.
SELECT {{survey_columns s}}
FROM ticket_surveys s JOIN tickets t ON t.id = s.ticket_id
WHERE t.customer_chat_id = @chat_id AND s.state = 'asked'
  AND s.scored_at > @since AND s.expires_at > @now
ORDER BY s.scored_at DESC
LIMIT 1;

-- name: SurveyJobsWaiting
-- The survey jobs of the ticket River has not started, locked until the
-- caller's transaction ends; one River is starting now is skipped (its
-- worker finds the survey cancelled).
SELECT id
FROM river_job
WHERE args->>'ticket_id' = @ticket_id::bigint::text AND kind = 'ticket_survey'
  AND state IN ('available', 'pending', 'retryable', 'scheduled')
FOR UPDATE SKIP LOCKED;
