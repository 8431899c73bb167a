package telegramsim

import (
	"context"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// defaultMaxConnections is Telegram's max_connections when none is given.
const defaultMaxConnections = 40

// webhookState is the webhook configuration and its delivery record.
type webhookState struct {
	url         string // as the bot gave it, for getWebhookInfo
	target      string // where updates go: url with its scheme
	secret      string
	maxConn     int
	lastErrDate int
	lastErrMsg  string
	gen         int           // bumped by every setWebhook/deleteWebhook
	wake        chan struct{} // an update is waiting
	reset       chan struct{} // the configuration changed
}

func newWebhookState() webhookState {
	return webhookState{wake: make(chan struct{}, 1), reset: make(chan struct{}, 1)}
}

// poke wakes the delivery loop without blocking.
func (h *webhookState) poke() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

func (h *webhookState) changed() {
	h.gen++
	h.lastErrDate, h.lastErrMsg = 0, ""
	h.poke()
	select {
	case h.reset <- struct{}{}:
	default:
	}
}

// webhookPorts are the only ports Telegram posts updates to.
var webhookPorts = map[int]bool{80: true, 88: true, 443: true, 8443: true}

// checkWebhookURL applies Telegram's rules to a webhook URL: HTTPS, on
// port 80, 88, 443 or 8443 (443 when none is given); like Telegram it reads
// a URL without a scheme as HTTPS. With Options.LoopbackWebhooks a URL on
// this machine is also accepted, over HTTP or HTTPS and on any port. It
// returns the URL to post updates to.
func (s *Server) checkWebhookURL(raw string) (string, *wire.Error) {
	invalid := wire.BadRequest("invalid webhook URL specified")
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return "", invalid
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		return "", invalid
	}
	if s.opts.LoopbackWebhooks && isLoopback(u.Hostname()) {
		return raw, nil
	}
	if scheme == "http" {
		return "", wire.BadRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	port := 443
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return "", invalid
		}
	}
	if !webhookPorts[port] {
		return "", wire.BadRequest("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
	}
	return raw, nil
}

// isLoopback reports whether host names this machine: localhost or a
// loopback address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// setWebhook is the setWebhook method; an empty url removes the webhook.
// A long poll in progress ends with 409.
func (s *Server) setWebhook(_ context.Context, p wire.Params) (any, *wire.Error) {
	raw := p.String("url")
	secret := p.String("secret_token")
	var target string
	if raw != "" {
		var werr *wire.Error
		if target, werr = s.checkWebhookURL(raw); werr != nil {
			return nil, werr
		}
		switch {
		case len(secret) > 256:
			return nil, wire.BadRequest("secret token is too long")
		case strings.Trim(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != "":
			return nil, wire.BadRequest("secret token contains unallowed characters")
		}
	}
	var allowed []string
	if p.Has("allowed_updates") {
		if err := p.JSON("allowed_updates", &allowed); err != nil {
			return nil, wire.BadRequest("can't parse allowed updates JSON object")
		}
	}
	maxConn, ok := p.Int("max_connections")
	if !ok {
		maxConn = defaultMaxConnections
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.Bool("drop_pending_updates") {
		s.upd.pending = nil
	}
	if raw == "" {
		s.hook.url, s.hook.target, s.hook.secret, s.hook.maxConn = "", "", "", 0
		s.hook.changed()
		return true, nil
	}
	s.abortPollLocked("terminated by setWebhook request")
	if p.Has("allowed_updates") {
		s.upd.setAllowed(allowed)
	}
	s.hook.url, s.hook.target, s.hook.secret, s.hook.maxConn = raw, target, secret, min(max(maxConn, 1), 100)
	s.hook.changed()
	return true, nil
}

// deleteWebhook is the deleteWebhook method.
func (s *Server) deleteWebhook(_ context.Context, p wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.Bool("drop_pending_updates") {
		s.upd.pending = nil
	}
	s.hook.url, s.hook.target, s.hook.secret, s.hook.maxConn = "", "", "", 0
	s.hook.changed()
	return true, nil
}

// getWebhookInfo is the getWebhookInfo method; it also works without a
// webhook, reporting the updates waiting for getUpdates.
func (s *Server) getWebhookInfo(_ context.Context, _ wire.Params) (any, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked()
	return models.WebhookInfo{
		URL:                s.hook.url,
		PendingUpdateCount: len(s.upd.pending),
		LastErrorDate:      s.hook.lastErrDate,
		LastErrorMessage:   s.hook.lastErrMsg,
		MaxConnections:     s.hook.maxConn,
		AllowedUpdates:     s.upd.allowedList(),
	}, nil
}
