// Package telegramsim is a Telegram Bot API simulator for developing and testing
// the bot without Telegram. It serves the real wire format at
// /bot<token>/<method> and /file/bot<token>/<file_path>, validates every
// request against the official API description (package wire) and keeps a
// simulated world in memory: users and their private chats with the bot,
// supergroups and forum topics, messages, files, callback queries, the
// update queue for getUpdates or a webhook, bot commands and flood limits.
//
// A test builds a world, drives it as users would (SendText, PressButton,
// ...), lets the real go-telegram/bot client talk to the server and checks
// what users would see (WaitBotMessage, Transcript):
//
//	sim, _ := telegramsim.New(telegramsim.Options{Token: "123:secret"})
//	ts := httptest.NewServer(sim)
//	b, _ := bot.New("123:secret", bot.WithServerURL(ts.URL))
//	u := sim.AddUser(telegramsim.User{FirstName: "Ann"})
//	sim.SendText(u.ID, u.ID, "/start")
//
// Package playground (telegramsim/playground) puts a browser view of the
// simulated world next to the API, in which a person can act as the users.
//
// Where the simulator departs from Telegram it says so in the doc comment
// of the method concerned. Methods of the API that are not modelled are
// answered with HTTP 501 and "Not Implemented: <method> is not modelled by
// the simulator", a status Telegram never uses, so that a bot relying on
// one fails loudly.
package telegramsim
