-- What belongs to a ticket: its attachments, events and relay log, each
-- looked up by the ticket's reference so that Get reads all in one batch.

-- name: AttachmentListByRef
SELECT a.id, a.position, a.kind, a.file_id, a.file_unique_id, a.media_group_id, a.caption
FROM ticket_attachments a JOIN tickets t ON t.id = a.ticket_id
WHERE t.ref = $1
ORDER BY a.position;

-- name: EventListByRef
SELECT e.id, e.actor_kind, e.actor_id, e.kind, e.data, e.at
FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
WHERE t.ref = $1
ORDER BY e.id;

-- name: EventAdd
INSERT INTO ticket_events (ticket_id, actor_kind, actor_id, kind, data, at)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: MessageListByRef
SELECT m.id, m.direction, m.author_kind, m.author_id, m.author_name, m.text, m.attachments,
       coalesce(m.telegram_chat_id, 0), coalesce(m.telegram_message_id, 0), coalesce(m.telegram_thread_id, 0), m.at
FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
WHERE t.ref = $1
ORDER BY m.id;

-- name: MessageAddFromCustomer
-- Adds a customer's message to the relay log with its "message" event and
-- touches the ticket; a Telegram message added before adds nothing.
WITH m AS (
    INSERT INTO ticket_messages (ticket_id, direction, author_kind, author_id, author_name, text, attachments,
                                 telegram_chat_id, telegram_message_id, telegram_thread_id, at)
    VALUES (@ticket_id, 'in', 'customer', @user_id, @author_name, @text, @attachments,
            nullif(@chat_id::bigint, 0), nullif(@message_id::bigint, 0), nullif(@thread_id::bigint, 0), @at)
    ON CONFLICT (ticket_id, telegram_chat_id, telegram_message_id) WHERE telegram_message_id IS NOT NULL DO NOTHING
    RETURNING id, ticket_id
), e AS (
    INSERT INTO ticket_events (ticket_id, actor_kind, actor_id, kind, data, at)
    SELECT m.ticket_id, 'customer', @user_id, 'message', jsonb_build_object('message_id', m.id, 'attachments', @attachment_count::int), @at
    FROM m
), u AS (
    UPDATE tickets SET updated_at = @at FROM m WHERE tickets.id = m.ticket_id
)
SELECT count(*) FROM m;
