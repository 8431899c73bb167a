package tickets

import (
	"strings"
	"testing"
)

// A ticket reference or a return number typed by anyone is refused or
// read in its one stored form, which reads back unchanged.
func FuzzNormalizeRef(f *testing.F) {
	for _, s := range []string{
		"K7M-4QX", "k7m4qx", "K7M 4QX", "k-7-m-4-q-x", "RMA-K7M-4QX", "rma k7m 4qx", "RMAK7M4QX", "K7M-4Q0",
		"K7M-4QXX", "RMA-RMA-K7M", "ＫＴＭ４ＱＸ", "", "-", strings.Repeat("K", 100),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ref, ok := NormalizeRef(s); ok {
			if len(ref) != refLen+1 || ref[refLen/2] != '-' {
				t.Fatalf("NormalizeRef(%q) = %q", s, ref)
			}
			if again, ok := NormalizeRef(ref); !ok || again != ref {
				t.Fatalf("NormalizeRef(%q) = %q, read back %q, %v", s, ref, again, ok)
			}
		}
		if rma, ok := NormalizeRMA(s); ok {
			if !strings.HasPrefix(rma, rmaPrefix) || len(rma) != len(rmaPrefix)+refLen+1 {
				t.Fatalf("NormalizeRMA(%q) = %q", s, rma)
			}
			if again, ok := NormalizeRMA(rma); !ok || again != rma {
				t.Fatalf("NormalizeRMA(%q) = %q, read back %q, %v", s, rma, again, ok)
			}
		}
	})
}
