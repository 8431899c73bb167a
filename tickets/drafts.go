package tickets

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Drafts remember which chats are in the middle of reporting a complaint,
// and in which language. The dialogue itself lives in Redis; a draft is what
// survives a Redis that lost its data, so that the customer can be told
// their half-written report was lost rather than be greeted as a stranger.
// It satisfies conversation.Drafts.
type Drafts struct{ s *Store }

// Drafts returns the store's drafts.
func (s *Store) Drafts() *Drafts { return &Drafts{s: s} }

// Begin records that chatID is writing a report in lang, as of at; for a
// chat already recorded it refreshes the language and the time.
func (d *Drafts) Begin(ctx context.Context, chatID int64, lang string, at time.Time) error {
	_, err := d.s.pool.Exec(ctx, d.s.q.DraftBegin, pgx.NamedArgs{"chat_id": chatID, "lang": lang, "at": at})
	if err != nil {
		return fmt.Errorf("tickets: begin draft of chat %d: %w", chatID, err)
	}
	return nil
}

// End forgets chatID's draft: it was sent, cancelled, or its loss told.
func (d *Drafts) End(ctx context.Context, chatID int64) error {
	if _, err := d.s.pool.Exec(ctx, d.s.q.DraftEnd, pgx.NamedArgs{"chat_id": chatID}); err != nil {
		return fmt.Errorf("tickets: end draft of chat %d: %w", chatID, err)
	}
	return nil
}

// Open returns the language of chatID's draft recorded after since; ok is
// false when there is none.
func (d *Drafts) Open(ctx context.Context, chatID int64, since time.Time) (lang string, ok bool, err error) {
	err = d.s.pool.QueryRow(ctx, d.s.q.DraftOpen, pgx.NamedArgs{"chat_id": chatID, "since": since}).Scan(&lang)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("tickets: draft of chat %d: %w", chatID, err)
	}
	return lang, true, nil
}
