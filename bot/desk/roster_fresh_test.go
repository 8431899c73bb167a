package desk

import (
	"context"
	"log/slog"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/telegramsim"
)

// An administrator demoted is no longer staff even while the chat_member
// update that says so waits its turn: a message in a forum topic does not
// wait behind the group's member updates.
func TestRosterAsksTelegramBeforeTrustingAnAdministrator(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{})
	r := roster{rdb: d.Redis, out: d.Sender, chatID: d.desk.ID, admins: true, prefix: d.Prefix, log: slog.New(slog.DiscardHandler)}
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

// A member promoted to administrator is staff at once, even while the
// chat_member update that says so waits its turn.
func TestRosterTrustsAPromotionAtOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{})
	r := roster{rdb: d.Redis, out: d.Sender, chatID: d.desk.ID, admins: true, prefix: d.Prefix, log: slog.New(slog.DiscardHandler)}
	zhao := d.sim.AddUser(telegramsim.User{FirstName: "Zhao", LanguageCode: "zh"})
	if err := d.sim.AddMember(d.desk.ID, zhao.ID); err != nil {
		t.Fatal(err)
	}
	// The roster has read the administrators before the promotion.
	if err := r.loadAdmins(ctx); err != nil {
		t.Fatal(err)
	}
	// Promoted; the chat_member update is not handled (nothing pumps it).
	if err := d.sim.PromoteMember(d.desk.ID, zhao.ID); err != nil {
		t.Fatal(err)
	}
	if ok, err := r.isStaff(ctx, zhao.ID); err != nil || !ok {
		t.Errorf("promoted, the update not yet handled: isStaff = %v, %v; want true", ok, err)
	}
}

// A member who is not staff and writes on is asked about once per
// notAdminTTL, not for each message; their promotion's update ends the
// wait.
func TestRosterRemembersWhoIsNotAnAdministrator(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := newEnv(t, envOpts{})
	r := roster{rdb: d.Redis, out: d.Sender, chatID: d.desk.ID, admins: true, prefix: d.Prefix, log: slog.New(slog.DiscardHandler)}
	zhao := d.sim.AddUser(telegramsim.User{FirstName: "Zhao", LanguageCode: "zh"})
	if err := d.sim.AddMember(d.desk.ID, zhao.ID); err != nil {
		t.Fatal(err)
	}
	if ok, err := r.isStaff(ctx, zhao.ID); err != nil || ok {
		t.Fatalf("a plain member: isStaff = %v, %v; want false", ok, err)
	}
	if err := d.sim.PromoteMember(d.desk.ID, zhao.ID); err != nil {
		t.Fatal(err)
	}
	// Telegram was asked a moment ago: its answer stands.
	if ok, err := r.isStaff(ctx, zhao.ID); err != nil || ok {
		t.Errorf("promoted, asked about a moment ago: isStaff = %v, %v; want false until notAdminTTL or the update", ok, err)
	}
	promoted := &models.ChatMemberUpdated{NewChatMember: models.ChatMember{Type: models.ChatMemberTypeAdministrator,
		Administrator: &models.ChatMemberAdministrator{User: models.User{ID: zhao.ID, FirstName: "Zhao"}}}}
	if err := r.follow(ctx, promoted); err != nil {
		t.Fatal(err)
	}
	if ok, err := r.isStaff(ctx, zhao.ID); err != nil || !ok {
		t.Errorf("promoted, the update handled: isStaff = %v, %v; want true", ok, err)
	}
}
