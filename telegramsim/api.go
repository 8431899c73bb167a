package telegramsim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// notModelled is the answer to a method that is in the spec but not
// simulated. Telegram itself never answers 501; the simulator does so that a
// bot relying on an unmodelled method fails loudly instead of seeing a
// plausible but invented answer.
func notModelled(method string) *wire.Error {
	return &wire.Error{Code: http.StatusNotImplemented, Description: "Not Implemented: " + method + " is not modelled by the simulator"}
}

// route dispatches the API and file routes by path prefix: the token sits
// inside a path segment ("/bot<token>"), which ServeMux patterns cannot match.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/file/bot"):
		s.serveFile(w, r, strings.TrimPrefix(r.URL.Path, "/file/bot"))
	case strings.HasPrefix(r.URL.Path, "/bot"):
		s.serveAPI(w, r, strings.TrimPrefix(r.URL.Path, "/bot"))
	default:
		wire.WriteError(w, wire.ErrNotFound)
	}
}

// serveAPI runs one Bot API call: decode, token check, spec validation,
// rate limits, the method itself.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, rest string) {
	token, name, _ := strings.Cut(rest, "/")
	p, werr := wire.Decode(r)
	if werr == nil && token != s.token {
		werr = wire.ErrUnauthorized
	}
	if werr == nil {
		werr = s.spec.Validate(name, p)
	}
	method := name
	if m, ok := s.spec.Method(name); ok {
		method = m.Name
	}
	var ticket *rateTicket
	if werr == nil {
		ticket, werr = s.checkRateLimit(method, p)
	}
	var result any
	if werr == nil {
		result, werr = s.call(r, method, p)
	}
	if werr == nil {
		s.chargeRateLimit(ticket)
	}
	s.record(method, werr)
	if werr != nil {
		s.log.Debug("telegramsim: error answer", "method", method, "code", werr.Code)
		wire.WriteError(w, werr)
		return
	}
	body, err := s.EncodeJSON(result)
	if err != nil {
		s.log.Error("telegramsim: encode result", "method", method, "err", err)
		wire.WriteError(w, &wire.Error{Code: http.StatusInternalServerError, Description: "Internal Server Error"})
		return
	}
	wire.WriteOK(w, body)
}

func (s *Server) call(r *http.Request, method string, p wire.Params) (any, *wire.Error) {
	h, ok := s.handlers[strings.ToLower(method)]
	if !ok {
		return nil, notModelled(method)
	}
	return h(r.Context(), p)
}

// record counts a finished call for Stats.
func (s *Server) record(method string, werr *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.Calls[method]++
	if werr != nil {
		s.stats.Errors[werr.Code]++
		if werr.Code == http.StatusTooManyRequests {
			s.stats.TooManyRequests++
		}
	}
}

// modelArtifacts are fields go-telegram/bot's models always encode although
// Telegram sends them only when set: an inline button's copy_text (a struct,
// which omitempty does not drop) and a sticker's custom_emoji_id. They are
// removed from everything the simulator sends.
func modelArtifacts() []string {
	return []string{`,"copy_text":{"text":""}`, `,"custom_emoji_id":""`}
}

// EncodeJSON encodes a value (a message from an Event, say) exactly as the
// simulator sends it to the bot. Some go-telegram/bot model types write to
// themselves while encoding, so encode simulator values only through here.
func (s *Server) EncodeJSON(v any) (json.RawMessage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return encode(v)
}

// encode turns a result into the JSON Telegram would send. s.mu is held
// when v is shared with the simulator's state.
func encode(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	for _, a := range modelArtifacts() {
		b = bytes.ReplaceAll(b, []byte(a), nil)
	}
	return b, nil
}

// methodTable maps lower-cased method names to their handlers. Methods of
// the spec missing here are answered with notModelled.
func (s *Server) methodTable() map[string]handler {
	t := map[string]handler{
		"getMe":                  s.getMe,
		"getUpdates":             s.getUpdates,
		"setWebhook":             s.setWebhook,
		"deleteWebhook":          s.deleteWebhook,
		"getWebhookInfo":         s.getWebhookInfo,
		"sendMessage":            s.sendMessage,
		"sendPhoto":              s.sendMediaMethod(kindPhoto),
		"sendDocument":           s.sendMediaMethod(kindDocument),
		"sendVideo":              s.sendMediaMethod(kindVideo),
		"sendVoice":              s.sendMediaMethod(kindVoice),
		"sendAudio":              s.sendMediaMethod(kindAudio),
		"sendAnimation":          s.sendMediaMethod(kindAnimation),
		"sendSticker":            s.sendMediaMethod(kindSticker),
		"sendContact":            s.sendContact,
		"sendLocation":           s.sendLocation,
		"sendMediaGroup":         s.sendMediaGroup,
		"copyMessage":            s.copyMessage,
		"forwardMessage":         s.forwardMessage,
		"editMessageText":        s.editMessageText,
		"editMessageCaption":     s.editMessageCaption,
		"editMessageReplyMarkup": s.editMessageReplyMarkup,
		"deleteMessage":          s.deleteMessage,
		"sendChatAction":         s.sendChatAction,
		"setMessageReaction":     s.setMessageReaction,
		"answerCallbackQuery":    s.answerCallbackQuery,
		"setMyCommands":          s.setMyCommands,
		"getMyCommands":          s.getMyCommands,
		"deleteMyCommands":       s.deleteMyCommands,
		"getFile":                s.getFile,
		"getChat":                s.getChat,
		"getChatMember":          s.getChatMember,
		"getChatAdministrators":  s.getChatAdministrators,
		"leaveChat":              s.leaveChat,
		"createForumTopic":       s.createForumTopic,
		"editForumTopic":         s.editForumTopic,
		"closeForumTopic":        s.closeForumTopic,
		"reopenForumTopic":       s.reopenForumTopic,
		"deleteForumTopic":       s.deleteForumTopic,
	}
	lower := make(map[string]handler, len(t))
	for name, h := range t {
		lower[strings.ToLower(name)] = h
	}
	return lower
}
