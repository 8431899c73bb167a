-- Staff actions on a ticket. The caller holds the ticket's row lock; each
-- statement changes one thing and logs it as an event.

-- name: TicketAssigneeSet
-- Sets (or, with a zero @to_id, clears) the assignee and logs @kind.
WITH u AS (
    UPDATE tickets SET
        assignee_user_id = nullif(@to_id::bigint, 0),
        assignee_name = CASE WHEN @to_id::bigint = 0 THEN NULL ELSE @to_name::text END,
        updated_at = @now
    WHERE id = @id
    RETURNING id
)
INSERT INTO ticket_events (ticket_id, actor_kind, actor_id, kind, data, at)
SELECT u.id, @actor_kind, @actor_id, @kind, @data, @now FROM u;

-- name: TicketPrioritySet
WITH u AS (
    UPDATE tickets SET priority = @priority, updated_at = @now WHERE id = @id RETURNING id
)
INSERT INTO ticket_events (ticket_id, actor_kind, actor_id, kind, data, at)
SELECT u.id, @actor_kind, @actor_id, 'priority', @data, @now FROM u;

-- name: TicketUrgentSet
WITH u AS (
    UPDATE tickets SET urgent = @urgent, updated_at = @now WHERE id = @id RETURNING id
)
INSERT INTO ticket_events (ticket_id, actor_kind, actor_id, kind, data, at)
SELECT u.id, @actor_kind, @actor_id, 'urgent', @data, @now FROM u;

-- name: TicketResolutionSet
-- The summary of a resolution; its "status" event is logged with the move.
UPDATE tickets SET resolution = $2 WHERE id = $1;

-- name: TicketFirstResponse
-- A staff member answered: the first answer's time stays, and the first to
-- answer an unassigned ticket takes it.
UPDATE tickets SET
    first_response_at = coalesce(first_response_at, @at),
    assignee_user_id = coalesce(assignee_user_id, @user_id),
    assignee_name = CASE WHEN assignee_user_id IS NULL THEN @name::text ELSE assignee_name END,
    updated_at = @now
WHERE id = @id;
