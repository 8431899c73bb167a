package telegramsim

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"
)

// maxRetryDelayFactor caps the redelivery backoff at 64 × WebhookRetryDelay.
const maxRetryDelayFactor = 64

// delivery is one webhook request to make.
type delivery struct {
	item   *queued
	url    string
	secret string
	gen    int
}

// nextDeliveryLocked returns the first pending update when a webhook is set.
func (s *Server) nextDeliveryLocked() (delivery, bool) {
	s.pruneLocked()
	if s.hook.url == "" || len(s.upd.pending) == 0 {
		return delivery{}, false
	}
	return delivery{item: s.upd.pending[0], url: s.hook.target, secret: s.hook.secret, gen: s.hook.gen}, true
}

// runWebhook posts pending updates to the webhook one at a time, in order.
// A 2xx answer confirms an update; anything else is recorded in
// getWebhookInfo and retried after WebhookRetryDelay, doubling each time
// (or after the webhook's Retry-After). Answering a webhook request with a
// method call, which Telegram allows, is not modelled.
func (s *Server) runWebhook() {
	defer s.wg.Done()
	fails := 0
	for {
		s.mu.Lock()
		d, ok := s.nextDeliveryLocked()
		s.mu.Unlock()
		if !ok {
			select {
			case <-s.hook.wake:
				continue
			case <-s.done:
				return
			}
		}
		retryAfter, err := s.post(d)
		s.mu.Lock()
		if err == nil {
			s.confirmDeliveredLocked(d.item)
			fails = 0
		} else if d.gen == s.hook.gen {
			s.hook.lastErrDate, s.hook.lastErrMsg = s.date(), err.Error()
			fails++
		}
		s.mu.Unlock()
		if err == nil || fails == 0 {
			continue
		}
		if retryAfter <= 0 {
			retryAfter = s.opts.WebhookRetryDelay << min(fails-1, 6)
		}
		s.log.Debug("telegramsim: webhook delivery failed", "update_id", d.item.u.ID, "retry_in", retryAfter)
		select {
		case <-time.After(min(retryAfter, s.opts.WebhookRetryDelay*maxRetryDelayFactor)):
		case <-s.hook.reset:
			fails = 0
		case <-s.done:
			return
		}
	}
}

// confirmDeliveredLocked removes a delivered update from the queue.
func (s *Server) confirmDeliveredLocked(item *queued) {
	for i, q := range s.upd.pending {
		if q == item {
			s.upd.pending = append(s.upd.pending[:i:i], s.upd.pending[i+1:]...)
			break
		}
	}
	s.notifyLocked()
}

// post makes one webhook request. The error text is what Telegram shows as
// last_error_message.
func (s *Server) post(d delivery) (time.Duration, error) {
	req, err := http.NewRequestWithContext(s.ctx, http.MethodPost, d.url, bytes.NewReader(d.item.raw))
	if err != nil {
		return 0, deliveryError("Invalid webhook URL")
	}
	req.Header.Set("Content-Type", "application/json")
	if d.secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", d.secret)
	}
	resp, err := s.opts.WebhookClient.Do(req)
	if err != nil {
		return 0, connectionError(err)
	}
	defer func() { _ = resp.Body.Close() }()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		secs, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		return time.Duration(secs) * time.Second, deliveryError("Wrong response from the webhook: " + resp.Status)
	}
	return 0, nil
}

// deliveryError is a failed delivery, worded as Telegram words it in
// last_error_message.
type deliveryError string

func (e deliveryError) Error() string { return string(e) }

// connectionError words a failed connection as Telegram does.
func connectionError(err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return deliveryError("Connection refused")
	case errors.As(err, &ne) && ne.Timeout():
		return deliveryError("Read timeout expired")
	}
	return deliveryError("Webhook connection closed")
}
