-- The relay log as the desk uses it: messages added by customers and staff,
-- their copies on the other side and whether they got there. Every query
-- returning messages selects the columns scanMessage reads, in its order.

-- name: MessageAdd
-- Adds a message with its event (@event_kind) and touches the ticket; a
-- Telegram message added before adds nothing and returns no row.
WITH m AS (
    INSERT INTO ticket_messages (ticket_id, direction, author_kind, author_id, author_name, text, attachments,
                                 telegram_chat_id, telegram_message_id, telegram_thread_id, at, delivery)
    VALUES (@ticket_id, @direction, @author_kind, @author_id, @author_name, @text, @attachments,
            nullif(@chat_id::bigint, 0), nullif(@message_id::bigint, 0), nullif(@thread_id::bigint, 0), @at, @delivery)
    ON CONFLICT (ticket_id, telegram_chat_id, telegram_message_id) WHERE telegram_message_id IS NOT NULL DO NOTHING
    RETURNING *
), e AS (
    INSERT INTO ticket_events (ticket_id, actor_kind, actor_id, kind, data, at)
    SELECT m.ticket_id, @author_kind, @author_id, @event_kind,
           jsonb_build_object('message_id', m.id, 'direction', m.direction, 'attachments', @attachment_count::int), @at
    FROM m
), u AS (
    UPDATE tickets SET updated_at = @now FROM m WHERE tickets.id = m.ticket_id
)
SELECT m.id, m.ticket_id, m.direction, m.author_kind, m.author_id, m.author_name, m.text, m.attachments,
       coalesce(m.telegram_chat_id, 0), coalesce(m.telegram_message_id, 0), coalesce(m.telegram_thread_id, 0), m.at,
       coalesce(m.copy_chat_id, 0), m.copy_message_ids, m.delivery, m.edited_at
FROM m;

-- name: MessageGet
SELECT m.id, m.ticket_id, m.direction, m.author_kind, m.author_id, m.author_name, m.text, m.attachments,
       coalesce(m.telegram_chat_id, 0), coalesce(m.telegram_message_id, 0), coalesce(m.telegram_thread_id, 0), m.at,
       coalesce(m.copy_chat_id, 0), m.copy_message_ids, m.delivery, m.edited_at
FROM ticket_messages m
WHERE m.id = $1;

-- name: MessageGetByTelegram
SELECT m.id, m.ticket_id, m.direction, m.author_kind, m.author_id, m.author_name, m.text, m.attachments,
       coalesce(m.telegram_chat_id, 0), coalesce(m.telegram_message_id, 0), coalesce(m.telegram_thread_id, 0), m.at,
       coalesce(m.copy_chat_id, 0), m.copy_message_ids, m.delivery, m.edited_at
FROM ticket_messages m
WHERE m.ticket_id = $1 AND m.telegram_chat_id = $2 AND m.telegram_message_id = $3;

-- name: MessageEditStaff
-- Changes the text of a staff reply or note found by its Telegram ids (the
-- latest, should two tickets hold the same message) and logs the edit.
WITH m AS (
    UPDATE ticket_messages SET text = @text, edited_at = @now
    WHERE id = (SELECT id FROM ticket_messages
                WHERE telegram_chat_id = @chat_id AND telegram_message_id = @message_id
                  AND direction IN ('out', 'internal')
                ORDER BY id DESC LIMIT 1)
    RETURNING *
), e AS (
    INSERT INTO ticket_events (ticket_id, actor_kind, actor_id, kind, data, at)
    SELECT m.ticket_id, m.author_kind, m.author_id, 'message_edited', jsonb_build_object('message_id', m.id), @now
    FROM m
)
SELECT m.id, m.ticket_id, m.direction, m.author_kind, m.author_id, m.author_name, m.text, m.attachments,
       coalesce(m.telegram_chat_id, 0), coalesce(m.telegram_message_id, 0), coalesce(m.telegram_thread_id, 0), m.at,
       coalesce(m.copy_chat_id, 0), m.copy_message_ids, m.delivery, m.edited_at
FROM m;

-- name: MessageMarkDelivered
UPDATE ticket_messages SET delivery = 'delivered', copy_chat_id = nullif($2::bigint, 0), copy_message_ids = $3
WHERE id = $1
RETURNING id;

-- name: MessageMarkUndeliverable
WITH m AS (
    UPDATE ticket_messages SET delivery = 'undeliverable' WHERE id = @id RETURNING id, ticket_id
)
INSERT INTO ticket_events (ticket_id, actor_kind, actor_id, kind, data, at)
SELECT m.ticket_id, 'system', 0, 'message_undeliverable', jsonb_build_object('message_id', m.id), @now FROM m
RETURNING ticket_id;

-- name: MessageAlbum
-- The album's rows still waiting to be relayed, in the order they came.
SELECT m.id, m.ticket_id, m.direction, m.author_kind, m.author_id, m.author_name, m.text, m.attachments,
       coalesce(m.telegram_chat_id, 0), coalesce(m.telegram_message_id, 0), coalesce(m.telegram_thread_id, 0), m.at,
       coalesce(m.copy_chat_id, 0), m.copy_message_ids, m.delivery, m.edited_at
FROM ticket_messages m
WHERE m.ticket_id = $1 AND m.direction = $2 AND m.delivery = 'pending'
  AND m.attachments -> 0 ->> 'media_group_id' = $3
ORDER BY m.id;

-- name: MessageReleaseHeld
-- The customer's messages kept while the ticket was resolved or closed, now
-- to be relayed; their ids in order.
UPDATE ticket_messages SET delivery = 'pending'
WHERE ticket_id = $1 AND delivery = 'held'
RETURNING id;
