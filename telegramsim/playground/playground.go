// Package playground is a browser view of a Telegram simulator
// (telegramsim.Server): it shows every chat of the simulated world as
// Telegram would, live over Server-Sent Events, and lets a person write,
// send photos and files, share a contact or a location and press buttons
// as the simulated users. It reaches the simulator only through its
// exported methods, the same ones tests use.
package playground

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// staticFiles are the playground's page, styles and scripts, served as
// they are: no build step.
//
//go:embed static
var staticFiles embed.FS

// playgroundPage is the page's security policy: only the playground's own
// scripts, styles and images run, so a message text that slipped into the
// DOM as markup still could not execute.
const playgroundPage = "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; " +
	"style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"

// playground serves the browser playground of one simulator.
type playground struct {
	s       *telegramsim.Server
	static  fs.FS
	presses presses
	clock   *clock // nil: the page shows no clock (see WithClock)
}

// Enable mounts the browser playground on the simulator's mux (with
// telegramsim.Server.Handle): the page at "/" and its JSON, event stream
// and static routes under "/playground/", next to the Bot API. The
// playground changes the world only through the same methods tests use
// (AddUser, SendText, PressButton, ...); options add to it (WithClock).
// Calling it again for the same simulator does nothing.
func Enable(s *telegramsim.Server, opts ...Option) {
	probe := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/playground/api/state"}}
	if _, pattern := s.Handler(probe); pattern != "/" && pattern != "" {
		return
	}
	static, err := fs.Sub(staticFiles, "static")
	if err != nil {
		// The embedded directory is part of the binary; fs.Sub fails only
		// for an invalid name, which "static" is not.
		s.Logger().Error("playground: static files", "err", err)
		return
	}
	p := &playground{s: s, static: static}
	for _, o := range opts {
		o(p)
	}
	s.Handle("GET /{$}", http.HandlerFunc(p.index))
	s.Handle("GET /playground/static/", http.StripPrefix("/playground/static/", http.HandlerFunc(p.asset)))
	s.Handle("GET /playground/api/state", http.HandlerFunc(p.state))
	s.Handle("GET /playground/api/events", http.HandlerFunc(p.events))
	s.Handle("GET /playground/api/files/{id}", http.HandlerFunc(p.file))
	s.Handle("POST /playground/api/users", p.guard(p.addUser))
	s.Handle("POST /playground/api/chats/{chat}/messages", p.guard(p.sendMessage))
	s.Handle("POST /playground/api/chats/{chat}/contact", p.guard(p.sendContact))
	s.Handle("POST /playground/api/chats/{chat}/location", p.guard(p.sendLocation))
	s.Handle("POST /playground/api/chats/{chat}/press", p.guard(p.press))
	s.Handle("GET /playground/api/clock", http.HandlerFunc(p.clockState))
	s.Handle("POST /playground/api/clock/advance", p.guard(p.advanceClock))
}

// index serves the playground's page.
func (p *playground) index(w http.ResponseWriter, r *http.Request) {
	page, err := fs.ReadFile(p.static, "index.html")
	if err != nil {
		http.Error(w, "playground page missing", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", playgroundPage)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(page)
}

// asset serves the page's scripts and styles. They are revalidated on
// every load, so a rebuilt binary's playground is never mixed with an old
// cached script.
func (p *playground) asset(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.FileServerFS(p.static).ServeHTTP(w, r)
}

// guard admits the playground's own requests only: they carry the
// X-Playground header, which a form or image on another web site cannot
// send without the browser asking this server first (and it never agrees).
func (p *playground) guard(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Playground") == "" {
			writeJSONError(w, http.StatusForbidden, "requests must come from the playground page")
			return
		}
		next(w, r)
	})
}
