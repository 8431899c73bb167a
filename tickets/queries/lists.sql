-- Tickets as the staff desk and the customer's side find them. Every query
-- selects {{ticket_columns}}, the columns scanTicket reads (scan.go).

-- name: TicketGetByID
SELECT {{ticket_columns}}
FROM tickets
WHERE id = $1;

-- name: TicketByDeskMessage
SELECT {{ticket_columns t}}
FROM desk_messages d JOIN tickets t ON t.id = d.ticket_id
WHERE d.chat_id = $1 AND d.message_id = $2;

-- name: TicketByThread
SELECT {{ticket_columns t}}
FROM ticket_threads th JOIN tickets t ON t.id = th.ticket_id
WHERE th.chat_id = $1 AND th.thread_id = $2 AND th.thread_id <> 0;

-- name: TicketDeskList
-- The desk's lists. @open_statuses are the open ones; an overdue ticket is
-- open, not waiting for its customer (its clock stands still then), and
-- past the time it was to be arranged by (while nobody has claimed or
-- answered it, as Ticket.Arranged says) or answered by, most overdue first.
SELECT {{ticket_columns}}
FROM tickets
WHERE (NOT @open::boolean OR status = ANY (@open_statuses::text[]))
  AND (@assignee_id::bigint = 0 OR assignee_user_id = @assignee_id)
  AND (NOT @waiting::boolean OR status = 'awaiting_customer')
  AND (NOT @overdue::boolean OR (status = ANY (@open_statuses::text[]) AND status <> 'awaiting_customer'
       AND ((first_response_at IS NULL AND assignee_user_id IS NULL AND arrange_by < @now) OR answer_by < @now)))
ORDER BY CASE WHEN @overdue::boolean
              THEN least(CASE WHEN first_response_at IS NULL AND assignee_user_id IS NULL THEN arrange_by END, answer_by) END,
         created_at DESC, id DESC
LIMIT @lim;

-- name: TicketRecentlyResolved
-- The chat's ticket resolved or closed most recently, if that was after
-- @since; a reopened ticket is neither.
SELECT {{ticket_columns}}
FROM tickets
WHERE customer_chat_id = @chat_id AND status IN ('resolved', 'closed')
  AND greatest(resolved_at, closed_at) >= @since
ORDER BY greatest(resolved_at, closed_at) DESC, id DESC
LIMIT 1;

-- name: TicketLockByRefForChat
-- The chat's ticket with that reference, locked until the transaction ends
-- (NO KEY UPDATE, as TicketLockByID).
SELECT {{ticket_columns}}
FROM tickets
WHERE ref = $1 AND customer_chat_id = $2
FOR NO KEY UPDATE;
