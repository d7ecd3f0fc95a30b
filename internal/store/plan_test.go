package store

import (
	"testing"
	"time"
)

// TestClockStrictlyIncreasing: dates added increase even when the wall
// clock stands still or steps back (NTP), and follow it when it moves on.
func TestClockStrictlyIncreasing(t *testing.T) {
	wall := []time.Time{
		time.UnixMicro(1000), time.UnixMicro(1000), time.UnixMicro(900), time.UnixMicro(5000), time.UnixMicro(4000),
	}
	c := NewClock(950)
	i := 0
	c.now = func() time.Time { t := wall[i]; i++; return t }
	var got []int64
	for range wall {
		got = append(got, c.Next())
	}
	want := []int64{1000, 1001, 1002, 5000, 5001}
	for k := range want {
		if got[k] != want[k] {
			t.Fatalf("dates added = %v, want %v", got, want)
		}
	}
}

// TestPlannerOutOfOrderInOneBatch: versions of one id arriving newest
// first in a single batch leave exactly the newest one latest.
func TestPlannerOutOfOrderInOneBatch(t *testing.T) {
	mk := func(min int, raw string) *Record {
		return &Record{ID: "x--1", Version: time.Unix(0, 0).Add(time.Duration(min) * time.Minute), Raw: []byte(raw), Source: "s"}
	}
	p := NewPlanner(NewClock(0))
	stored := map[string][]Existing{"x--1": {{Version: Micros(time.Unix(0, 0).Add(2 * time.Minute)), Hash: []byte("h"), Added: 1, Latest: true, Source: "s"}}}
	plan := p.Plan([]*Record{mk(5, "a"), mk(3, "b"), mk(9, "c"), mk(5, "a"), mk(5, "changed")}, stored)
	latest := 0
	for _, r := range plan.Rows {
		if r.Latest {
			latest++
			if string(r.Rec.Raw) != "c" {
				t.Errorf("latest row is %q, want the minute-9 version", r.Rec.Raw)
			}
		}
	}
	if latest != 1 || len(plan.Rows) != 3 {
		t.Errorf("%d rows, %d latest; want 3 rows, 1 latest", len(plan.Rows), latest)
	}
	if len(plan.Unlatest) != 1 || plan.Unlatest[0] != 1 {
		t.Errorf("unlatest = %v, want the stored version (added 1)", plan.Unlatest)
	}
	sum := p.Summary()
	if sum.New != 0 || sum.NewVersions != 3 || sum.Duplicates != 1 || len(sum.Conflicts) != 1 {
		t.Errorf("summary = %+v, want 3 new versions, 1 duplicate, 1 conflict", sum)
	}
}
