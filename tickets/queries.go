package tickets

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"reflect"
	"regexp"
	"strings"
)

//go:embed queries/*.sql
var queryFiles embed.FS

// queries holds the SQL of every query the package runs, read from the
// embedded queries/*.sql files, where each starts with a "-- name: X" line
// naming the field it fills. A query may use the fragments below.
type queries struct {
	TicketFile             string
	TicketGetByRef         string
	TicketGetByID          string
	TicketRefBySubmission  string
	TicketLockByID         string
	TicketLockByRefForChat string
	TicketList             string
	TicketDeskList         string
	TicketOpenForCustomer  string
	TicketRecentlyResolved string
	TicketByDeskMessage    string
	TicketByThread         string
	TicketStatusSet        string
	TicketAcknowledgedSet  string
	AckJobsDelayed         string
	TicketAssigneeSet      string
	TicketPrioritySet      string
	TicketUrgentSet        string
	TicketResolutionSet    string
	TicketFirstResponse    string

	AttachmentListByRef    string
	AttachmentListByTicket string

	EventListByRef    string
	EventListByTicket string
	EventAdd          string

	TicketAwaitingSince string
	TicketNudgedSince   string
	AwaitingJobsWaiting string

	TicketDeadlinesSet    string
	SLADone               string
	SLAJobsWaiting        string
	SurveyInsert          string
	SurveyLock            string
	SurveyLatest          string
	SurveySave            string
	SurveyCancelOpen      string
	SurveyUndeliverable   string
	SurveyAwaitingComment string
	SurveyJobsWaiting     string

	MessageListByRef         string
	MessageListByTicket      string
	MessageAdd               string
	MessageGet               string
	MessageGetByTelegram     string
	MessageEditStaff         string
	MessageMarkDelivered     string
	MessageMarkUndeliverable string
	MessageAlbum             string
	MessageReleaseHeld       string

	ThreadGet              string
	ThreadSave             string
	ThreadForgetTopic      string
	DeskMessageAdd         string
	DeskCardRoute          string
	DeskCardLock           string
	DeskCardBarrier        string
	DeskCardEditLock       string
	ThreadSaveCard         string
	ThreadSaveFiles        string
	ThreadCardGone         string
	DeskFilesJobUnfinished string
	DeskCardJobRunning     string

	StaffSee        string
	StaffByUsername string
	StaffList       string

	JobRescueOrphans string

	JobNoticeElder string

	JobDeskLock     string
	JobDeskUnlock   string
	JobDeskHandOver string
	JobDeskRunning  string

	DraftBegin string
	DraftEnd   string
	DraftOpen  string

	ReturnInsert      string
	ReturnSave        string
	ReturnLockByRMA   string
	ReturnLockByID    string
	ReturnGetByRMA    string
	ReturnOfTicket    string
	ReturnList        string
	ReturnJobsWaiting string
	ReturnReminded    string

	ReportTotals          string
	ReportSurveys         string
	ReportByCategoryIssue string
	ReportDaily           string
	ReportMissesDaily     string
}

// fragments are lists of columns several queries select, each written
// {{name}} in a query, or {{name alias}} to qualify every column with the
// table alias.
var fragments = map[string]string{
	"ticket_columns": ticketColumns,
	"return_columns": returnColumns,
	"survey_columns": surveyColumns,
}

// fragmentRef is a use of a fragment: its name and an optional alias.
var fragmentRef = regexp.MustCompile(`\{\{\s*(\w+)(?:\s+(\w+))?\s*\}\}`)

// expandFragments replaces each {{name}} or {{name alias}} in sql by the
// fragment's columns. It fails on a fragment it does not know.
func expandFragments(sql string) (string, error) {
	var unknown string
	out := fragmentRef.ReplaceAllStringFunc(sql, func(ref string) string {
		m := fragmentRef.FindStringSubmatch(ref)
		cols, ok := fragments[m[1]]
		if !ok {
			if unknown == "" {
				unknown = ref
			}
			return ref
		}
		list := strings.Split(cols, ",")
		for i, c := range list {
			list[i] = strings.TrimSpace(c)
			if m[2] != "" {
				list[i] = m[2] + "." + list[i]
			}
		}
		return strings.Join(list, ", ")
	})
	if unknown != "" {
		return "", fmt.Errorf("unknown fragment %s", unknown)
	}
	return out, nil
}

// loadQueries reads the query files. It fails when a field has no query or a
// file names a query that has no field, so a typo shows at start, not on
// the first filing.
func loadQueries(fsys fs.FS) (queries, error) {
	byName := map[string]string{}
	names, err := fs.Glob(fsys, "queries/*.sql")
	if err != nil {
		return queries{}, fmt.Errorf("tickets: list queries: %w", err)
	}
	for _, file := range names {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return queries{}, fmt.Errorf("tickets: read %s: %w", file, err)
		}
		if err := splitQueries(file, string(data), byName); err != nil {
			return queries{}, err
		}
	}

	var q queries
	v := reflect.ValueOf(&q).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		sql, ok := byName[name]
		if !ok {
			return queries{}, fmt.Errorf("tickets: no query %q in queries/*.sql", name)
		}
		v.Field(i).SetString(sql)
		delete(byName, name)
	}
	for name := range byName {
		return queries{}, fmt.Errorf("tickets: query %q in queries/*.sql is not used", name)
	}
	return q, nil
}

// splitQueries adds each "-- name: X" section of one file to byName. Lines
// before the first name (the file's header comment) belong to no query.
func splitQueries(file, text string, byName map[string]string) error {
	var (
		name string
		body strings.Builder
	)
	flush := func() error {
		defer body.Reset()
		if name == "" {
			return nil
		}
		sql, err := expandFragments(strings.TrimSpace(body.String()))
		if err != nil {
			return fmt.Errorf("tickets: %s: query %s: %w", file, name, err)
		}
		byName[name] = sql
		return nil
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	for line := 1; sc.Scan(); line++ {
		if rest, ok := strings.CutPrefix(sc.Text(), "-- name:"); ok {
			if err := flush(); err != nil {
				return err
			}
			name = strings.TrimSpace(rest)
			if _, dup := byName[name]; dup || name == "" {
				return fmt.Errorf("tickets: %s:%d: query name %q empty or repeated", file, line, name)
			}
			continue
		}
		body.WriteString(sc.Text())
		body.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return flush()
}
