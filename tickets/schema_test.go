package tickets_test

import (
	"context"
	"testing"
)

// The database itself refuses what the code must never write: an unknown
// status, a malformed reference, an edited audit event.
func TestSchemaGuards(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, pool := newStore(t)
	tk, _, err := s.File(ctx, newTicket(7001))
	if err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		"UPDATE tickets SET status = 'lost' WHERE id = $1",
		"UPDATE tickets SET ref = 'K0O-1IX' WHERE id = $1",
		"UPDATE ticket_events SET kind = 'forged' WHERE ticket_id = $1",
		"INSERT INTO ticket_attachments (ticket_id, position, kind, file_id) VALUES ($1, 9, 'sticker', 'x')",
		"INSERT INTO ticket_attachments (ticket_id, position, kind, file_id) VALUES ($1, 0, 'photo', 'again')",
	} {
		if _, err := pool.Exec(ctx, sql, tk.ID); err == nil {
			t.Errorf("%s: accepted", sql)
		}
	}
}
