-- What belongs to a ticket: its attachments, events and relay log, each
-- looked up by the ticket's reference or by its id, so that Get and GetByID
-- read the ticket with all of them in one batch.

-- name: AttachmentListByRef
SELECT a.id, a.position, a.kind, a.file_id, a.file_unique_id, a.media_group_id, a.caption
FROM ticket_attachments a JOIN tickets t ON t.id = a.ticket_id
WHERE t.ref = $1
ORDER BY a.position;

-- name: AttachmentListByTicket
SELECT id, position, kind, file_id, file_unique_id, media_group_id, caption
FROM ticket_attachments
WHERE ticket_id = $1
ORDER BY position;

-- name: EventListByRef
SELECT e.id, e.actor_kind, e.actor_id, e.kind, e.data, e.at
FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
WHERE t.ref = $1
ORDER BY e.id;

-- name: EventListByTicket
SELECT id, actor_kind, actor_id, kind, data, at
FROM ticket_events
WHERE ticket_id = $1
ORDER BY id;

-- name: EventAdd
INSERT INTO ticket_events (ticket_id, actor_kind, actor_id, kind, data, at)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: MessageListByRef
SELECT m.id, m.ticket_id, m.direction, m.author_kind, m.author_id, m.author_name, m.text, m.attachments,
       coalesce(m.telegram_chat_id, 0), coalesce(m.telegram_message_id, 0), coalesce(m.telegram_thread_id, 0), m.at,
       coalesce(m.copy_chat_id, 0), m.copy_message_ids, m.delivery, m.edited_at
FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
WHERE t.ref = $1
ORDER BY m.id;

-- name: MessageListByTicket
SELECT id, ticket_id, direction, author_kind, author_id, author_name, text, attachments,
       coalesce(telegram_chat_id, 0), coalesce(telegram_message_id, 0), coalesce(telegram_thread_id, 0), at,
       coalesce(copy_chat_id, 0), copy_message_ids, delivery, edited_at
FROM ticket_messages
WHERE ticket_id = $1
ORDER BY id;
