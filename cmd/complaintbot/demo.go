//go:build demo

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

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
	logger := newLogger(stderr, logLevel)

	simulated := cfg.Token == ""
	dbURL, stopDB, err := demoDatabase(ctx, cfg.DatabaseURL, simulated, stdout)
	if err != nil {
		return err
	}
	defer stopDB()
	redisURL, stopRedis, err := demoRedis(ctx, cfg.RedisURL, stdout)
	if err != nil {
		return err
	}
	defer stopRedis()
	cfg.DatabaseURL, cfg.RedisURL = dbURL, redisURL
	if simulated {
		// The simulated shop's keys live under demo: whatever REDIS_PREFIX
		// says, so resetting them can never touch a real shop's keys.
		cfg.RedisPrefix = "demo:"
		if err := clearRedisPrefix(ctx, cfg.RedisURL, cfg.RedisPrefix); err != nil {
			return fmt.Errorf("reset demo keys in Redis: %w", err)
		}
		fmt.Fprintln(stdout, "The simulated shop starts afresh: earlier demo tickets and dialogues are cleared.")
	} else if !given("REDIS_PREFIX", "redis-prefix") {
		cfg.RedisPrefix = "demo:"
	}

	if cfg.Token != "" {
		if cfg.StaffChatID == 0 {
			return &configError{Name: "STAFF_CHAT_ID", Msg: "missing: with TELEGRAM_BOT_TOKEN set, the demo talks to the real Telegram and needs the staff group's id"}
		}
		fmt.Fprintln(stdout, "Telegram: the real one (TELEGRAM_BOT_TOKEN is set); open your bot in Telegram.")
		return serve(ctx, cfg, logger, nil)
	}

	sim, world, err := newDemoWorld(*playAddr, logger)
	if err != nil {
		return err
	}
	defer sim.Close()
	cfg.Token, cfg.APIURL = demoToken, world.apiURL
	cfg.StaffChatID, cfg.OwnerIDs = world.staff.ID, []int64{world.owner.ID}
	cfg.StaffIDs = nil
	for _, s := range world.staffers {
		cfg.StaffIDs = append(cfg.StaffIDs, s.ID)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	started := make(chan struct{})
	errc := make(chan error, 1)
	go func() { errc <- serve(ctx, cfg, logger, func() { close(started) }) }()
	select {
	case err := <-errc:
		return err
	case <-started:
	}

	if *script {
		scriptErr := playScript(ctx, sim, world, stdout)
		cancel()
		if err := <-errc; err != nil {
			return err
		}
		return scriptErr
	}
	fmt.Fprintf(stdout, "\nPlayground: %s/\nOpen it in a browser; press Ctrl-C to stop.\n", world.apiURL)
	return <-errc
}

// demoWorld is the simulated shop: its staff group, owner and customers.
type demoWorld struct {
	apiURL    string
	staff     telegramsim.Group
	owner     telegramsim.User
	staffers  []telegramsim.User
	customers []telegramsim.User
}

func newDemoWorld(addr string, logger *slog.Logger) (*telegramsim.Server, *demoWorld, error) {
	// LoopbackWebhooks: with WEBHOOK_URL set, the demo's service takes its
	// updates on this machine, which Telegram itself would refuse.
	sim, err := telegramsim.New(telegramsim.Options{Token: demoToken, BotUsername: "ShopDeskBot", BotName: "Shop Desk", RateLimits: true,
		LoopbackWebhooks: true, Logger: logger})
	if err != nil {
		return nil, nil, err
	}
	playground.Enable(sim)
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
		return nil, nil, fmt.Errorf("start the Telegram simulator on %s: %w (choose another with -playground)", addr, err)
	}
	return sim, w, nil
}
