package audit_test

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"

	"github.com/fusion-cti/fusion/internal/audit"
)

// want is a finding without its Detail; detail, when set, must be a
// substring of it.
type want struct {
	kind      audit.Kind
	seq, last int64
	detail    string
}

func (w want) String() string { return fmt.Sprintf("%s %d-%d", w.kind, w.seq, w.last) }

func got(fs []audit.Finding) []want {
	var ws []want
	for _, f := range fs {
		ws = append(ws, want{kind: f.Kind, seq: f.Seq, last: f.Last})
	}
	return ws
}

func checkFindings(t *testing.T, fs []audit.Finding, ws []want) {
	t.Helper()
	g := got(fs)
	match := len(g) == len(ws)
	for i := 0; match && i < len(ws); i++ {
		match = g[i].kind == ws[i].kind && g[i].seq == ws[i].seq && g[i].last == ws[i].last &&
			strings.Contains(fs[i].Detail, ws[i].detail)
	}
	if !match {
		t.Errorf("findings = %v, want %v", g, ws)
		for _, f := range fs {
			t.Logf("  %s: %s", f.Kind, f.Detail)
		}
	}
	for _, f := range fs {
		if !strings.HasPrefix(f.Detail, "entry ") && !strings.HasPrefix(f.Detail, "entries ") || strings.ContainsAny(f.Detail, "\n%") {
			t.Errorf("detail %q: want one sentence starting with the entry it names", f.Detail)
		}
	}
}

// TestVerify applies one kind of tampering to a 20-entry log and checks what
// Verify reports; k is 7 throughout.
func TestVerify(t *testing.T) {
	const n, k = 20, 7 // entry k is at index k-1
	tests := []struct {
		name   string
		tamper func(es []audit.Entry) []audit.Entry
		want   []want
	}{
		{"untouched", func(es []audit.Entry) []audit.Entry { return es }, nil},
		{"edit detail", func(es []audit.Entry) []audit.Entry {
			es[k-1].Detail = `{"n":0}`
			return es
		}, []want{{audit.Changed, k, k, "entry 7: stored hash does not match its content (edited after it was written)"}}},
		{"edit detail of first", func(es []audit.Entry) []audit.Entry {
			es[0].Detail = "x"
			return es
		}, []want{{audit.Changed, 1, 1, ""}}},
		{"edit detail of last", func(es []audit.Entry) []audit.Entry {
			es[n-1].Detail = "x"
			return es
		}, []want{{audit.Changed, n, n, ""}}},
		{"edit three in a row", func(es []audit.Entry) []audit.Entry {
			for i := k - 1; i < k+2; i++ {
				es[i].Actor = "someone-else"
			}
			return es
		}, []want{{audit.Changed, k, k + 2, "entries 7-9: stored hashes do not match"}}},
		{"edit and rehash", func(es []audit.Entry) []audit.Entry {
			es[k-1].Actor = "someone-else"
			es[k-1] = rehash(es[k-1])
			return es
		}, []want{{audit.Broken, k + 1, k + 1, "entry 8: does not link to entry 7 (entry 7 was rewritten"}}},
		{"edit and rehash two apart", func(es []audit.Entry) []audit.Entry {
			es[2].Actor = "x"
			es[2] = rehash(es[2])
			es[12].Actor = "x"
			es[12] = rehash(es[12])
			return es
		}, []want{{audit.Broken, 4, 4, ""}, {audit.Broken, 14, 14, ""}}},
		{"edit and rehash the tail", func(es []audit.Entry) []audit.Entry {
			// a consistent rewrite: only the anchor can tell (TestVerifyHead)
			for i := k - 1; i < n; i++ {
				es[i].Actor = "someone-else"
				if i > k-1 {
					es[i].Prev = es[i-1].Hash
				}
				es[i] = rehash(es[i])
			}
			return es
		}, nil},
		{"delete", func(es []audit.Entry) []audit.Entry {
			return slices.Delete(es, k-1, k)
		}, []want{{audit.Removed, k, k, "entry 7: missing (deleted): entry 6 is followed by entry 8"}}},
		{"delete three", func(es []audit.Entry) []audit.Entry {
			return slices.Delete(es, k-1, k+2)
		}, []want{{audit.Removed, k, k + 2, "entries 7-9: missing (deleted): entry 6 is followed by entry 10"}}},
		{"delete first", func(es []audit.Entry) []audit.Entry {
			return es[1:]
		}, []want{{audit.Removed, 1, 1, "the log starts at entry 2"}}},
		{"delete last", func(es []audit.Entry) []audit.Entry {
			return es[:n-1] // undetectable here: see TestVerifyHead
		}, nil},
		{"delete and re-link", func(es []audit.Entry) []audit.Entry {
			es[k].Prev = es[k-2].Hash
			es[k] = rehash(es[k])
			return slices.Delete(es, k-1, k)
		}, []want{
			{audit.Removed, k, k, "entry 7: missing (deleted): entry 6 is followed by entry 8, re-linked over the gap"},
			{audit.Broken, k + 2, k + 2, "entry 9: does not link to entry 8"}, // re-linking 8 changed its hash
		}},
		{"insert forged, linked, duplicate seq", func(es []audit.Entry) []audit.Entry {
			return slices.Insert(es, k, forge(&es[k-1], k+1))
		}, []want{{audit.Inserted, k + 1, k + 1, "entry 8: inserted (forged): it claims to follow entry 7"}}},
		{"insert forged, linked, duplicate seq, after the genuine one", func(es []audit.Entry) []audit.Entry {
			return slices.Insert(es, k+1, forge(&es[k-1], k+1))
		}, []want{{audit.Inserted, k + 1, k + 1, "entry 8: inserted"}}},
		{"insert forged, linked to an old entry, duplicate seq", func(es []audit.Entry) []audit.Entry {
			return slices.Insert(es, k, forge(&es[0], k+1))
		}, []want{{audit.Inserted, k + 1, k + 1, "entry 8: inserted (forged): it does not link to entry 7"}}},
		{"insert forged, unlinked, duplicate seq", func(es []audit.Entry) []audit.Entry {
			x := forge(nil, k+1)
			x.Prev = []byte("not a hash of anything in this log")
			return slices.Insert(es, k, rehash(x))
		}, []want{{audit.Inserted, k + 1, k + 1, "entry 8: inserted (forged): it does not link to entry 7, and the chain continues from there without it"}}},
		{"insert forged, unlinked, seq ahead", func(es []audit.Entry) []audit.Entry {
			x := forge(nil, 15)
			x.Prev = []byte("not a hash of anything in this log")
			return slices.Insert(es, k, rehash(x))
		}, []want{{audit.Inserted, 15, 15, "entry 15: inserted (forged): it does not link"}}},
		{"insert forged, later ones renumbered", func(es []audit.Entry) []audit.Entry {
			for i := k; i < n; i++ {
				es[i].Seq++ // UPDATE … SET seq = seq + 1, hashes left alone
			}
			return slices.Insert(es, k, forge(&es[k-1], k+1))
		}, []want{
			{audit.Inserted, k + 1, k + 1, "entry 8: inserted"},
			{audit.Changed, k + 1, n, "entries 8-20: stored as seqs 9-21: renumbered"},
		}},
		{"insert forged first entry", func(es []audit.Entry) []audit.Entry {
			return slices.Insert(es, 0, forge(nil, 1))
		}, []want{{audit.Inserted, 1, 1, "it claims to be the first entry"}}},
		{"replay an old entry", func(es []audit.Entry) []audit.Entry {
			return slices.Insert(es, 12, es[2])
		}, []want{{audit.Inserted, 3, 3, "entry 3: inserted (replayed): an exact copy of entry 3"}}},
		{"replay the next entry twice", func(es []audit.Entry) []audit.Entry {
			return slices.Insert(es, k, es[k])
		}, []want{{audit.Inserted, k + 1, k + 1, "an exact copy"}}},
		{"swap", func(es []audit.Entry) []audit.Entry {
			es[k-1], es[k] = es[k], es[k-1]
			return es
		}, []want{{audit.Reordered, k, k, "entry 7: stored out of order, after entry 8"}}},
		{"swap first two", func(es []audit.Entry) []audit.Entry {
			es[0], es[1] = es[1], es[0]
			return es
		}, []want{{audit.Reordered, 1, 1, "after entry 2"}}},
		{"swap last two", func(es []audit.Entry) []audit.Entry {
			es[n-2], es[n-1] = es[n-1], es[n-2]
			return es
		}, []want{{audit.Reordered, n - 1, n - 1, "after entry 20"}}},
		{"move one later", func(es []audit.Entry) []audit.Entry {
			return move(es, k-1, k+3) // 6 8 9 10 11 7 12
		}, []want{{audit.Reordered, k, k, "entry 7: stored out of order, after entry 8"}}},
		{"move one earlier", func(es []audit.Entry) []audit.Entry {
			return move(es, k+3, k-1) // 6 11 7 8 9 10 12
		}, []want{{audit.Reordered, k, k + 3, "entries 7-10: stored out of order, after entry 11"}}},
		{"delete and edit", func(es []audit.Entry) []audit.Entry {
			es[12].Target = "x"
			es[12] = rehash(es[12])
			return slices.Delete(es, k-1, k)
		}, []want{{audit.Removed, k, k, ""}, {audit.Broken, 14, 14, ""}}},
		{"edit seq only", func(es []audit.Entry) []audit.Entry {
			es[k-1].Seq = 99
			return es
		}, []want{{audit.Changed, k, k, "entry 7: stored as seq 99: renumbered"}}},
		{"edit prev only", func(es []audit.Entry) []audit.Entry {
			es[k-1].Prev = es[0].Hash
			return es
		}, []want{{audit.Changed, k, k, "its seq or prev hash was edited"}}},
		{"edit hash only", func(es []audit.Entry) []audit.Entry {
			es[k-1].Hash = es[0].Hash
			return es
		}, []want{{audit.Changed, k, k, "stored hash does not match"}}},
		{"renumber and rehash", func(es []audit.Entry) []audit.Entry {
			es[k-1].Seq = 99
			es[k-1] = rehash(es[k-1])
			return es
		}, []want{
			{audit.Broken, k, k, "entry 7: stored as seq 99 with a recomputed hash"},
			{audit.Broken, k + 1, k + 1, "entry 8: does not link to entry 7"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := tt.tamper(chain(n))
			r, err := audit.Verify(entries(es))
			if err != nil {
				t.Fatal(err)
			}
			checkFindings(t, r.Findings, tt.want)
			if r.Entries != int64(len(es)) {
				t.Errorf("Entries = %d, want %d", r.Entries, len(es))
			}
		})
	}
}

func TestVerifyClean(t *testing.T) {
	for _, n := range []int{0, 1, 2, 20, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			es := chain(n)
			r, err := audit.Verify(entries(es))
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Findings) != 0 || r.Entries != int64(n) {
				t.Fatalf("report = %d entries, findings %v; want %d, none", r.Entries, r.Findings, n)
			}
			var head audit.Entry
			if n > 0 {
				head = es[n-1]
			}
			if r.Head.Seq != head.Seq || !slices.Equal(r.Head.Hash, head.Hash) {
				t.Fatalf("head = %d %x, want %d %x", r.Head.Seq, r.Head.Hash, head.Seq, head.Hash)
			}
			if f := audit.VerifyHead(r, head); f != nil {
				t.Fatalf("VerifyHead = %v", f)
			}
		})
	}
}

// TestVerifyBeyondWindow pins the documented limit: an entry moved further
// than Verify looks ahead is reported missing where it belongs and inserted
// where it is.
func TestVerifyBeyondWindow(t *testing.T) {
	es := move(chain(80), 4, 50)
	r, err := audit.Verify(entries(es))
	if err != nil {
		t.Fatal(err)
	}
	checkFindings(t, r.Findings, []want{{audit.Removed, 5, 5, ""}, {audit.Inserted, 5, 5, "entry 5: inserted (forged): it does not link to entry 51"}})
}

// TestVerifyReplayFar: an old entry copied to the end, beyond the window.
func TestVerifyReplayFar(t *testing.T) {
	es := chain(60)
	es = append(es, es[2])
	r, err := audit.Verify(entries(es))
	if err != nil {
		t.Fatal(err)
	}
	checkFindings(t, r.Findings, []want{{audit.Inserted, 3, 3, "entry 3: inserted (forged or replayed): stored after entry 60, it neither links to it nor advances the seq"}})
	if r.Head.Seq != 60 {
		t.Errorf("head = %d, want 60", r.Head.Seq)
	}
}

func TestVerifyHead(t *testing.T) {
	es := chain(20)
	anchor := es[19]
	rewritten := chain(20)
	rewritten[19].Detail = "edited"
	rewritten[19] = rehash(rewritten[19])
	tests := []struct {
		name   string
		log    []audit.Entry
		anchor audit.Entry
		want   []want
	}{
		{"same", es, anchor, nil},
		{"no anchor", es[:10], audit.Entry{}, nil},
		{"grown since", es, es[9], nil},
		{"last deleted", es[:19], anchor, []want{{audit.Removed, 20, 20, "entry 20: missing from the end of the log (truncated): the anchor records entry 20 but the log ends at entry 19"}}},
		{"three deleted", es[:17], anchor, []want{{audit.Removed, 18, 20, "entries 18-20"}}},
		{"all deleted", nil, anchor, []want{{audit.Removed, 1, 20, "the log is empty"}}},
		{"last rewritten", rewritten, anchor, []want{{audit.Changed, 20, 20, "entry 20: differs from the anchored copy"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := audit.Verify(entries(tt.log))
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Findings) != 0 {
				t.Fatalf("Verify found %v; these logs are consistent on their own", r.Findings)
			}
			checkFindings(t, audit.VerifyHead(r, tt.anchor), tt.want)
		})
	}
}

func TestVerifyIteratorError(t *testing.T) {
	es := chain(10)
	boom := errors.New("connection reset")
	var seq iter.Seq2[audit.Entry, error] = func(yield func(audit.Entry, error) bool) {
		for _, e := range es[:4] {
			if !yield(e, nil) {
				return
			}
		}
		yield(audit.Entry{}, boom)
	}
	r, err := audit.Verify(seq)
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want it to wrap %v", err, boom)
	}
	if want := "audit verify: reading the entry after storage position 4: connection reset"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if r.Entries != 4 || r.Head.Seq != 4 || len(r.Findings) != 0 {
		t.Errorf("report = %d entries, head %d, findings %v; want 4, 4, none", r.Entries, r.Head.Seq, r.Findings)
	}
}

func TestKindString(t *testing.T) {
	tests := []struct {
		k    audit.Kind
		want string
	}{
		{audit.Changed, "changed"},
		{audit.Removed, "removed"},
		{audit.Inserted, "inserted"},
		{audit.Reordered, "reordered"},
		{audit.Broken, "broken"},
		{0, "kind(0)"},
	}
	for _, tt := range tests {
		if got := tt.k.String(); got != tt.want {
			t.Errorf("Kind(%d).String() = %q, want %q", uint8(tt.k), got, tt.want)
		}
	}
}
