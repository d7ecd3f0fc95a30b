package store

import (
	"bytes"
	"crypto/sha256"
	"time"
)

// This file holds the write planning both back-ends share, so that what
// counts as new, a new version, a duplicate or a conflict, which version is
// the latest, and how dates added are assigned is decided in one place.

// Existing is what a back-end found stored for an id before a flush.
type Existing struct {
	Version int64 // microseconds, see Micros
	Hash    []byte
	Added   int64
	Latest  bool
	Source  string
}

// Row is one version a flush inserts.
type Row struct {
	Rec     *Record
	Added   int64
	Version int64
	Hash    []byte
	Latest  bool
}

// ProvRow records that Source also sent the version added at Added.
type ProvRow struct {
	Added  int64
	Source string
	At     int64
}

// Plan is what a flush writes.
type Plan struct {
	Rows       []*Row
	Unlatest   []int64 // added keys of stored versions that are no longer latest
	Provenance []ProvRow
}

// Clock hands out strictly increasing dates added, in microseconds.
type Clock struct {
	last int64
	now  func() time.Time
}

// NewClock starts a clock after last, the greatest date added committed so far.
func NewClock(last int64) *Clock { return &Clock{last: last, now: time.Now} }

// Next returns a date added greater than every one returned before.
func (c *Clock) Next() int64 {
	t := c.now().UnixMicro()
	if t <= c.last {
		t = c.last + 1
	}
	c.last = t
	return t
}

// Planner decides what a sequence of flushes writes. It remembers what
// earlier flushes of the same transaction planned, so that an id sent twice
// in one transaction is handled exactly as if it had been stored between.
type Planner struct {
	clock   *Clock
	known   map[string][]*Existing // id → versions (stored or planned)
	pending map[string]*Row        // id → planned row currently latest
	summary Summary
}

// NewPlanner returns a planner that assigns dates added from clock.
func NewPlanner(clock *Clock) *Planner {
	return &Planner{clock: clock, known: map[string][]*Existing{}, pending: map[string]*Row{}}
}

// Unknown returns the ids among recs whose stored versions the planner has
// not been told about yet; a back-end looks them up and passes the result
// to Plan.
func (p *Planner) Unknown(recs []*Record) []string {
	var ids []string
	seen := map[string]bool{}
	for _, r := range recs {
		if _, ok := p.known[r.ID]; ok || seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		ids = append(ids, r.ID)
	}
	return ids
}

// Plan decides the writes for recs, given the stored versions of the ids
// Unknown returned (ids with nothing stored may be absent from stored).
//
// The back-end must have written the previous plan before asking for the
// next one.
func (p *Planner) Plan(recs []*Record, stored map[string][]Existing) Plan {
	clear(p.pending)
	for id, vs := range stored {
		if _, ok := p.known[id]; ok {
			continue
		}
		list := make([]*Existing, len(vs))
		for i := range vs {
			list[i] = &vs[i]
		}
		p.known[id] = list
	}
	var plan Plan
	for _, rec := range recs {
		p.plan(rec, &plan)
	}
	return plan
}

func (p *Planner) plan(rec *Record, plan *Plan) {
	version := Micros(rec.Version)
	sum := sha256.Sum256(rec.Raw)
	hash := sum[:16]
	versions, seen := p.known[rec.ID]
	var latest *Existing
	for _, e := range versions {
		if e.Version == version {
			if bytes.Equal(e.Hash, hash) {
				p.summary.Duplicates++
				if rec.Source != e.Source {
					plan.Provenance = append(plan.Provenance, ProvRow{Added: e.Added, Source: rec.Source, At: p.clock.now().UnixMicro()})
				}
			} else {
				p.summary.Conflicts = append(p.summary.Conflicts, rec.ID)
			}
			return
		}
		if e.Latest {
			latest = e
		}
	}
	row := &Row{Rec: rec, Added: p.clock.Next(), Version: version, Hash: hash}
	switch {
	case latest == nil:
		row.Latest = true
	case version > latest.Version:
		row.Latest = true
		latest.Latest = false
		if prev, ok := p.pending[rec.ID]; ok && prev.Added == latest.Added {
			prev.Latest = false
		} else {
			plan.Unlatest = append(plan.Unlatest, latest.Added)
		}
	}
	if row.Latest {
		p.pending[rec.ID] = row
	}
	if seen && len(versions) > 0 {
		p.summary.NewVersions++
	} else {
		p.summary.New++
	}
	p.known[rec.ID] = append(versions, &Existing{Version: version, Hash: hash, Added: row.Added, Latest: row.Latest, Source: rec.Source})
	plan.Rows = append(plan.Rows, row)
}

// Summary returns the counts of everything planned so far.
func (p *Planner) Summary() Summary { return p.summary }
