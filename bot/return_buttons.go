package bot

import (
	"slices"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/tickets"
)

// returnPrefix starts the data of a customer's buttons on a return,
// "rc:<action>:<RMA>". The edge handles them before the dialogue; the
// ticket store checks that the return is the pressing customer's.
const returnPrefix = "rc:"

// The actions of a return's buttons.
const (
	actSent     = "s" // "I've sent it": the carrier and tracking number follow
	actQuestion = "q" // "I have a question": the question follows
	actAccept   = "a" // accept a paid repair's estimate
	actDecline  = "d" // decline it
)

func returnData(act, rma string) string { return returnPrefix + act + ":" + rma }

// parseReturnData reads a return button's data; false for anything else,
// a return number not in its stored form included.
func parseReturnData(data string) (act, rma string, ok bool) {
	rest, ok := strings.CutPrefix(data, returnPrefix)
	if !ok {
		return "", "", false
	}
	act, rma, ok = strings.Cut(rest, ":")
	if !ok || !slices.Contains([]string{actSent, actQuestion, actAccept, actDecline}, act) {
		return "", "", false
	}
	if norm, ok := tickets.NormalizeRMA(rma); !ok || norm != rma {
		return "", "", false
	}
	return act, rma, true
}

// returnKeyboard is the buttons the customer has on r now: the steps the
// domain lets them take (ReturnActions: "I've sent it", or accepting or
// declining a fee first) and, while the return is under way, "I have a
// question". Nil when there is nothing to press.
func (e *Edge) returnKeyboard(lang string, r *tickets.Return) *models.InlineKeyboardMarkup {
	button := func(key, act string, params map[string]any) models.InlineKeyboardButton {
		return models.InlineKeyboardButton{Text: e.cat.Text(lang, key, params), CallbackData: returnData(act, r.RMA)}
	}
	var steps, ask []models.InlineKeyboardButton
	for _, step := range tickets.ReturnActions(r, tickets.ActorCustomer) {
		switch step {
		case tickets.StepShip:
			steps = append(steps, button("returns.button.sent", actSent, nil))
		case tickets.StepAcceptFee:
			steps = append(steps, button("returns.button.accept_fee", actAccept,
				map[string]any{"amount": amountText(r.Fee.Amount(), r.Fee.Currency)}))
		case tickets.StepDeclineFee:
			steps = append(steps, button("returns.button.decline_fee", actDecline, nil))
		}
	}
	if r.State.Open() && r.State != tickets.ReturnRequested {
		ask = append(ask, button("returns.button.question", actQuestion, nil))
	}
	var kb [][]models.InlineKeyboardButton
	for _, row := range [][]models.InlineKeyboardButton{steps, ask} {
		if len(row) > 0 {
			kb = append(kb, row)
		}
	}
	if len(kb) == 0 {
		return nil
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: kb}
}

// amountText is a fee as customers read it: "¥120.00" for yuan, "120.00
// EUR" for a currency without a sign here.
func amountText(amount, currency string) string {
	switch strings.ToUpper(currency) {
	case "CNY", "RMB":
		return "¥" + amount
	case "USD":
		return "$" + amount
	case "":
		return amount
	}
	return amount + " " + currency
}
