//go:build demo

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"syscall"

	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/policy"
	"github.com/complaintbot/complaintbot/telegramsim"
	"github.com/complaintbot/complaintbot/telegramsim/playground"
)

// demoToken is the simulated bot's token; it is valid only in the simulator.
const demoToken = "7000000001:demo-shop-desk-simulated-token"

func cmdDemo(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo", stderr)
	script := fs.Bool("script", false, "play a scripted walk-through and print the chat transcripts, then exit")
	playAddr := fs.String("playground", "127.0.0.1:8090", "address of the Telegram simulator and its browser playground")
	cfg, err := loadConfig(fs, args, env, needs{})
	if err != nil {
		return err
	}
	given := func(name, flagName string) bool {
		set := env(name) != ""
		fs.Visit(func(f *flag.Flag) { set = set || f.Name == flagName })
		return set
	}
	if !given("HTTP_ADDR", "http") {
		cfg.HTTPAddr = "127.0.0.1:0"
	}
	logLevel := cfg.LogLevel
	if !given("LOG_LEVEL", "log-level") {
		logLevel = slog.LevelWarn // keep the terminal for the demo's own lines
	}
	logger := newLogger(stderr, logLevel, cfg.LogFormat)
	// go-redis's own messages, such as those of the probe of a local Redis
	// that is not there, go to the log, not to the terminal.
	redis.SetLogger(redisLog{logger})
	d := &demo{cfg: cfg, logger: logger, out: stdout,
		script: *script, playAddr: *playAddr, prefixGiven: given("REDIS_PREFIX", "redis-prefix")}
	err = d.run(ctx)
	if ctx.Err() != nil {
		// Stopped by Ctrl-C or SIGTERM: what that cut short is no failure.
		return nil
	}
	return err
}

// demo is one run of the demo command.
type demo struct {
	cfg         *config
	logger      *slog.Logger
	out         io.Writer
	script      bool
	playAddr    string
	prefixGiven bool // REDIS_PREFIX was set
}

func (d *demo) run(ctx context.Context) error {
	if d.cfg.Token != "" {
		return d.runWithTelegram(ctx)
	}
	pol := d.cfg.Policy
	if pol == nil {
		pol = policy.Default()
	}
	clock := newDemoClock(pol.Shop.TimeZone)
	// The simulator takes the playground's port before anything else: a
	// second demo is refused there, before it touches any data.
	sim, world, err := newDemoWorld(d.playAddr, d.logger, clock)
	if err != nil {
		return err
	}
	defer sim.Close()
	world.configure(d.cfg)
	// The simulated shop's keys live under demo: whatever REDIS_PREFIX
	// says, so resetting them can never touch a real shop's keys.
	d.cfg.RedisPrefix = "demo:"
	release, err := d.setUp(ctx, true)
	if err != nil {
		return err
	}
	defer release()
	// The clock moves the service's follow-up jobs, in the demo schema.
	db, err := openPostgres(ctx, d.cfg.DatabaseURL, 0)
	if err != nil {
		return err
	}
	defer db.Close()
	clock.use(db)
	d.cfg.clock = clock.now
	return d.serveSimulated(ctx, sim, world)
}

// runWithTelegram runs the demo against the real Telegram, keeping what
// earlier runs left.
func (d *demo) runWithTelegram(ctx context.Context) error {
	if d.cfg.StaffChatID == 0 {
		return &configError{Name: "STAFF_CHAT_ID", Msg: "missing: with TELEGRAM_BOT_TOKEN set, the demo talks to the real Telegram and needs the staff group's id"}
	}
	if !d.prefixGiven {
		d.cfg.RedisPrefix = "demo:"
	}
	release, err := d.setUp(ctx, false)
	if err != nil {
		return err
	}
	defer release()
	fmt.Fprintln(d.out, "Telegram: the real one (TELEGRAM_BOT_TOKEN is set); open your bot in Telegram.")
	return serve(ctx, d.cfg, d.logger, nil)
}

// setUp opens the service's HTTP address, picks the servers and claims the
// demo's data on them (see demoServers.claim), clearing it when fresh: all
// that may refuse comes before anything is cleared. release gives back what
// setUp took and stops the servers the demo started.
func (d *demo) setUp(ctx context.Context, fresh bool) (release func(), err error) {
	ln, err := net.Listen("tcp", d.cfg.HTTPAddr)
	if err != nil {
		return nil, fmt.Errorf("HTTP_ADDR %s: %w", d.cfg.HTTPAddr, err)
	}
	servers, err := openDemoServers(ctx, d.cfg, d.out)
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	release = func() {
		servers.close()
		_ = ln.Close() // the service closes it too; closing twice does no harm
	}
	dbURL, err := servers.claim(ctx, d.cfg.RedisPrefix, fresh)
	if err != nil {
		release()
		return nil, err
	}
	if fresh && (servers.sharedDB || servers.sharedRedis) {
		fmt.Fprintln(d.out, "The simulated shop starts afresh: earlier demo tickets and dialogues are cleared.")
	}
	d.cfg.DatabaseURL, d.cfg.RedisURL, d.cfg.listener = dbURL, servers.redisURL, ln
	return release, nil
}

// serveSimulated runs the service against the simulator: until ctx ends, or
// with -script until the walk-through has been played.
func (d *demo) serveSimulated(ctx context.Context, sim *telegramsim.Server, world *demoWorld) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	started := make(chan struct{})
	errc := make(chan error, 1)
	go func() { errc <- serve(ctx, d.cfg, d.logger, func() { close(started) }) }()
	select {
	case err := <-errc:
		return err
	case <-started:
	}
	if !d.script {
		fmt.Fprintf(d.out, "\nPlayground: %s/\nOpen it in a browser; press Ctrl-C to stop.\n", world.apiURL)
		fmt.Fprintln(d.out, "The shop's clock can be moved forward from the playground's header (+1 hour, +1 day), so that follow-ups due later happen now.")
		fmt.Fprintf(d.out, "Its tickets at a terminal, while it runs: DATABASE_URL='%s' go run ./cmd/complaintbot tickets list\n", redactedURL(d.cfg.DatabaseURL))
		return <-errc
	}
	scriptErr := runScript(ctx, sim, world, d.out)
	cancel()
	if err := <-errc; err != nil {
		return err
	}
	return scriptErr
}

// demoWorld is the simulated shop: its staff group, owner and customers.
type demoWorld struct {
	apiURL    string
	staff     telegramsim.Group
	owner     telegramsim.User
	staffers  []telegramsim.User
	customers []telegramsim.User
}

// newDemoWorld starts the simulator of the shop's Telegram on addr, on the
// shop's clock, with the playground that moves the clock.
func newDemoWorld(addr string, logger *slog.Logger, clock *demoClock) (*telegramsim.Server, *demoWorld, error) {
	// LoopbackWebhooks: with WEBHOOK_URL set, the demo's service takes its
	// updates on this machine, which Telegram itself would refuse. Messages
	// are dated by the shop's clock, so that a follow-up the clock brought
	// forward shows on its day.
	sim, err := telegramsim.New(telegramsim.Options{Token: demoToken, BotUsername: "ShopDeskBot", BotName: "Shop Desk", RateLimits: true,
		LoopbackWebhooks: true, Logger: logger, Clock: clock.now})
	if err != nil {
		return nil, nil, err
	}
	playground.Enable(sim, playground.WithClock(clock.shopNow, clock.advance))
	w := &demoWorld{}
	w.owner = sim.AddUser(telegramsim.User{FirstName: "Zhang", LastName: "Wei", Username: "zhang_owner", LanguageCode: "zh-hans"})
	w.staffers = []telegramsim.User{
		sim.AddUser(telegramsim.User{FirstName: "Li", Username: "li_support", LanguageCode: "zh-hans"}),
		sim.AddUser(telegramsim.User{FirstName: "Sam", Username: "sam_support", LanguageCode: "en"}),
	}
	w.customers = []telegramsim.User{
		sim.AddUser(telegramsim.User{FirstName: "Anna", LastName: "Berg", Username: "anna_b", LanguageCode: "en"}),
		sim.AddUser(telegramsim.User{FirstName: "小明", LanguageCode: "zh-hans"}),
	}
	w.staff = sim.AddGroup(telegramsim.Group{Title: "Shop staff", Forum: true, BotIsAdmin: true,
		Members: []int64{w.owner.ID, w.staffers[0].ID, w.staffers[1].ID}})
	w.apiURL, err = sim.Start(addr)
	if err != nil {
		_ = sim.Close()
	}
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, nil, fmt.Errorf("the playground port %s is in use — is another demo running? use -playground ADDR", addr)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("start the Telegram simulator on %s: %w (choose another with -playground)", addr, err)
	}
	return sim, w, nil
}

// configure points the service at the simulated shop.
func (w *demoWorld) configure(cfg *config) {
	cfg.Token, cfg.APIURL = demoToken, w.apiURL
	cfg.StaffChatID, cfg.OwnerIDs = w.staff.ID, []int64{w.owner.ID}
	cfg.StaffIDs = nil
	for _, s := range w.staffers {
		cfg.StaffIDs = append(cfg.StaffIDs, s.ID)
	}
}

// redactedURL is dbURL with any password in it masked, to print.
func redactedURL(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "(your DATABASE_URL)"
	}
	return u.Redacted()
}
