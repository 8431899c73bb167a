package tickets

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Report is what the owner's report says about a period: the work that
// came in and went out, how fast, the deadlines kept and missed, what the
// customers answered in the survey, and where the complaints came from.
type Report struct {
	// From and To bound the period, [From, To), in the shop's time zone.
	From, To time.Time
	// Opened counts the tickets filed in the period; Resolved those
	// resolved in it (filed whenever).
	Opened, Resolved int
	// FirstResponse is the median time from filing to the first answer of
	// the tickets filed in the period and answered; Resolution the median
	// time from filing to resolution of those resolved in it. Zero when
	// there are none (HasFirstResponse, HasResolution).
	FirstResponse, Resolution       time.Duration
	HasFirstResponse, HasResolution bool
	// Arrange and Answer are the two service deadlines that fell due in
	// the period.
	Arrange, Answer Deadlines
	// Survey are the answers of the surveys answered in the period.
	Survey SurveyScores
	// Categories and Issues are the tickets filed in the period by
	// category and by issue, most first.
	Categories, Issues []Count
	// Days are the period's days in order, each with its tickets by
	// category and its missed deadlines.
	Days []Day
}

// Deadlines counts one service deadline: kept, missed, and (left out of
// both) not yet decided.
type Deadlines struct {
	Kept, Missed int
}

// SurveyScores are the averages of the survey's three questions, 1 to 5,
// over Count answered surveys.
type SurveyScores struct {
	Count                     int
	Attitude, Quality, Solved float64
}

// Count is how many tickets had one category or issue.
type Count struct {
	Name  string
	Count int
}

// Day is one day of the period: its date, the tickets filed on it by
// category, and the deadlines that fell due on it and were missed.
type Day struct {
	Date       time.Time
	ByCategory map[string]int
	Misses     int
}

// Total is the day's tickets.
func (d Day) Total() int {
	n := 0
	for _, c := range d.ByCategory {
		n += c
	}
	return n
}

// Report reads the report for [from, to); from and to are taken in the
// shop's time zone, whose midnights divide the days.
func (s *Store) Report(ctx context.Context, from, to time.Time) (*Report, error) {
	if !from.Before(to) {
		return nil, fmt.Errorf("tickets: report: empty period %s to %s", from, to)
	}
	from, to = from.In(s.loc), to.In(s.loc)
	args := pgx.NamedArgs{"from": from, "to": to, "now": s.now(), "tz": s.loc.String()}
	r := &Report{From: from, To: to}
	if err := s.reportTotals(ctx, args, r); err != nil {
		return nil, err
	}
	sv := &r.Survey
	if err := s.pool.QueryRow(ctx, s.q.ReportSurveys, args).Scan(&sv.Count, &sv.Attitude, &sv.Quality, &sv.Solved); err != nil {
		return nil, fmt.Errorf("tickets: report: surveys: %w", err)
	}
	if err := s.reportTop(ctx, args, r); err != nil {
		return nil, err
	}
	if err := s.reportDays(ctx, args, r); err != nil {
		return nil, err
	}
	return r, nil
}

func (s *Store) reportTotals(ctx context.Context, args pgx.NamedArgs, r *Report) error {
	var first, resolution *float64
	err := s.pool.QueryRow(ctx, s.q.ReportTotals, args).Scan(&r.Opened, &r.Resolved, &first, &resolution,
		&r.Arrange.Kept, &r.Arrange.Missed, &r.Answer.Kept, &r.Answer.Missed)
	if err != nil {
		return fmt.Errorf("tickets: report: totals: %w", err)
	}
	if first != nil {
		r.FirstResponse, r.HasFirstResponse = seconds(*first), true
	}
	if resolution != nil {
		r.Resolution, r.HasResolution = seconds(*resolution), true
	}
	return nil
}

// seconds is a duration of s seconds, to the second.
func seconds(s float64) time.Duration {
	return (time.Duration(s*float64(time.Second)) + time.Second/2).Truncate(time.Second)
}

// reportTop fills the categories and issues, most tickets first (ties by
// name, so the order is stable).
func (s *Store) reportTop(ctx context.Context, args pgx.NamedArgs, r *Report) error {
	rows, err := s.pool.Query(ctx, s.q.ReportByCategoryIssue, args)
	if err != nil {
		return fmt.Errorf("tickets: report: categories: %w", err)
	}
	cats, issues := map[string]int{}, map[string]int{}
	var category, issue string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&category, &issue, &n}, func() error {
		cats[category] += n
		issues[issue] += n
		return nil
	})
	if err != nil {
		return fmt.Errorf("tickets: report: categories: %w", err)
	}
	r.Categories, r.Issues = ranked(cats), ranked(issues)
	return nil
}

// reportDays fills one Day for every day of the period, with or without
// tickets.
func (s *Store) reportDays(ctx context.Context, args pgx.NamedArgs, r *Report) error {
	index := map[string]int{}
	for d := dayStart(r.From); d.Before(r.To); d = d.AddDate(0, 0, 1) {
		index[d.Format(time.DateOnly)] = len(r.Days)
		r.Days = append(r.Days, Day{Date: d, ByCategory: map[string]int{}})
	}
	rows, err := s.pool.Query(ctx, s.q.ReportDaily, args)
	if err != nil {
		return fmt.Errorf("tickets: report: days: %w", err)
	}
	var date, category string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&date, &category, &n}, func() error {
		if i, ok := index[date]; ok {
			r.Days[i].ByCategory[category] += n
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("tickets: report: days: %w", err)
	}
	rows, err = s.pool.Query(ctx, s.q.ReportMissesDaily, args)
	if err != nil {
		return fmt.Errorf("tickets: report: misses: %w", err)
	}
	_, err = pgx.ForEachRow(rows, []any{&date, &n}, func() error {
		if i, ok := index[date]; ok {
			r.Days[i].Misses += n
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("tickets: report: misses: %w", err)
	}
	return nil
}

// dayStart is the midnight that starts t's day, in t's zone.
func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}
