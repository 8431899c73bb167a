package tickets

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// slaOnMove is moveStatus's hook for the service-level timers: a ticket
// that stops waiting for the customer and is worked on again resumes its
// deadlines (one resolved or closed straight from the wait keeps them: no
// timer runs for it any more), and a reopened ticket starts new ones.
func (s *Store) slaOnMove(ctx context.Context, tx pgx.Tx, id int64, from, to Status, now time.Time) error {
	switch {
	case from == StatusAwaitingCustomer && to.Open():
		return s.resumeDeadlines(ctx, tx, id, now)
	case to == StatusReopened:
		return s.restartDeadlines(ctx, tx, id, now)
	}
	return nil
}

// restartDeadlines gives the ticket with id, reopened at now, the deadlines
// of a complaint made at now: the customer is not satisfied, and the old
// ones have mostly passed while it was resolved (their misses stay in the
// log). Whoever holds it still holds it, so usually only the answer's
// timers have anything to say.
func (s *Store) restartDeadlines(ctx context.Context, tx pgx.Tx, id int64, now time.Time) error {
	due := s.pol.Due(now)
	fresh := map[string]time.Time{DeadlineArrange: due.ArrangeBy, DeadlineCheck: due.CheckAt, DeadlineAnswer: due.AnswerBy}
	return s.moveDeadlines(ctx, tx, id, Actor{Kind: ActorSystem}, map[string]any{"reason": "reopened"},
		func(name string, _ time.Time) time.Time { return fresh[name].In(s.loc) })
}

// resumeDeadlines moves the deadlines of the ticket with id, which waited
// for the customer until now, by the opening time the wait took
// (policy.Resume), records the move and reschedules the timers. The
// columns stay the truth: the card, /sla and the owner's report read them.
// A deadline that had passed before the wait stays where it was.
func (s *Store) resumeDeadlines(ctx context.Context, tx pgx.Tx, id int64, now time.Time) error {
	var since *time.Time
	if err := tx.QueryRow(ctx, s.q.TicketAwaitingSince, id).Scan(&since); err != nil {
		return fmt.Errorf("find when the wait began: %w", err)
	}
	if since == nil {
		return nil
	}
	return s.moveDeadlines(ctx, tx, id, Actor{Kind: ActorSystem}, map[string]any{"reason": "resumed", "paused": s.clockText(*since)},
		func(_ string, d time.Time) time.Time { return s.pol.Resume(d, *since, now) })
}

// hurryDeadlines tightens the arrange and check deadlines of t, whose
// priority went from → to (policy.Hurry for the steps raised above 0),
// records the move and reschedules the timers. Those deadlines ask for
// someone to take the ticket up, so one taken up already keeps them; the
// answer deadline keeps its working days; a lowered priority gives no time
// back.
func (s *Store) hurryDeadlines(ctx context.Context, tx pgx.Tx, t *Ticket, by Actor, from, to int) error {
	steps := to - max(from, 0)
	if steps <= 0 || t.Arranged() {
		return nil
	}
	now := s.now()
	return s.moveDeadlines(ctx, tx, t.ID, by, map[string]any{"reason": "priority", "priority": to},
		func(name string, d time.Time) time.Time {
			if name == DeadlineAnswer {
				return d
			}
			return s.pol.Hurry(d, now, steps)
		})
}

// moveDeadlines applies move to the ticket's three deadlines (by name) and, when any
// changed, stores them with a "deadlines" event (data plus the old and new
// times), cancels the timers still waiting and inserts those of the new
// deadlines.
func (s *Store) moveDeadlines(ctx context.Context, tx pgx.Tx, id int64, by Actor, data map[string]any, move func(name string, d time.Time) time.Time) error {
	t, err := s.scanTicket(tx.QueryRow(ctx, s.q.TicketGetByID, id))
	if err != nil {
		return fmt.Errorf("read the deadlines: %w", err)
	}
	old := [3]time.Time{t.ArrangeBy, t.CheckAt, t.AnswerBy}
	t.ArrangeBy, t.CheckAt, t.AnswerBy = move(DeadlineArrange, t.ArrangeBy), move(DeadlineCheck, t.CheckAt), move(DeadlineAnswer, t.AnswerBy)
	if old[0].Equal(t.ArrangeBy) && old[1].Equal(t.CheckAt) && old[2].Equal(t.AnswerBy) {
		return nil
	}
	data["from"] = map[string]string{DeadlineArrange: s.clockText(old[0]), DeadlineCheck: s.clockText(old[1]), DeadlineAnswer: s.clockText(old[2])}
	data["to"] = map[string]string{DeadlineArrange: s.clockText(t.ArrangeBy), DeadlineCheck: s.clockText(t.CheckAt), DeadlineAnswer: s.clockText(t.AnswerBy)}
	if _, err := tx.Exec(ctx, s.q.TicketDeadlinesSet, pgx.NamedArgs{
		"id": id, "arrange_by": t.ArrangeBy, "check_at": t.CheckAt, "answer_by": t.AnswerBy, "now": s.now(),
		"actor_kind": string(by.Kind), "actor_id": by.ID, "data": data,
	}); err != nil {
		return fmt.Errorf("move the deadlines: %w", err)
	}
	if err := s.cancelSLAJobs(ctx, tx, id); err != nil {
		return err
	}
	return s.scheduleSLAJobs(ctx, tx, t)
}
