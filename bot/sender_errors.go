package bot

import (
	"errors"

	tgbot "github.com/go-telegram/bot"
)

// isThreadGone reports whether a call failed because the forum topic it
// named no longer exists (staff deleted it): the ticket needs a new one.
func isThreadGone(err error) bool {
	return isBadRequest(err, "message thread not found", "TOPIC_ID_INVALID", "TOPIC_DELETED")
}

// isMessageGone reports whether a call failed because the message it
// edits or replies to no longer exists.
func isMessageGone(err error) bool {
	return isBadRequest(err, "message to edit not found", "message to reply not found",
		"message to be replied not found", "MESSAGE_ID_INVALID")
}

// isTopicClosed reports whether a post was refused because its forum topic
// is closed.
func isTopicClosed(err error) bool {
	return isBadRequest(err, "TOPIC_CLOSED")
}

func isBadRequest(err error, texts ...string) bool {
	if err == nil || !errors.Is(err, tgbot.ErrorBadRequest) {
		return false
	}
	for _, t := range texts {
		if containsFold(err.Error(), t) {
			return true
		}
	}
	return false
}
