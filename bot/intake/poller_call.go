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
	params := map[string]any{
		"offset":  offset,
		"limit":   p.cfg.Limit,
		"timeout": int(p.cfg.Timeout / time.Second),
	}
	if p.cfg.AllowedUpdates != nil {
		params["allowed_updates"] = p.cfg.AllowedUpdates
	}
	body, err := json.Marshal(params)
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, p.cfg.Timeout+15*time.Second)
	defer cancel()
	url := strings.TrimRight(p.cfg.ServerURL, "/") + "/bot" + p.cfg.Token + "/getUpdates"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, p.redact(fmt.Errorf("getUpdates: %w", err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.cfg.Client.Do(req)
	if err != nil {
		return nil, p.redact(fmt.Errorf("getUpdates: %w", err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxGetUpdatesAnswer))
	if err != nil {
		return nil, p.redact(fmt.Errorf("getUpdates: read answer: %w", err))
	}
	var ans botAPIAnswer
	if err := json.Unmarshal(data, &ans); err != nil {
		return nil, fmt.Errorf("getUpdates: HTTP %d with an answer that is not the Bot API's", resp.StatusCode)
	}
	if !ans.OK {
		apiErr := &botAPIError{Code: ans.ErrorCode, Description: ans.Description}
		if ans.Parameters != nil {
			apiErr.RetryAfter = ans.Parameters.RetryAfter
		}
		return nil, fmt.Errorf("getUpdates: %w", apiErr)
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(ans.Result, &raws); err != nil {
		return nil, fmt.Errorf("getUpdates: result is not a list: %w", err)
	}
	batch := make([][]byte, len(raws))
	for i, r := range raws {
		batch[i] = r
	}
	return batch, nil
}

// redact removes the bot token from an error's text (net/http errors quote
// the URL, which carries it). The result no longer wraps err.
func (p *Poller) redact(err error) error {
	if err == nil || p.cfg.Token == "" || !strings.Contains(err.Error(), p.cfg.Token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), p.cfg.Token, "<token>"))
}
