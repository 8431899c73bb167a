package desk_test

import (
	"testing"

	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/internal/testworld"
)

// deskHarness is a running shop whose updates the test pumps.
type deskHarness struct{ *shoptest.Shop }

type deskOpts struct {
	plainGroup bool // an ordinary supergroup instead of a forum
}

func newDeskHarness(t *testing.T, o deskOpts) *deskHarness {
	t.Helper()
	return &deskHarness{shoptest.New(t, shoptest.Options{Options: testworld.Options{PlainGroup: o.plainGroup}})}
}
