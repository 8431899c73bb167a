package send

import (
	"errors"

	tgbot "github.com/go-telegram/bot"
)

// IsThreadGone reports whether a call failed because the forum topic it
// named no longer exists (staff deleted it): the ticket needs a new one.
func IsThreadGone(err error) bool {
	return IsBadRequest(err, "message thread not found", "TOPIC_ID_INVALID", "TOPIC_DELETED")
}

// IsMessageGone reports whether a call failed because the message it
// edits or replies to no longer exists.
func IsMessageGone(err error) bool {
	return IsBadRequest(err, "message to edit not found", "message to reply not found",
		"message to be replied not found", "MESSAGE_ID_INVALID")
}

// IsNotForum reports whether a topic could not be made because the group
// has no topics (staff turned them off).
func IsNotForum(err error) bool {
	return IsBadRequest(err, "the chat is not a forum")
}

// IsTopicClosed reports whether a post was refused because its forum topic
// is closed.
func IsTopicClosed(err error) bool {
	return IsBadRequest(err, "TOPIC_CLOSED")
}

// IsBadRequest reports whether err is a 400 whose description contains one
// of texts (case aside).
func IsBadRequest(err error, texts ...string) bool {
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

// IsBlocked reports whether err means the recipient has blocked the bot.
func IsBlocked(err error) bool { return errors.Is(err, ErrBlocked) }
