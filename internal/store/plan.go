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
	Owner   int64
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

// SenderRow records that Org sent the version added at Added after its owner.
type SenderRow struct {
	Added int64
	Org   int64
}

// MemberRow adds the version added at Ver to collection Coll at date Seq.
type MemberRow struct {
	Coll, Seq, Ver int64
}

// Plan is what a flush writes.
type Plan struct {
	Rows       []*Row
	Unlatest   []int64 // added keys of stored versions that are no longer latest
	Provenance []ProvRow
	Senders    []SenderRow
	Members    []MemberRow
}

// Clock hands out strictly increasing dates added, in microseconds.
type Clock struct {
	last int64
	now  func() time.Time
}

// NewClock starts a clock after last, the greatest date added committed so
// far (to objects or to any collection).
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

// Planner decides what each flush of a transaction writes. Each flush is
// planned against what the database holds at that moment, earlier flushes of
// the same transaction included (the transaction sees its own writes), so
// the planner keeps no per-object state between flushes and its memory does
// not grow with the size of the transaction.
type Planner struct {
	clock   *Clock
	known   map[string][]*Existing // id → versions (stored or planned), this flush
	pending map[string]*Row        // id → planned row currently latest, this flush
	summary Summary
}

// NewPlanner returns a planner that assigns dates added from clock.
func NewPlanner(clock *Clock) *Planner {
	return &Planner{clock: clock, known: map[string][]*Existing{}, pending: map[string]*Row{}}
}

// IDs returns the distinct ids of recs: a back-end looks up their stored
// versions and passes them to Plan.
func (p *Planner) IDs(recs []*Record) []string {
	ids := make([]string, 0, len(recs))
	clear(p.known)
	for _, r := range recs {
		if _, ok := p.known[r.ID]; ok {
			continue
		}
		p.known[r.ID] = nil
		ids = append(ids, r.ID)
	}
	return ids
}

// Plan decides the writes for recs, given the stored versions of their ids
// (ids with nothing stored may be absent from stored). The back-end must
// have written the previous plan before looking up versions for this one.
func (p *Planner) Plan(recs []*Record, stored map[string][]Existing) Plan {
	clear(p.known)
	clear(p.pending)
	for id, vs := range stored {
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
	versions := p.known[rec.ID]
	var latest *Existing
	for _, e := range versions {
		if e.Version == version {
			if bytes.Equal(e.Hash, hash) {
				p.summary.Duplicates++
				if o := rec.Label.Owner; o != 0 && o != e.Owner {
					plan.Senders = append(plan.Senders, SenderRow{Added: e.Added, Org: o})
				}
				if rec.Collection != 0 {
					seq := p.clock.Next()
					plan.Members = append(plan.Members, MemberRow{Coll: rec.Collection, Seq: seq, Ver: e.Added})
					p.summary.Last = FromMicros(seq)
				}
				if rec.Source != e.Source {
					// From the clock, not the wall: dates added run ahead of
					// the wall clock within a batch, and a later sender must
					// never look earlier than the first one.
					plan.Provenance = append(plan.Provenance, ProvRow{Added: e.Added, Source: rec.Source, At: p.clock.Next()})
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
	p.summary.Last = FromMicros(row.Added)
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
	if len(versions) > 0 {
		p.summary.NewVersions++
	} else {
		p.summary.New++
	}
	p.known[rec.ID] = append(versions, &Existing{Version: version, Hash: hash, Added: row.Added, Latest: row.Latest, Source: rec.Source, Owner: rec.Label.Owner})
	plan.Rows = append(plan.Rows, row)
	if rec.Collection != 0 {
		plan.Members = append(plan.Members, MemberRow{Coll: rec.Collection, Seq: row.Added, Ver: row.Added})
	}
}

// Summary returns the counts of everything planned so far.
func (p *Planner) Summary() Summary { return p.summary }
