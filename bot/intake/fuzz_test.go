package intake

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// updateSeeds are bodies a webhook or getUpdates may bring: updates of
// every kind the intake keys, and things that are not updates.
var updateSeeds = []string{
	`{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"},"text":"hi"}}`,
	`{"update_id":2,"edited_message":{"message_id":1,"date":1,"chat":{"id":-100,"type":"supergroup"}}}`,
	`{"update_id":3,"callback_query":{"id":"q","from":{"id":7},"message":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"}},"data":"c1|a|0|ok|"}}`,
	`{"update_id":4,"callback_query":{"id":"q","from":{"id":7},"inline_message_id":"x","data":"sv:1:a:5"}}`,
	`{"update_id":5,"message_reaction":{"chat":{"id":42,"type":"private"},"message_id":1,"date":1}}`,
	`{"update_id":6,"inline_query":{"id":"i","from":{"id":9},"query":""}}`,
	`{"update_id":7,"poll":{"id":"p"}}`,
	`{"update_id":8}`, `{"update_id":0,"message":{"chat":{"id":"42"}}}`, `{"update_id":9,"message":{"chat":{"id":1e3}}}`,
	`{"update_id":-1}`, `{"update_id":"1"}`, `{"update_id":null}`, `{"update_id":1.5}`, `{"update_id":99999999999999999999}`,
	`{"message":{"chat":{"id":1}}}`, `[]`, `"update"`, `null`, `{`, ``, `{"update_id":1,"update_id":2}`,
}

// Whatever the body, parseUpdateKey refuses it as not an update, or keys
// it to an id and a chat; a body it keys the dispatcher then decodes (or
// sets aside as undecodable) without a panic.
func FuzzParseUpdateKey(f *testing.F) {
	for _, s := range updateSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		key, err := parseUpdateKey(raw)
		if err != nil {
			if !errors.Is(err, ErrInvalidUpdate) {
				t.Fatalf("parseUpdateKey(%q): %v, not ErrInvalidUpdate", raw, err)
			}
			return
		}
		if key.ID < 0 || key.Chat == "" {
			t.Fatalf("parseUpdateKey(%q) = %+v", raw, key)
		}
		if again, _ := parseUpdateKey(raw); again != key {
			t.Fatalf("parseUpdateKey(%q) = %+v, then %+v", raw, key, again)
		}
		if p := partitionOf(key.Chat, 16); p < 0 || p >= 16 {
			t.Fatalf("partition %d of 16", p)
		}
		var upd models.Update
		_ = json.Unmarshal(raw, &upd)
	})
}

// Store, on the real Redis: a body that is not an update stores nothing; an
// update is stored once, as it came, on its chat's partition, and storing it
// again adds nothing.
func FuzzStore(f *testing.F) {
	for _, s := range updateSeeds {
		f.Add([]byte(s))
	}
	rdb, prefix := newIntakeTestRedis(f)
	ctx := context.Background()
	run := 0
	f.Fuzz(func(t *testing.T, raw []byte) {
		run++
		in := New(rdb, Config{Prefix: prefix + strconv.Itoa(run) + ":", Partitions: 4})
		stored, err := in.Store(ctx, raw)
		if err != nil {
			if !errors.Is(err, ErrInvalidUpdate) {
				t.Fatalf("Store(%q): %v", raw, err)
			}
			if n := streamLen(t, in); n != 0 {
				t.Fatalf("Store(%q) refused it but stored %d entries", raw, n)
			}
			return
		}
		if !stored {
			t.Fatalf("Store(%q) into an empty intake: a duplicate", raw)
		}
		key, _ := parseUpdateKey(raw)
		msgs, err := rdb.XRange(ctx, in.streamKey(partitionOf(key.Chat, 4)), "-", "+").Result()
		if err != nil || len(msgs) != 1 || msgs[0].Values["body"] != string(raw) || msgs[0].Values["chat"] != key.Chat {
			t.Fatalf("Store(%q): the partition holds %v, %v", raw, msgs, err)
		}
		if again, err := in.Store(ctx, raw); err != nil || again {
			t.Fatalf("Store(%q) twice = %v, %v; want a duplicate", raw, again, err)
		}
		if n := streamLen(t, in); n != 1 {
			t.Fatalf("Store(%q) twice: %d entries", raw, n)
		}
	})
}

// The dispatcher, running on the real Redis, takes every body the intake
// stored: one the models package decodes reaches the handler once, any
// other is set aside as a dead letter at once; none is left in the stream.
func FuzzDispatch(f *testing.F) {
	for _, s := range updateSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"update_id":20,"message":{"chat":{"id":42},"date":"yesterday"}}`))
	f.Add([]byte(`{"update_id":21,"callback_query":{"message":{"chat":{"id":42}},"from":[]}}`))
	rdb, prefix := newIntakeTestRedis(f)
	in := New(rdb, Config{Prefix: prefix, Partitions: 2})
	var handled atomic.Int64
	h := HandlerFunc(func(context.Context, *models.Update) error {
		handled.Add(1)
		return nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- NewDispatcher(in, h, testDispatcherConfig("fuzz")).Run(ctx) }()
	f.Cleanup(func() {
		cancel()
		<-done
	})
	dead := func() int64 { return rdb.XLen(context.Background(), in.deadKey()).Val() }
	f.Fuzz(func(t *testing.T, raw []byte) {
		handledBefore, deadBefore := handled.Load(), dead()
		stored, err := in.Store(context.Background(), raw)
		if err != nil || !stored {
			return // not an update, or an update_id seen before
		}
		waitForIntake(t, in, 10*time.Second, "the update settled", func() bool {
			return streamLen(t, in) == 0 && handled.Load()+dead() == handledBefore+deadBefore+1
		})
		var upd models.Update
		want := int64(0)
		if json.Unmarshal(raw, &upd) == nil {
			want = 1
		}
		if got := handled.Load() - handledBefore; got != want {
			t.Fatalf("body %q reached the handler %d times, want %d", raw, got, want)
		}
	})
}
