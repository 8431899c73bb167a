-- The callback survey (回访): after a ticket is resolved the customer is
-- asked three questions, each scored 1 to 5, and may add a comment. One row
-- per survey; a ticket resolved again after a reopening is asked again, so a
-- ticket may have several, the latest being the one that counts.

-- +goose Up
CREATE TABLE ticket_surveys (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id   bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    -- The language the questions were asked in ("en", "zh").
    lang        text        NOT NULL DEFAULT '',
    state       text        NOT NULL DEFAULT 'scheduled' CHECK (state IN
                    ('scheduled', 'asked', 'answered', 'expired', 'cancelled', 'undeliverable')),
    -- When the first question is due, was sent, was reminded of, and when
    -- the survey stops taking answers.
    due_at      timestamptz NOT NULL,
    asked_at    timestamptz,
    reminded_at timestamptz,
    expires_at  timestamptz,
    answered_at timestamptz,
    -- The scores, 1 (worst) to 5; NULL until answered.
    attitude    smallint    CHECK (attitude BETWEEN 1 AND 5),
    quality     smallint    CHECK (quality BETWEEN 1 AND 5),
    solved      smallint    CHECK (solved BETWEEN 1 AND 5),
    comment     text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_surveys_ticket_idx ON ticket_surveys (ticket_id, id DESC);
-- The answered surveys of a period, for the owner's report.
CREATE INDEX ticket_surveys_answered_idx ON ticket_surveys (answered_at) WHERE answered_at IS NOT NULL;

-- +goose Down
DROP TABLE ticket_surveys;
