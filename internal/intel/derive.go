package intel

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/fusion-cti/fusion/internal/stix"
	"github.com/fusion-cti/fusion/internal/stix/pattern"
	"github.com/fusion-cti/fusion/internal/store"
)

// record turns a validated object into a store record with its index
// entries. It returns an error, with the JSON path, when an indicator's
// STIX pattern does not parse.
func record(obj *stix.Object, source string) (*store.Record, error) {
	var p props
	if err := p.scan(obj.Raw); err != nil {
		return nil, err
	}
	return recordOf(obj, &p, source)
}

// recordOf is record for an object whose members p already holds.
func recordOf(obj *stix.Object, p *props, source string) (*store.Record, error) {
	rec := &store.Record{
		ID:          obj.ID,
		Type:        obj.Type,
		SpecVersion: obj.SpecVersion,
		Version:     obj.Version(),
		Revoked:     obj.Revoked,
		Raw:         obj.Raw,
		Source:      source,
		Name:        p.str("name"),
		Description: p.str("description"),
	}
	if obj.Type == "indicator" && p.str("pattern_type") == "stix" {
		pat, err := pattern.Parse(p.str("pattern"))
		if err != nil {
			return nil, fmt.Errorf("$.pattern: %w", err)
		}
		for _, o := range pat.Observables() {
			kind := o.Type + ":" + o.Path
			rec.Observables = append(rec.Observables, store.Observable{Kind: kind, Value: Normalize(kind, o.Value)})
		}
	}
	rec.Observables = append(rec.Observables, scoObservables(obj.Type, p)...)
	if rec.Name == "" && len(rec.Observables) > 0 && stix.Kind(obj.Type) == stix.SCO {
		rec.Name = rec.Observables[0].Value
	}
	rec.Refs = refs(obj.Type, p)
	rec.Markings = markings(p)
	return rec, nil
}

// markings lists the marking definitions an object references: its
// object_marking_refs and the marking_ref of each granular marking.
func markings(p *props) []string {
	out := p.strs("object_marking_refs")
	if raw := p.get("granular_markings"); raw != nil {
		var gms []struct {
			MarkingRef string `json:"marking_ref"`
		}
		if json.Unmarshal(raw, &gms) == nil {
			for _, gm := range gms {
				if gm.MarkingRef != "" {
					out = append(out, gm.MarkingRef)
				}
			}
		}
	}
	return out
}

// scoProperties lists, per SCO type, the string properties that are
// observable values. Hashes are handled for every type that has them.
var scoProperties = map[string][]string{
	"ipv4-addr":            {"value"},
	"ipv6-addr":            {"value"},
	"domain-name":          {"value"},
	"url":                  {"value"},
	"email-addr":           {"value"},
	"mac-addr":             {"value"},
	"mutex":                {"name"},
	"windows-registry-key": {"key"},
	"directory":            {"path"},
	"file":                 {"name"},
	"software":             {"name", "cpe"},
	"user-account":         {"user_id", "account_login"},
	"x509-certificate":     {"serial_number"},
	"email-message":        {"message_id"},
}

func scoObservables(typ string, p *props) []store.Observable {
	var out []store.Observable
	for _, name := range scoProperties[typ] {
		if v := p.str(name); v != "" {
			kind := typ + ":" + name
			out = append(out, store.Observable{Kind: kind, Value: Normalize(kind, v)})
		}
	}
	if typ == "autonomous-system" {
		if n := p.get("number"); n != nil {
			out = append(out, store.Observable{Kind: typ + ":number", Value: string(n)})
		}
	}
	if raw := p.get("hashes"); raw != nil && stix.Kind(typ) == stix.SCO {
		var hashes map[string]string
		if json.Unmarshal(raw, &hashes) == nil {
			algs := make([]string, 0, len(hashes))
			for alg := range hashes {
				algs = append(algs, alg)
			}
			sort.Strings(algs)
			for _, alg := range algs {
				path := pattern.Path{Steps: []pattern.Step{{Kind: pattern.KeyStep, Key: "hashes"}, {Kind: pattern.KeyStep, Key: alg}}}
				kind := typ + ":" + path.Property()
				out = append(out, store.Observable{Kind: kind, Value: Normalize(kind, hashes[alg])})
			}
		}
	}
	return out
}

// Normalize puts an observable value in the form the store indexes it by:
// hashes, domain names, email and MAC addresses in lower case, IPv6
// addresses (and CIDR blocks) in their canonical text. Both sides of a
// look-up go through it.
func Normalize(kind, value string) string {
	typ, path, _ := strings.Cut(kind, ":")
	switch {
	case strings.HasPrefix(path, "hashes."):
		return strings.ToLower(value)
	case typ == "domain-name" || typ == "email-addr" || typ == "mac-addr":
		return strings.TrimSuffix(strings.ToLower(value), ".")
	case typ == "ipv6-addr" && path == "value":
		if pfx, err := netip.ParsePrefix(value); err == nil {
			return pfx.String()
		}
		if a, err := netip.ParseAddr(value); err == nil {
			return a.String()
		}
	}
	return value
}

// skipRefs are reference properties not indexed as edges: nearly every
// object carries them, and "who marked or created this" is answered by
// other means.
var skipRefs = map[string]bool{"created_by_ref": true, "object_marking_refs": true}

// refs lists the edges an object carries: a relationship's source → target
// under its relationship type, a sighting's sighting_of_ref as
// "sighting-of", and every other top-level *_ref and *_refs property under
// its own name.
func refs(typ string, p *props) []store.Ref {
	var out []store.Ref
	if typ == "relationship" {
		src, dst := p.str("source_ref"), p.str("target_ref")
		if src != "" && dst != "" {
			out = append(out, store.Ref{From: src, Kind: p.str("relationship_type"), Target: dst})
		}
	}
	for _, name := range p.keys {
		if skipRefs[name] || typ == "relationship" && (name == "source_ref" || name == "target_ref") {
			continue
		}
		kind := name
		if typ == "sighting" && name == "sighting_of_ref" {
			kind = "sighting-of"
		}
		switch {
		case strings.HasSuffix(name, "_ref"):
			if v := p.str(name); v != "" {
				out = append(out, store.Ref{Kind: kind, Target: v})
			}
		case strings.HasSuffix(name, "_refs"):
			for _, v := range p.strs(name) {
				out = append(out, store.Ref{Kind: kind, Target: v})
			}
		}
	}
	return out
}
