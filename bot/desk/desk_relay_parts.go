package desk

import (
	"context"
	"html"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/complaintbot/complaintbot/bot/send"
	"github.com/complaintbot/complaintbot/tickets"
)

// maxCaption is Telegram's limit on a caption after entity parsing, in
// UTF-16 code units.
const maxCaption = 1024

// relayPart is one message, or one album, of a relay.
type relayPart struct {
	text  string // HTML, when there are no files
	files []send.File
	// rows says which relayed row each message of the part belongs to:
	// one entry for a text, one per file for an album.
	rows []int
}

// relayParts composes relay-log rows (one message, or the items of one
// album) into what Telegram is sent. header, HTML naming who wrote, opens
// the first message: the text, or the album's first caption. Each row's
// text goes with it, as a caption where it fits, else as a text of its own
// after the files; a text over Telegram's limit is split. A row with
// neither text nor files shows as unsupported (HTML).
func relayParts(header string, rows []tickets.Message, unsupported string) []relayPart {
	lead := header
	take := func() string { h := lead; lead = ""; return h }
	var files []send.File
	var owners []int
	var after []relayPart
	var parts []relayPart
	for i, m := range rows {
		if len(m.Attachments) == 0 {
			continue
		}
		caption := html.EscapeString(strings.TrimSpace(m.Text))
		for j, a := range m.Attachments {
			f := send.File{Kind: a.Kind, FileID: a.FileID}
			if j == 0 {
				f.Caption = caption
			}
			files = append(files, f)
			owners = append(owners, i)
		}
	}
	if len(files) > 0 {
		files[0].Caption = joinLines(take(), files[0].Caption)
		for k := range files {
			if htmlTextLen(files[k].Caption) <= maxCaption {
				continue
			}
			// Too long for a caption: the file keeps the header (if it is
			// the first), the text follows on its own.
			h := ""
			if k == 0 {
				h = header
			}
			raw := rows[owners[k]].Text
			for _, chunk := range textChunks("", raw) {
				after = append(after, relayPart{text: chunk, rows: []int{owners[k]}})
			}
			files[k].Caption = h
		}
		pos := 0
		for _, g := range send.SplitAlbums(files) {
			parts = append(parts, relayPart{files: g, rows: owners[pos : pos+len(g)]})
			pos += len(g)
		}
		parts = append(parts, after...)
	}
	for i, m := range rows {
		if len(m.Attachments) > 0 {
			continue
		}
		if strings.TrimSpace(m.Text) == "" {
			parts = append(parts, relayPart{text: joinLines(take(), unsupported), rows: []int{i}})
			continue
		}
		for _, chunk := range textChunks(take(), m.Text) {
			parts = append(parts, relayPart{text: chunk, rows: []int{i}})
		}
	}
	return parts
}

// textChunks is header and the escaped text in as few messages as
// Telegram's limit allows, cut at a line or word break where one is near.
func textChunks(header, raw string) []string {
	raw = strings.TrimSpace(raw)
	var out []string
	for {
		budget := maxMessageText - htmlTextLen(header) - 1
		if utf16Len(raw) <= budget {
			return append(out, joinLines(header, html.EscapeString(raw)))
		}
		cut := cutPoint(raw, budget)
		out = append(out, joinLines(header, html.EscapeString(strings.TrimSpace(raw[:cut]))))
		raw, header = strings.TrimSpace(raw[cut:]), ""
	}
}

// cutPoint is the byte offset where raw is cut to fit budget UTF-16 units:
// after the last line break or space in the second half of the fitting
// prefix, or at the limit itself.
func cutPoint(raw string, budget int) int {
	units, end := 0, 0
	for end < len(raw) {
		r, size := utf8.DecodeRuneInString(raw[end:])
		if units+utf16.RuneLen(r) > budget {
			break
		}
		units += utf16.RuneLen(r)
		end += size
	}
	if i := strings.LastIndexAny(raw[:end], "\n "); i > end/2 {
		return i + 1
	}
	return max(end, 1)
}

func joinLines(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n" + b
}

// sendParts sends the parts to chatID placed by o, in order, and returns
// the ids of every message sent, and of each row's.
func (d *Desk) sendParts(ctx context.Context, chatID int64, parts []relayPart, o send.Opts) (all []int, byRow map[int][]int64, err error) {
	byRow = map[int][]int64{}
	for _, p := range parts {
		var ids []int
		if len(p.files) == 0 {
			var id int
			id, err = d.out.Send(ctx, chatID, p.text, o)
			ids = []int{id}
		} else {
			ids, err = d.out.SendAlbum(ctx, chatID, p.files, send.Opts{ThreadID: o.ThreadID, ReplyTo: o.ReplyTo})
		}
		if err != nil {
			return all, byRow, err
		}
		for k, id := range ids {
			row := p.rows[min(k, len(p.rows)-1)]
			byRow[row] = append(byRow[row], int64(id))
		}
		all = append(all, ids...)
	}
	return all, byRow, nil
}
