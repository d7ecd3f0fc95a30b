package pattern

import (
	"errors"
	"testing"
)

// FuzzPattern checks that Parse never panics, that every error is a
// positioned *SyntaxError, and that every accepted pattern prints to text
// that parses back to an equal tree and prints identically.
func FuzzPattern(f *testing.F) {
	for _, s := range validPatterns(f) {
		f.Add(s)
	}
	for _, c := range invalidCases(f) {
		f.Add(c.pattern)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Line < 1 || se.Col < 1 || se.Msg == "" {
				t.Fatalf("Parse(%q) error %#v is not a positioned *SyntaxError", s, err)
			}
			return
		}
		_ = p.Comparisons()
		_ = p.Observables()
		if len(p.String()) > MaxLength {
			return // canonical spacing may push a near-limit pattern over it
		}
		checkRoundTrip(t, s)
	})
}
