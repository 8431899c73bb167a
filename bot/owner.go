package bot

import (
	"context"

	"github.com/go-telegram/bot/models"
)

// forOwner hands the flow of returns (package returns) what is its in a
// private chat, before the customer's side sees it: an owner's /return, an
// owner's answer to one of the flow's questions, and presses of the flow's
// buttons (returns.Prefix) — anyone's, so that a customer pressing a forged
// one is refused by the return's rules rather than met by the dialogue.
// The flow knows the owners; done is false for everything else, which
// stays the customer's, so anyone else's /return gets the customer's
// answer. A press by someone other than the chat's user stays with the
// edge, which refuses it.
func (e *Edge) forOwner(ctx context.Context, upd *models.Update) (done bool, err error) {
	// An owner's /report is the reports'; anyone else's stays the
	// customer's.
	if e.reports != nil {
		if done, err := e.reports.Private(ctx, upd, e.username); done || err != nil {
			return done, err
		}
	}
	if e.returns == nil {
		return false, nil
	}
	return e.returns.Private(ctx, upd, e.username)
}
