-- Drafts: the chats in the middle of reporting a complaint. The dialogue
-- itself lives in Redis; this row is what survives a Redis that lost its
-- data, so that a customer whose half-written report was lost is told so
-- instead of being greeted as a stranger.

-- +goose Up
CREATE TABLE drafts (
    chat_id    bigint      PRIMARY KEY,
    lang       text        NOT NULL,
    updated_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE drafts;
