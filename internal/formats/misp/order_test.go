package misp

import (
	"bytes"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"
)

// reorder rewrites {"Event": {...}} with the event's keys in the order
// less gives.
func reorder(tb testing.TB, data []byte, less func(a, b string) bool) []byte {
	tb.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		tb.Fatal(err)
	}
	var ev map[string]json.RawMessage
	if err := json.Unmarshal(top["Event"], &ev); err != nil {
		tb.Fatal(err)
	}
	keys := make([]string, 0, len(ev))
	for k := range ev {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return less(keys[i], keys[j]) })
	var b bytes.Buffer
	b.WriteString(`{"Event":{`)
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(ev[k])
	}
	b.WriteString("}}")
	return b.Bytes()
}

// TestKeyOrder: the same event gives the same objects whatever the order of
// its keys: context first (converted as it streams), MISP's order and
// alphabetical (attributes spooled until the tags are known), with the
// spool in memory and on disk.
func TestKeyOrder(t *testing.T) {
	contextFirst := func(a, b string) bool {
		rank := func(k string) int {
			switch k {
			case "Attribute", "Object", "Sighting":
				return 1
			}
			return 0
		}
		if rank(a) != rank(b) {
			return rank(a) < rank(b)
		}
		return a < b
	}
	alphabetical := func(a, b string) bool { return a < b }
	reverse := func(a, b string) bool { return a > b }
	for _, name := range []string{"attribute_types", "objects", "galaxies", "sightings", "sharing_group"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile("testdata/events/" + name + ".json")
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for i, variant := range []struct {
				less func(a, b string) bool
				imp  *Importer
			}{
				{contextFirst, nil},
				{alphabetical, nil},
				{reverse, nil},
				{alphabetical, &Importer{SpoolMemory: 512, TempDir: t.TempDir()}},
			} {
				units, err := importAll(t, variant.imp, reorder(t, data, variant.less))
				if err != nil || len(units) != 1 || units[0].err != nil {
					t.Fatalf("variant %d: %v %+v", i, err, units)
				}
				checkObjects(t, units[0].objects)
				got := normalised(t, units[0].objects)
				if i == 0 {
					want = got
					continue
				}
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("variant %d differs:\n%s", i, setDiff(want, got))
				}
			}
		})
	}
}
