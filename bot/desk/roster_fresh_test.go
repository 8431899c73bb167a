package desk

import (
	"context"
	"testing"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// An administrator demoted is no longer staff even while the chat_member
// update that says so waits its turn: a message in a forum topic does not
// wait behind the group's member updates.
func TestRosterAsksTelegramBeforeTrustingAnAdministrator(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{})
	r := roster{rdb: d.Redis, out: d.Sender, chatID: d.desk.ID, admins: true, prefix: d.Prefix}
	zhao := d.sim.AddUser(telegramsim.User{FirstName: "Zhao", LanguageCode: "zh"})
	if err := d.sim.AddMember(d.desk.ID, zhao.ID); err != nil {
		t.Fatal(err)
	}
	if err := d.sim.PromoteMember(d.desk.ID, zhao.ID); err != nil {
		t.Fatal(err)
	}
	if ok, err := r.isStaff(ctx, zhao.ID); err != nil || !ok {
		t.Fatalf("an administrator: isStaff = %v, %v; want true", ok, err)
	}
	// Demoted; the chat_member update is not handled (nothing pumps it).
	if err := d.sim.DemoteMember(d.desk.ID, zhao.ID); err != nil {
		t.Fatal(err)
	}
	if ok, err := r.isStaff(ctx, zhao.ID); err != nil || ok {
		t.Errorf("demoted, the update not yet handled: isStaff = %v, %v; want false", ok, err)
	}
}
