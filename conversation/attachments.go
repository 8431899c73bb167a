package conversation

// addAttachments keeps the files sent, up to the policy's limit, and answers
// with a counter. All counters of one visit to the question edit the same
// message, so an album of several files gets one answer that counts up.
func addAttachments(m *move) {
	max := maxAttachments(m.pol())
	added, full := m.keepMedia(max)
	m.st.Album = albumOf(m.in)
	if added > 0 {
		r := m.say("conversation.attachments_count", "count", itoa(len(m.st.Form.Attachments)), "max", itoa(max))
		r.Edit = "media:" + m.st.ID + ":" + itoa(m.st.Turn)
		r.Buttons = attachmentButtons(m)
	}
	if full {
		// Every file left out is counted on one notice per visit to the
		// question, edited as more arrive: an album over the limit is
		// told how many of its files were not kept, once.
		if m.st.DroppedTurn != m.st.Turn {
			m.st.Dropped, m.st.DroppedTurn = 0, m.st.Turn
		}
		m.st.Dropped += len(m.in.Media) - added
		r := m.say("conversation.attachments_full", "max", itoa(max), "dropped", itoa(m.st.Dropped))
		r.Edit = "media-full:" + m.st.ID + ":" + itoa(m.st.Turn)
		r.Buttons = attachmentButtons(m)
	}
}

// keepMedia adds the input's files up to max and reports how many it added
// and whether some had to be left out.
func (m *move) keepMedia(max int) (added int, full bool) {
	for _, md := range m.in.Media {
		if len(m.st.Form.Attachments) >= max {
			return added, true
		}
		md.Caption = cleanText(md.Caption)
		m.st.Form.Attachments = append(m.st.Form.Attachments, md)
		added++
	}
	return added, false
}

func clearAttachments(m *move) {
	m.st.Form.Attachments, m.st.Album, m.st.Dropped = nil, "", 0
	m.say("conversation.attachments_cleared")
	m.ask(AskAttachments)
}

// describeWithMedia takes a photo or video sent when the description is
// asked for: its caption, if long enough, is the description and the file
// the first attachment. Without a caption the file is kept and the
// description asked for again — once per album, not once per file.
func describeWithMedia(m *move) {
	album := albumOf(m.in)
	sameAlbum := album != "" && album == m.st.Album
	m.st.Album = album
	m.keepMedia(maxAttachments(m.pol()))
	caption := ""
	for _, md := range m.in.Media {
		if c := cleanText(md.Caption); !blank(c) {
			caption = c
		}
	}
	lo, hi := descriptionLimits(m.pol())
	switch n := runes(caption); {
	case caption != "" && n >= lo && n <= hi:
		m.st.Form.Description = caption
		m.pick(AskAttachments)
	case sameAlbum:
		// The album's first file has been answered already.
	default:
		m.refuse("conversation.media_needs_words", "count", itoa(len(m.st.Form.Attachments)))
	}
}

// albumOf is the input's media group, or "" for a single file.
func albumOf(in Input) string {
	if len(in.Media) == 0 {
		return ""
	}
	return in.Media[0].MediaGroupID
}
