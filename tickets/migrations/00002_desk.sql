-- The staff desk: where each ticket lives in the staff group, which group
-- messages belong to which ticket, who the staff are, and the relay log's
-- delivery state.

-- +goose Up
ALTER TABLE tickets
    ADD COLUMN urgent      boolean NOT NULL DEFAULT false,
    ADD COLUMN resolution  text    NOT NULL DEFAULT '',
    ADD COLUMN reopened_at timestamptz,
    ADD CONSTRAINT tickets_priority_range CHECK (priority BETWEEN -2 AND 2);

-- A ticket's place in the staff group: its forum topic (0 in a plain group,
-- where the card message is the thread's root), its card and the customer's
-- files posted under it.
CREATE TABLE ticket_threads (
    ticket_id         bigint      PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
    chat_id           bigint      NOT NULL,
    thread_id         bigint      NOT NULL DEFAULT 0,
    card_message_id   bigint      NOT NULL DEFAULT 0,
    media_message_ids bigint[]    NOT NULL DEFAULT '{}',
    topic_name        text        NOT NULL DEFAULT '',
    topic_closed      boolean     NOT NULL DEFAULT false,
    -- What the card last showed, so an unchanged card is not edited again.
    card_hash         text        NOT NULL DEFAULT '',
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ticket_threads_topic_idx ON ticket_threads (chat_id, thread_id) WHERE thread_id <> 0;

-- Every message in the staff group that belongs to a ticket (its card, the
-- relayed messages, staff replies and notes), so a reply to any of them finds
-- the ticket.
CREATE TABLE desk_messages (
    chat_id    bigint NOT NULL,
    message_id bigint NOT NULL,
    ticket_id  bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX desk_messages_ticket_idx ON desk_messages (ticket_id);

-- The copies the bot sent of a relayed message (in the staff group for 'in',
-- in the customer's chat for 'out') and whether it got there. 'held' is a
-- customer's message kept while the ticket was resolved or closed.
ALTER TABLE ticket_messages
    ADD COLUMN copy_chat_id     bigint,
    ADD COLUMN copy_message_ids bigint[]    NOT NULL DEFAULT '{}',
    ADD COLUMN delivery         text        NOT NULL DEFAULT 'pending'
        CHECK (delivery IN ('pending', 'delivered', 'undeliverable', 'held')),
    ADD COLUMN edited_at        timestamptz;
-- Messages stored before the desk existed are not relayed now: staff read
-- them on the card's ticket.
UPDATE ticket_messages SET delivery = 'delivered' WHERE direction IN ('in', 'internal');
-- A staff member's message edited later is found by its Telegram ids.
CREATE INDEX ticket_messages_telegram_lookup_idx ON ticket_messages (telegram_chat_id, telegram_message_id)
    WHERE telegram_message_id IS NOT NULL;

-- People seen in the staff group, for /assign @username and the picker.
CREATE TABLE staff_members (
    user_id    bigint      PRIMARY KEY,
    first_name text        NOT NULL DEFAULT '',
    username   text        NOT NULL DEFAULT '',
    last_seen  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_members_username_idx ON staff_members (lower(username));
CREATE INDEX staff_members_last_seen_idx ON staff_members (last_seen DESC);

-- +goose Down
DROP TABLE staff_members;
DROP INDEX ticket_messages_telegram_lookup_idx;
ALTER TABLE ticket_messages
    DROP COLUMN edited_at,
    DROP COLUMN delivery,
    DROP COLUMN copy_message_ids,
    DROP COLUMN copy_chat_id;
DROP TABLE desk_messages;
DROP TABLE ticket_threads;
ALTER TABLE tickets
    DROP CONSTRAINT tickets_priority_range,
    DROP COLUMN reopened_at,
    DROP COLUMN resolution,
    DROP COLUMN urgent;
