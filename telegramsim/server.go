package telegramsim

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim/wire"
)

// Options configures a Server. Only Token is required.
type Options struct {
	// Token is the bot token, "<bot id>:<secret>"; requests with any other
	// token are answered 401 Unauthorized.
	Token string
	// BotUsername is the bot's username without "@"; default "sim_bot".
	BotUsername string
	// BotName is the bot's first_name; default "Sim Bot".
	BotName string
	// RateLimits turns Telegram's flood limits on (see ratelimit.go).
	RateLimits bool
	// ReadAllGroupMessages turns the bot's privacy mode off. With privacy
	// mode on (the default, as for a new bot) a bot that is not an
	// administrator of a group only receives commands, replies to its own
	// messages and service messages from it.
	ReadAllGroupMessages bool
	// Clock tells the time for message dates, update expiry, callback query
	// expiry and rate limits; default time.Now.
	Clock func() time.Time
	// WebhookRetryDelay is the wait before the first redelivery of an update
	// the webhook refused; it doubles up to 64 times that. Default 1s.
	WebhookRetryDelay time.Duration
	// WebhookClient posts updates to the webhook; default a client with a
	// 10s timeout.
	WebhookClient *http.Client
	// LoopbackWebhooks lets setWebhook accept a webhook on this machine, as
	// tests and the demo need: an http or https URL whose host is
	// "localhost" or a loopback address, on any port (an httptest server's,
	// say). The simulator then posts updates to that URL. Telegram accepts
	// only HTTPS URLs on ports 80, 88, 443 and 8443, and without this
	// option, or for any other host, so does the simulator.
	LoopbackWebhooks bool
	// Logger receives the simulator's diagnostics; default discards them.
	Logger *slog.Logger
}

// Server is a Telegram Bot API simulator. It serves /bot<token>/<method>
// and /file/bot<token>/<path> and holds the simulated world in memory. Use
// it as an http.Handler (e.g. with httptest.NewServer) or call Start.
type Server struct {
	opts     Options
	log      *slog.Logger
	now      func() time.Time
	spec     *wire.Spec
	mux      *http.ServeMux
	token    string
	me       models.User
	handlers map[string]handler

	mu      sync.Mutex
	changed chan struct{} // closed and replaced whenever state changes
	// chatChanged holds, for each chat someone waits on, a channel closed
	// when that chat's messages change: a thousand customers each waiting
	// for their own answer are not all woken by every message.
	chatChanged map[int64]chan struct{}
	world       world
	files       fileStore
	upd         updateQueue
	hook        webhookState
	cbs         callbackStore
	cmds        map[string][]models.BotCommand
	limits      rateLimiter
	stats       Stats
	feed        feed

	ctx       context.Context // ends at Close
	cancel    context.CancelFunc
	done      <-chan struct{} // ctx.Done()
	closeOnce sync.Once
	wg        sync.WaitGroup
	httpSrv   *http.Server
}

// handler runs one Bot API method on validated parameters and returns its
// result, which is encoded as the "result" field.
type handler func(ctx context.Context, p wire.Params) (any, *wire.Error)

// New builds a simulator for the bot whose token is opts.Token. It fails
// when the token is not "<positive integer>:<secret>" or the embedded API
// description cannot be read.
func New(opts Options) (*Server, error) {
	idText, secret, ok := strings.Cut(opts.Token, ":")
	botID, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil || botID <= 0 || secret == "" {
		return nil, errors.New("telegramsim: token must be \"<bot id>:<secret>\"")
	}
	spec, err := wire.LoadSpec()
	if err != nil {
		return nil, fmt.Errorf("telegramsim: load spec: %w", err)
	}
	opts = withDefaults(opts)
	s := &Server{
		opts:        opts,
		log:         opts.Logger,
		now:         opts.Clock,
		spec:        spec,
		mux:         http.NewServeMux(),
		token:       opts.Token,
		me:          models.User{ID: botID, IsBot: true, FirstName: opts.BotName, Username: opts.BotUsername},
		changed:     make(chan struct{}),
		chatChanged: map[int64]chan struct{}{},
		world:       newWorld(),
		files:       newFileStore(),
		upd:         newUpdateQueue(),
		hook:        newWebhookState(),
		cbs:         newCallbackStore(),
		cmds:        map[string][]models.BotCommand{},
		limits:      newRateLimiter(opts.RateLimits),
		stats:       Stats{Calls: map[string]int{}, Errors: map[int]int{}, TooManyBy: map[string]int{}},
		feed:        newFeed(),
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.done = s.ctx.Done()
	s.handlers = s.methodTable()
	s.mux.HandleFunc("/", s.route)
	s.wg.Add(1)
	go s.runWebhook()
	return s, nil
}

func withDefaults(o Options) Options {
	if o.BotUsername == "" {
		o.BotUsername = "sim_bot"
	}
	if o.BotName == "" {
		o.BotName = "Sim Bot"
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.WebhookRetryDelay <= 0 {
		o.WebhookRetryDelay = time.Second
	}
	if o.WebhookClient == nil {
		o.WebhookClient = &http.Client{Timeout: 10 * time.Second}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// ServeHTTP serves the Bot API and file download routes, and whatever else
// was mounted with Handle.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// Handle mounts an extra handler (e.g. a browser playground) on the
// simulator's mux. Patterns more specific than "/" take precedence over the
// API routes.
func (s *Server) Handle(pattern string, h http.Handler) {
	s.mux.Handle(pattern, h)
}

// Start listens on addr (e.g. "127.0.0.1:0") and serves in the background.
// It returns the base URL to pass to bot.WithServerURL.
func (s *Server) Start(addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("telegramsim: listen %s: %w", addr, err)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.mu.Lock()
	s.httpSrv = srv
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("telegramsim: serve", "err", err)
		}
	}()
	return "http://" + ln.Addr().String(), nil
}

// Close stops webhook delivery, ends waiting getUpdates calls and, after
// Start, the HTTP server. It is safe to call more than once.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		s.cancel()
		s.mu.Lock()
		srv := s.httpSrv
		s.mu.Unlock()
		if srv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err = srv.Shutdown(ctx)
		}
		s.wg.Wait()
	})
	return err
}

// SetRateLimits switches Telegram's flood limits on or off at runtime.
func (s *Server) SetRateLimits(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits.on = on
}

// notifyLocked wakes what waits for any change (the update queue, callback
// answers) and what waits on the messages of the chats named, whose
// messages changed. s.mu is held.
func (s *Server) notifyLocked(chats ...int64) {
	close(s.changed)
	s.changed = make(chan struct{})
	for _, id := range chats {
		if ch, ok := s.chatChanged[id]; ok {
			close(ch)
			delete(s.chatChanged, id)
		}
	}
}

// chatChangedLocked is the channel closed at the next change to the chat's
// messages. s.mu is held.
func (s *Server) chatChangedLocked(chatID int64) <-chan struct{} {
	ch, ok := s.chatChanged[chatID]
	if !ok {
		ch = make(chan struct{})
		s.chatChanged[chatID] = ch
	}
	return ch
}

// date is the current time as a message date.
func (s *Server) date() int {
	return int(s.now().Unix())
}
