// Package storetest is the one conformance suite every store.Store
// implementation must pass. Run it from each back-end's tests:
//
//	func TestConformance(t *testing.T) { storetest.Run(t, open) }
//
// open must return an empty store that the suite may write to; the suite
// closes it.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/store"
)

// Opener returns a new, empty store.
type Opener func(t *testing.T) store.Store

// Run runs every conformance test against stores from open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"PutGet", testPutGet},
		{"Versions", testVersions},
		{"DuplicatesAndConflicts", testDuplicates},
		{"Provenance", testProvenance},
		{"DateAddedIncreases", testDateAdded},
		{"ListPaging", testListPaging},
		{"ListFilters", testListFilters},
		{"RollbackLeavesNothing", testRollback},
		{"LargeTransaction", testLargeTransaction},
		{"Search", testSearch},
		{"SearchOrderAtScale", testSearchAtScale},
		{"Lookup", testLookup},
		{"Related", testRelated},
		{"ConcurrentWriters", testConcurrentWriters},
		{"Stats", testStats},
		{"ClosedTx", testClosedTx},
		{"Visibility", testVisibility},
		{"Warned", testWarned},
		{"Correlate", testCorrelate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			tc.fn(t, s)
		})
	}
}

var base = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// rec builds a record for a synthetic object; minute is the version offset.
func rec(typ string, n int, minute int, name string) *store.Record {
	id := fmt.Sprintf("%s--00000000-0000-4000-8000-%012d", typ, n)
	v := base.Add(time.Duration(minute) * time.Minute)
	raw := fmt.Sprintf(`{"type":%q,"spec_version":"2.1","id":%q,"created":%q,"modified":%q,"name":%q,"x_custom":{"b":[1,2.50,"\u00e9"],"a":null}}`,
		typ, id, base.Format(time.RFC3339Nano), v.Format("2006-01-02T15:04:05.000Z"), name)
	return &store.Record{ID: id, Type: typ, SpecVersion: "2.1", Version: v, Raw: []byte(raw), Source: "test", Name: name}
}

func put(t *testing.T, s store.Store, recs ...*store.Record) store.Summary {
	t.Helper()
	ctx := context.Background()
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatalf("Begin: %v", err)
	}
	for _, r := range recs {
		if err := tx.Put(ctx, r); err != nil {
			t.Fatalf("Put %s: %v", r.ID, err)
		}
	}
	sum, err := tx.Commit(ctx)
	if err != nil {
		t.Fatalf("Commit: %v", err)
	}
	return sum
}

func get(t *testing.T, s store.Store, id string, sel store.Versions) []store.Stored {
	t.Helper()
	out, err := s.Get(context.Background(), access.Operator, id, sel)
	if err != nil {
		t.Fatalf("Get %s: %v", id, err)
	}
	return out
}

func versions(items []store.Stored) []time.Time {
	out := make([]time.Time, len(items))
	for i, s := range items {
		out[i] = s.Version
	}
	return out
}

func ids(items []store.Stored) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = s.ID
	}
	return out
}

func testPutGet(t *testing.T, s store.Store) {
	r := rec("indicator", 1, 0, "alpha")
	r.Revoked = true
	want := string(r.Raw)
	sum := put(t, s, r)
	if sum.New != 1 || sum.NewVersions != 0 || sum.Duplicates != 0 {
		t.Fatalf("summary = %+v, want 1 new", sum)
	}
	got := get(t, s, r.ID, store.Versions{})
	if len(got) != 1 {
		t.Fatalf("got %d versions, want 1", len(got))
	}
	g := got[0]
	if string(g.Raw) != want {
		t.Errorf("raw changed:\n got %s\nwant %s", g.Raw, want)
	}
	if g.ID != r.ID || g.Type != "indicator" || g.SpecVersion != "2.1" || !g.Revoked || !g.Version.Equal(base) {
		t.Errorf("stored = %+v", g)
	}
	if g.Added.IsZero() || g.Added.Location() != time.UTC {
		t.Errorf("date added = %v, want a UTC time", g.Added)
	}
	_, err := s.Get(context.Background(), access.Operator, "indicator--00000000-0000-4000-8000-999999999999", store.Versions{})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get unknown: err = %v, want ErrNotFound", err)
	}
}

func testVersions(t *testing.T, s store.Store) {
	// Versions arrive out of order, across transactions.
	put(t, s, rec("malware", 1, 10, "v10"))
	sum := put(t, s, rec("malware", 1, 30, "v30"), rec("malware", 1, 0, "v0"))
	if sum.New != 0 || sum.NewVersions != 2 {
		t.Fatalf("summary = %+v, want 2 new versions", sum)
	}
	id := rec("malware", 1, 0, "").ID
	at := func(m int) time.Time { return base.Add(time.Duration(m) * time.Minute) }
	cases := []struct {
		sel  store.Versions
		want []time.Time
	}{
		{store.Versions{}, []time.Time{at(30)}},
		{store.Versions{Last: true}, []time.Time{at(30)}},
		{store.Versions{First: true}, []time.Time{at(0)}},
		{store.Versions{All: true}, []time.Time{at(0), at(10), at(30)}},
		{store.Versions{First: true, Last: true}, []time.Time{at(0), at(30)}},
		{store.Versions{At: []time.Time{at(10)}}, []time.Time{at(10)}},
	}
	for _, c := range cases {
		got := versions(get(t, s, id, c.sel))
		if !slices.EqualFunc(got, c.want, time.Time.Equal) {
			t.Errorf("Get %+v = %v, want %v", c.sel, got, c.want)
		}
		// List must agree with Get.
		page, err := s.List(context.Background(), access.Operator, store.Filter{IDs: []string{id}, Versions: c.sel})
		if err != nil {
			t.Fatal(err)
		}
		listed := versions(page.Items)
		slices.SortFunc(listed, time.Time.Compare)
		if !slices.EqualFunc(listed, c.want, time.Time.Equal) {
			t.Errorf("List %+v = %v, want %v", c.sel, listed, c.want)
		}
	}
	// A version finer than a microsecond is found by its own timestamp, by
	// Get and List alike.
	fine := rec("malware", 2, 0, "fine")
	fine.Version = base.Add(123456789 * time.Nanosecond)
	put(t, s, fine)
	sel := store.Versions{At: []time.Time{fine.Version}}
	if got := get(t, s, fine.ID, sel); len(got) != 1 {
		t.Errorf("Get by a nanosecond timestamp = %d versions", len(got))
	}
	if page, err := s.List(context.Background(), access.Operator, store.Filter{IDs: []string{fine.ID}, Versions: sel}); err != nil || len(page.Items) != 1 {
		t.Errorf("List by a nanosecond timestamp = %d versions, %v", len(page.Items), err)
	}
	if _, err := s.Get(context.Background(), access.Operator, id, store.Versions{At: []time.Time{at(5)}}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get absent version: err = %v, want ErrNotFound", err)
	}
	// Search and lookups see only the latest version.
	found, err := s.Search(context.Background(), access.Operator, store.Query{Text: "v10"})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 0 {
		t.Errorf("search for an old version's name found %v", ids(found))
	}
	found, err = s.Search(context.Background(), access.Operator, store.Query{Text: "v30"})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || !found[0].Version.Equal(at(30)) {
		t.Errorf("search for the latest name = %v", versions(found))
	}
}

func testDuplicates(t *testing.T, s store.Store) {
	put(t, s, rec("tool", 1, 0, "x"))
	changed := rec("tool", 1, 0, "x")
	changed.Raw = append(changed.Raw[:len(changed.Raw)-1], []byte(`,"x_more":1}`)...)
	sum := put(t, s, rec("tool", 1, 0, "x"), changed, rec("tool", 2, 0, "y"), rec("tool", 2, 0, "y"))
	if sum.New != 1 || sum.Duplicates != 2 || len(sum.Conflicts) != 1 || sum.Conflicts[0] != changed.ID {
		t.Fatalf("summary = %+v, want 1 new, 2 duplicates, 1 conflict on %s", sum, changed.ID)
	}
	all := get(t, s, changed.ID, store.Versions{All: true})
	if len(all) != 1 || string(all[0].Raw) != string(rec("tool", 1, 0, "x").Raw) {
		t.Errorf("conflicting content replaced the first: %s", all[0].Raw)
	}
	// An object without any version timestamp has one version.
	sco := &store.Record{ID: "ipv4-addr--5daf7e87-3a43-5a22-8c4a-e4ab3b0bde1a", Type: "ipv4-addr", Raw: []byte(`{"type":"ipv4-addr","id":"ipv4-addr--5daf7e87-3a43-5a22-8c4a-e4ab3b0bde1a","value":"198.51.100.3"}`)}
	if sum := put(t, s, sco); sum.New != 1 {
		t.Fatalf("sco summary = %+v", sum)
	}
	dup := *sco
	if sum := put(t, s, &dup); sum.Duplicates != 1 {
		t.Fatalf("sco duplicate summary = %+v", sum)
	}
	if got := get(t, s, sco.ID, store.Versions{}); !got[0].Version.IsZero() {
		t.Errorf("sco version = %v, want zero", got[0].Version)
	}
}

func testProvenance(t *testing.T, s store.Store) {
	a := rec("campaign", 1, 0, "c")
	a.Source = "vendor-a"
	put(t, s, a)
	for _, src := range []string{"cert-b", "vendor-a", "cert-b"} {
		b := rec("campaign", 1, 0, "c")
		b.Source = src
		put(t, s, b)
	}
	got, err := s.Sources(context.Background(), access.Operator, a.ID, a.Version)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range got {
		names = append(names, p.Source)
		if p.At.IsZero() {
			t.Errorf("provenance %s without a time", p.Source)
		}
	}
	if !slices.Equal(names, []string{"vendor-a", "cert-b"}) {
		t.Errorf("sources = %v, want [vendor-a cert-b]", names)
	}
	// A second sender within the same transaction, after many objects.
	var recs []*store.Record
	for i := range 999 {
		r := rec("campaign", 100+i, 0, "c")
		r.Source = "first"
		recs = append(recs, r)
	}
	dup := rec("campaign", 100+998, 0, "c")
	dup.Source = "second"
	put(t, s, append(recs, dup)...)
	got, err = s.Sources(context.Background(), access.Operator, dup.ID, dup.Version)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Source != "first" || got[1].Source != "second" || !got[1].At.After(got[0].At) {
		t.Errorf("sources within one transaction = %+v, want first then second, later", got)
	}
	if _, err := s.Sources(context.Background(), access.Operator, a.ID, base.Add(time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("sources of an absent version: err = %v", err)
	}
}

func allVersions(t *testing.T, s store.Store) []store.Stored {
	t.Helper()
	var out []store.Stored
	f := store.Filter{Versions: store.Versions{All: true}, Limit: 7}
	for {
		page, err := s.List(context.Background(), access.Operator, f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Items...)
		if !page.More {
			return out
		}
		f.After = page.Items[len(page.Items)-1].Added
	}
}

func testDateAdded(t *testing.T, s store.Store) {
	for i := range 5 {
		var recs []*store.Record
		for j := range 20 {
			recs = append(recs, rec("identity", i*100+j, 0, "i"))
		}
		put(t, s, recs...)
	}
	all := allVersions(t, s)
	if len(all) != 100 {
		t.Fatalf("listed %d versions, want 100", len(all))
	}
	for i := 1; i < len(all); i++ {
		if !all[i].Added.After(all[i-1].Added) {
			t.Fatalf("date added not strictly increasing at %d: %v then %v", i, all[i-1].Added, all[i].Added)
		}
	}
}

func testListPaging(t *testing.T, s store.Store) {
	var recs []*store.Record
	for i := range 25 {
		recs = append(recs, rec("indicator", i, 0, "p"))
	}
	put(t, s, recs...)
	var seen []string
	f := store.Filter{Limit: 10}
	pages := 0
	for {
		page, err := s.List(context.Background(), access.Operator, f)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		seen = append(seen, ids(page.Items)...)
		if !page.More {
			break
		}
		if len(page.Items) != 10 {
			t.Fatalf("page %d has %d items, want 10", pages, len(page.Items))
		}
		f.After = page.Items[len(page.Items)-1].Added
	}
	if pages != 3 || len(seen) != 25 {
		t.Fatalf("%d pages, %d items; want 3 pages, 25 items", pages, len(seen))
	}
	want := ids(nil)
	for _, r := range recs {
		want = append(want, r.ID)
	}
	if !slices.Equal(seen, want) {
		t.Errorf("paging order = %v, want insertion order", seen)
	}
	// AddedAfter excludes what was added at or before it.
	first, err := s.List(context.Background(), access.Operator, store.Filter{Limit: 1})
	if err != nil || len(first.Items) != 1 {
		t.Fatalf("first item: %v", err)
	}
	rest, err := s.List(context.Background(), access.Operator, store.Filter{AddedAfter: first.Items[0].Added, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(rest.Items) != 24 || rest.More {
		t.Errorf("added after the first: %d items, more=%v", len(rest.Items), rest.More)
	}
}

func testListFilters(t *testing.T, s store.Store) {
	a, b, c := rec("indicator", 1, 0, "a"), rec("malware", 2, 0, "b"), rec("tool", 3, 0, "c")
	c.SpecVersion = "2.0"
	put(t, s, a, b, c, rec("indicator", 1, 5, "a2"))
	list := func(f store.Filter) []string {
		page, err := s.List(context.Background(), access.Operator, f)
		if err != nil {
			t.Fatal(err)
		}
		return ids(page.Items)
	}
	if got := list(store.Filter{Types: []string{"malware", "tool"}}); !slices.Equal(got, []string{b.ID, c.ID}) {
		t.Errorf("types filter = %v", got)
	}
	if got := list(store.Filter{Types: []string{"no-such-type"}}); len(got) != 0 {
		t.Errorf("unknown type = %v, want nothing", got)
	}
	if got := list(store.Filter{IDs: []string{a.ID}, Versions: store.Versions{All: true}}); len(got) != 2 {
		t.Errorf("all versions of a = %v", got)
	}
	if got := list(store.Filter{SpecVersions: []string{"2.0"}}); !slices.Equal(got, []string{c.ID}) {
		t.Errorf("spec_version filter = %v", got)
	}
	if got := list(store.Filter{}); !slices.Equal(got, []string{b.ID, c.ID, a.ID}) {
		t.Errorf("latest versions in date-added order = %v", got)
	}
}

func testRollback(t *testing.T, s store.Store) {
	put(t, s, rec("indicator", 1, 0, "kept"))
	before := allVersions(t, s)
	ctx := context.Background()
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2500 { // more than one internal batch
		if err := tx.Put(ctx, rec("indicator", 10+i, 0, "discarded")); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Put(ctx, rec("indicator", 1, 9, "new version")); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	after := allVersions(t, s)
	if len(after) != len(before) || after[0].Added != before[0].Added {
		t.Fatalf("rollback left %d versions, want %d", len(after), len(before))
	}
	found, err := s.Search(ctx, access.Operator, store.Query{Text: "discarded"})
	if err != nil || len(found) != 0 {
		t.Errorf("search finds %d rolled-back objects", len(found))
	}
	got := get(t, s, rec("indicator", 1, 0, "").ID, store.Versions{})
	if !got[0].Version.Equal(base) {
		t.Errorf("latest version after rollback = %v", got[0].Version)
	}
}

func testLargeTransaction(t *testing.T, s store.Store) {
	var recs []*store.Record
	const n = 3000
	for i := range n {
		recs = append(recs, rec("indicator", i, 0, "bulk"))
	}
	// The same ids again in later batches: new versions and duplicates.
	for i := range 1500 {
		recs = append(recs, rec("indicator", i, 1, "bulk"))
	}
	recs = append(recs, rec("indicator", 7, 0, "bulk"))
	sum := put(t, s, recs...)
	if sum.New != n || sum.NewVersions != 1500 || sum.Duplicates != 1 {
		t.Fatalf("summary = %+v", sum)
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Objects != n || st.Versions != n+1500 {
		t.Errorf("stats = %+v", st)
	}
	page, err := s.List(context.Background(), access.Operator, store.Filter{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != n {
		t.Errorf("latest versions listed = %d, want %d", len(page.Items), n)
	}
	for _, it := range page.Items {
		want := base
		var k int
		fmt.Sscanf(it.ID[len(it.ID)-12:], "%d", &k)
		if k < 1500 {
			want = base.Add(time.Minute)
		}
		if !it.Version.Equal(want) {
			t.Fatalf("%s latest = %v, want %v", it.ID, it.Version, want)
		}
	}
}

func testSearch(t *testing.T, s store.Store) {
	a := rec("malware", 1, 0, "Tidewater loader")
	a.Description = "Loader used against harbour authorities"
	b := rec("indicator", 2, 0, "Loader beacon address")
	b.Observables = []store.Observable{{Kind: "ipv4-addr:value", Value: "198.51.100.7"}}
	c := rec("threat-actor", 3, 0, "Sandcastle")
	c.Description = "Mentions 198.51.100.7 in prose"
	put(t, s, a, b, c)
	search := func(q store.Query) []string {
		t.Helper()
		out, err := s.Search(context.Background(), access.Operator, q)
		if err != nil {
			t.Fatalf("Search %+v: %v", q, err)
		}
		return ids(out)
	}
	if got := search(store.Query{Text: "loader"}); !slices.Equal(got, []string{b.ID, a.ID}) {
		t.Errorf("search loader = %v, want newest first [b a]", got)
	}
	if got := search(store.Query{Text: "harbour"}); !slices.Equal(got, []string{a.ID}) {
		t.Errorf("search in descriptions = %v", got)
	}
	if got := search(store.Query{Text: "Loader", Types: []string{"malware"}}); !slices.Equal(got, []string{a.ID}) {
		t.Errorf("search with type = %v", got)
	}
	if got := search(store.Query{Text: "tidewater harbour"}); !slices.Equal(got, []string{a.ID}) {
		t.Errorf("all words required = %v", got)
	}
	if got := search(store.Query{Text: "tidewater sandcastle"}); len(got) != 0 {
		t.Errorf("words in different objects matched %v", got)
	}
	// The object carrying the value as an observable comes first.
	if got := search(store.Query{Text: "198.51.100.7"}); !slices.Equal(got, []string{b.ID, c.ID}) {
		t.Errorf("search value = %v, want exact observable first", got)
	}
	if got := search(store.Query{Text: "", Limit: 2}); !slices.Equal(got, []string{c.ID, b.ID}) {
		t.Errorf("empty search = %v, want the two newest", got)
	}
	if got := search(store.Query{Text: `"'); DROP TABLE objects; --`}); len(got) != 0 {
		t.Errorf("hostile text matched %v", got)
	}
	if got := search(store.Query{Text: "nothing-matches-this"}); len(got) != 0 {
		t.Errorf("search found %v", got)
	}
}

func testLookup(t *testing.T, s store.Store) {
	a := rec("indicator", 1, 0, "a")
	// The same observable twice in one record is stored once, not an error.
	a.Observables = []store.Observable{{Kind: "domain-name:value", Value: "evil.example"}, {Kind: "file:hashes.MD5", Value: "d41d8cd98f00b204e9800998ecf8427e"}, {Kind: "domain-name:value", Value: "evil.example"}}
	b := &store.Record{ID: "domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5", Type: "domain-name", Raw: []byte(`{"type":"domain-name","id":"domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5","value":"evil.example"}`),
		Observables: []store.Observable{{Kind: "domain-name:value", Value: "evil.example"}}}
	put(t, s, a, b)
	got, err := s.Lookup(context.Background(), access.Operator, "", "evil.example")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(got), []string{a.ID, b.ID}) {
		t.Errorf("lookup = %v", ids(got))
	}
	got, err = s.Lookup(context.Background(), access.Operator, "file:hashes.MD5", "evil.example")
	if err != nil || len(got) != 0 {
		t.Errorf("lookup with the wrong kind = %v", ids(got))
	}
	// A new version without the value drops it from look-ups.
	put(t, s, rec("indicator", 1, 1, "a"))
	got, err = s.Lookup(context.Background(), access.Operator, "domain-name:value", "evil.example")
	if err != nil || !slices.Equal(ids(got), []string{b.ID}) {
		t.Errorf("lookup after the value was dropped = %v", ids(got))
	}
}

func testRelated(t *testing.T, s store.Store) {
	mal := rec("malware", 1, 0, "m")
	ind := rec("indicator", 2, 0, "i")
	rel := rec("relationship", 3, 0, "")
	rel.Refs = []store.Ref{{From: ind.ID, Kind: "indicates", Target: mal.ID}}
	rep := rec("report", 4, 0, "r")
	rep.Refs = []store.Ref{{Kind: "object_refs", Target: mal.ID}, {Kind: "object_refs", Target: ind.ID}}
	put(t, s, mal, ind, rel, rep)
	edges, err := s.Related(context.Background(), access.Operator, mal.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Edge{
		{From: ind.ID, To: mal.ID, Kind: "indicates", Via: rel.ID, ViaType: "relationship"},
		{From: rep.ID, To: mal.ID, Kind: "object_refs", Via: rep.ID, ViaType: "report"},
	}
	if !slices.Equal(edges, want) {
		t.Errorf("related(malware) =\n%v\nwant\n%v", edges, want)
	}
	edges, err = s.Related(context.Background(), access.Operator, ind.ID)
	if err != nil || len(edges) != 2 || edges[0].From != ind.ID || edges[0].To != mal.ID {
		t.Errorf("related(indicator) = %v", edges)
	}
	// A new relationship version that drops the edge removes it.
	rel2 := rec("relationship", 3, 1, "")
	put(t, s, rel2)
	edges, err = s.Related(context.Background(), access.Operator, ind.ID)
	if err != nil || len(edges) != 1 || edges[0].Via != rep.ID {
		t.Errorf("related after the relationship changed = %v", edges)
	}
}

func testConcurrentWriters(t *testing.T, s store.Store) {
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for round := range 5 {
				tx, err := s.Begin(ctx)
				if err != nil {
					errs <- err
					return
				}
				for j := range 10 {
					if err := tx.Put(ctx, rec("identity", w*1000+round*10+j, 0, "w")); err != nil {
						errs <- err
						return
					}
				}
				if _, err := tx.Commit(ctx); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	all := allVersions(t, s)
	if len(all) != 200 {
		t.Fatalf("%d versions, want 200", len(all))
	}
	for i := 1; i < len(all); i++ {
		if !all[i].Added.After(all[i-1].Added) {
			t.Fatalf("date added not increasing at %d", i)
		}
	}
}

func testStats(t *testing.T, s store.Store) {
	put(t, s, rec("indicator", 1, 0, "a"), rec("indicator", 1, 1, "a"), rec("malware", 2, 0, "b"))
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Objects != 2 || st.Versions != 3 || st.ByType["indicator"] != 1 || st.ByType["malware"] != 1 {
		t.Errorf("stats = %+v", st)
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Errorf("ping: %v", err)
	}
}

func testClosedTx(t *testing.T, s store.Store) {
	ctx := context.Background()
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Put(ctx, rec("tool", 1, 0, "late")); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Put after Commit: err = %v, want ErrClosed", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Errorf("Rollback after Commit: %v", err)
	}
}

// testSearchAtScale checks newest-first order when matches lie both among
// the newest rows and far older ones (back-ends may search those two
// ranges differently).
func testSearchAtScale(t *testing.T, s store.Store) {
	const n = 6000
	recs := make([]*store.Record, n)
	for i := range recs {
		recs[i] = rec("indicator", i, 0, fmt.Sprintf("filler %d", i))
	}
	recs[0].Name = "rareword"
	for _, i := range []int{1, 2, n - 2, n - 1} {
		recs[i].Name = "mixedword"
	}
	put(t, s, recs...)
	search := func(text string, limit int) []string {
		t.Helper()
		out, err := s.Search(context.Background(), access.Operator, store.Query{Text: text, Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		return ids(out)
	}
	id := func(i int) string { return recs[i].ID }
	if got, want := search("mixedword", 3), []string{id(n - 1), id(n - 2), id(2)}; !slices.Equal(got, want) {
		t.Errorf("mixedword limit 3 = %v, want %v", got, want)
	}
	if got, want := search("mixedword", 10), []string{id(n - 1), id(n - 2), id(2), id(1)}; !slices.Equal(got, want) {
		t.Errorf("mixedword limit 10 = %v, want %v", got, want)
	}
	if got, want := search("rareword", 10), []string{id(0)}; !slices.Equal(got, want) {
		t.Errorf("rareword = %v, want %v", got, want)
	}
	if got := search("filler", 5); len(got) != 5 || got[0] != id(n-3) {
		t.Errorf("filler = %v, want the 5 newest fillers from %s", got, id(n-3))
	}
}

// testWarned: versions flagged with warning lists are listed unless the
// filter skips them.
func testWarned(t *testing.T, s store.Store) {
	plain, warned := rec("indicator", 1, 0, "plain"), rec("indicator", 2, 0, "warned")
	warned.Warnings = []string{"builtin-documentation-ip", "builtin-documentation-ip", "public-dns"}
	put(t, s, plain, warned)
	for _, c := range []struct {
		skip bool
		want []string
	}{{false, []string{plain.ID, warned.ID}}, {true, []string{plain.ID}}} {
		page, err := s.List(context.Background(), access.Operator, store.Filter{SkipWarned: c.skip})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range page.Items {
			got = append(got, it.ID)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("List SkipWarned=%v: %v, want %v", c.skip, got, c.want)
		}
	}
}

// testCorrelate: objects sharing an observable value are found through the
// index, by latest visible versions only.
func testCorrelate(t *testing.T, s store.Store) {
	obs := func(r *store.Record, value string) *store.Record {
		r.Observables = []store.Observable{{Kind: "domain-name:value", Value: value}}
		return r
	}
	a := obs(rec("indicator", 1, 0, "a"), "shared.example")
	b := obs(rec("indicator", 2, 0, "b"), "shared.example")
	c := obs(rec("indicator", 3, 0, "c"), "other.example")
	d := obs(rec("indicator", 4, 0, "d"), "shared.example")
	d.Label = access.Label{Owner: 7, TLP: access.Red}
	b.Label = access.Label{TLP: access.Green}
	a.Label = access.Label{TLP: access.Green}
	put(t, s, a, b, c, d)
	// A later version of b no longer carries the value: b drops out.
	b2 := obs(rec("indicator", 2, 5, "b"), "elsewhere.example")
	b2.Label = b.Label
	for _, c := range []struct {
		v    access.Viewer
		want []string
	}{{access.Operator, []string{b.ID, d.ID}}, {access.Viewer{Org: 3}, []string{b.ID}}, {access.Viewer{Org: 7}, []string{b.ID, d.ID}}} {
		got, err := s.Correlate(context.Background(), c.v, a.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, g := range got {
			ids = append(ids, g.Object.ID)
			if g.Value != "shared.example" || g.Kind != "domain-name:value" {
				t.Errorf("correlation %+v", g)
			}
		}
		if !slices.Equal(ids, c.want) {
			t.Errorf("viewer %+v: Correlate = %v, want %v", c.v, ids, c.want)
		}
	}
	put(t, s, b2)
	got, err := s.Correlate(context.Background(), access.Operator, a.ID, 100)
	if err != nil || len(got) != 1 || got[0].Object.ID != d.ID {
		t.Fatalf("after b's new version: %+v, %v", got, err)
	}
}
