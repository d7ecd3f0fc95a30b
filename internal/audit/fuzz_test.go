package audit_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fusion-cti/fusion/internal/audit"
)

// The mutations FuzzVerify applies, chosen by op modulo their number.
const (
	opEdit    = iota // one field of entry pos, hash left alone
	opRehash         // one field of entry pos, hash recomputed
	opDelete         // entries pos to pos+arg%4
	opForge          // a forged entry before entry pos+1
	opSwap           // entries pos+1 and pos+2
	opMove           // entry pos+1 to index arg
	opReplay         // a copy of entry pos+1 at index arg
	opReverse        // entries pos+1 to pos+1+arg%8, reversed
	ops
)

// mutate applies a mutation to es (which it may modify) and reports whether
// only an anchor can see it: a deleted tail or a re-hashed last entry.
func mutate(es []audit.Entry, op uint8, pos, arg uint16, data string) (out []audit.Entry, tailOnly bool) {
	n := len(es)
	if n == 0 {
		return es, false
	}
	p := int(pos) % n
	switch op % ops {
	case opEdit, opRehash:
		e := &es[p]
		switch arg % 10 {
		case 0:
			e.Seq += int64(int8(arg >> 8))
		case 1:
			e.Time = e.Time.Add(time.Duration(int16(arg)) * time.Microsecond)
		case 2:
			e.Actor = data
		case 3:
			e.Org = data
		case 4:
			e.Action = data
		case 5:
			e.Target = data
		case 6:
			e.Detail = data
		case 7:
			e.Remote = data
		case 8:
			e.Prev = []byte(data)
		case 9:
			e.Hash = []byte(data)
		}
		if op%ops == opRehash {
			*e = rehash(*e)
			return es, p == n-1
		}
		return es, false
	case opDelete:
		end := min(p+1+int(arg%4), n)
		return slices.Delete(es, p, end), end == n
	case opForge:
		var prev *audit.Entry
		if p > 0 {
			prev = &es[p-1]
		}
		x := forge(prev, int64(p+1))
		switch arg % 4 {
		case 1: // unlinked
			x.Prev = []byte(data)
			x = rehash(x)
		case 2: // later entries renumbered, hashes left alone
			for i := p; i < n; i++ {
				es[i].Seq++
			}
		case 3: // linked to any entry, any seq
			x = forge(&es[int(arg>>2)%n], int64(int8(arg>>8)))
		}
		return slices.Insert(es, p, x), false
	case opSwap:
		if n > 1 {
			p %= n - 1
			es[p], es[p+1] = es[p+1], es[p]
		}
		return es, false
	case opMove:
		return move(es, p, int(arg)%n), false
	case opReplay:
		return slices.Insert(es, int(arg)%(n+1), es[p]), false
	case opReverse:
		slices.Reverse(es[p:min(p+1+int(arg%8), n)])
		return es, false
	}
	panic("unreachable")
}

// FuzzVerify tampers with a log in one way and checks that Verify (with
// VerifyHead, for the tail) notices whenever the log changed, and stays
// quiet when it did not.
func FuzzVerify(f *testing.F) {
	for op := range uint8(ops) {
		for _, arg := range []uint16{0, 1, 2, 3, 5, 9, 40, 0x0ff2, 0xfe09} {
			f.Add(uint8(20), op, uint16(6), arg, "edited")
		}
		f.Add(uint8(20), op, uint16(19), uint16(1), "")
		f.Add(uint8(1), op, uint16(0), uint16(6), "x")
		f.Add(uint8(60), op, uint16(3), uint16(50), "far")
	}
	f.Fuzz(func(t *testing.T, size, op uint8, pos, arg uint16, data string) {
		n := int(size % 64)
		orig := chain(n)
		es, tailOnly := mutate(chain(n), op, pos, arg, data)
		r, err := audit.Verify(entries(es))
		if err != nil {
			t.Fatal(err)
		}
		if r.Entries != int64(len(es)) {
			t.Fatalf("Entries = %d, want %d", r.Entries, len(es))
		}
		for _, f := range r.Findings {
			if f.Seq > f.Last || f.Kind < audit.Changed || f.Kind > audit.Broken || f.Detail == "" || !strings.HasPrefix(f.Detail, "entr") {
				t.Fatalf("malformed finding %+v", f)
			}
		}
		var anchor audit.Entry
		if n > 0 {
			anchor = orig[n-1]
		}
		head := audit.VerifyHead(r, anchor)
		switch {
		case same(orig, es):
			if len(r.Findings)+len(head) > 0 {
				t.Fatalf("untouched log: findings %v, head %v", r.Findings, head)
			}
		case tailOnly:
			if len(r.Findings)+len(head) == 0 {
				t.Fatalf("op %d at %d (arg %d): the tail changed and neither Verify nor VerifyHead noticed", op%ops, pos, arg)
			}
		case len(r.Findings) == 0:
			t.Fatalf("op %d at %d (arg %d): the log changed and Verify found nothing", op%ops, pos, arg)
		}
	})
}
