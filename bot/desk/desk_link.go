package desk

import (
	"strconv"
	"strings"

	"github.com/complaintbot/complaintbot/tickets"
)

// threadLink links to a ticket's place in the staff group: its forum topic,
// or its card in a plain group. It is empty when there is nothing to point
// at yet, or when the group is not a supergroup (only those have such
// links).
func threadLink(chatID int64, th *tickets.Thread) string {
	if th == nil {
		return ""
	}
	if th.ThreadID != 0 {
		return messageLink(chatID, th.ThreadID)
	}
	return messageLink(chatID, th.CardMessageID)
}

// messageLink links to a message of a supergroup,
// "https://t.me/c/<chat id without -100>/<message id>"; empty when there is
// no such link.
func messageLink(chatID, messageID int64) string {
	id, ok := strings.CutPrefix(strconv.FormatInt(chatID, 10), "-100")
	if !ok || id == "" || messageID <= 0 {
		return ""
	}
	return "https://t.me/c/" + id + "/" + strconv.FormatInt(messageID, 10)
}
