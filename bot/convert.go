package bot

import (
	"github.com/complaintbot/complaintbot/conversation"
	"github.com/complaintbot/complaintbot/tickets"
)

// newTicket turns a confirmed dialogue into the ticket to file.
func newTicket(s conversation.Submission) tickets.NewTicket {
	return tickets.NewTicket{
		SubmissionID: s.ID,
		ChatID:       s.ChatID, UserID: s.UserID,
		FirstName: s.FirstName, LastName: s.LastName, Username: s.Username, Lang: s.Lang,
		Category: s.Category, OrderNo: s.OrderNo, NoReceipt: s.NoReceipt, Purchased: s.Purchased,
		Issue: s.Issue, Description: s.Description, Attachments: ticketMedia(s.Attachments),
		Outcome: s.Outcome, Phone: s.Phone, Verdict: s.Verdict,
	}
}

// ticketMessage turns a message sent outside a dialogue into an entry of
// the ticket's relay log.
func ticketMessage(in conversation.Input) tickets.NewMessage {
	text := in.Text
	if in.Kind == conversation.KindCommand {
		text = "/" + in.Command + " " + in.Text
	}
	if in.Kind == conversation.KindContact && in.Contact != nil {
		text = in.Contact.Phone
	}
	if in.Kind == conversation.KindMedia && len(in.Media) > 0 {
		text = in.Media[0].Caption
	}
	return tickets.NewMessage{
		UserID: in.UserID, AuthorName: in.FirstName, Text: text, Attachments: ticketMedia(in.Media),
		ChatID: in.ChatID, MessageID: int64(in.MessageID), At: in.At,
	}
}

func ticketMedia(ms []conversation.Media) []tickets.Media {
	out := make([]tickets.Media, 0, len(ms))
	for _, m := range ms {
		out = append(out, tickets.Media(m))
	}
	return out
}
