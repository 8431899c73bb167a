//go:build demo

package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// runEchoLoad measures the ceiling: as many customers as the service's
// run, each sending perCustomer messages one after another and waiting for
// each answer, against a bare go-telegram/bot bot that echoes every
// message (no Redis, no PostgreSQL), through a simulator of its own. Its
// limits stay off even in a -limits run: a bare bot does not wait out a
// 429, and with them on the ceiling is Telegram's allowed rate, which the
// report gives beside it.
func runEchoLoad(ctx context.Context, o benchOpts, perCustomer int) (*echoReport, error) {
	sim, err := telegramsim.New(telegramsim.Options{Token: benchToken, BotUsername: "EchoBot"})
	if err != nil {
		return nil, err
	}
	defer sim.Close()
	apiURL, err := sim.Start("127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	echo, err := tgbot.New(benchToken, tgbot.WithServerURL(apiURL),
		tgbot.WithDefaultHandler(func(ctx context.Context, b *tgbot.Bot, u *models.Update) {
			if u.Message == nil {
				return
			}
			_, _ = b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: u.Message.Text})
		}),
		tgbot.WithErrorsHandler(func(error) {}),
	)
	if err != nil {
		return nil, err
	}
	started := make(chan struct{})
	go func() { close(started); echo.Start(ctx) }()
	<-started

	r := &echoReport{Customers: o.customers}
	first := sim.LastUpdateID()
	samples := make([][]time.Duration, o.customers)
	errs := make([]error, o.customers)
	var wg sync.WaitGroup
	start, cpuBefore := time.Now(), processCPU()
	for i := range o.customers {
		u := sim.AddUser(telegramsim.User{FirstName: fmt.Sprintf("Customer%04d", i), LanguageCode: "en"})
		wg.Go(func() {
			for n := range perCustomer {
				sent := time.Now()
				m, err := sim.SendText(u.ID, u.ID, fmt.Sprintf("message %d of customer %d", n, i))
				if err == nil {
					waitCtx, cancel := context.WithTimeout(ctx, o.timeout)
					_, err = sim.WaitBotMessage(waitCtx, u.ID, m.ID)
					cancel()
				}
				if err != nil {
					errs[i] = err
					return
				}
				samples[i] = append(samples[i], time.Since(sent))
			}
		})
	}
	wg.Wait()
	elapsed, cpu := time.Since(start), processCPU()-cpuBefore
	var all []time.Duration
	for i := range samples {
		all = append(all, samples[i]...)
		if errs[i] != nil {
			r.Failed++
		}
	}
	r.Updates = sim.LastUpdateID() - first
	r.ElapsedSec = elapsed.Seconds()
	r.UpdatesPerSec = float64(r.Updates) / elapsed.Seconds()
	r.Latency = summarize(all)
	r.CPUProcessSec = cpu.Seconds()
	if r.Updates > 0 {
		r.TelegramCallsPerUpdate, r.TelegramCallsByMethod = callsPerUpdate(telegramsim.Stats{}, sim.Stats(), r.Updates)
	}
	return r, nil
}
