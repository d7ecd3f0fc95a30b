package misp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"

	"github.com/fusion-cti/fusion/internal/stix"
	"github.com/fusion-cti/fusion/internal/stix/pattern"
)

// unitResult is one unit of an import as a test sees it.
type unitResult struct {
	name    string
	objects []json.RawMessage
	err     error
	report  Report
}

// importAll imports data and reads every bundle through stix.BundleReader.
func importAll(tb testing.TB, imp *Importer, data []byte) ([]unitResult, error) {
	tb.Helper()
	var units []unitResult
	var cur *unitResult
	if imp == nil {
		imp = &Importer{}
	}
	cp := *imp
	cp.OnReport = func(r Report) { cur.report = r }
	err := cp.Import(context.Background(), bytes.NewReader(data), func(name string, bundle io.Reader) error {
		units = append(units, unitResult{name: name})
		cur = &units[len(units)-1]
		br := stix.NewBundleReader(bundle)
		for {
			raw, err := br.Next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				cur.err = err
				cur.objects = nil // the unit is rejected whole
				return nil
			}
			cur.objects = append(cur.objects, raw)
		}
	})
	return units, err
}

// checkObjects asserts what every bundle this package writes must satisfy:
// each object validates without errors, observables have their
// deterministic ids, patterns parse and are canonical, and every reference
// resolves inside the bundle (TLP markings excepted).
func checkObjects(tb testing.TB, objs []json.RawMessage) {
	tb.Helper()
	ids := map[string]bool{}
	for _, raw := range objs {
		o, rep := stix.Validate(raw)
		if !rep.OK() {
			tb.Errorf("invalid object %s: %v", raw, rep.Err())
			continue
		}
		ids[o.ID] = true
	}
	for _, raw := range objs {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			tb.Fatal(err)
		}
		typ, _ := m["type"].(string)
		id, _ := m["id"].(string)
		if stix.Kind(typ) == stix.SCO {
			want, err := stix.DeterministicID(raw)
			if err != nil || want != id {
				tb.Errorf("%s: id is not deterministic (want %s, %v)", id, want, err)
			}
		}
		if typ == "indicator" && m["pattern_type"] == "stix" {
			p, err := pattern.Parse(m["pattern"].(string))
			if err != nil {
				tb.Errorf("%s: pattern %q: %v", id, m["pattern"], err)
			} else if p.String() != m["pattern"] {
				tb.Errorf("%s: pattern %q is not canonical (%q)", id, m["pattern"], p.String())
			}
		}
		for k, v := range m {
			var refs []string
			switch {
			case strings.HasSuffix(k, "_ref"):
				refs = []string{v.(string)}
			case strings.HasSuffix(k, "_refs"):
				for _, r := range v.([]any) {
					refs = append(refs, r.(string))
				}
			}
			for _, r := range refs {
				if _, tlp := stix.TLPLevel(r); !tlp && !ids[r] {
					tb.Errorf("%s: %s %s is not in the bundle", id, k, r)
				}
			}
		}
	}
}

// reportRefs checks that the report (last) refers to every other object.
func reportRefs(tb testing.TB, objs []json.RawMessage) {
	tb.Helper()
	if len(objs) == 0 {
		return
	}
	var rep struct {
		Type       string   `json:"type"`
		ObjectRefs []string `json:"object_refs"`
	}
	if err := json.Unmarshal(objs[len(objs)-1], &rep); err != nil {
		tb.Fatal(err)
	}
	if rep.Type != "report" && rep.Type != "grouping" {
		tb.Fatalf("last object is a %s, not the report", rep.Type)
	}
	refs := map[string]bool{}
	for _, r := range rep.ObjectRefs {
		refs[r] = true
	}
	for _, raw := range objs[:len(objs)-1] {
		var o struct {
			ID string `json:"id"`
		}
		json.Unmarshal(raw, &o)
		if !refs[o.ID] {
			tb.Errorf("report does not refer to %s", o.ID)
		}
	}
}

// render is the golden text of an import.
func render(units []unitResult, err error) []byte {
	var b bytes.Buffer
	for _, u := range units {
		fmt.Fprintf(&b, "# unit %s\n", u.name)
		if u.err != nil {
			fmt.Fprintf(&b, "# error: %v\n", u.err)
			continue
		}
		r := u.report
		fmt.Fprintf(&b, "# event %s: %d attributes, %d objects -> %d STIX objects\n", r.Event, r.Attributes, r.Objects, r.Total())
		if len(r.Unknown) > 0 {
			keys := make([]string, 0, len(r.Unknown))
			for k := range r.Unknown {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(&b, "# not converted: %s ×%d\n", k, r.Unknown[k])
			}
		}
		for _, is := range r.Issues {
			fmt.Fprintf(&b, "# skipped %s\n", is)
		}
		for _, o := range u.objects {
			b.Write(o)
			b.WriteByte('\n')
		}
	}
	if err != nil {
		fmt.Fprintf(&b, "# import error: %v\n", err)
	}
	return b.Bytes()
}

func isPathError(err error, path string) bool {
	var pe *PathError
	return errors.As(err, &pe) && pe.Path == path
}
