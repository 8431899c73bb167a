package bot_test

import (
	"slices"
	"strconv"
	"testing"
)

// Every private chat's menu has the customer's commands; an owner's own
// menu adds /return and /report, in English and in Chinese.
func TestOwnersMenuAddsReturnAndReport(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOpts{secondOwner: true})
	names := func(scope, lang string) []string {
		var out []string
		for _, c := range h.Sim.Commands(scope, lang) {
			out = append(out, c.Command)
		}
		return out
	}
	customer := names("all_private_chats", "")
	if !slices.Contains(customer, "new") || slices.Contains(customer, "report") || slices.Contains(customer, "return") {
		t.Errorf("the customers' menu: %v", customer)
	}
	for _, owner := range h.Owners {
		for _, lang := range []string{"", "zh"} {
			got := names("chat:"+strconv.FormatInt(owner.ID, 10), lang)
			want := append(slices.Clone(customer), "return", "report")
			if !slices.Equal(got, want) {
				t.Errorf("%s's menu (%q) = %v, want %v", owner.FirstName, lang, got, want)
			}
		}
	}
	var zh []string
	for _, c := range h.Sim.Commands("chat:"+strconv.FormatInt(h.Owners[0].ID, 10), "zh") {
		zh = append(zh, c.Description)
	}
	if !slices.Contains(zh, "本周或本月的报表（店主）") {
		t.Errorf("the owner's Chinese menu: %v", zh)
	}
}
