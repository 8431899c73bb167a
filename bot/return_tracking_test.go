package bot

import "testing"

// The courier and tracking number are read leniently from what customers
// type, in Chinese or English; a message without a number is no shipment.
func TestParseShipment(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text, carrier, tracking string
		ok                      bool
	}{
		{"顺丰 SF1234567890", "SF Express", "SF1234567890", true},
		{"SF Express SF1234567890", "SF Express", "SF1234567890", true},
		{"顺丰SF1234567890", "SF Express", "SF1234567890", true},
		{"sf1234567890", "SF Express", "SF1234567890", true},
		{"ＳＦ１２３４５６７８９０", "SF Express", "SF1234567890", true},
		{"SF 1234 5678 9012", "SF Express", "123456789012", true},
		{"中通快递 78912345678901", "ZTO Express", "78912345678901", true},
		{"ZTO: 7891-2345-6789-01", "ZTO Express", "78912345678901", true},
		{"圆通 YT1234567890123", "YTO Express", "YT1234567890123", true},
		{"YT1234567890123", "YTO Express", "YT1234567890123", true},
		{"韵达快递单号：4312345678901", "Yunda Express", "4312345678901", true},
		{"yunda 4312345678901", "Yunda Express", "4312345678901", true},
		{"申通 773012345678", "STO Express", "773012345678", true},
		{"STO Express 773012345678", "STO Express", "773012345678", true},
		{"EMS EA123456789CN", "China Post EMS", "EA123456789CN", true},
		{"中国邮政 1234567890123", "China Post EMS", "1234567890123", true},
		{"京东 JD0012345678901", "JD Logistics", "JD0012345678901", true},
		{"JD Logistics, tracking no. JD0012345678901", "JD Logistics", "JD0012345678901", true},
		{"德邦快递 DPK123456789", "德邦快递", "DPK123456789", true},
		{"Tracking number: 1234567890", "", "1234567890", true},
		{"transfer 12345678", "transfer", "12345678", true},
		{"I sent it yesterday with the courier who came to my office, 4312345678901", "", "4312345678901", true},
		{"明天寄", "", "", false},
		{"I've sent it", "", "", false},
		{"SF 1234", "", "", false},
		{"顺丰", "", "", false},
		{"SFEXPRESSLOGISTICS", "", "", false},
		{"1234567890123456789012345678901", "", "", false},
		{"", "", "", false},
	}
	for _, tc := range cases {
		carrier, tracking, ok := parseShipment(tc.text)
		if carrier != tc.carrier || tracking != tc.tracking || ok != tc.ok {
			t.Errorf("parseShipment(%q) = %q, %q, %v; want %q, %q, %v", tc.text, carrier, tracking, ok, tc.carrier, tc.tracking, tc.ok)
		}
	}
}

// A return button's data is read back only in its own form.
func TestParseReturnData(t *testing.T) {
	t.Parallel()
	for _, act := range []string{actSent, actQuestion, actAccept, actDecline} {
		if a, rma, ok := parseReturnData(returnData(act, "RMA-K7M-4QX")); !ok || a != act || rma != "RMA-K7M-4QX" {
			t.Errorf("%s: %q %q %v", act, a, rma, ok)
		}
	}
	for _, data := range []string{"rc:x:RMA-K7M-4QX", "rc:s:rma-k7m-4qx", "rc:s:K7M-4QX", "rc:s:", "rc:s", "ro:12", "rc:s:RMA-K7M-4QX:1"} {
		if _, _, ok := parseReturnData(data); ok {
			t.Errorf("%q read as a return button", data)
		}
	}
}
