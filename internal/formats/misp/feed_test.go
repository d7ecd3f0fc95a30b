package misp

import (
	"bufio"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/fusion-cti/fusion/internal/stix"
)

// stixOf imports a fixture and returns the objects of its first unit.
func stixOf(tb testing.TB, name string) []json.RawMessage {
	tb.Helper()
	data, err := os.ReadFile("testdata/events/" + name + ".json")
	if err != nil {
		tb.Fatal(err)
	}
	units, err := importAll(tb, nil, data)
	if err != nil || units[0].err != nil {
		tb.Fatal(err, units[0].err)
	}
	return units[0].objects
}

func TestWriteFeed(t *testing.T) {
	dir := t.TempDir()
	a, g := stixOf(t, "attribute_types"), stixOf(t, "galaxies")
	ctx := context.Background()
	if err := WriteFeed(ctx, dir, FeedSource{Objects: seqOf(a)}, FeedSource{Objects: seqOf(g)}); err != nil {
		t.Fatal(err)
	}
	evA, evG := idUUID(string(lastID(t, a))), idUUID(string(lastID(t, g)))
	var manifest map[string]struct {
		Info      string `json:"info"`
		Timestamp string `json:"timestamp"`
		Date      string `json:"date"`
		Orgc      struct{ UUID, Name string }
		Tag       []struct{ Name string }
	}
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &manifest); err != nil {
		t.Fatal(err)
	}
	if len(manifest) != 2 || manifest[evA].Info != "Fixture: attribute types" || manifest[evA].Timestamp != "1617875568" ||
		manifest[evA].Date != "2021-04-08" || manifest[evA].Orgc.Name != "CIRCL" {
		t.Fatalf("manifest: %s", b)
	}
	if tags := manifest[evA].Tag; len(tags) == 0 || tags[0].Name != "tlp:green" {
		t.Errorf("manifest tags: %+v", tags)
	}
	if !Detect(b) {
		t.Error("Detect does not recognise manifest.json")
	}
	// hashes.csv: md5 of each value, both parts of composite values.
	hashes := readLines(t, filepath.Join(dir, "hashes.csv"))
	want := func(v, ev string) string {
		s := md5.Sum([]byte(v))
		return hex.EncodeToString(s[:]) + "," + ev
	}
	for _, line := range []string{want("198.51.100.7", evA), want("evil.exe", evA), want("d41d8cd98f00b204e9800998ecf8427e", evA),
		want("198.51.100.8", evA), want("4444", evA), want("galaxy.example", evG)} {
		if !hashes[line] {
			t.Errorf("hashes.csv lacks %s", line)
		}
	}
	if hashes[want("evil.exe|d41d8cd98f00b204e9800998ecf8427e", evA)] {
		t.Error("hashes.csv has a composite value unsplit")
	}
	// Writing one event again replaces it and keeps the other.
	n := len(hashes)
	if err := WriteFeed(ctx, dir, FeedSource{Objects: seqOf(g)}); err != nil {
		t.Fatal(err)
	}
	if again := readLines(t, filepath.Join(dir, "hashes.csv")); len(again) != n {
		t.Errorf("hashes.csv has %d lines after rewriting an event, want %d", len(again), n)
	}
	// The feed reads back: every event, then incrementally none.
	var imp Importer
	var got []string
	res, err := imp.ReadFeed(ctx, dir, time.Time{}, func(name string, r io.Reader) error {
		got = append(got, name)
		return drain(r)
	})
	if err != nil || len(res.Imported) != 2 || len(res.Failed) != 0 || len(got) != 2 {
		t.Fatalf("ReadFeed: %v %+v %v", err, res, got)
	}
	res, err = imp.ReadFeed(ctx, dir, res.Latest, func(string, io.Reader) error { t.Error("unit called"); return nil })
	if err != nil || res.Due != 0 {
		t.Fatalf("incremental ReadFeed: %v %+v", err, res)
	}
}

func lastID(tb testing.TB, objs []json.RawMessage) string {
	var o struct{ ID string }
	json.Unmarshal(objs[len(objs)-1], &o)
	return o.ID
}

func readLines(tb testing.TB, path string) map[string]bool {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out[sc.Text()] = true
	}
	return out
}

func drain(r io.Reader) error {
	br := stix.NewBundleReader(r)
	for {
		if _, err := br.Next(); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// TestReadFeedFS reads a feed whose manifest lists a missing file and a
// broken one, and checks that the good events still come through, oldest
// first, and that since selects the newer ones.
func TestReadFeedFS(t *testing.T) {
	event := func(uuid, ts, value string) string {
		return `{"Event":{"uuid":"` + uuid + `","info":"e","date":"2021-04-08","timestamp":"` + ts + `","published":true,
"Orgc":{"uuid":"55f6ea5e-2c60-40e5-964f-47a8950d210f","name":"CIRCL"},"Tag":[{"name":"tlp:green"}],
"Attribute":[{"uuid":"` + uuid[:30] + `aaaaaa","type":"domain","value":"` + value + `","to_ids":true}]}}`
	}
	const (
		good1   = "0b7a8c1e-1111-4a2b-8c3d-000000000001"
		good2   = "0b7a8c1e-1111-4a2b-8c3d-000000000002"
		missing = "0b7a8c1e-1111-4a2b-8c3d-000000000003"
		broken  = "0b7a8c1e-1111-4a2b-8c3d-000000000004"
		invalid = "0b7a8c1e-1111-4a2b-8c3d-000000000005"
	)
	entry := func(ts string) string {
		return `{"info":"e","Orgc":{"name":"CIRCL","uuid":"55f6ea5e-2c60-40e5-964f-47a8950d210f"},"timestamp":"` + ts + `","date":"2021-04-08","analysis":"2","threat_level_id":"3","Tag":[{"name":"tlp:green"}]}`
	}
	fsys := fstest.MapFS{
		"manifest.json": {Data: []byte(`{"` + good2 + `":` + entry("1617875700") + `,"` + good1 + `":` + entry("1617875600") +
			`,"` + missing + `":` + entry("1617875650") + `,"` + broken + `":` + entry("1617875660") + `,"` + invalid + `":` + entry("1617875670") + `}`)},
		good1 + ".json":   {Data: []byte(event(good1, "1617875600", "one.example"))},
		good2 + ".json":   {Data: []byte(event(good2, "1617875700", "two.example"))},
		broken + ".json":  {Data: []byte(event(broken, "1617875660", "x")[:120])},
		invalid + ".json": {Data: []byte(strings.Replace(event(invalid, "1617875670", "y.example"), `"1617875670"`, `"yesterday"`, 1))},
	}
	var imp Importer
	var order []string
	unit := func(name string, r io.Reader) error {
		if err := drain(r); err != nil {
			return err
		}
		order = append(order, name)
		return nil
	}
	res, err := imp.ReadFeedFS(context.Background(), fsys, time.Time{}, unit)
	if err != nil {
		t.Fatal(err)
	}
	if res.Listed != 5 || len(res.Imported) != 2 || len(res.Failed) != 3 {
		t.Fatalf("result %+v", res)
	}
	if strings.Join(order, ",") != good1+".json,"+good2+".json" {
		t.Errorf("order %v", order)
	}
	msgs := map[string]string{}
	for _, f := range res.Failed {
		msgs[f.Event.UUID] = f.Error()
	}
	for id, want := range map[string]string{missing: "file is missing", broken: "invalid JSON", invalid: "Event.timestamp"} {
		if !strings.Contains(msgs[id], want) {
			t.Errorf("failure of %s: %q, want it to mention %q", id, msgs[id], want)
		}
	}
	if !res.Latest.Equal(time.Unix(1617875700, 0)) {
		t.Errorf("Latest %v", res.Latest)
	}
	order = nil
	res, err = imp.ReadFeedFS(context.Background(), fsys, time.Unix(1617875650, 0), unit)
	if err != nil || res.Due != 3 || len(res.Imported) != 1 || order[0] != good2+".json" {
		t.Fatalf("since: %v %+v %v", err, res, order)
	}
	// A manifest key that is not a uuid is refused (it would name a path).
	bad := fstest.MapFS{"manifest.json": {Data: []byte(`{"../etc/passwd":` + entry("1") + `}`)}}
	if _, err := imp.ReadFeedFS(context.Background(), bad, time.Time{}, unit); err == nil {
		t.Error("a manifest key that is not a uuid was accepted")
	}
}
