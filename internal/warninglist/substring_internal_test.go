package warninglist

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestAutomaton compares the automaton with strings.Count on random
// patterns and texts over a small alphabet, where overlaps and shared
// prefixes and suffixes are common, with enough patterns for dense rows.
func TestAutomaton(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	word := func(max int) string {
		b := make([]byte, 1+r.IntN(max))
		for i := range b {
			b[i] = "abcdefg."[r.IntN(8)]
		}
		return string(b)
	}
	for round := range 50 {
		var pats []string
		for range 1 + r.IntN(200) {
			if p := word(6); !slices.Contains(pats, p) {
				pats = append(pats, p)
			}
		}
		a := newAutomaton(pats)
		for range 50 {
			text := word(40) + "xyz" + word(10)
			got := make([]int, len(pats))
			for _, p := range a.scan(text, nil) {
				got[p]++
			}
			for i, p := range pats {
				want := 0
				for j := 0; j+len(p) <= len(text); j++ {
					if strings.HasPrefix(text[j:], p) {
						want++
					}
				}
				if got[i] != want {
					t.Fatalf("round %d: pattern %q in %q: found %d times, want %d", round, p, text, got[i], want)
				}
			}
		}
	}
}

// TestAutomatonForms checks that the table-driven and the hybrid scans agree.
func TestAutomatonForms(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		var pats []string
		for range 1 + r.IntN(100) {
			b := make([]byte, 1+r.IntN(5))
			for i := range b {
				b[i] = "abc.-"[r.IntN(5)]
			}
			if !slices.Contains(pats, string(b)) {
				pats = append(pats, string(b))
			}
		}
		a := newAutomaton(pats)
		if a.dfa == nil {
			t.Fatal("small automaton without a table")
		}
		hybrid := *a
		hybrid.dfa = nil
		for range 20 {
			b := make([]byte, r.IntN(60))
			for i := range b {
				b[i] = "abc.-xz"[r.IntN(7)]
			}
			if got, want := a.scan(string(b), nil), hybrid.scan(string(b), nil); !slices.Equal(got, want) {
				t.Fatalf("patterns %q, text %q: table %v, hybrid %v", pats, b, got, want)
			}
		}
	}
}
