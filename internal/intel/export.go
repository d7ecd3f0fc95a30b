package intel

import (
	"context"
	"encoding/json"
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/stix"
	"github.com/fusion-cti/fusion/internal/store"
)

// ExportFilter narrows what an export takes from the store.
type ExportFilter struct {
	// Types of objects (default: indicators and every SCO type).
	Types []string
	// Since keeps versions added after it.
	Since time.Time
	// MinConfidence keeps objects whose confidence is at least this (an
	// object without confidence passes only when it is 0).
	MinConfidence int
	// MaxTLP keeps versions labelled at most this level; nil keeps all the
	// viewer may see.
	MaxTLP *access.TLP
	// Expired keeps indicators whose valid_until has passed (default:
	// left out, as tools should not block on stale intelligence).
	Expired bool
	// Warned keeps versions whose values are on warning lists (default:
	// left out, so that tools do not block public resolvers and the like).
	Warned bool
}

// Objects yields the latest versions v may see that f keeps, oldest first:
// what a STIX or MISP export writes.
func Objects(ctx context.Context, st store.Store, v access.Viewer, f ExportFilter) iter.Seq2[store.Stored, error] {
	return func(yield func(store.Stored, error) bool) {
		for it, err := range scanned(ctx, st, v, f) {
			if !yield(it.Stored, err) || err != nil {
				return
			}
		}
	}
}

// item is a stored version with its top-level members scanned.
type item struct {
	store.Stored
	p props
}

// scanned pages through the latest versions v may see, scans each one's
// members once, and yields those f keeps, in order. Pages are read one
// ahead on another goroutine, so the database and the scanning overlap.
func scanned(ctx context.Context, st store.Store, v access.Viewer, f ExportFilter) iter.Seq2[*item, error] {
	return func(yield func(*item, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		type page struct {
			items []store.Stored
			err   error
		}
		pages := make(chan page, 2)
		go func() {
			defer close(pages)
			lf := store.Filter{Types: f.Types, AddedAfter: f.Since, Limit: store.MaxLimit, SkipWarned: !f.Warned}
			for {
				p, err := st.List(ctx, v, lf)
				select {
				case pages <- page{p.Items, err}:
				case <-ctx.Done():
					return
				}
				if err != nil || !p.More {
					return
				}
				lf.After = p.Items[len(p.Items)-1].Added
			}
		}()
		now := time.Now()
		for pg := range pages {
			if pg.err != nil {
				yield(nil, pg.err)
				return
			}
			for _, s := range pg.items {
				if s.Revoked || f.MaxTLP != nil && s.TLP > *f.MaxTLP {
					continue
				}
				it := &item{Stored: s}
				if err := it.p.scan(s.Raw); err != nil {
					continue // stored objects were scanned at ingest: cannot happen
				}
				if f.MinConfidence > 0 && confidence(&it.p) < f.MinConfidence {
					continue
				}
				if !f.Expired && expired(&it.p, now) {
					continue
				}
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}

func confidence(p *props) int {
	if raw := p.get("confidence"); raw != nil {
		if n, err := strconv.Atoi(string(raw)); err == nil {
			return n
		}
	}
	return -1
}

func expired(p *props, now time.Time) bool {
	if until := p.str("valid_until"); until != "" {
		if t, err := stix.ParseTime(until); err == nil {
			return !t.After(now)
		}
	}
	return false
}

// exportTypes are what tool exports read by default: indicators and the
// SCOs that carry observable values.
var exportTypes = func() []string {
	out := []string{"indicator"}
	for t := range scoProperties {
		out = append(out, t)
	}
	out = append(out, "file", "x509-certificate", "artifact")
	slices.Sort(out)
	return slices.Compact(out)
}()

// Indicators yields the observable values of what Objects yields (by
// default indicators and SCOs), one per value: what tool exports (rules,
// intel files, zones, block lists) write.
func Indicators(ctx context.Context, st store.Store, v access.Viewer, f ExportFilter) iter.Seq2[codec.Indicator, error] {
	if len(f.Types) == 0 {
		f.Types = exportTypes
	}
	return func(yield func(codec.Indicator, error) bool) {
		// Deriving values (scanning members, parsing patterns) runs on its
		// own goroutine, in batches, while the caller writes the previous
		// batch: with the store's reads, three stages on the cores there are.
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		type batch struct {
			inds []codec.Indicator
			err  error
		}
		batches := make(chan batch, 4)
		go func() {
			defer close(batches)
			var cur []codec.Indicator
			send := func(b batch) bool {
				select {
				case batches <- b:
					return true
				case <-ctx.Done():
					return false
				}
			}
			for it, err := range scanned(ctx, st, v, f) {
				if err != nil {
					send(batch{err: err})
					return
				}
				cur = appendIndicators(cur, it)
				if len(cur) >= 512 {
					if !send(batch{inds: cur}) {
						return
					}
					cur = make([]codec.Indicator, 0, 512)
				}
			}
			if len(cur) > 0 {
				send(batch{inds: cur})
			}
		}()
		for b := range batches {
			if b.err != nil {
				yield(codec.Indicator{}, b.err)
				return
			}
			for _, ind := range b.inds {
				if !yield(ind, nil) {
					return
				}
			}
		}
	}
}

// appendIndicators appends one indicator value per distinct observable of
// a stored version.
func appendIndicators(out []codec.Indicator, it *item) []codec.Indicator {
	s := &it.Stored
	obj := &stix.Object{Type: s.Type, ID: s.ID, SpecVersion: s.SpecVersion, Revoked: s.Revoked, Raw: s.Raw}
	rec, err := recordOf(obj, &it.p, "")
	if err != nil {
		return out
	}
	base := codec.Indicator{
		ID: s.ID, Name: rec.Name, Confidence: confidence(&it.p), TLP: s.TLP.String(),
		Modified: s.Version, Labels: it.p.strs("labels"),
	}
	if c := it.p.str("created"); c != "" {
		base.Created, _ = stix.ParseTime(c)
	}
	if until := it.p.str("valid_until"); until != "" {
		base.ValidUntil, _ = stix.ParseTime(until)
	}
	for i, o := range rec.Observables {
		if slices.Contains(rec.Observables[:i], o) {
			continue
		}
		ind := base
		ind.Kind, ind.Value = o.Kind, o.Value
		out = append(out, ind)
	}
	return out
}

// RawObjects adapts Objects to what a STIX-reading exporter takes.
func RawObjects(seq iter.Seq2[store.Stored, error]) iter.Seq2[json.RawMessage, error] {
	return func(yield func(json.RawMessage, error) bool) {
		for s, err := range seq {
			if !yield(s.Raw, err) || err != nil {
				return
			}
		}
	}
}
