package misp

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"os"
	"sort"
	"strings"
	"testing"
)

func seqOf(objs []json.RawMessage) iter.Seq2[json.RawMessage, error] {
	return func(yield func(json.RawMessage, error) bool) {
		for _, o := range objs {
			if !yield(o, nil) {
				return
			}
		}
	}
}

// normalised sorts a unit's objects by id and the report's object_refs,
// so that two conversions can be compared as sets.
func normalised(tb testing.TB, objs []json.RawMessage) []string {
	tb.Helper()
	out := make([]string, 0, len(objs))
	for _, raw := range objs {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			tb.Fatal(err)
		}
		if refs, ok := m["object_refs"].([]any); ok {
			sort.Slice(refs, func(i, j int) bool { return refs[i].(string) < refs[j].(string) })
		}
		b, _ := json.Marshal(m)
		out = append(out, string(b))
	}
	sort.Strings(out)
	return out
}

// TestRoundTrip: MISP event → import → export → import gives the same
// STIX objects.
func TestRoundTrip(t *testing.T) {
	for _, name := range []string{"attribute_types", "objects", "galaxies", "sightings", "distribution", "sharing_group", "server_order", "empty"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile("testdata/events/" + name + ".json")
			if err != nil {
				t.Fatal(err)
			}
			first, err := importAll(t, nil, data)
			if err != nil {
				t.Fatal(err)
			}
			for i, u := range first {
				if u.err != nil {
					continue
				}
				var buf bytes.Buffer
				var skipped []string
				opt := EventOptions{OnSkip: func(id, why string) { skipped = append(skipped, id+": "+why) }}
				if err := ExportEvent(context.Background(), &buf, seqOf(u.objects), opt); err != nil {
					t.Fatalf("unit %d: export: %v", i, err)
				}
				checkMISPKeys(t, buf.Bytes())
				second, err := importAll(t, nil, buf.Bytes())
				if err != nil || len(second) != 1 || second[0].err != nil {
					t.Fatalf("unit %d: re-import: %v %+v\n%s", i, err, second, buf.Bytes())
				}
				if last := u.objects[len(u.objects)-1]; !bytes.Contains(last, []byte(`"x_misp_distribution"`)) && !bytes.Contains(last, []byte(`"object_marking_refs"`)) {
					// Neither distribution nor TLP: export cannot keep
					// "unknown" and writes 0 (never wider): the event comes
					// back AMBER+STRICT.
					for _, o := range second[0].objects {
						if !bytes.Contains(o, []byte(`"object_marking_refs":["marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"]`)) {
							t.Errorf("unit %s: %s is not AMBER+STRICT after a round trip without distribution", u.name, o)
						}
					}
					continue
				}
				a, b := normalised(t, u.objects), normalised(t, second[0].objects)
				if strings.Join(a, "\n") != strings.Join(b, "\n") {
					t.Errorf("unit %s: round trip differs (skipped on export: %q)\n%s", u.name, skipped, setDiff(a, b))
				}
			}
		})
	}
}

func setDiff(a, b []string) string {
	in := func(list []string, s string) bool {
		i := sort.SearchStrings(list, s)
		return i < len(list) && list[i] == s
	}
	var out []string
	for _, s := range a {
		if !in(b, s) {
			out = append(out, "- "+s)
		}
	}
	for _, s := range b {
		if !in(a, s) {
			out = append(out, "+ "+s)
		}
	}
	return strings.Join(out, "\n")
}

// mispKeys are the keys of MISP's event schema that export may write.
var mispKeys = map[string]map[string]bool{
	"Event": set("uuid", "info", "date", "timestamp", "published", "publish_timestamp", "threat_level_id", "analysis",
		"distribution", "sharing_group_id", "SharingGroup", "Orgc", "Tag", "Galaxy", "Attribute", "Object", "Sighting"),
	"Attribute": set("uuid", "type", "category", "value", "to_ids", "timestamp", "distribution", "sharing_group_id",
		"SharingGroup", "comment", "deleted", "disable_correlation", "first_seen", "last_seen", "object_relation", "Tag", "Galaxy", "Sighting"),
	"Galaxy":        set("type", "GalaxyCluster"),
	"GalaxyCluster": set("type", "value", "tag_name", "description", "meta"),
	"Object": set("uuid", "name", "meta-category", "template_uuid", "timestamp", "distribution", "sharing_group_id",
		"SharingGroup", "comment", "deleted", "first_seen", "last_seen", "Attribute", "ObjectReference"),
	"ObjectReference": set("uuid", "object_uuid", "referenced_uuid", "relationship_type", "timestamp", "comment", "deleted"),
	"Sighting":        set("uuid", "date_sighting", "type", "source", "Organisation", "attribute_uuid"),
	"Tag":             set("name"),
	"Orgc":            set("uuid", "name"),
	"Organisation":    set("uuid", "name"),
	"SharingGroup":    set("uuid", "name"),
}

func set(keys ...string) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// checkMISPKeys checks that an exported event uses only known keys, numbers
// as strings and flags as booleans.
func checkMISPKeys(tb testing.TB, data []byte) {
	tb.Helper()
	var top map[string]any
	if err := json.Unmarshal(data, &top); err != nil {
		tb.Fatalf("export is not JSON: %v\n%s", err, data)
	}
	var walk func(kind string, v any)
	walk = func(kind string, v any) {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				walk(kind, e)
			}
		case map[string]any:
			known := mispKeys[kind]
			for k, x := range v {
				if !known[k] {
					tb.Errorf("%s has key %q, which MISP's schema does not know", kind, k)
				}
				switch x.(type) {
				case float64:
					tb.Errorf("%s.%s is a JSON number; MISP writes numbers as strings", kind, k)
				}
				switch k {
				case "published", "to_ids", "deleted", "disable_correlation":
					if _, ok := x.(bool); !ok {
						tb.Errorf("%s.%s is not a boolean", kind, k)
					}
				}
				if k[0] >= 'A' && k[0] <= 'Z' {
					walk(k, x)
				}
			}
		}
	}
	walk("Event", top["Event"])
}
