-- Tickets: one row per filed complaint, its attachments, the relay log of
-- messages about it and an append-only log of everything that happened to it.

-- +goose Up
CREATE TABLE tickets (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ref               text        NOT NULL UNIQUE CHECK (ref ~ '^[A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3}$'),
    submission_id     text        NOT NULL UNIQUE CHECK (submission_id <> ''),
    status            text        NOT NULL DEFAULT 'new' CHECK (status IN
                          ('new', 'acknowledged', 'in_progress', 'awaiting_customer', 'resolved', 'closed', 'reopened')),
    priority          smallint    NOT NULL DEFAULT 0,

    customer_chat_id  bigint      NOT NULL,
    customer_user_id  bigint      NOT NULL,
    customer_name     text        NOT NULL DEFAULT '',
    customer_username text        NOT NULL DEFAULT '',
    customer_lang     text        NOT NULL DEFAULT '',
    phone             text        NOT NULL DEFAULT '',

    category          text        NOT NULL,
    order_no          text        NOT NULL DEFAULT '',
    no_receipt        boolean     NOT NULL DEFAULT false,
    purchased         date,
    issue             text        NOT NULL,
    description       text        NOT NULL,
    outcome           text        NOT NULL,
    -- The policy's verdict when the customer confirmed: every outcome with
    -- whether it was allowed and why, the windows and the reasons.
    verdict           jsonb       NOT NULL DEFAULT '{}',

    -- Service-level due times, computed in business hours when filed.
    arrange_by        timestamptz NOT NULL,
    check_at          timestamptz NOT NULL,
    answer_by         timestamptz NOT NULL,

    -- For the staff desk: who owns the ticket and when it was answered.
    assignee_user_id  bigint,
    assignee_name     text,
    acknowledged_at   timestamptz,
    first_response_at timestamptz,
    resolved_at       timestamptz,
    closed_at         timestamptz,

    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

-- A customer's tickets, newest first (/status, the open ticket for a message).
CREATE INDEX tickets_customer_idx ON tickets (customer_chat_id, created_at DESC);
-- Lists by status, newest first.
CREATE INDEX tickets_status_idx ON tickets (status, created_at DESC);
-- Tickets still waiting to be arranged or answered, by due time.
CREATE INDEX tickets_arrange_by_idx ON tickets (arrange_by) WHERE status IN ('new', 'acknowledged', 'reopened');
CREATE INDEX tickets_answer_by_idx ON tickets (answer_by) WHERE status NOT IN ('resolved', 'closed');

CREATE TABLE ticket_attachments (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id      bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    position       smallint    NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('photo', 'video', 'document', 'voice')),
    file_id        text        NOT NULL,
    file_unique_id text        NOT NULL DEFAULT '',
    media_group_id text        NOT NULL DEFAULT '',
    caption        text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (ticket_id, position)
);

CREATE TABLE ticket_events (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id  bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    actor_kind text        NOT NULL CHECK (actor_kind IN ('system', 'customer', 'staff', 'owner')),
    actor_id   bigint      NOT NULL DEFAULT 0,
    kind       text        NOT NULL,
    data       jsonb       NOT NULL DEFAULT '{}',
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_events_ticket_idx ON ticket_events (ticket_id, id);

-- The events are an audit log: rows are added, never changed or removed
-- (except with their ticket).
-- +goose StatementBegin
CREATE FUNCTION ticket_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ticket_events is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
    FOR EACH ROW EXECUTE FUNCTION ticket_events_append_only();

CREATE TABLE ticket_messages (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id           bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    -- in: from the customer; out: to the customer; internal: a staff note.
    direction           text        NOT NULL CHECK (direction IN ('in', 'out', 'internal')),
    author_kind         text        NOT NULL CHECK (author_kind IN ('system', 'customer', 'staff', 'owner')),
    author_id           bigint      NOT NULL DEFAULT 0,
    author_name         text        NOT NULL DEFAULT '',
    text                text        NOT NULL DEFAULT '',
    attachments         jsonb       NOT NULL DEFAULT '[]',
    telegram_chat_id    bigint,
    telegram_message_id bigint,
    telegram_thread_id  bigint,
    at                  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_messages_ticket_idx ON ticket_messages (ticket_id, id);
-- A Telegram message is relayed once: a redelivered update adds nothing.
CREATE UNIQUE INDEX ticket_messages_telegram_idx ON ticket_messages (ticket_id, telegram_chat_id, telegram_message_id)
    WHERE telegram_message_id IS NOT NULL;

-- +goose Down
DROP TABLE ticket_messages;
DROP TRIGGER ticket_events_no_update ON ticket_events;
DROP FUNCTION ticket_events_append_only();
DROP TABLE ticket_events;
DROP TABLE ticket_attachments;
DROP TABLE tickets;
