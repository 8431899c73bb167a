package main

import (
	"bytes"
	"io"
	"net/http"
	"time"
)

// telegramClient is the HTTP client of the calls to Telegram. Go's default
// keeps two idle connections to a host: with dozens of handlers and jobs
// sending at once, every other call dialled a new connection, and the
// load tool saw a twentieth of the service's CPU go to dialling.
func telegramClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 128
	return &http.Client{Timeout: time.Minute, Transport: wholeBodies{next: t}}
}

// maxWholeBody is the largest request body wholeBodies sends in one piece;
// a larger one (a big upload) is streamed as before.
const maxWholeBody = 1 << 20

// wholeBodies sends a request body of unknown length in one piece, with
// its length, when it is small. The Telegram client writes every call's
// form through a pipe, so Go's transport sent it chunked and flushed each
// chunk: a dozen writes to the socket (over TLS a dozen records) for a
// form of a few hundred bytes. A CPU profile of the load tool put a
// fifteenth of the whole process in those flushes.
type wholeBodies struct{ next http.RoundTripper }

func (w wholeBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody || req.ContentLength > 0 {
		return w.next.RoundTrip(req)
	}
	head, err := io.ReadAll(io.LimitReader(req.Body, maxWholeBody+1))
	if err != nil {
		req.Body.Close()
		return nil, err
	}
	out := req.Clone(req.Context())
	if len(head) > maxWholeBody {
		// Too big to hold: what was read goes first, the rest streams.
		out.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(head), req.Body), req.Body}
		return w.next.RoundTrip(out)
	}
	req.Body.Close()
	out.Body, out.ContentLength = io.NopCloser(bytes.NewReader(head)), int64(len(head))
	out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(head)), nil }
	return w.next.RoundTrip(out)
}
