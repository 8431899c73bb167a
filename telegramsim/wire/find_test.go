package wire

import (
	"reflect"
	"testing"
)

func TestFindEntities(t *testing.T) {
	t.Parallel()
	type E = Entity
	tests := []struct {
		text string
		want []Entity
	}{
		{"/start", []E{{Type: "bot_command", Length: 6}}},
		{"/start@desk_bot now", []E{{Type: "bot_command", Length: 15}}},
		{"/new_ticket 42", []E{{Type: "bot_command", Length: 11}}},
		{"and/or, 1/2, </b>", nil},
		{"ask @support_team or @ab", []E{{Type: "mention", Offset: 4, Length: 13}}},
		{"mail@example.com", []E{{Type: "email", Length: 16}}},
		{"#refund #42 #q2_report", []E{{Type: "hashtag", Length: 7}, {Type: "hashtag", Offset: 12, Length: 10}}},
		{"pay $USD now", []E{{Type: "cashtag", Offset: 4, Length: 4}}},
		{"see https://example.com/a?b=1.", []E{{Type: "url", Offset: 4, Length: 25}}},
		{"go to shop.example.com, then (docs.example.org)", []E{{Type: "url", Offset: 6, Length: 16}, {Type: "url", Offset: 30, Length: 16}}},
		{"file.txt and v1.2", nil},
		{"😀 /help", []E{{Type: "bot_command", Offset: 3, Length: 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			if got := FindEntities(tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FindEntities(%q) =\n%+v\nwant\n%+v", tt.text, got, tt.want)
			}
		})
	}
}

func TestCleanName(t *testing.T) {
	t.Parallel()
	long := ""
	for range 130 {
		long += "я"
	}
	tests := map[string]string{
		"  Refund   #7 \n delayed ": "Refund #7 delayed",
		"\u200b \u200b":             "",
		long:                        long[:256],
	}
	for in, want := range tests {
		if got := CleanName(in, MaxTopicName); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}
