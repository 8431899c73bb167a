package tickets

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// SurveyState is where a callback survey (回访) stands.
type SurveyState string

// A survey is scheduled when its ticket is resolved, asked when the first
// question goes out, and ends answered, expired (not answered in time),
// cancelled (the ticket was reopened first) or undeliverable (the customer
// blocked the bot).
const (
	SurveyScheduled     SurveyState = "scheduled"
	SurveyAsked         SurveyState = "asked"
	SurveyAnswered      SurveyState = "answered"
	SurveyExpired       SurveyState = "expired"
	SurveyCancelled     SurveyState = "cancelled"
	SurveyUndeliverable SurveyState = "undeliverable"
)

// The survey's questions in the order they are asked, one message each;
// the comment, optional, comes last.
const (
	QuestionAttitude = "attitude" // the service attitude
	QuestionQuality  = "quality"  // the quality of the repair or solution
	QuestionSolved   = "solved"   // how well the problem was solved
	QuestionComment  = "comment"  // anything to add, or skip
)

// SurveyQuestions are the scored questions, in order.
func SurveyQuestions() []string { return []string{QuestionAttitude, QuestionQuality, QuestionSolved} }

// surveyCommentWait is how long after the last score the customer's next
// text is taken for their comment; after it the survey is finished without
// one, and a text goes to the dialogue as ever.
const surveyCommentWait = 2 * time.Hour

// Survey is one callback survey of a ticket, as stored in ticket_surveys.
// Scores are 1 (worst) to 5, 0 while not given.
type Survey struct {
	ID         int64       `json:"id"`
	TicketID   int64       `json:"ticket_id"`
	Lang       string      `json:"lang"`
	State      SurveyState `json:"state"`
	DueAt      time.Time   `json:"due_at"`
	AskedAt    time.Time   `json:"asked_at,omitzero"`
	RemindedAt time.Time   `json:"reminded_at,omitzero"`
	ExpiresAt  time.Time   `json:"expires_at,omitzero"`
	ScoredAt   time.Time   `json:"scored_at,omitzero"`
	AnsweredAt time.Time   `json:"answered_at,omitzero"`
	Attitude   int         `json:"attitude,omitzero"`
	Quality    int         `json:"quality,omitzero"`
	Solved     int         `json:"solved,omitzero"`
	// Comment is the customer's own words: kept here and shown to staff
	// and owners, never written to events or logs.
	Comment string `json:"-"`
}

// Next is the question the survey waits for: a scored one, else the comment.
func (sv *Survey) Next() string {
	switch {
	case sv.Attitude == 0:
		return QuestionAttitude
	case sv.Quality == 0:
		return QuestionQuality
	case sv.Solved == 0:
		return QuestionSolved
	}
	return QuestionComment
}

// score points at the score of a scored question; nil for another.
func (sv *Survey) score(question string) *int {
	switch question {
	case QuestionAttitude:
		return &sv.Attitude
	case QuestionQuality:
		return &sv.Quality
	case QuestionSolved:
		return &sv.Solved
	}
	return nil
}

// Low reports whether any score given is low or lower: a complaint.
func (sv *Survey) Low(low int) bool {
	for _, s := range []int{sv.Attitude, sv.Quality, sv.Solved} {
		if s > 0 && s <= low {
			return true
		}
	}
	return false
}

// scoreParams are the scores as notice params, "attitude" … "solved".
func (sv *Survey) scoreParams() map[string]string {
	return map[string]string{"attitude": strconv.Itoa(sv.Attitude), "quality": strconv.Itoa(sv.Quality),
		"solved": strconv.Itoa(sv.Solved)}
}

// surveyColumns are the columns the survey queries select, in the order
// scanSurvey reads them.
const surveyColumns = `id, ticket_id, lang, state, due_at, asked_at, reminded_at, expires_at,
	scored_at, answered_at, attitude, quality, solved, comment`

func (s *Store) scanSurvey(row pgx.Row) (*Survey, error) {
	var (
		sv                                   Survey
		state                                string
		asked, reminded, expires, scored, an pgtype.Timestamptz
		attitude, quality, solved            pgtype.Int2
	)
	err := row.Scan(&sv.ID, &sv.TicketID, &sv.Lang, &state, &sv.DueAt, &asked, &reminded, &expires,
		&scored, &an, &attitude, &quality, &solved, &sv.Comment)
	if err != nil {
		return nil, err
	}
	sv.State, sv.DueAt = SurveyState(state), sv.DueAt.In(s.loc)
	sv.AskedAt, sv.RemindedAt, sv.ExpiresAt = s.optTime(asked), s.optTime(reminded), s.optTime(expires)
	sv.ScoredAt, sv.AnsweredAt = s.optTime(scored), s.optTime(an)
	sv.Attitude, sv.Quality, sv.Solved = int(attitude.Int16), int(quality.Int16), int(solved.Int16)
	return &sv, nil
}

// saveSurvey writes sv back in tx.
func (s *Store) saveSurvey(ctx context.Context, tx pgx.Tx, sv *Survey) error {
	opt := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t
	}
	score := func(n int) any {
		if n == 0 {
			return nil
		}
		return int16(n)
	}
	_, err := tx.Exec(ctx, s.q.SurveySave, pgx.NamedArgs{
		"id": sv.ID, "state": string(sv.State), "lang": sv.Lang,
		"asked_at": opt(sv.AskedAt), "reminded_at": opt(sv.RemindedAt), "expires_at": opt(sv.ExpiresAt),
		"answered_at": opt(sv.AnsweredAt), "scored_at": opt(sv.ScoredAt),
		"attitude": score(sv.Attitude), "quality": score(sv.Quality), "solved": score(sv.Solved),
		"comment": sv.Comment, "now": s.now(),
	})
	if err != nil {
		return fmt.Errorf("save survey %d: %w", sv.ID, err)
	}
	return nil
}

// lockSurvey reads the survey with id and locks it until tx ends. The
// error wraps ErrNotFound when there is none.
func (s *Store) lockSurvey(ctx context.Context, tx pgx.Tx, id int64) (*Survey, error) {
	sv, err := s.scanSurvey(tx.QueryRow(ctx, s.q.SurveyLock, id))
	if isNoRows(err) {
		return nil, fmt.Errorf("survey %d: %w", id, ErrNotFound)
	}
	return sv, err
}

// LatestSurvey is the ticket's latest survey. The error wraps ErrNotFound
// when it has none.
func (s *Store) LatestSurvey(ctx context.Context, ticketID int64) (*Survey, error) {
	sv, err := s.scanSurvey(s.pool.QueryRow(ctx, s.q.SurveyLatest, ticketID))
	if isNoRows(err) {
		return nil, fmt.Errorf("tickets: survey of ticket %d: %w", ticketID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("tickets: survey of ticket %d: %w", ticketID, err)
	}
	return sv, nil
}

// SurveyDue is when the survey of a ticket resolved at resolved is due:
// after the policy's survey.after, moved out of the shop's quiet hours to
// the morning.
func (s *Store) SurveyDue(resolved time.Time) time.Time {
	return s.pol.Survey.Quiet.NotBefore(resolved.Add(s.pol.Survey.After), s.loc)
}
