-- Drafts: which chats are in the middle of reporting a complaint.

-- name: DraftBegin
-- Records the chat's draft, or refreshes its language and time.
INSERT INTO drafts (chat_id, lang, updated_at)
VALUES (@chat_id, @lang, @at)
ON CONFLICT (chat_id) DO UPDATE SET lang = excluded.lang, updated_at = excluded.updated_at;

-- name: DraftEnd
DELETE FROM drafts WHERE chat_id = @chat_id;

-- name: DraftOpen
-- The chat's draft, unless it was last recorded before @since.
SELECT lang FROM drafts WHERE chat_id = @chat_id AND updated_at > @since;
