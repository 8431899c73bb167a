-- The callback survey keeps when its three scores were complete: from then
-- the customer's next text is their comment, for a while (see
-- tickets/survey.go), and the survey is finished without one after it.

-- +goose Up
ALTER TABLE ticket_surveys ADD COLUMN scored_at timestamptz;

-- +goose Down
ALTER TABLE ticket_surveys DROP COLUMN scored_at;
