package intake

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// topicUpdate is a staff member's message in topic thread of a forum.
func topicUpdate(updateID, chatID, thread int64) []byte {
	return fmt.Appendf(nil, `{"update_id":%d,"message":{"message_id":%d,"date":1700000000,`+
		`"chat":{"id":%d,"type":"supergroup","is_forum":true},"from":{"id":42,"is_bot":false,"first_name":"Li"},`+
		`"message_thread_id":%d,"is_topic_message":true,"text":"t"}}`, updateID, updateID, chatID, thread)
}

// In a forum each topic is a line of its own: while one topic's update is
// being handled, another topic's is handled too, and the first topic's
// next update waits its turn.
func TestDispatchHandlesTopicsSideBySide(t *testing.T) {
	t.Parallel()
	rdb, prefix := newIntakeTestRedis(t)
	in := New(rdb, Config{Prefix: prefix, Partitions: 1})
	const group = -1001000000001
	release := make(chan struct{})
	var mu sync.Mutex
	var order []int64
	handler := HandlerFunc(func(ctx context.Context, upd *models.Update) error {
		if upd.ID == 1 {
			<-release // topic 7's first update holds its line
		}
		mu.Lock()
		order = append(order, upd.ID)
		mu.Unlock()
		in.signal()
		return nil
	})
	handled := func() []int64 {
		mu.Lock()
		defer mu.Unlock()
		return append([]int64(nil), order...)
	}
	ctx := context.Background()
	for _, raw := range [][]byte{topicUpdate(1, group, 7), topicUpdate(2, group, 8), topicUpdate(3, group, 7)} {
		if _, err := in.Store(ctx, raw); err != nil {
			t.Fatal(err)
		}
	}
	startTestDispatcher(t, in, handler, testDispatcherConfig("d"))
	var once sync.Once
	let := func() { once.Do(func() { close(release) }) }
	t.Cleanup(let) // before the dispatcher stops, should the test fail first
	waitForIntake(t, in, 5*time.Second, "topic 8 handled while topic 7 waits", func() bool { return len(handled()) == 1 })
	if got := handled(); got[0] != 2 {
		t.Fatalf("handled %v first, want topic 8's update 2", got)
	}
	let()
	waitForIntake(t, in, 5*time.Second, "all handled", func() bool { return len(handled()) == 3 })
	if got := handled(); got[1] != 1 || got[2] != 3 {
		t.Errorf("handled %v, want topic 7's 1 before its 3", got)
	}
}
