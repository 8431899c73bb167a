-- Tickets. Every query that returns tickets selects {{ticket_columns}}, the
-- columns scanTicket reads (scan.go).

-- name: TicketFile
-- Files a ticket with its attachments and its "filed" event in one
-- statement, and ends the chat's draft when asked. Returns the ticket's id and its attachments' ids in order, or
-- nothing when the submission was filed before.
WITH t AS (
    INSERT INTO tickets (
        ref, submission_id, priority,
        customer_chat_id, customer_user_id, customer_name, customer_username, customer_lang, phone,
        category, order_no, no_receipt, purchased, issue, description, outcome, verdict,
        arrange_by, check_at, answer_by, created_at, updated_at)
    VALUES (
        @ref, @submission_id, @priority,
        @chat_id, @user_id, @name, @username, @lang, @phone,
        @category, @order_no, @no_receipt, @purchased, @issue, @description, @outcome, @verdict,
        @arrange_by, @check_at, @answer_by, @now, @now)
    ON CONFLICT (submission_id) DO NOTHING
    RETURNING id
), a AS (
    INSERT INTO ticket_attachments (ticket_id, position, kind, file_id, file_unique_id, media_group_id, caption, created_at)
    SELECT t.id, m.ord - 1, m.kind, m.file_id, m.file_unique_id, m.media_group_id, m.caption, @now
    FROM t, unnest(@kinds::text[], @file_ids::text[], @file_unique_ids::text[], @media_group_ids::text[], @captions::text[])
        WITH ORDINALITY AS m (kind, file_id, file_unique_id, media_group_id, caption, ord)
    RETURNING id, position
), e AS (
    INSERT INTO ticket_events (ticket_id, actor_kind, actor_id, kind, data, at)
    SELECT t.id, 'customer', @user_id, 'filed', @event_data, @now FROM t
), d AS (
    -- The chat's draft is this report, now a ticket (NewTicket.EndsDraft).
    DELETE FROM drafts WHERE chat_id = @chat_id AND @ends_draft::boolean
)
SELECT t.id, coalesce((SELECT array_agg(a.id ORDER BY a.position) FROM a), '{}') FROM t;

-- name: TicketGetByRef
SELECT {{ticket_columns}}
FROM tickets
WHERE ref = $1;

-- name: TicketRefBySubmission
SELECT ref FROM tickets WHERE submission_id = $1;

-- name: TicketLockByID
-- Reads a ticket and locks it until the transaction ends, so a follow-up job
-- and a staff action cannot both act on what they read. NO KEY UPDATE, as
-- nothing changes a ticket's id: the lock excludes every other locker and
-- writer of the ticket, but not a row of another table being written that
-- refers to it (its thread, its messages), whose foreign key only needs the
-- ticket to stay.
SELECT {{ticket_columns}}
FROM tickets
WHERE id = $1
FOR NO KEY UPDATE;

-- name: TicketList
-- Newest first; an empty status or a zero chat id does not filter.
SELECT {{ticket_columns}}
FROM tickets
WHERE ($1::text = '' OR status = $1)
  AND ($2::bigint = 0 OR customer_chat_id = $2)
ORDER BY created_at DESC, id DESC
LIMIT $3;

-- name: TicketOpenForCustomer
-- The customer's most recent ticket among the open statuses ($2).
SELECT {{ticket_columns}}
FROM tickets
WHERE customer_chat_id = $1 AND status = ANY ($2::text[])
ORDER BY created_at DESC, id DESC
LIMIT 1;

-- name: TicketAcknowledgedSet
-- Stamps the acknowledgement of a ticket that staff took up before it was
-- sent (its status moved on from new), and logs it; returns nothing when
-- it was stamped before.
WITH u AS (
    UPDATE tickets SET acknowledged_at = @now, updated_at = @now
    WHERE id = @id AND acknowledged_at IS NULL
    RETURNING id
)
INSERT INTO ticket_events (ticket_id, actor_kind, actor_id, kind, data, at)
SELECT u.id, @actor_kind, @actor_id, 'acknowledged', @data, @now FROM u
RETURNING ticket_id;

-- name: TicketStatusSet
-- Moves a ticket from @from to @to if it is still in @from, stamps the time
-- the new status stands for, and logs the change; returns nothing when the
-- status changed meanwhile.
WITH u AS (
    UPDATE tickets SET
        status = @to,
        updated_at = @now,
        acknowledged_at = CASE WHEN @to = 'acknowledged' THEN coalesce(acknowledged_at, @now) ELSE acknowledged_at END,
        resolved_at = CASE WHEN @to = 'resolved' THEN @now WHEN @to = 'reopened' THEN NULL ELSE resolved_at END,
        closed_at = CASE WHEN @to = 'closed' THEN @now WHEN @to = 'reopened' THEN NULL ELSE closed_at END,
        reopened_at = CASE WHEN @to = 'reopened' THEN @now ELSE reopened_at END
    WHERE id = @id AND status = @from
    RETURNING id
)
INSERT INTO ticket_events (ticket_id, actor_kind, actor_id, kind, data, at)
SELECT u.id, @actor_kind, @actor_id, 'status', @data, @now FROM u
RETURNING ticket_id;

-- name: AckJobsDelayed
-- The ticket's acknowledgement job while it waits to be tried again.
SELECT id
FROM river_job
WHERE args->>'ticket_id' = @ticket_id::bigint::text AND kind = 'ticket_ack'
  AND state IN ('retryable', 'scheduled');
