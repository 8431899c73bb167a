package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// callbackSeeds are the data of every button the customer side reads, and
// data that only looks like them.
var callbackSeeds = []string{
	"sv:1:a:5", "sv:42:q:1", "sv:42:s:3", "sv:42:c:0", "sv:42:c:1", "sv:42:a:0", "sv:42:a:6", "sv:42:x:1",
	"sv:042:a:1", "sv:42:a:+1", "sv:42:a:01", "sv:-1:a:1", "sv:0:a:1", "sv:42:a", "sv:42:a:1:1", "sv:",
	"rc:s:RMA-K7M-4QX", "rc:q:RMA-K7M-4QX", "rc:a:RMA-K7M-4QX", "rc:d:RMA-K7M-4QX", "rc:s:rma-k7m-4qx",
	"rc:s:K7M4QX", "rc:x:RMA-K7M-4QX", "rc:s", "rc:",
	"ro:42", "ro:042", "ro:+42", "ro:0", "ro:-1", "ro:99999999999999999999", "ro:",
	"c1|a|0|ok|", "d:claim:42", "rt:pv:K7M4QX", "", "\xff",
}

// Whatever the data of a pressed button, at most one of the customer
// side's readers takes it, and it reads the one button that carries exactly
// that data: a survey score 1 to 5 (or Skip for the comment), a return's action
// on a return number in its stored form, a ticket to reopen.
func FuzzCallbackData(f *testing.F) {
	for _, s := range callbackSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		_, survey := parseSurveyData(data)
		_, _, ret := parseReturnData(data)
		_, reopen := parseReopenData(data)
		if survey && ret || survey && reopen || ret && reopen {
			t.Fatalf("%q is read as two buttons: survey %v, return %v, reopen %v", data, survey, ret, reopen)
		}
		if p, ok := parseSurveyData(data); ok {
			if p.survey <= 0 || p.score < 0 || p.score > 5 || surveyCodes[p.question] == "" {
				t.Fatalf("parseSurveyData(%q) = %+v", data, p)
			}
			if again := surveyData(p.survey, p.question, p.score); again != data {
				t.Fatalf("parseSurveyData(%q) = %+v, whose button carries %q", data, p, again)
			}
		}
		if act, rma, ok := parseReturnData(data); ok {
			if again := returnData(act, rma); again != data {
				t.Fatalf("parseReturnData(%q) = %q, %q, whose button carries %q", data, act, rma, again)
			}
		}
		if id, ok := parseReopenData(data); ok {
			if id <= 0 || reopenData(id) != data {
				t.Fatalf("parseReopenData(%q) = %d", data, id)
			}
		}
	})
}

// A shipment read from anything a customer types has a tracking number of
// ASCII letters and digits within the bounds, and a short courier name.
func FuzzParseShipment(f *testing.F) {
	for _, s := range []string{
		"顺丰 SF1234567890", "ZTO: 7891 2345 6789 01", "顺丰SF1234567890", "SF1234567890", "tracking number 1234567890123",
		"快递单号：YT1234567890123", "ＳＦ１２３４５６７８９０", "DHL 1234-5678-90", "my own courier 12345678", "sent!",
		"12345", "ABCDEFGHIJ", strings.Repeat("1", 31), strings.Repeat("1 ", 40), "", "\xff12345678",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		carrier, tracking, ok := parseShipment(text)
		if !ok {
			if carrier != "" || tracking != "" {
				t.Fatalf("parseShipment(%q) refused but returned %q, %q", text, carrier, tracking)
			}
			return
		}
		if !isTracking(tracking) || strings.ToUpper(tracking) != tracking {
			t.Fatalf("parseShipment(%q) = tracking %q", text, tracking)
		}
		for _, r := range tracking {
			if !(isDigit(r) || r >= 'A' && r <= 'Z') {
				t.Fatalf("parseShipment(%q) = tracking %q", text, tracking)
			}
		}
		if utf8.RuneCountInString(carrier) > maxCarrierText {
			t.Fatalf("parseShipment(%q) = a courier of %d characters", text, utf8.RuneCountInString(carrier))
		}
	})
}
