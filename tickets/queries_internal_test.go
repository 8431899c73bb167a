package tickets

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadQueriesEmbedded(t *testing.T) {
	t.Parallel()
	q, err := loadQueries(queryFiles)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(q.TicketGetByRef, "FROM tickets") || strings.Contains(q.TicketGetByRef, "-- name:") {
		t.Errorf("TicketGetByRef = %q", q.TicketGetByRef)
	}
}

// A fragment stands for its columns, qualified when the query names an
// alias; the ticket queries select the ticket's columns through it.
func TestLoadQueriesFragments(t *testing.T) {
	t.Parallel()
	q, err := loadQueries(queryFiles)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(q.TicketGetByRef, "{{") || !strings.HasPrefix(q.TicketGetByRef, "SELECT id, ref, submission_id,") ||
		!strings.Contains(q.TicketGetByRef, " created_at, updated_at\nFROM tickets") {
		t.Errorf("TicketGetByRef = %q", q.TicketGetByRef)
	}
	if !strings.HasPrefix(q.TicketByThread, "SELECT t.id, t.ref, t.submission_id,") ||
		!strings.Contains(q.TicketByThread, " t.updated_at\nFROM ticket_threads") {
		t.Errorf("TicketByThread = %q", q.TicketByThread)
	}

	all, err := embeddedQueries()
	if err != nil {
		t.Fatal(err)
	}
	files := fstest.MapFS{}
	for k, v := range all {
		files[k] = &fstest.MapFile{Data: []byte(v)}
	}
	files["queries/ticket.sql"] = &fstest.MapFile{Data: []byte(strings.Replace(all["queries/ticket.sql"],
		"SELECT {{ticket_columns}}", "SELECT {{ticket_colums}}", 1))}
	if _, err := loadQueries(files); err == nil || !strings.Contains(err.Error(), "{{ticket_colums}}") {
		t.Errorf("loadQueries with a misspelt fragment = %v, want an error naming it", err)
	}
}

// A query the code expects but no file has, a query no code uses, and a name
// given twice all fail at load, naming the query.
func TestLoadQueriesMismatch(t *testing.T) {
	t.Parallel()
	all, err := embeddedQueries()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, file, text, want string
	}{
		{"missing", "queries/ticket.sql", "-- nothing here\n", "TicketFile"},
		{"unused", "queries/extra.sql", "-- name: TicketForgotten\nSELECT 1;\n", "TicketForgotten"},
		{"twice", "queries/extra.sql", "-- name: TicketFile\nSELECT 1;\n", "TicketFile"},
	} {
		files := fstest.MapFS{}
		for k, v := range all {
			files[k] = &fstest.MapFile{Data: []byte(v)}
		}
		files[tc.file] = &fstest.MapFile{Data: []byte(tc.text)}
		_, err := loadQueries(files)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: loadQueries = %v, want an error naming %s", tc.name, err, tc.want)
		}
	}
}

// embeddedQueries reads the embedded query files.
func embeddedQueries() (map[string]string, error) {
	out := map[string]string{}
	entries, err := queryFiles.ReadDir("queries")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		b, err := queryFiles.ReadFile("queries/" + e.Name())
		if err != nil {
			return nil, err
		}
		out["queries/"+e.Name()] = string(b)
	}
	return out, nil
}
