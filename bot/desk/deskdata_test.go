package desk

import (
	"errors"
	"math"
	"strconv"
	"testing"
)

func TestDeskDataRoundTrip(t *testing.T) {
	t.Parallel()
	const big = math.MaxInt64
	cases := []struct {
		d      button
		want   string
		user   int64
		delta  int
		urgent bool
	}{
		{button{Action: actClaim, TicketID: 42}, "d:claim:42", 0, 0, false},
		{button{Action: actRelease, TicketID: 42}, "d:release:42", 0, 0, false},
		{button{Action: actAssign, TicketID: 42}, "d:assign:42", 0, 0, false},
		{button{Action: actAssignTo, TicketID: big, Arg: strconv.FormatInt(big, 10)}, "d:assignto:9223372036854775807:9223372036854775807", big, 0, false},
		{button{Action: actNeedInfo, TicketID: 7}, "d:needinfo:7", 0, 0, false},
		{button{Action: actResolve, TicketID: 7}, "d:resolve:7", 0, 0, false},
		{button{Action: actClose, TicketID: 7}, "d:close:7", 0, 0, false},
		{button{Action: actReopen, TicketID: 7}, "d:reopen:7", 0, 0, false},
		{button{Action: actPriority, TicketID: 7, Arg: "+1"}, "d:prio:7:+1", 0, 1, false},
		{button{Action: actPriority, TicketID: 7, Arg: "-1"}, "d:prio:7:-1", 0, -1, false},
		{button{Action: actUrgent, TicketID: 7, Arg: "on"}, "d:urgent:7:on", 0, 0, true},
		{button{Action: actUrgent, TicketID: 7, Arg: "off"}, "d:urgent:7:off", 0, 0, false},
		{button{Action: actBack, TicketID: 7}, "d:back:7", 0, 0, false},
	}
	for _, tc := range cases {
		got := encodeButton(tc.d)
		if got != tc.want {
			t.Errorf("encode %+v = %q, want %q", tc.d, got, tc.want)
		}
		if len(got) > maxCallbackData {
			t.Errorf("%q is longer than Telegram's 64 bytes", got)
		}
		back, err := decodeButton(got)
		if err != nil || back != tc.d {
			t.Errorf("decode %q = %+v, %v; want %+v", got, back, err, tc.d)
		}
		if back.UserID() != tc.user || back.Delta() != tc.delta || back.On() != tc.urgent {
			t.Errorf("%q: user %d delta %d on %v", got, back.UserID(), back.Delta(), back.On())
		}
	}
}

func TestDeskDataRefusesOtherData(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"", "d:", "d:claim", "d:claim:", "d:claim:0", "d:claim:-3", "d:claim:012", "d:claim:x",
		"d:claim:5:extra", "d:assignto:5", "d:assignto:5:abc", "d:assignto:5:0",
		"d:prio:5", "d:prio:5:+2", "d:prio:5:1", "d:urgent:5", "d:urgent:5:yes",
		"d:explode:5", "o:category:kettle", "c:claim:5", "d:claim:5:6:7",
		"d:assignto:1:" + string(make([]byte, 64)),
	} {
		if d, err := decodeButton(s); !errors.Is(err, errNotButton) {
			t.Errorf("decode %q = %+v, %v; want errNotButton", s, d, err)
		}
	}
}

func TestEncodeDeskDataPanicsOnBadButtons(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("encoding an unknown action did not panic")
		}
	}()
	encodeButton(button{Action: "explode", TicketID: 1})
}
