-- The owner's report over a period [@from, @to): what came in, how fast it
-- was handled, which deadlines were kept, what customers said. Days are
-- counted in the shop's time zone (@tz). A deadline is judged in the period
-- it falls due, and only once it is decided: kept when the ticket was
-- answered (arrange) or resolved (answer) by it, missed when that came later
-- or has not come and the deadline is past @now; a deadline still ahead of
-- an unanswered ticket is neither.

-- name: ReportTotals
SELECT
    (SELECT count(*) FROM tickets WHERE created_at >= @from AND created_at < @to),
    (SELECT count(*) FROM tickets WHERE resolved_at >= @from AND resolved_at < @to),
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at))
       FROM tickets WHERE created_at >= @from AND created_at < @to AND first_response_at IS NOT NULL),
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at))
       FROM tickets WHERE resolved_at >= @from AND resolved_at < @to),
    (SELECT count(*) FROM tickets WHERE arrange_by >= @from AND arrange_by < @to
       AND first_response_at <= arrange_by),
    (SELECT count(*) FROM tickets WHERE arrange_by >= @from AND arrange_by < @to
       AND (first_response_at > arrange_by OR (first_response_at IS NULL AND arrange_by < @now))),
    (SELECT count(*) FROM tickets WHERE answer_by >= @from AND answer_by < @to
       AND coalesce(resolved_at, closed_at) <= answer_by),
    (SELECT count(*) FROM tickets WHERE answer_by >= @from AND answer_by < @to
       AND (coalesce(resolved_at, closed_at) > answer_by
            OR (coalesce(resolved_at, closed_at) IS NULL AND answer_by < @now)));

-- name: ReportSurveys
-- The surveys answered in the period: how many, and each question's average.
SELECT count(*), coalesce(avg(attitude), 0)::float8, coalesce(avg(quality), 0)::float8, coalesce(avg(solved), 0)::float8
FROM ticket_surveys
WHERE answered_at >= @from AND answered_at < @to AND state = 'answered';

-- name: ReportByCategoryIssue
-- The tickets opened in the period by category and issue, most first.
SELECT category, issue, count(*)
FROM tickets
WHERE created_at >= @from AND created_at < @to
GROUP BY category, issue
ORDER BY count(*) DESC, category, issue;

-- name: ReportDaily
-- The tickets opened in the period per day (in the shop's zone) and category.
SELECT to_char(created_at AT TIME ZONE @tz, 'YYYY-MM-DD'), category, count(*)
FROM tickets
WHERE created_at >= @from AND created_at < @to
GROUP BY 1, 2
ORDER BY 1, 2;

-- name: ReportMissesDaily
-- The deadlines missed per day they fell due (in the shop's zone), arrange
-- and answer each counting once.
SELECT to_char(due AT TIME ZONE @tz, 'YYYY-MM-DD'), count(*)
FROM (
    SELECT arrange_by AS due FROM tickets
    WHERE arrange_by >= @from AND arrange_by < @to
      AND (first_response_at > arrange_by OR (first_response_at IS NULL AND arrange_by < @now))
    UNION ALL
    SELECT answer_by FROM tickets
    WHERE answer_by >= @from AND answer_by < @to
      AND (coalesce(resolved_at, closed_at) > answer_by
           OR (coalesce(resolved_at, closed_at) IS NULL AND answer_by < @now))
) misses
GROUP BY 1
ORDER BY 1;
