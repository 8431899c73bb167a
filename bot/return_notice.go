package bot

import (
	"context"
	"errors"
	"fmt"
	"html"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"

	"github.com/complaintbot/complaintbot/locale"
	"github.com/complaintbot/complaintbot/tickets"
)

// returnNoticePrefix starts the keys of a return's customer notices
// (tickets.ReturnNoticeKeys).
const returnNoticePrefix = "tickets.return."

// buttonNotices are the return notices that ask something of the customer:
// they carry the buttons of the return as it is when the notice goes out
// (returnKeyboard), so "I've sent it" comes with every notice while the
// return waits for the parcel, and the fee's buttons while it waits for
// the customer's answer.
var buttonNotices = []string{
	tickets.NoticeReturnApproved, tickets.NoticeReturnApprovedPaid, tickets.NoticeReturnFeeAccepted,
	tickets.NoticeReturnExtended, tickets.NoticeReturnExpired,
	tickets.NoticeReturnReminderBefore, tickets.NoticeReturnReminderDue,
}

// maxMessage is the most characters Telegram takes in one message, counted
// as Telegram counts them, in UTF-16 code units.
const maxMessage = 4096

// noticeMessage is one message of a notice, as Telegram HTML.
type noticeMessage struct {
	text   string
	markup models.ReplyMarkup
}

// returnNotice renders a return's notice in n.Lang: its text, with the
// params the edge adds to the domain's (see returnParams), and the
// buttons when it asks something of the customer. The owner's instructions
// are plain text, escaped whole with every other param; when they are too
// long to share a message with the rest, they go first, on their own.
func (e *Edge) returnNotice(ctx context.Context, n tickets.Notice) ([]noticeMessage, error) {
	var r *tickets.Return
	if slices.Contains(buttonNotices, n.Key) {
		got, err := e.tickets.GetReturn(ctx, n.Params["rma"])
		switch {
		case errors.Is(err, tickets.ErrNotFound):
			e.log.Warn("notice of a return that is gone", "chat", n.ChatID, "key", n.Key, "rma", n.Params["rma"])
		case err != nil:
			return nil, fmt.Errorf("bot: notice %s: %w", n.Key, err)
		default:
			r = got
		}
	}
	params := e.returnParams(n.Lang, n.Params, r)
	var markup models.ReplyMarkup
	if r != nil {
		if kb := e.returnKeyboard(n.Lang, r); kb != nil {
			markup = kb
		}
	}
	text := e.cat.HTML(n.Lang, n.Key, params)
	if fitsMessage(text) {
		return []noticeMessage{{text: text, markup: markup}}, nil
	}
	var out []noticeMessage
	for _, part := range splitText(params["instructions"], maxMessage) {
		out = append(out, noticeMessage{text: html.EscapeString(part)})
	}
	params["instructions"] = ""
	return append(out, noticeMessage{text: e.cat.HTML(n.Lang, n.Key, params), markup: markup}), nil
}

// returnParams are the domain's params of a return notice with those the
// catalogue's texts read besides, all plain text (Catalog.HTML escapes
// them): "amount", the fee as customers read it; "carrier_name", the
// courier in lang; for a refusal, "reason" from the policy's exclusion when
// the owner gave none and "alternative", what is still open to the
// customer; and "fee_pending" from r when the domain did not say.
func (e *Edge) returnParams(lang string, domain map[string]string, r *tickets.Return) map[string]string {
	p := maps.Clone(domain)
	if p == nil {
		p = map[string]string{}
	}
	if p["fee"] != "" {
		p["amount"] = amountText(p["fee"], p["currency"])
	}
	p["carrier_name"] = e.carrierName(lang, p["carrier"])
	if _, ok := p["fee_pending"]; !ok && r != nil {
		p["fee_pending"] = strconv.FormatBool(r.FeePending())
	}
	if p["exclusion"] != "" || p["alternatives"] != "" {
		p["reason"], p["alternative"] = e.refusalText(lang, p["exclusion"], p["reason"], p["alternatives"])
	}
	return p
}

// carrierName names a courier stored on a return in lang: a known one by
// its name in that language, another as the customer wrote it.
func (e *Edge) carrierName(lang, stored string) string {
	if c, ok := carrierNamed(stored); ok {
		return e.cat.Text(lang, "returns.carrier."+c.code, nil)
	}
	return stored
}

// refusalText is why a return was refused and what is still open to the
// customer, in lang: the owner's reason, or the policy's for the exclusion
// when they gave none; and the exclusion's alternative unless the reason
// says it already (an owner's reason may be the policy's whole refusal
// text), else the outcomes the domain names ("repair"), by name.
func (e *Edge) refusalText(lang, exclusion, reason, alternatives string) (string, string) {
	ex, _ := e.pol.Exclusion(exclusion)
	if strings.TrimSpace(reason) == "" {
		reason = e.policyText(ex.Reason, lang)
	}
	if alt := e.policyText(ex.Alternative, lang); alt != "" {
		if strings.Contains(reason, alt) {
			return reason, ""
		}
		return reason, alt
	}
	var names []string
	for id := range strings.SplitSeq(alternatives, ",") {
		if id = strings.TrimSpace(id); id == "" {
			continue
		}
		if key := "returns.alternative." + id; e.cat.Has(lang, key) {
			id = e.cat.Text(lang, key, nil)
		}
		names = append(names, id)
	}
	sep := ", "
	if locale.Match(lang) == "zh" {
		sep = "、"
	}
	return reason, strings.Join(names, sep)
}

// policyText is a policy's text in lang, else in the shop's languages in
// order.
func (e *Edge) policyText(m map[string]string, lang string) string {
	if s := m[locale.Match(lang)]; s != "" {
		return s
	}
	for _, l := range e.pol.Shop.Languages {
		if s := m[l]; s != "" {
			return s
		}
	}
	return ""
}

// fitsMessage reports whether the HTML text fits in one Telegram message.
func fitsMessage(htmlText string) bool {
	return utf16Len(locale.PlainText(htmlText)) <= maxMessage
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// splitText cuts plain text into parts of at most limit UTF-16 code units,
// at the end of a line where it can.
func splitText(s string, limit int) []string {
	var parts []string
	for utf16Len(s) > limit {
		cut, units := 0, 0
		for i, r := range s {
			if units += utf16.RuneLen(r); units > limit {
				cut = i
				break
			}
		}
		if nl := strings.LastIndexByte(s[:cut], '\n'); nl > 0 {
			cut = nl + 1
		}
		parts = append(parts, strings.TrimRight(s[:cut], "\n"))
		s = s[cut:]
	}
	if strings.TrimSpace(s) != "" {
		parts = append(parts, s)
	}
	return parts
}
