package intake

import (
	"errors"
	"strconv"
	"testing"
)

func TestParseUpdateKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		raw  string
		id   int64
		chat string
	}{
		{"private message", `{"update_id":7,"message":{"message_id":1,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42},"text":"hi"}}`, 7, "42"},
		{"group edit keyed by chat not sender", `{"update_id":8,"edited_message":{"message_id":1,"date":1,"chat":{"id":-1001234567890,"type":"supergroup"},"from":{"id":42}}}`, 8, "-1001234567890"},
		{"channel post", `{"update_id":9,"channel_post":{"message_id":1,"date":1,"chat":{"id":-1009,"type":"channel"}}}`, 9, "-1009"},
		{"business message", `{"update_id":10,"business_message":{"message_id":1,"date":1,"chat":{"id":77,"type":"private"},"from":{"id":78}}}`, 10, "77"},
		{"callback on a group message", `{"update_id":11,"callback_query":{"id":"q","from":{"id":42},"message":{"message_id":5,"date":1,"chat":{"id":-1005,"type":"supergroup"}},"data":"x"}}`, 11, "-1005"},
		{"callback on an inaccessible message", `{"update_id":12,"callback_query":{"id":"q","from":{"id":42},"message":{"message_id":5,"date":0,"chat":{"id":-1006,"type":"supergroup"}}}}`, 12, "-1006"},
		{"inline callback without message", `{"update_id":13,"callback_query":{"id":"q","from":{"id":42},"inline_message_id":"abc","data":"x"}}`, 13, "42"},
		{"bot added to a group", `{"update_id":14,"my_chat_member":{"chat":{"id":-1007,"type":"supergroup"},"from":{"id":42},"date":1}}`, 14, "-1007"},
		{"member change", `{"update_id":15,"chat_member":{"chat":{"id":-1008,"type":"supergroup"},"from":{"id":42},"date":1}}`, 15, "-1008"},
		{"join request", `{"update_id":16,"chat_join_request":{"chat":{"id":-1010,"type":"supergroup"},"from":{"id":42},"user_chat_id":42,"date":1}}`, 16, "-1010"},
		{"reaction", `{"update_id":17,"message_reaction":{"chat":{"id":55,"type":"private"},"message_id":3,"user":{"id":55},"date":1}}`, 17, "55"},
		{"inline query keyed by user", `{"update_id":18,"inline_query":{"id":"i","from":{"id":42},"query":"","offset":""}}`, 18, "42"},
		{"poll answer keyed by user", `{"update_id":19,"poll_answer":{"poll_id":"p","user":{"id":43},"option_ids":[0]}}`, 19, "43"},
		{"poll without anyone", `{"update_id":20,"poll":{"id":"p","question":"?","options":[]}}`, 20, "u20"},
		{"unknown future kind with a chat", `{"update_id":21,"something_new":{"chat":{"id":99}}}`, 21, "99"},
		{"zero update_id", `{"update_id":0,"message":{"chat":{"id":1}}}`, 0, "1"},
		{"message in a forum topic", `{"update_id":22,"message":{"message_id":9,"date":1,"chat":{"id":-1001,"type":"supergroup","is_forum":true},"from":{"id":42},"message_thread_id":7,"is_topic_message":true,"text":"hi"}}`, 22, "-1001/7"},
		{"edit in a forum topic", `{"update_id":23,"edited_message":{"message_id":9,"date":1,"chat":{"id":-1001,"type":"supergroup"},"message_thread_id":7,"is_topic_message":true}}`, 23, "-1001/7"},
		{"callback on a card in a topic", `{"update_id":24,"callback_query":{"id":"q","from":{"id":42},"message":{"message_id":8,"date":1,"chat":{"id":-1001,"type":"supergroup"},"message_thread_id":7,"is_topic_message":true},"data":"x"}}`, 24, "-1001/7"},
		{"forum's General topic", `{"update_id":25,"message":{"message_id":10,"date":1,"chat":{"id":-1001,"type":"supergroup","is_forum":true},"from":{"id":42},"text":"/list"}}`, 25, "-1001"},
		{"reply thread outside a forum", `{"update_id":26,"message":{"message_id":11,"date":1,"chat":{"id":-1002,"type":"supergroup"},"from":{"id":42},"message_thread_id":5,"text":"re"}}`, 26, "-1002"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, err := parseUpdateKey([]byte(tt.raw))
			if err != nil {
				t.Fatalf("parseUpdateKey: %v", err)
			}
			if key.ID != tt.id || key.Chat != tt.chat {
				t.Fatalf("got id %d chat %q, want id %d chat %q", key.ID, key.Chat, tt.id, tt.chat)
			}
		})
	}
}

func TestParseUpdateKeyRejectsNonUpdates(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		``,
		`not json`,
		`[1,2]`,
		`{"message":{"chat":{"id":1}}}`,
		`{"update_id":"7"}`,
		`{"update_id":7.5}`,
		`{"update_id":-3}`,
		`{"update_id":null}`,
		`{"update_id":7`,
	} {
		_, err := parseUpdateKey([]byte(raw))
		if !errors.Is(err, ErrInvalidUpdate) {
			t.Errorf("parseUpdateKey(%q) = %v, want ErrInvalidUpdate", raw, err)
		}
	}
}

func TestPartitionOfSpreadsChatsAndIsStable(t *testing.T) {
	t.Parallel()
	const n = 16
	used := make(map[int]int)
	for chat := int64(1); chat <= 2000; chat++ {
		key := strconv.FormatInt(chat*7919, 10)
		p := partitionOf(key, n)
		if p < 0 || p >= n {
			t.Fatalf("partitionOf(%s) = %d, out of range", key, p)
		}
		if again := partitionOf(key, n); again != p {
			t.Fatalf("partitionOf(%s) changed: %d then %d", key, p, again)
		}
		used[p]++
	}
	for p := range n {
		if used[p] < 2000/n/3 {
			t.Errorf("partition %d got %d of 2000 chats; the spread is lopsided", p, used[p])
		}
	}
}
