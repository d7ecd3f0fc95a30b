package warninglist_test

import (
	"os"
	"slices"
	"sync"
	"testing"

	"github.com/fusion-cti/fusion/internal/warninglist"
)

// realDir holds a copy of the MISP warninglists repository (120 lists).
// FUSION_MISP_WARNINGLISTS overrides it; tests that need it skip without it.
func realDir() string {
	if d := os.Getenv("FUSION_MISP_WARNINGLISTS"); d != "" {
		return d
	}
	return "/work/shared/data/misp-warninglists"
}

var real struct {
	once sync.Once
	set  *warninglist.Set
	rep  warninglist.Report
	err  error
}

// realSet loads the real lists once per test binary.
func realSet(tb testing.TB) (*warninglist.Set, warninglist.Report) {
	tb.Helper()
	if _, err := os.Stat(realDir()); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("real MISP warning lists not found (they are part of the shared data checkout; FUSION_MISP_WARNINGLISTS overrides): %v", err)
		}
		tb.Skipf("real MISP warning lists not available (set FUSION_MISP_WARNINGLISTS): %v", err)
	}
	real.once.Do(func() { real.set, real.rep, real.err = warninglist.Load(realDir()) })
	if real.err != nil {
		tb.Fatal(real.err)
	}
	return real.set, real.rep
}

// matchCase is one look-up and what it must and must not find.
type matchCase struct {
	kind, value string
	want        []warninglist.Hit // each must be among the hits
	notLists    []string          // no hit may come from these lists
	exact       bool              // the hits must be exactly want
}

func runMatchCases(t *testing.T, s *warninglist.Set, cases []matchCase) {
	t.Helper()
	for _, c := range cases {
		got := s.Match(c.kind, c.value)
		if c.exact && !slices.Equal(got, c.want) {
			t.Errorf("Match(%q, %q) = %v, want exactly %v", c.kind, c.value, got, c.want)
			continue
		}
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("Match(%q, %q) = %v, want it to contain %v", c.kind, c.value, got, w)
			}
		}
		for _, h := range got {
			if slices.Contains(c.notLists, h.List) {
				t.Errorf("Match(%q, %q): unexpected hit %v", c.kind, c.value, h)
			}
		}
	}
}

func hit(list, entry string) warninglist.Hit { return warninglist.Hit{List: list, Entry: entry} }
