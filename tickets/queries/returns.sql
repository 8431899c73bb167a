-- Returns. Every query that returns them selects {{return_columns r}} and
-- then the ticket's ref, customer_name and category, the columns scanReturn
-- reads (return_scan.go).

-- name: ReturnInsert
-- Starts a return on a ticket; returns its id. A ticket with a return under
-- way fails on returns_one_open_idx, a reference taken on returns_rma_key.
INSERT INTO returns (ticket_id, rma, kind, cause, state, requested_by_kind, requested_by, created_at, updated_at)
VALUES (@ticket_id, @rma, @kind, @cause, 'requested', @by_kind, @by, @now, @now)
RETURNING id;

-- name: ReturnSave
-- Writes what a step changed, if the return is still in @from; returns
-- nothing when it moved meanwhile.
UPDATE returns SET
    state = @state,
    freight_payer = nullif(@freight_payer::text, ''), postage_refunded = @postage_refunded,
    freight_reason = @freight_reason, warehouse_id = @warehouse_id, deadline = @deadline,
    instructions = @instructions, instructions_lang = @instructions_lang,
    fee_cents = @fee_cents, fee_currency = @fee_currency, fee_accepted = @fee_accepted,
    carrier = @carrier, tracking = @tracking, shipping_media = @shipping_media,
    inspection_result = nullif(@inspection_result::text, ''), inspection_note = @inspection_note,
    inspection_media = @inspection_media,
    refusal_exclusion = @refusal_exclusion, refusal_reason = @refusal_reason,
    approved_at = @approved_at, approved_by_kind = @approved_by_kind, approved_by = @approved_by,
    fee_decided_at = @fee_decided_at, fee_decided_by_kind = @fee_decided_by_kind, fee_decided_by = @fee_decided_by,
    shipped_at = @shipped_at, shipped_by_kind = @shipped_by_kind, shipped_by = @shipped_by,
    received_at = @received_at, received_by_kind = @received_by_kind, received_by = @received_by,
    completed_at = @completed_at, completed_by_kind = @completed_by_kind, completed_by = @completed_by,
    closed_at = @closed_at, closed_by_kind = @closed_by_kind, closed_by = @closed_by,
    ended_at = @ended_at, ended_by_kind = @ended_by_kind, ended_by = @ended_by,
    extended_at = @extended_at, extended_by_kind = @extended_by_kind, extended_by = @extended_by,
    updated_at = @now
WHERE id = @id AND state = @from
RETURNING id;

-- name: ReturnLockByRMA
-- The return and its ticket's customer, the return locked until the
-- transaction ends.
SELECT {{return_columns r}}, t.ref, t.customer_name, t.category, t.customer_user_id
FROM returns r JOIN tickets t ON t.id = r.ticket_id
WHERE r.rma = $1
FOR UPDATE OF r;

-- name: ReturnLockByID
SELECT {{return_columns r}}, t.ref, t.customer_name, t.category, t.customer_user_id
FROM returns r JOIN tickets t ON t.id = r.ticket_id
WHERE r.id = $1
FOR UPDATE OF r;

-- name: ReturnGetByRMA
SELECT {{return_columns r}}, t.ref, t.customer_name, t.category
FROM returns r JOIN tickets t ON t.id = r.ticket_id
WHERE r.rma = $1;

-- name: ReturnOfTicket
-- The ticket's return under way (a state in @open), else its latest.
SELECT {{return_columns r}}, t.ref, t.customer_name, t.category
FROM returns r JOIN tickets t ON t.id = r.ticket_id
WHERE r.ticket_id = @ticket_id
ORDER BY r.state = ANY (@open::text[]) DESC, r.id DESC
LIMIT 1;

-- name: ReturnList
-- Newest first; an empty @state and a false @open do not filter.
SELECT {{return_columns r}}, t.ref, t.customer_name, t.category
FROM returns r JOIN tickets t ON t.id = r.ticket_id
WHERE (@state::text = '' OR r.state = @state)
  AND (NOT @open::boolean OR r.state = ANY (@open_states::text[]))
ORDER BY r.created_at DESC, r.id DESC
LIMIT @lim;

-- name: ReturnJobsWaiting
-- The return's reminder and expiry jobs that River has not started, locked
-- until the caller's transaction ends; one River is starting now is skipped
-- (its worker finds the return moved on).
SELECT id
FROM river_job
WHERE args->>'return_id' = @return_id::bigint::text AND kind = ANY (@kinds::text[])
  AND state IN ('available', 'pending', 'retryable', 'scheduled')
FOR UPDATE SKIP LOCKED;

-- name: ReturnReminded
-- Whether the ticket's log already has the reminder @data describes.
SELECT EXISTS (
    SELECT 1 FROM ticket_events
    WHERE ticket_id = @ticket_id AND kind = 'return_reminded' AND data @> @data::jsonb
);
