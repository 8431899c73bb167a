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
	sim, apiURL, err := startSimulator(ctx, telegramsim.Options{Token: benchToken, BotUsername: "EchoBot"})
	if err != nil {
		return nil, err
	}
	defer sim.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	started := make(chan error, 1)
	go asPart(ctx, partBot, func(ctx context.Context) {
		echo, err := tgbot.New(benchToken, tgbot.WithServerURL(apiURL),
			tgbot.WithDefaultHandler(func(ctx context.Context, b *tgbot.Bot, u *models.Update) {
				if u.Message == nil {
					return
				}
				_, _ = b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: u.Message.Text})
			}),
			tgbot.WithErrorsHandler(func(error) {}),
		)
		started <- err
		if err == nil {
			echo.Start(ctx)
		}
	})
	if err := <-started; err != nil {
		return nil, err
	}
	prof, err := profileParts("")
	if err != nil {
		return nil, err
	}
	defer func() { _, _ = prof.stop() }() // on an early return

	r := &echoReport{Customers: o.customers}
	first := sim.LastUpdateID()
	samples := make([][]time.Duration, o.customers)
	errs := make([]error, o.customers)
	start, cpuBefore := time.Now(), processCPU()
	asPart(ctx, partPeople, func(ctx context.Context) { playEcho(ctx, o, sim, perCustomer, samples, errs) })
	elapsed, cpu := time.Since(start), processCPU()-cpuBefore
	if r.CPUParts, err = prof.stop(); err != nil {
		return nil, err
	}
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

// playEcho has each customer send perCustomer messages, one after the
// echo of the one before, and keeps the waits in samples (errs, a
// customer's failure).
func playEcho(ctx context.Context, o benchOpts, sim *telegramsim.Server, perCustomer int, samples [][]time.Duration, errs []error) {
	var wg sync.WaitGroup
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
}
