package intake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// botAPIError is an answer of the Bot API with "ok": false.
type botAPIError struct {
	Code        int
	Description string
	RetryAfter  int // seconds, from parameters.retry_after (429)
}

func (e *botAPIError) Error() string {
	return fmt.Sprintf("bot API error %d: %s", e.Code, e.Description)
}

// botAPIAnswer is the envelope of every Bot API answer. Result stays raw so
// that each update is stored exactly as Telegram sent it.
type botAPIAnswer struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  *struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// maxGetUpdatesAnswer bounds the answer read into memory: 100 updates of
// a few kilobytes each, with a wide margin.
const maxGetUpdatesAnswer = 32 << 20

// getUpdates makes one long-poll call and returns the raw updates.
func (p *Poller) getUpdates(ctx context.Context, offset int64) ([][]byte, error) {
	return p.fetchUpdates(ctx, offset, p.cfg.Timeout)
}

// fetchUpdates makes one getUpdates call that waits up to timeout for an
// update (0: answers at once) and returns the raw updates.
func (p *Poller) fetchUpdates(ctx context.Context, offset int64, timeout time.Duration) ([][]byte, error) {
	params := map[string]any{
		"offset":  offset,
		"limit":   p.cfg.Limit,
		"timeout": int(timeout / time.Second),
	}
	if p.cfg.AllowedUpdates != nil {
		params["allowed_updates"] = p.cfg.AllowedUpdates
	}
	result, err := p.call(ctx, "getUpdates", params, timeout+15*time.Second)
	if err != nil {
		return nil, err
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(result, &raws); err != nil {
		return nil, fmt.Errorf("getUpdates: result is not a list: %w", err)
	}
	batch := make([][]byte, len(raws))
	for i, r := range raws {
		batch[i] = r
	}
	return batch, nil
}

// pendingUpdates asks getWebhookInfo how many updates wait unconfirmed.
// Unlike a getUpdates it cannot end another replica's long poll.
func (p *Poller) pendingUpdates(ctx context.Context) (int, error) {
	result, err := p.call(ctx, "getWebhookInfo", nil, 15*time.Second)
	if err != nil {
		return 0, err
	}
	var info struct {
		Pending int `json:"pending_update_count"`
	}
	if err := json.Unmarshal(result, &info); err != nil {
		return 0, fmt.Errorf("getWebhookInfo: %w", err)
	}
	return info.Pending, nil
}

// call makes one Bot API call with params as JSON (none when nil), bounded
// by limit, and returns its result.
func (p *Poller) call(ctx context.Context, method string, params map[string]any, limit time.Duration) (json.RawMessage, error) {
	var body io.Reader = http.NoBody
	if params != nil {
		data, err := json.Marshal(params)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", method, err)
		}
		body = bytes.NewReader(data)
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	url := strings.TrimRight(p.cfg.ServerURL, "/") + "/bot" + p.cfg.Token + "/" + method
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, body)
	if err != nil {
		return nil, p.redact(fmt.Errorf("%s: %w", method, err))
	}
	if params != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := p.cfg.Client.Do(req)
	if err != nil {
		return nil, p.redact(fmt.Errorf("%s: %w", method, err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxGetUpdatesAnswer))
	if err != nil {
		return nil, p.redact(fmt.Errorf("%s: read answer: %w", method, err))
	}
	var ans botAPIAnswer
	if err := json.Unmarshal(data, &ans); err != nil {
		return nil, fmt.Errorf("%s: HTTP %d with an answer that is not the Bot API's", method, resp.StatusCode)
	}
	if !ans.OK {
		apiErr := &botAPIError{Code: ans.ErrorCode, Description: ans.Description}
		if ans.Parameters != nil {
			apiErr.RetryAfter = ans.Parameters.RetryAfter
		}
		return nil, fmt.Errorf("%s: %w", method, apiErr)
	}
	return ans.Result, nil
}

// redact removes the bot token from an error's text (net/http errors quote
// the URL, which carries it). The result no longer wraps err.
func (p *Poller) redact(err error) error {
	if err == nil || p.cfg.Token == "" || !strings.Contains(err.Error(), p.cfg.Token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), p.cfg.Token, "<token>"))
}
