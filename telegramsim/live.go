package telegramsim

import (
	"log/slog"
	"net/http"
	"slices"

	"github.com/go-telegram/bot/models"
)

// This file is what a live view of the simulated world, such as the
// browser playground (package playground), needs beyond what tests use:
// who the bot is, the whole world at one moment, stored files, and the
// server's lifetime, logger and mux.

// Bot returns the simulated bot as getMe names it.
func (s *Server) Bot() models.User {
	return s.me
}

// Done returns a channel that is closed when Close is called, so that a
// long-running handler mounted with Handle (an event stream, say) can end.
func (s *Server) Done() <-chan struct{} {
	return s.done
}

// Logger returns the simulator's logger (Options.Logger), for handlers
// mounted with Handle to report their problems to.
func (s *Server) Logger() *slog.Logger {
	return s.log
}

// Handler returns the handler the simulator's mux picks for r and its
// pattern, as http.ServeMux.Handler does; the pattern is "/" for the API
// routes. A handler mounted with Handle can use it to see whether it is
// mounted already.
func (s *Server) Handler(r *http.Request) (h http.Handler, pattern string) {
	return s.mux.Handler(r)
}

// ChatState is one chat with everything a live view shows of it.
type ChatState struct {
	ChatInfo
	// Topics are a forum's topics in creation order, deleted ones included.
	Topics []Topic
	// Keyboard is the reply keyboard the bot shows in the chat, if any.
	Keyboard *models.ReplyKeyboardMarkup
	// Messages are the chat's latest messages, oldest first, without the
	// deleted ones.
	Messages []Entry
}

// Snapshot returns every chat as Chats lists them, with its topics and
// reply keyboard and its latest messages (at most messages of them; none
// when messages is 0), all at one moment: no change falls between two
// chats. Its messages are shared with the simulator: read them, never
// change them, and encode them with EncodeJSON.
func (s *Server) Snapshot(messages int) []ChatState {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ChatState, 0, len(s.world.order))
	for _, id := range s.world.order {
		c, werr := s.chatByIDLocked(id)
		if werr != nil {
			continue
		}
		st := ChatState{ChatInfo: c.info(), Topics: s.topicsLocked(id), Keyboard: s.replyKeyboardLocked(id)}
		if l, ok := s.world.logs[id]; ok && messages > 0 {
			for i := len(l.msgs) - 1; i >= 0 && len(st.Messages) < messages; i-- {
				if r := l.msgs[i]; !r.deleted {
					st.Messages = append(st.Messages, r.entry())
				}
			}
			slices.Reverse(st.Messages)
		}
		out = append(out, st)
	}
	return out
}

// FileInfo is a stored file: a photo (each of its sizes is a file), a
// document or other media a user or the bot sent.
type FileInfo struct {
	FileID       string
	FileUniqueID string
	// Path is the file_path getFile gives for it.
	Path string
	// Name is the file name it was sent with, if any.
	Name string
	// MIMEType is the file's type, e.g. "image/png".
	MIMEType string
	// Data is the file's content, shared with the simulator: read it, never
	// change it.
	Data []byte
}

// File returns the stored file with this file_id, as getFile would find
// it, without the bot's token.
func (s *Server) File(fileID string) (FileInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files.byID[fileID]
	if !ok {
		return FileInfo{}, false
	}
	return FileInfo{FileID: f.id, FileUniqueID: f.uniqueID, Path: f.path, Name: f.name, MIMEType: f.mime, Data: f.data}, true
}
