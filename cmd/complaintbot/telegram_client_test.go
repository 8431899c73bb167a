package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	tgbot "github.com/go-telegram/bot"
)

// seen is what a server saw of one request.
type seen struct {
	length   int64
	encoding []string
	body     []byte
}

func recordingServer(t *testing.T, answer string) (*httptest.Server, <-chan seen) {
	t.Helper()
	got := make(chan seen, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("read body: %v", err)
		}
		got <- seen{length: r.ContentLength, encoding: r.TransferEncoding, body: b}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, got
}

// A call of the Telegram client reaches the server with its length, in one
// piece, rather than chunked.
func TestTelegramCallsAreSentWhole(t *testing.T) {
	srv, got := recordingServer(t, `{"ok":true,"result":{"message_id":7,"date":0,"chat":{"id":42,"type":"private"}}}`)
	b, err := tgbot.New("1:token", tgbot.WithServerURL(srv.URL), tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(0, telegramClient()))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := b.SendMessage(context.Background(), &tgbot.SendMessageParams{ChatID: 42, Text: "您好 hello"})
	if err != nil {
		t.Fatal(err)
	}
	if msg.ID != 7 {
		t.Errorf("message id %d, want 7", msg.ID)
	}
	s := <-got
	if len(s.encoding) != 0 || s.length != int64(len(s.body)) {
		t.Errorf("sent with length %d, transfer encoding %v, body of %d bytes; want the body's length and no chunking",
			s.length, s.encoding, len(s.body))
	}
	if !bytes.Contains(s.body, []byte("您好 hello")) || !bytes.Contains(s.body, []byte(`name="chat_id"`)) {
		t.Errorf("the form lost its fields:\n%s", s.body)
	}
}

// A body larger than maxWholeBody is streamed, and arrives whole.
func TestTelegramClientStreamsABigBody(t *testing.T) {
	srv, got := recordingServer(t, `{}`)
	want := strings.Repeat("0123456789abcdef", maxWholeBody/16+100)
	pr, pw := io.Pipe()
	go func() { _, _ = io.WriteString(pw, want); pw.Close() }()
	req, err := http.NewRequest(http.MethodPost, srv.URL, pr)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := telegramClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s := <-got
	if string(s.body) != want {
		t.Fatalf("the server got %d bytes, want the %d sent", len(s.body), len(want))
	}
	if len(s.encoding) == 0 || s.encoding[0] != "chunked" {
		t.Errorf("transfer encoding %v: a body over %d bytes should stream", s.encoding, maxWholeBody)
	}
}
