package bot_test

import (
	"testing"

	"github.com/complaintbot/complaintbot/internal/shoptest"
	"github.com/complaintbot/complaintbot/internal/testworld"
)

// harness is a running shop whose updates the test pumps.
type harness struct{ *shoptest.Shop }

type harnessOpts struct {
	plainGroup  bool // an ordinary supergroup instead of a forum
	secondOwner bool // Chen, a second owner
}

func newHarness(t *testing.T, o harnessOpts) *harness {
	t.Helper()
	return &harness{shoptest.New(t, shoptest.Options{Options: testworld.Options{PlainGroup: o.plainGroup}, SecondOwner: o.secondOwner})}
}
