package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/complaintbot/complaintbot/internal/customersim"
	"github.com/complaintbot/complaintbot/internal/pgtest"
	"github.com/complaintbot/complaintbot/telegramsim"
)

// A complaint confirmed while PostgreSQL is away for a minute — far longer
// than the retries of one update — is filed when it returns: the customer
// is told at once, truthfully, that it is received and will be filed, and
// then gets the acknowledgement with its reference. Nothing is filed
// twice, and /readyz blames PostgreSQL, not Redis.
func TestComplaintConfirmedDuringADatabaseOutageIsFiledWhenItReturns(t *testing.T) {
	if testing.Short() {
		t.Skip("keeps PostgreSQL away for a minute")
	}
	t.Parallel()
	const outage = time.Minute
	dbURL := pgtest.NewURL(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newTCPProxy(t, u.Host)
	u.Host = proxy.addr
	h := startService(t, harnessOpts{databaseURL: u.String()})
	d := h.driver(t, telegramsim.User{FirstName: "Anna", LanguageCode: "en"})
	if err := d.Run(d.PlainReport()); err != nil {
		t.Fatal(err)
	}

	proxy.cut()
	cutAt := time.Now()
	if err := d.Run([]customersim.Turn{{Do: func() error { return d.Press(d.Label("conversation.button.confirm")) }, Want: "bot.filing_held"}}); err != nil {
		t.Fatal(err)
	}
	if code, body := h.get(t, "/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "postgres") || strings.Contains(body, "redis") {
		t.Errorf("with PostgreSQL away, /readyz = %d %q; want 503 naming postgres alone", code, body)
	}
	// The outage lasts: the held complaint waits, however long.
	time.Sleep(time.Until(cutAt.Add(outage))) // the outage's length is the scenario, not a wait for a result
	proxy.restore(t)

	ack, err := d.WaitMatch(customersim.RefRE)
	if err != nil {
		t.Fatal(err)
	}
	ref := customersim.RefRE.FindString(ack.Text)
	h.quiet(t)
	var tickets, acks, apologies int
	h.ticketStore(t)
	if err := h.pool.QueryRow(context.Background(), `SELECT count(*) FROM tickets WHERE customer_chat_id = $1`, d.User.ID).Scan(&tickets); err != nil {
		t.Fatal(err)
	}
	for _, e := range h.sim.Transcript(d.User.ID) {
		switch {
		case !e.FromBot:
		case strings.Contains(e.Message.Text, ref):
			acks++
		case strings.Contains(e.Message.Text, d.Fragment("bot.sorry")):
			apologies++
		}
	}
	if tickets != 1 || acks != 1 || apologies != 0 {
		t.Errorf("after a %s outage: %d tickets, %d acknowledgements, %d apologies; want 1, 1, 0\n%s", outage, tickets, acks, apologies, d.Transcript())
	}
}

// tcpProxy forwards connections to target until cut: then it closes them
// and refuses new ones, as a database gone away does, until restored.
type tcpProxy struct {
	target, addr string
	mu           sync.Mutex
	ln           net.Listener
	conns        []net.Conn
}

func newTCPProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	p := &tcpProxy{target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *tcpProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.forward(c)
		}
	}()
}

func (p *tcpProxy) forward(c net.Conn) {
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns = append(p.conns, c, up)
	p.mu.Unlock()
	go func() { _, _ = io.Copy(up, c); up.Close() }()
	_, _ = io.Copy(c, up)
	c.Close()
}

// cut closes the proxy's port and every connection through it.
func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}

// restore opens the proxy's port again.
func (p *tcpProxy) restore(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatalf("the proxy's port again: %v", err)
	}
	p.serve(ln)
}
