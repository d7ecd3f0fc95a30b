package audit_test

import (
	"fmt"
	"testing"

	"github.com/fusion-cti/fusion/internal/audit"
)

// TestEveryPosition applies the fuzz mutations at every position of logs of
// a few lengths and checks the kind Verify names for the simple ones.
func TestEveryPosition(t *testing.T) {
	args := []uint16{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 33, 0x0ff2, 0xfe09, 0x0309}
	for _, n := range []int{1, 2, 3, 20, 45} {
		orig := chain(n)
		for op := range uint8(ops) {
			for p := range n {
				for _, arg := range args {
					name := fmt.Sprintf("n=%d/op=%d/pos=%d/arg=%d", n, op, p, arg)
					es, tailOnly := mutate(chain(n), op, uint16(p), arg, "edited")
					r, err := audit.Verify(entries(es))
					if err != nil {
						t.Fatal(err)
					}
					head := audit.VerifyHead(r, orig[n-1])
					if same(orig, es) {
						continue
					}
					if len(r.Findings) == 0 && !(tailOnly && len(head) > 0) {
						t.Errorf("%s: not seen", name)
						continue
					}
					seq := int64(p + 1)
					var exact []want
					switch {
					case op == opSwap && n > 1:
						seq = int64(p%(n-1) + 1)
						exact = []want{{audit.Reordered, seq, seq, fmt.Sprintf("after entry %d", seq+1)}}
					case op == opDelete && !tailOnly:
						exact = []want{{audit.Removed, seq, seq + int64(len(orig)-len(es)) - 1, ""}}
					case op == opForge && arg%4 <= 1:
						exact = []want{{audit.Inserted, seq, seq, ""}}
					case op == opForge && arg%4 == 2 && p < n-1: // at the end it is a fork neither side of which continues
						exact = []want{{audit.Inserted, seq, seq, ""}, {audit.Changed, seq, int64(n), "renumbered"}}
					}
					if exact != nil {
						checkFindings(t, r.Findings, exact)
						if t.Failed() {
							t.Fatal(name)
						}
					}
					var want audit.Kind
					switch {
					case op == opEdit && arg%10 >= 2:
						want = audit.Changed
						if len(r.Findings) != 1 {
							t.Errorf("%s: %d findings, want one: %v", name, len(r.Findings), r.Findings)
						}
					case op == opDelete && !tailOnly:
						want = audit.Removed
					case op == opForge && arg%4 != 3:
						want = audit.Inserted
					case op == opSwap:
						want = audit.Reordered
					case op == opMove && (p-int(arg)%n) < 30 && (int(arg)%n-p) < 30:
						want = audit.Reordered
					case op == opReplay:
						want = audit.Inserted
					default:
						continue
					}
					found := false
					for _, f := range r.Findings {
						found = found || f.Kind == want
					}
					if !found {
						t.Errorf("%s: want %s among %v", name, want, r.Findings)
					}
				}
			}
		}
	}
}
