package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/store"
)

// testVisibility is the property test of the sharing policy at the store:
// random organisations, groups, labels (owner, TLP, groups, later senders),
// versions, observables, edges and a collection; then, for every viewer,
// every read path must return exactly what access.Viewer.Sees allows: no
// leak, no wrongful hide, and "latest"/"first" meaning the newest/oldest
// version that viewer may see.
func testVisibility(t *testing.T, s store.Store) {
	w := newWorld(1)
	w.store(t, s)
	for _, v := range w.viewers() {
		w.check(t, s, v)
	}
}

const (
	worldOrgs   = 6 // org 1 is the centre
	worldGroups = 4
)

// version is one modelled object version.
type version struct {
	rec    *store.Record
	added  time.Time // from the store, after writing
	label  access.Label
	inColl bool
}

type object struct {
	id       string
	typ      string
	versions []*version // oldest first
	value    string     // observable carried by every version
	word     string     // searchable word in every version's name
	target   string     // edge target carried by every version ("" none)
}

type world struct {
	seed    uint64
	rng     *rand.Rand
	members map[int64][]int64 // group → orgs
	objects []*object
	coll    int64
}

func newWorld(seed uint64) *world {
	w := &world{seed: seed, rng: rand.New(rand.NewPCG(seed, 99)), members: map[int64][]int64{}, coll: 7}
	for g := int64(1); g <= worldGroups; g++ {
		for o := int64(1); o <= worldOrgs; o++ {
			if w.rng.IntN(3) == 0 {
				w.members[g] = append(w.members[g], o)
			}
		}
	}
	for n := range 160 {
		typ := []string{"indicator", "malware", "report", "relationship"}[n%4]
		o := &object{
			id:    fmt.Sprintf("%s--00000000-0000-4000-9%03d-%012d", typ, seed, n),
			typ:   typ,
			value: fmt.Sprintf("v%d.policy.example", w.rng.IntN(12)),
			word:  fmt.Sprintf("policyword%d", w.rng.IntN(8)),
		}
		if n > 0 && w.rng.IntN(2) == 0 {
			o.target = w.objects[w.rng.IntN(len(w.objects))].id
		}
		w.objects = append(w.objects, o)
	}
	return w
}

func (w *world) label() access.Label {
	l := access.Label{Owner: int64(w.rng.IntN(worldOrgs + 1)), TLP: access.TLP(w.rng.IntN(5))}
	for range w.rng.IntN(3) {
		g := int64(1 + w.rng.IntN(worldGroups))
		if !slices.Contains(l.Groups, g) {
			l.Groups = append(l.Groups, g)
		}
	}
	slices.Sort(l.Groups)
	return l
}

func (w *world) record(o *object, minute int, l access.Label, source string) *store.Record {
	v := base.Add(time.Duration(minute) * time.Minute)
	name := o.word + " object"
	raw := fmt.Sprintf(`{"type":%q,"spec_version":"2.1","id":%q,"created":%q,"modified":%q,"name":%q}`,
		o.typ, o.id, base.Format(time.RFC3339Nano), v.Format("2006-01-02T15:04:05.000Z"), name)
	r := &store.Record{ID: o.id, Type: o.typ, SpecVersion: "2.1", Version: v, Raw: []byte(raw), Source: source, Name: name, Label: l}
	r.Observables = []store.Observable{{Kind: "domain-name:value", Value: o.value}}
	if o.target != "" {
		from := ""
		if o.typ == "relationship" {
			from = o.id
		}
		r.Refs = []store.Ref{{From: from, Kind: "related-to", Target: o.target}}
	}
	return r
}

// store writes the world in two transactions (so that later versions and
// re-sent duplicates meet stored ones) and reads back the dates added.
func (w *world) store(t *testing.T, s store.Store) {
	ctx := context.Background()
	for round := range 2 {
		tx, err := s.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range w.objects {
			n := 1 + w.rng.IntN(2)
			if round == 1 && len(o.versions) > 0 && w.rng.IntN(3) == 0 {
				// Re-send a stored version from another organisation.
				v := o.versions[w.rng.IntN(len(o.versions))]
				sender := int64(1 + w.rng.IntN(worldOrgs))
				r := w.record(o, int(v.rec.Version.Sub(base)/time.Minute), w.label(), fmt.Sprint("org", sender))
				r.Label.Owner = sender
				if sender != v.label.Owner && !slices.Contains(v.label.Senders, sender) {
					v.label.Senders = append(v.label.Senders, sender)
				}
				if err := tx.Put(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			for range n {
				minute := len(o.versions)*10 + round
				r := w.record(o, minute, w.label(), "test")
				v := &version{rec: r, label: r.Label}
				if w.rng.IntN(2) == 0 {
					r.Collection = w.coll
					v.inColl = true
				}
				o.versions = append(o.versions, v)
				if err := tx.Put(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range w.objects {
		got, err := s.Get(ctx, access.Operator, o.id, store.Versions{All: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(o.versions) {
			t.Fatalf("%s: %d versions stored, want %d", o.id, len(got), len(o.versions))
		}
		for i, g := range got {
			o.versions[i].added = g.Added
		}
	}
}

// viewers returns the operator, every organisation (org 1 as the centre),
// an organisation outside every group, and a viewer of no organisation.
func (w *world) viewers() []access.Viewer {
	vs := []access.Viewer{access.Operator, {Org: 99, Role: access.Reader}, {Role: access.Reader}}
	for o := int64(1); o <= worldOrgs; o++ {
		v := access.Viewer{Org: o, Centre: o == 1, Role: access.Reader}
		for g := int64(1); g <= worldGroups; g++ {
			if slices.Contains(w.members[g], o) {
				v.Groups = append(v.Groups, g)
			}
		}
		vs = append(vs, v)
	}
	return vs
}

func (o *object) visible(v access.Viewer, inColl bool) []*version {
	var out []*version
	for _, ver := range o.versions {
		if v.Sees(ver.label) && (!inColl || ver.inColl) {
			out = append(out, ver)
		}
	}
	return out
}

func (o *object) latest(v access.Viewer) *version {
	vis := o.visible(v, false)
	if len(vis) == 0 {
		return nil
	}
	return vis[len(vis)-1]
}

func addedOf(items []store.Stored) []time.Time {
	out := make([]time.Time, len(items))
	for i, s := range items {
		out[i] = s.Added
	}
	return out
}

func addedOfVersions(vs []*version) []time.Time {
	out := make([]time.Time, len(vs))
	for i, v := range vs {
		out[i] = v.added
	}
	return out
}

func sameTimes(a, b []time.Time) bool {
	return slices.EqualFunc(a, b, func(x, y time.Time) bool { return x.Equal(y) })
}

func (w *world) check(t *testing.T, s store.Store, v access.Viewer) {
	ctx := context.Background()
	name := fmt.Sprintf("viewer %+v", v)
	for _, o := range w.objects {
		vis := o.visible(v, false)
		for _, sel := range []store.Versions{{All: true}, {}, {First: true}, {Last: true}} {
			got, err := s.Get(ctx, v, o.id, sel)
			var want []*version
			switch {
			case len(vis) == 0:
			case sel.All:
				want = vis
			case sel.First:
				want = vis[:1]
			default:
				want = vis[len(vis)-1:]
			}
			if len(want) == 0 {
				if !errors.Is(err, store.ErrNotFound) {
					t.Errorf("%s: Get %s %+v = %d versions, %v; want not found", name, o.id, sel, len(got), err)
				}
				continue
			}
			if err != nil || !sameTimes(addedOf(got), addedOfVersions(want)) {
				t.Errorf("%s: Get %s %+v = %v, %v; want %v", name, o.id, sel, addedOf(got), err, addedOfVersions(want))
			}
		}
		for _, ver := range o.versions {
			_, err := s.Sources(ctx, v, o.id, ver.rec.Version)
			if v.Sees(ver.label) != (err == nil) {
				t.Errorf("%s: Sources %s %s: err %v, but Sees = %v", name, o.id, ver.rec.Version, err, v.Sees(ver.label))
			}
		}
	}

	// List: every visible version once, in date-added order, by pages; the
	// latest visible ones; a collection's.
	for _, c := range []struct {
		what string
		f    store.Filter
		want func(o *object) []*version
	}{
		{"all versions", store.Filter{Versions: store.Versions{All: true}, Limit: 7}, func(o *object) []*version { return o.visible(v, false) }},
		{"latest", store.Filter{Limit: 5}, func(o *object) []*version {
			if l := o.latest(v); l != nil {
				return []*version{l}
			}
			return nil
		}},
		{"first", store.Filter{Versions: store.Versions{First: true}, Limit: 9}, func(o *object) []*version { return o.visible(v, false)[:min(1, len(o.visible(v, false)))] }},
		{"collection, all", store.Filter{Collection: w.coll, Versions: store.Versions{All: true}, Limit: 6}, func(o *object) []*version { return o.visible(v, true) }},
		{"collection, latest", store.Filter{Collection: w.coll, Limit: 8}, func(o *object) []*version {
			vis := o.visible(v, true)
			return vis[max(0, len(vis)-1):]
		}},
	} {
		var want []time.Time
		wantIDs := map[time.Time]string{}
		for _, o := range w.objects {
			for _, ver := range c.want(o) {
				want = append(want, ver.added)
				wantIDs[ver.added] = o.id
			}
		}
		var got []time.Time
		f := c.f
		for {
			page, err := s.List(ctx, v, f)
			if err != nil {
				t.Fatalf("%s: List %s: %v", name, c.what, err)
			}
			// ListRaw returns the same page.
			var raw []store.Stored
			more, err := s.ListRaw(ctx, v, f, func(added time.Time, b []byte) error {
				raw = append(raw, store.Stored{Added: added, Raw: slices.Clone(b)})
				return nil
			})
			if err != nil || more != page.More || len(raw) != len(page.Items) {
				t.Fatalf("%s: ListRaw %s: %d items, more %v, %v; List: %d, more %v", name, c.what, len(raw), more, err, len(page.Items), page.More)
			}
			for i := range raw {
				if !raw[i].Added.Equal(page.Items[i].Added) || string(raw[i].Raw) != string(page.Items[i].Raw) {
					t.Fatalf("%s: ListRaw %s item %d differs from List's", name, c.what, i)
				}
			}
			for _, it := range page.Items {
				got = append(got, it.Added)
				if c.f.Collection != 0 {
					continue // Added is the date added to the collection
				}
				if wantIDs[it.Added] != it.ID {
					t.Errorf("%s: List %s returned %s (added %s), not expected", name, c.what, it.ID, it.Added)
				}
			}
			if !page.More {
				break
			}
			f.After = page.Items[len(page.Items)-1].Added
		}
		if c.f.Collection == 0 {
			slices.SortFunc(want, time.Time.Compare)
			if !sameTimes(got, want) {
				t.Errorf("%s: List %s: %d versions, want %d", name, c.what, len(got), len(want))
			}
		} else if len(got) != len(want) || !slices.IsSortedFunc(got, time.Time.Compare) {
			t.Errorf("%s: List %s: %d versions (sorted %v), want %d", name, c.what, len(got), slices.IsSortedFunc(got, time.Time.Compare), len(want))
		}
	}

	// Search, Lookup and Related see the latest visible versions only.
	for n := range 8 {
		word := fmt.Sprintf("policyword%d", n)
		got, err := s.Search(ctx, v, store.Query{Text: word, Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		var want []time.Time
		for _, o := range w.objects {
			if l := o.latest(v); l != nil && o.word == word {
				want = append(want, l.added)
			}
		}
		slices.SortFunc(want, time.Time.Compare)
		g := addedOf(got)
		slices.SortFunc(g, time.Time.Compare)
		if !sameTimes(g, want) {
			t.Errorf("%s: Search %s = %d objects, want %d", name, word, len(g), len(want))
		}
	}
	for n := range 12 {
		value := fmt.Sprintf("v%d.policy.example", n)
		got, err := s.Lookup(ctx, v, "", value)
		if err != nil {
			t.Fatal(err)
		}
		var want []time.Time
		for _, o := range w.objects {
			if l := o.latest(v); l != nil && o.value == value {
				want = append(want, l.added)
			}
		}
		slices.SortFunc(want, time.Time.Compare)
		if !sameTimes(addedOf(got), want) {
			t.Errorf("%s: Lookup %s = %d objects, want %d", name, value, len(got), len(want))
		}
	}
	for _, target := range w.objects {
		edges, err := s.Related(ctx, v, target.id)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, o := range w.objects {
			if (o.target == target.id || o.id == target.id && o.target != "") && o.latest(v) != nil {
				want[o.id] = true
			}
		}
		got := map[string]bool{}
		for _, e := range edges {
			got[e.Via] = true
		}
		for via := range got {
			if !want[via] {
				t.Errorf("%s: Related %s leaks an edge carried by %s", name, target.id, via)
			}
		}
		for via := range want {
			if !got[via] {
				t.Errorf("%s: Related %s hides the edge carried by %s", name, target.id, via)
			}
		}
	}
}
