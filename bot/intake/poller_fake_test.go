package intake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// fakeGetUpdates is a minimal Bot API server for getUpdates with Telegram's
// offset semantics: an update is kept, and returned again, until a call
// asks for an offset past its update_id.
type fakeGetUpdates struct {
	token string

	mu        sync.Mutex
	queue     [][]byte // unconfirmed updates, in update_id order
	ids       []int64
	added     chan struct{} // closed and replaced when an update is added
	calls     []map[string]json.RawMessage
	failNext  []fakeAnswer     // answers to give instead, one per call
	onConfirm func(id int64)   // called for each update a call confirms
	delivered map[int64][]byte // every update ever delivered, for redelivery
	infoCalls int              // getWebhookInfo calls
	active    int              // getUpdates calls being answered
}

// fakeAnswer is an HTTP answer the fake gives instead of updates.
type fakeAnswer struct {
	status int
	body   string
}

func newFakeGetUpdates(token string) *fakeGetUpdates {
	return &fakeGetUpdates{token: token, added: make(chan struct{}), delivered: map[int64][]byte{}}
}

// add queues an update for the bot.
func (f *fakeGetUpdates) add(id int64, raw []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queue = append(f.queue, raw)
	f.ids = append(f.ids, id)
	f.delivered[id] = raw
	close(f.added)
	f.added = make(chan struct{})
}

// redeliver queues an update that was already delivered, as Telegram does
// when it is unsure the bot got it.
func (f *fakeGetUpdates) redeliver(id int64) {
	f.mu.Lock()
	raw := f.delivered[id]
	f.mu.Unlock()
	f.add(id, raw)
}

// unconfirmed is how many updates the bot has not confirmed.
func (f *fakeGetUpdates) unconfirmed() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.queue)
}

// offsets returns the offset of every call so far.
func (f *fakeGetUpdates) offsets() []int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []int64
	for _, c := range f.calls {
		var o int64
		_ = json.Unmarshal(c["offset"], &o)
		out = append(out, o)
	}
	return out
}

// answering is how many getUpdates calls the fake is answering: a call the
// bot gave up on may still be waiting here for an update.
func (f *fakeGetUpdates) answering() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.active
}

// looks is how many times the bot asked getWebhookInfo.
func (f *fakeGetUpdates) looks() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.infoCalls
}

func (f *fakeGetUpdates) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/bot"+f.token+"/getWebhookInfo" {
		f.mu.Lock()
		f.infoCalls++
		pending := len(f.queue)
		f.mu.Unlock()
		fmt.Fprintf(w, `{"ok":true,"result":{"url":"","has_custom_certificate":false,"pending_update_count":%d}}`, pending)
		return
	}
	if r.URL.Path != "/bot"+f.token+"/getUpdates" {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
		return
	}
	var params map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&params); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"ok":false,"error_code":400,"description":"Bad Request: bad body"}`)
		return
	}
	var offset, timeout int64
	_ = json.Unmarshal(params["offset"], &offset)
	_ = json.Unmarshal(params["timeout"], &timeout)
	deadline := time.After(time.Duration(timeout) * time.Second)
	f.mu.Lock()
	f.calls = append(f.calls, params)
	f.active++
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.active--
		f.mu.Unlock()
	}()
	for {
		f.mu.Lock()
		if len(f.failNext) > 0 {
			answer := f.failNext[0]
			f.failNext = f.failNext[1:]
			f.mu.Unlock()
			w.WriteHeader(answer.status)
			fmt.Fprint(w, answer.body)
			return
		}
		for len(f.ids) > 0 && f.ids[0] < offset {
			if f.onConfirm != nil {
				f.onConfirm(f.ids[0])
			}
			f.ids, f.queue = f.ids[1:], f.queue[1:]
		}
		if len(f.queue) > 0 {
			out := "[" + string(joinRaw(f.queue)) + "]"
			f.mu.Unlock()
			fmt.Fprintf(w, `{"ok":true,"result":%s}`, out)
			return
		}
		added := f.added
		f.mu.Unlock()
		select {
		case <-added:
		case <-deadline:
			fmt.Fprint(w, `{"ok":true,"result":[]}`)
			return
		case <-r.Context().Done():
			return
		}
	}
}

func joinRaw(items [][]byte) []byte {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = string(it)
	}
	return []byte(strings.Join(parts, ","))
}
