package desk

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/redis/go-redis/v9"

	"github.com/complaintbot/complaintbot/bot/send"
)

// adminsTTL is how long the staff group's administrators are trusted as
// last read from Telegram; chat_member updates keep the list current in
// between, and a lost one is mended by the next read.
const adminsTTL = 10 * time.Minute

// notAdminTTL is how long Telegram's word that someone is not an
// administrator is trusted, so that a member who is not staff and writes
// on does not cost a call to Telegram for each message. Their promotion's
// chat_member update ends it at once.
const notAdminTTL = 30 * time.Second

// roster decides who is staff in the staff group. Membership of the group
// is not enough: staff are the shop's owners (Config.OwnerIDs), the
// members it lists (Config.StaffIDs) and, when the shop says so
// (Config.AdminsAreStaff), the group's administrators. Someone who left or
// was removed from the group loses the right as soon as Telegram says so
// (a chat_member update); an administrator is asked about afresh
// (getChatMember) each time the list says they are one, so a demotion
// counts at once; and someone the list does not name is asked about too,
// so a promotion counts at once.
//
// Keys: "<prefix>desk:admins" (the administrators' user ids, refreshed from
// getChatAdministrators when missing), "<prefix>desk:gone" (user ids
// that left the group or were removed, until they are back) and
// "<prefix>desk:notadmin:<id>" (Telegram said so, notAdminTTL ago at most).
type roster struct {
	rdb    redis.UniversalClient
	out    *send.Sender
	chatID int64
	owners []int64
	listed []int64
	admins bool
	prefix string
	log    *slog.Logger
}

func (r roster) adminsKey() string { return r.prefix + "desk:admins" }
func (r roster) goneKey() string   { return r.prefix + "desk:gone" }
func (r roster) notAdminKey(id string) string {
	return r.prefix + "desk:notadmin:" + id
}

// isStaff reports whether userID may act at the desk. The error is Redis's
// or Telegram's: without knowing, nobody is let through.
func (r roster) isStaff(ctx context.Context, userID int64) (bool, error) {
	if slices.Contains(r.owners, userID) {
		return true, nil
	}
	id := strconv.FormatInt(userID, 10)
	gone, err := r.rdb.SIsMember(ctx, r.goneKey(), id).Result()
	if err != nil {
		return false, fmt.Errorf("desk: is %d gone: %w", userID, err)
	}
	switch {
	case gone:
		return false, nil
	case slices.Contains(r.listed, userID):
		return true, nil
	case !r.admins:
		return false, nil
	}
	if err := r.loadAdmins(ctx); err != nil {
		return false, err
	}
	pipe := r.rdb.Pipeline()
	listed := pipe.SIsMember(ctx, r.adminsKey(), id)
	refused := pipe.Exists(ctx, r.notAdminKey(id))
	if _, err := pipe.Exec(ctx); err != nil {
		return false, fmt.Errorf("desk: is %d an administrator: %w", userID, err)
	}
	if !listed.Val() && refused.Val() > 0 {
		return false, nil
	}
	// The list may be behind: a message in a forum topic does not wait for
	// the group's member updates (each topic is a line of its own in the
	// intake), so the chat_member update of a promotion or a demotion may
	// not be handled yet. Telegram says how it is now.
	m, err := r.out.Bot().GetChatMember(ctx, &tgbot.GetChatMemberParams{ChatID: r.chatID, UserID: userID})
	if err != nil {
		return false, fmt.Errorf("desk: is %d an administrator: %w", userID, err)
	}
	admin := m.Type == models.ChatMemberTypeOwner || m.Type == models.ChatMemberTypeAdministrator
	pipe = r.rdb.TxPipeline()
	if admin {
		pipe.SAdd(ctx, r.adminsKey(), id)
		pipe.Del(ctx, r.notAdminKey(id))
	} else {
		pipe.SRem(ctx, r.adminsKey(), id)
		pipe.Set(ctx, r.notAdminKey(id), "1", notAdminTTL)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		r.log.Warn("desk: administrator not recorded", "user", userID, "err", err)
	}
	return admin, nil
}

// loadAdmins reads the group's administrators from Telegram unless Redis
// holds a recent list.
func (r roster) loadAdmins(ctx context.Context) error {
	n, err := r.rdb.Exists(ctx, r.adminsKey()).Result()
	if err != nil || n > 0 {
		return err
	}
	admins, err := r.out.Bot().GetChatAdministrators(ctx, &tgbot.GetChatAdministratorsParams{ChatID: r.chatID})
	if err != nil {
		return fmt.Errorf("desk: administrators of %d: %w", r.chatID, err)
	}
	ids := []any{"0"} // never empty: an empty set would not be stored
	for _, a := range admins {
		if u := memberUser(a); u != nil && !u.IsBot {
			ids = append(ids, strconv.FormatInt(u.ID, 10))
		}
	}
	pipe := r.rdb.TxPipeline()
	pipe.Del(ctx, r.adminsKey())
	pipe.SAdd(ctx, r.adminsKey(), ids...)
	pipe.Expire(ctx, r.adminsKey(), adminsTTL)
	_, err = pipe.Exec(ctx)
	return err
}

// follow applies a change of someone's membership of the staff group.
func (r roster) follow(ctx context.Context, u *models.ChatMemberUpdated) error {
	who := memberUser(u.NewChatMember)
	if who == nil {
		return nil
	}
	id := strconv.FormatInt(who.ID, 10)
	pipe := r.rdb.TxPipeline()
	switch u.NewChatMember.Type {
	case models.ChatMemberTypeOwner, models.ChatMemberTypeAdministrator:
		pipe.SRem(ctx, r.goneKey(), id)
		pipe.Del(ctx, r.notAdminKey(id))
		// Read the list afresh: it then holds the new administrator.
		pipe.Del(ctx, r.adminsKey())
	case models.ChatMemberTypeLeft, models.ChatMemberTypeBanned:
		pipe.SAdd(ctx, r.goneKey(), id)
		pipe.SRem(ctx, r.adminsKey(), id)
	default: // a plain or restricted member
		pipe.SRem(ctx, r.goneKey(), id)
		pipe.SRem(ctx, r.adminsKey(), id)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("desk: follow member %d: %w", who.ID, err)
	}
	return nil
}

// memberUser is the user a ChatMember is about.
func memberUser(m models.ChatMember) *models.User {
	switch {
	case m.Owner != nil:
		return m.Owner.User
	case m.Administrator != nil:
		return &m.Administrator.User
	case m.Member != nil:
		return m.Member.User
	case m.Restricted != nil:
		return m.Restricted.User
	case m.Left != nil:
		return m.Left.User
	case m.Banned != nil:
		return m.Banned.User
	}
	return nil
}
