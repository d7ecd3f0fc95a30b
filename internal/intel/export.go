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
}

// Objects yields the latest versions v may see that f keeps, oldest first:
// what a STIX or MISP export writes.
func Objects(ctx context.Context, st store.Store, v access.Viewer, f ExportFilter) iter.Seq2[store.Stored, error] {
	return func(yield func(store.Stored, error) bool) {
		lf := store.Filter{Types: f.Types, AddedAfter: f.Since, Limit: store.MaxLimit}
		now := time.Now()
		for {
			page, err := st.List(ctx, v, lf)
			if err != nil {
				yield(store.Stored{}, err)
				return
			}
			for _, s := range page.Items {
				if s.Revoked || f.MaxTLP != nil && s.TLP > *f.MaxTLP {
					continue
				}
				if f.MinConfidence > 0 || !f.Expired {
					var p props
					if err := p.scan(s.Raw); err != nil {
						continue // stored objects scanned before: cannot happen
					}
					if f.MinConfidence > 0 && confidence(&p) < f.MinConfidence {
						continue
					}
					if !f.Expired && expired(&p, now) {
						continue
					}
				}
				if !yield(s, nil) {
					return
				}
			}
			if !page.More {
				return
			}
			lf.After = page.Items[len(page.Items)-1].Added
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
		for s, err := range Objects(ctx, st, v, f) {
			if err != nil {
				yield(codec.Indicator{}, err)
				return
			}
			obj, err := stix.Parse(s.Raw)
			if err != nil {
				continue
			}
			rec, err := record(obj, "")
			if err != nil {
				continue
			}
			var p props
			p.scan(s.Raw)
			base := codec.Indicator{
				ID: s.ID, Name: rec.Name, Confidence: confidence(&p), TLP: s.TLP.String(),
				Created: obj.Created, Modified: obj.Modified, Labels: p.strs("labels"),
			}
			if until := p.str("valid_until"); until != "" {
				base.ValidUntil, _ = stix.ParseTime(until)
			}
			for i, o := range rec.Observables {
				if slices.Contains(rec.Observables[:i], o) {
					continue
				}
				ind := base
				ind.Kind, ind.Value = o.Kind, o.Value
				if !yield(ind, nil) {
					return
				}
			}
		}
	}
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
