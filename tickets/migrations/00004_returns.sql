-- Returns: an item a customer sends back for a refund, an exchange or a
-- repair, under one ticket, from the owner's approval to the refund. What
-- each step did is also in the ticket's event log.

-- +goose Up
CREATE TABLE returns (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id           bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    -- The return authorisation number, written on the parcel.
    rma                 text        NOT NULL UNIQUE CHECK (rma ~ '^RMA-[A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3}$'),
    kind                text        NOT NULL CHECK (kind IN ('refund', 'exchange', 'repair')),
    state               text        NOT NULL DEFAULT 'requested' CHECK (state IN
                            ('requested', 'approved', 'shipped', 'received', 'refunded', 'exchanged', 'repaired',
                             'closed', 'refused', 'cancelled', 'expired')),
    cause               text        NOT NULL CHECK (cause IN
                            ('quality_fault', 'customer_damage', 'change_of_mind', 'out_of_warranty')),

    -- The instructions as sent, and what they say; set when approved. The
    -- postage is refunded (the customer pays it when sending) only when the
    -- shop is the payer.
    freight_payer       text        CHECK (freight_payer IN ('shop', 'customer')),
    postage_refunded    boolean     NOT NULL DEFAULT false,
    freight_reason      text        NOT NULL DEFAULT '',
    warehouse_id        text        NOT NULL DEFAULT '',
    deadline            timestamptz,
    instructions        text        NOT NULL DEFAULT '',
    instructions_lang   text        NOT NULL DEFAULT '',
    -- A paid repair's estimate, in the currency's smallest unit; the
    -- customer's answer is NULL until given.
    fee_cents           bigint      NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
    fee_currency        text        NOT NULL DEFAULT '',
    fee_accepted        boolean,

    -- The parcel: its carrier and tracking number, or a photo of the receipt.
    carrier             text        NOT NULL DEFAULT '',
    tracking            text        NOT NULL DEFAULT '',
    shipping_media      jsonb       NOT NULL DEFAULT '[]',

    -- What was found when it arrived.
    inspection_result   text        CHECK (inspection_result IN ('as_described', 'customer_damage')),
    inspection_note     text        NOT NULL DEFAULT '',
    inspection_media    jsonb       NOT NULL DEFAULT '[]',

    -- Why it was refused: the policy's exclusion and the reason given.
    refusal_exclusion   text        NOT NULL DEFAULT '',
    refusal_reason      text        NOT NULL DEFAULT '',

    -- Who took each step and when; NULL until it is taken. "ended" is the
    -- refusal, cancellation or expiry, "extended" the latest new deadline.
    requested_by_kind   text        NOT NULL,
    requested_by        bigint      NOT NULL DEFAULT 0,
    approved_at         timestamptz,
    approved_by_kind    text,
    approved_by         bigint,
    fee_decided_at      timestamptz,
    fee_decided_by_kind text,
    fee_decided_by      bigint,
    shipped_at          timestamptz,
    shipped_by_kind     text,
    shipped_by          bigint,
    received_at         timestamptz,
    received_by_kind    text,
    received_by         bigint,
    completed_at        timestamptz,
    completed_by_kind   text,
    completed_by        bigint,
    closed_at           timestamptz,
    closed_by_kind      text,
    closed_by           bigint,
    ended_at            timestamptz,
    ended_by_kind       text,
    ended_by            bigint,
    extended_at         timestamptz,
    extended_by_kind    text,
    extended_by         bigint,

    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT returns_actor_kinds CHECK (
        requested_by_kind IN ('system', 'customer', 'staff', 'owner')
        AND coalesce(approved_by_kind, 'owner') IN ('system', 'customer', 'staff', 'owner')
        AND coalesce(fee_decided_by_kind, 'owner') IN ('system', 'customer', 'staff', 'owner')
        AND coalesce(shipped_by_kind, 'owner') IN ('system', 'customer', 'staff', 'owner')
        AND coalesce(received_by_kind, 'owner') IN ('system', 'customer', 'staff', 'owner')
        AND coalesce(completed_by_kind, 'owner') IN ('system', 'customer', 'staff', 'owner')
        AND coalesce(closed_by_kind, 'owner') IN ('system', 'customer', 'staff', 'owner')
        AND coalesce(ended_by_kind, 'owner') IN ('system', 'customer', 'staff', 'owner')
        AND coalesce(extended_by_kind, 'owner') IN ('system', 'customer', 'staff', 'owner')),
    -- Once approved, a return has its deadline and freight decision.
    CONSTRAINT returns_approved_terms CHECK (
        approved_at IS NULL OR (deadline IS NOT NULL AND freight_payer IS NOT NULL)),
    CONSTRAINT returns_postage_refunded CHECK (NOT postage_refunded OR freight_payer = 'shop'),
    CONSTRAINT returns_approval_before_shipping CHECK (
        state IN ('requested', 'refused', 'cancelled') OR approved_at IS NOT NULL)
);

-- A ticket has at most one return under way.
CREATE UNIQUE INDEX returns_one_open_idx ON returns (ticket_id)
    WHERE state NOT IN ('closed', 'refused', 'cancelled');
-- A ticket's returns, latest first.
CREATE INDEX returns_ticket_idx ON returns (ticket_id, id DESC);
-- Lists by state, newest first.
CREATE INDEX returns_state_idx ON returns (state, created_at DESC);

-- +goose Down
DROP TABLE returns;
