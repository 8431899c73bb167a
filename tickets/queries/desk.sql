-- The staff desk: each ticket's thread in the staff group, the group's
-- messages that belong to a ticket, and the staff seen there.

-- name: ThreadGet
SELECT ticket_id, chat_id, thread_id, card_message_id, media_message_ids, topic_name, topic_closed, card_hash
FROM ticket_threads
WHERE ticket_id = $1;

-- name: ThreadSave
-- Upserts a ticket's thread and records its card and file messages as the
-- ticket's; returns nothing when the ticket does not exist.
WITH th AS (
    INSERT INTO ticket_threads (ticket_id, chat_id, thread_id, card_message_id, media_message_ids,
                                topic_name, topic_closed, card_hash, updated_at)
    SELECT id, @chat_id, @thread_id, @card_message_id, @media_message_ids,
           @topic_name, @topic_closed, @card_hash, @now
    FROM tickets WHERE id = @ticket_id
    ON CONFLICT (ticket_id) DO UPDATE SET
        chat_id = excluded.chat_id, thread_id = excluded.thread_id,
        card_message_id = excluded.card_message_id, media_message_ids = excluded.media_message_ids,
        topic_name = excluded.topic_name, topic_closed = excluded.topic_closed,
        card_hash = excluded.card_hash, updated_at = excluded.updated_at
    RETURNING ticket_id, chat_id
), d AS (
    INSERT INTO desk_messages (chat_id, message_id, ticket_id)
    SELECT th.chat_id, m.id, th.ticket_id
    FROM th, unnest(array_prepend(@card_message_id::bigint, @media_message_ids::bigint[])) AS m (id)
    WHERE m.id <> 0
    ON CONFLICT (chat_id, message_id) DO NOTHING
)
SELECT ticket_id FROM th;

-- name: ThreadForgetTopic
-- The topic (or card) is gone from the group: the next card job posts anew.
UPDATE ticket_threads SET
    thread_id = 0, card_message_id = 0, media_message_ids = '{}', topic_closed = false, card_hash = '',
    updated_at = @now
WHERE ticket_id = @ticket_id
RETURNING ticket_id;

-- name: DeskMessageAdd
-- Records group messages as the ticket's; returns nothing when the ticket
-- does not exist. A message recorded before keeps its ticket.
WITH t AS (
    SELECT id FROM tickets WHERE id = @ticket_id
), d AS (
    INSERT INTO desk_messages (chat_id, message_id, ticket_id)
    SELECT @chat_id, m.id, t.id
    FROM t, unnest(@message_ids::bigint[]) AS m (id)
    WHERE m.id <> 0
    ON CONFLICT (chat_id, message_id) DO NOTHING
)
SELECT id FROM t;

-- name: DeskCardRoute
-- Where a change to the ticket's card goes: whether a card job of the
-- ticket (on the desk queue) or an edit job (on the edit queue) is waiting
-- to start, whether the ticket's card is in the group already, and whether
-- a card job of the ticket is running (posting the card). The
-- caller's transaction first takes the ticket's card lock, shared, to hold
-- until it ends: a job starting meanwhile waits for it before it reads the
-- ticket (DeskCardLock, DeskCardBarrier), so the job found waiting shows
-- the caller's change. The jobs' rows are not locked: River skips locked
-- jobs, and would post the next ticket's card before this one's.
WITH card_lock AS (
    SELECT pg_advisory_xact_lock_shared(hashtextextended('complaintbot card ' || current_schema() || ' ' || @ticket_id::bigint::text, 0))
)
SELECT
    EXISTS (
        SELECT 1
        FROM river_job
        WHERE args->>'ticket_id' = @ticket_id::bigint::text AND kind = @card_kind AND queue = @card_queue
          AND state IN ('available', 'pending', 'retryable', 'scheduled')
    ) AS card_waiting,
    EXISTS (
        SELECT 1
        FROM river_job
        WHERE args->>'ticket_id' = @ticket_id::bigint::text AND kind = @edit_kind AND queue = @edit_queue
          AND state IN ('available', 'pending', 'retryable', 'scheduled')
    ) AS edit_waiting,
    EXISTS (
        SELECT 1 FROM ticket_threads WHERE ticket_id = @ticket_id AND card_message_id <> 0
    ) AS card_posted,
    EXISTS (
        SELECT 1
        FROM river_job
        WHERE args->>'ticket_id' = @ticket_id::bigint::text AND kind = @card_kind AND queue = @card_queue
          AND state = 'running'
    ) AS card_running
FROM card_lock;

-- name: DeskCardBarrier
-- Waits, as DeskCardLock does, for every transaction that counted on a
-- waiting job of the ticket (DeskCardRoute) to end, but lets the lock go at
-- once: an edit job holds its transaction while it calls Telegram, and the
-- changes to the ticket must not wait for that.
SELECT pg_advisory_unlock(hashtextextended('complaintbot card ' || current_schema() || ' ' || $1::bigint::text, 0))
FROM (SELECT pg_advisory_lock(hashtextextended('complaintbot card ' || current_schema() || ' ' || $1::bigint::text, 0))) AS taken;

-- name: DeskCardEditLock
-- Takes the ticket's edit lock for as long as the transaction lasts: one
-- edit of a ticket's card at a time, of all the replicas' edit workers.
SELECT pg_advisory_xact_lock(hashtextextended('complaintbot card edit ' || current_schema() || ' ' || $1::bigint::text, 0));

-- name: ThreadSaveCard
-- Records what an edit job brought the thread to: the card's hash, the
-- topic's name and whether it is closed. Only the thread the job edited:
-- if its topic or card was made again meanwhile, nothing is written.
UPDATE ticket_threads SET
    card_hash = @card_hash, topic_name = @topic_name, topic_closed = @topic_closed, updated_at = @now
WHERE ticket_id = @ticket_id AND chat_id = @chat_id AND thread_id = @thread_id AND card_message_id = @card_message_id;

-- name: ThreadSaveFiles
-- Records the files posted into the thread and notes them as the ticket's
-- messages, leaving what an edit job writes (ThreadSaveCard) alone.
WITH th AS (
    UPDATE ticket_threads SET media_message_ids = @media_message_ids, updated_at = @now
    WHERE ticket_id = @ticket_id AND chat_id = @chat_id AND thread_id = @thread_id
    RETURNING ticket_id, chat_id
), d AS (
    INSERT INTO desk_messages (chat_id, message_id, ticket_id)
    SELECT th.chat_id, m.id, th.ticket_id
    FROM th, unnest(@media_message_ids::bigint[]) AS m (id)
    WHERE m.id <> 0
    ON CONFLICT (chat_id, message_id) DO NOTHING
)
SELECT ticket_id FROM th;

-- name: ThreadCardGone
-- The card (and, with thread_id, the topic) an edit job met is gone from
-- the group: the desk queue posts anew what is missing. Nothing is written
-- if the thread was made again meanwhile.
UPDATE ticket_threads SET
    thread_id = CASE WHEN @topic_gone::boolean THEN 0 ELSE thread_id END,
    media_message_ids = CASE WHEN @topic_gone::boolean THEN '{}' ELSE media_message_ids END,
    topic_closed = CASE WHEN @topic_gone::boolean THEN false ELSE topic_closed END,
    card_message_id = 0, card_hash = '', updated_at = @now
WHERE ticket_id = @ticket_id AND chat_id = @chat_id AND thread_id = @thread_id AND card_message_id = @card_message_id;

-- name: DeskCardLock
-- Takes the ticket's card lock, alone, for as long as the transaction (or
-- batch) lasts: it waits for every transaction that found a card job of
-- the ticket waiting and counted on it (DeskCardJobWaiting) to end.
SELECT pg_advisory_xact_lock(hashtextextended('complaintbot card ' || current_schema() || ' ' || $1::bigint::text, 0));

-- name: DeskCardJobRunning
-- Whether a card job of the ticket is running: posting its card.
SELECT EXISTS (
    SELECT 1
    FROM river_job
    WHERE args->>'ticket_id' = $2::bigint::text AND kind = $1 AND state = 'running'
);

-- name: DeskFilesJobUnfinished
-- Whether the job that posts the ticket's files is queued or running.
SELECT EXISTS (
    SELECT 1
    FROM river_job
    WHERE args->>'ticket_id' = $2::bigint::text AND kind = $1
      AND state IN ('available', 'pending', 'retryable', 'scheduled', 'running')
);

-- name: StaffSee
INSERT INTO staff_members (user_id, first_name, username, last_seen)
VALUES (@user_id, @first_name, @username, @now)
ON CONFLICT (user_id) DO UPDATE SET
    first_name = excluded.first_name, username = excluded.username,
    last_seen = greatest(staff_members.last_seen, excluded.last_seen);

-- name: StaffByUsername
-- The member who last used the username (usernames move between accounts).
SELECT user_id, first_name, username
FROM staff_members
WHERE lower(username) = lower($1) AND username <> ''
ORDER BY last_seen DESC
LIMIT 1;

-- name: StaffList
SELECT user_id, first_name, username
FROM staff_members
ORDER BY last_seen DESC, user_id
LIMIT $1;
