package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/api"
	"github.com/fusion-cti/fusion/internal/bus"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/stix"
	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/store/sqlite"
	"github.com/fusion-cti/fusion/internal/taxii"
)

// policyWorld is a random community whose organisations post marked and
// unmarked objects through the API; the test then checks every read path
// (REST list, get, search, related; TAXII objects, object, versions,
// manifest; the stream), for every organisation, against
// access.Viewer.Sees applied to labels the test works out on its own from
// the markings.
type policyWorld struct {
	t       *testing.T
	rng     *rand.Rand
	url     string
	orgs    []access.Org
	readers map[int64]string // org → reader key
	writers map[int64]string // org → contributor key
	groups  []access.Group
	objects map[string][]*policyVersion // id → versions, oldest first
	order   []string                    // ids in creation order
}

type policyVersion struct {
	id, modified, word string
	target             string // "" or the id this relationship points to
	label              access.Label
}

var tlpMarkings = []string{stix.TLPv2Clear, stix.TLPv2Green, stix.TLPv2Amber, stix.TLPv2AmberStrict, stix.TLPv2Red}

func newPolicyWorld(t *testing.T, seed uint64) *policyWorld {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &policyWorld{t: t, rng: rand.New(rand.NewPCG(seed, 7)), readers: map[int64]string{}, writers: map[int64]string{}, objects: map[string][]*policyVersion{}}
	for i := range 6 {
		o := access.Org{Name: fmt.Sprint("org", i), Kind: access.Partner, TLP: access.TLP(w.rng.IntN(5))}
		if i == 0 {
			o.Kind = access.Centre
		}
		o, err := st.AddOrg(ctx, access.Local, o)
		if err != nil {
			t.Fatal(err)
		}
		w.orgs = append(w.orgs, o)
		for _, r := range []access.Role{access.Reader, access.Contributor} {
			k, token, _ := access.NewKey(o.ID, r, "", time.Now(), 0)
			if err := st.AddKey(ctx, access.Local, k); err != nil {
				t.Fatal(err)
			}
			if r == access.Reader {
				w.readers[o.ID] = token
			} else {
				w.writers[o.ID] = token
			}
		}
	}
	in := &intel.Ingester{Store: st}
	for i := range 3 {
		var members []int64
		for _, o := range w.orgs {
			if w.rng.IntN(2) == 0 {
				members = append(members, o.ID)
			}
		}
		g, err := st.AddGroup(ctx, access.Local, access.Group{UUID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1), Name: fmt.Sprint("group", i), Orgs: members})
		if err != nil {
			t.Fatal(err)
		}
		if err := in.StoreGroupMarking(ctx, g); err != nil {
			t.Fatal(err)
		}
		w.groups = append(w.groups, g)
	}
	var b bus.Local
	a := api.New(st, access.NewAuthenticator(st), slog.New(slog.DiscardHandler), prometheus.NewRegistry(), api.WithBus(&b))
	tx, err := taxii.NewServer(taxii.ServerConfig{Backend: st, Bus: &b})
	if err != nil {
		t.Fatal(err)
	}
	a.Handle("/taxii2/", tx, tx.Refuse)
	if _, err := st.AddCollection(ctx, access.Local, store.Collection{UUID: viewCollection, Name: "everything", ReadAll: true, View: true}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a)
	t.Cleanup(srv.Close)
	w.url = srv.URL
	return w
}

// viewCollection is the TAXII view collection every organisation reads.
const viewCollection = "9a1e0f63-3c55-4c6b-8a0e-4f1d2c3b4a51"

// taxiiGet reads a TAXII resource as o.
func (w *policyWorld) taxiiGet(o access.Org, path string) (int, []byte) {
	w.t.Helper()
	req, _ := http.NewRequest("GET", w.url+"/taxii2/fusion/collections/"+viewCollection+"/"+path, nil)
	req.Header.Set("Authorization", "Bearer "+w.readers[o.ID])
	req.Header.Set("Accept", "application/taxii+json;version=2.1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

// markings picks random marking refs and returns them with the label the
// policy gives them when poster sends them (docs/SHARING.md, "Labels").
func (w *policyWorld) markings(poster access.Org) ([]string, access.Label) {
	l := access.Label{Owner: poster.ID, TLP: -1}
	var refs []string
	if w.rng.IntN(4) > 0 {
		t := w.rng.IntN(5)
		refs = append(refs, tlpMarkings[t])
		l.TLP = access.TLP(t)
	}
	for _, g := range w.groups {
		if w.rng.IntN(5) == 0 {
			refs = append(refs, g.MarkingID())
			l.Groups = append(l.Groups, g.ID)
		}
	}
	if l.TLP < 0 {
		l.TLP = poster.TLP
	}
	return refs, l
}

func (w *policyWorld) post(poster access.Org, raw string) {
	w.t.Helper()
	req, _ := http.NewRequest("POST", w.url+"/api/v1/objects", strings.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+w.writers[poster.ID])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		w.t.Fatalf("post as %s: %d %s", poster.Name, resp.StatusCode, body)
	}
}

// populate posts objects, new versions of some, and relationships.
func (w *policyWorld) populate(n int) {
	for i := range n {
		id := fmt.Sprintf("indicator--c1000000-0000-4000-8000-%012d", i)
		typ := "indicator"
		var target string
		if i%4 == 3 {
			typ = "relationship"
			id = fmt.Sprintf("relationship--c1000000-0000-4000-8000-%012d", i)
			for target == "" || !strings.HasPrefix(target, "indicator--") {
				target = w.order[w.rng.IntN(len(w.order))]
			}
		}
		versions := 1 + w.rng.IntN(2)
		for v := range versions {
			poster := w.orgs[w.rng.IntN(len(w.orgs))]
			refs, label := w.markings(poster)
			word := fmt.Sprint("policyterm", w.rng.IntN(6))
			modified := fmt.Sprintf("2026-03-01T10:%02d:00.000Z", v)
			m := map[string]any{"type": typ, "spec_version": "2.1", "id": id, "created": "2026-03-01T10:00:00.000Z", "modified": modified}
			if typ == "indicator" {
				m["name"], m["pattern"], m["pattern_type"], m["valid_from"] = word+" indicator", fmt.Sprintf("[domain-name:value = 'd%d.example']", i), "stix", "2026-03-01T10:00:00Z"
			} else {
				m["relationship_type"], m["source_ref"], m["target_ref"], m["description"] = "indicates", w.order[0], target, word
			}
			if len(refs) > 0 {
				m["object_marking_refs"] = refs
			}
			raw, _ := json.Marshal(m)
			w.post(poster, string(raw))
			w.objects[id] = append(w.objects[id], &policyVersion{id: id, modified: modified, word: word, target: target, label: label})
		}
		w.order = append(w.order, id)
	}
}

func (w *policyWorld) viewer(o access.Org) access.Viewer {
	v := access.Viewer{Org: o.ID, Centre: o.Kind == access.Centre, Role: access.Reader}
	for _, g := range w.groups {
		if slices.Contains(g.Orgs, o.ID) {
			v.Groups = append(v.Groups, g.ID)
		}
	}
	return v
}

// expected versions of id that v sees, oldest first.
func (w *policyWorld) visible(v access.Viewer, id string) []*policyVersion {
	var out []*policyVersion
	for _, pv := range w.objects[id] {
		if v.Sees(pv.label) {
			out = append(out, pv)
		}
	}
	return out
}

func (w *policyWorld) get(o access.Org, path string) (int, []byte) {
	w.t.Helper()
	req, _ := http.NewRequest("GET", w.url+path, nil)
	req.Header.Set("Authorization", "Bearer "+w.readers[o.ID])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

type versionKey struct{ id, modified string }

func keysOf(t *testing.T, body []byte) []versionKey {
	t.Helper()
	var page struct {
		Objects []struct{ ID, Modified string } `json:"objects"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	out := make([]versionKey, 0, len(page.Objects))
	for _, o := range page.Objects {
		out = append(out, versionKey{o.ID, o.Modified})
	}
	return out
}

func sortedKeys(ks []versionKey) []versionKey {
	slices.SortFunc(ks, func(a, b versionKey) int { return strings.Compare(a.id+a.modified, b.id+b.modified) })
	return ks
}

// TestPolicyReadPaths is the property test of the sharing policy over the
// REST API and the stream: zero leaks, zero wrongful hides.
func TestPolicyReadPaths(t *testing.T) {
	for seed := range uint64(2) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			w := newPolicyWorld(t, seed)
			w.populate(60)
			for _, o := range w.orgs {
				w.check(o)
			}
		})
	}
}

func (w *policyWorld) check(o access.Org) {
	t := w.t
	v := w.viewer(o)
	who := fmt.Sprintf("%s (%+v)", o.Name, v)
	var latest, all []versionKey
	for _, id := range w.order {
		vis := w.visible(v, id)
		for _, pv := range vis {
			all = append(all, versionKey{id, pv.modified})
		}
		if len(vis) > 0 {
			latest = append(latest, versionKey{id, vis[len(vis)-1].modified})
		}
	}

	// GET /api/v1/objects (latest versions, paged) and ?id=… of each object.
	var listed []versionKey
	next := ""
	for {
		code, body := w.get(o, "/api/v1/objects?type=indicator,relationship&limit=7"+next)
		if code != 200 {
			t.Fatalf("%s: list: %d %s", who, code, body)
		}
		listed = append(listed, keysOf(t, body)...)
		var page struct {
			More bool
			Next string
		}
		json.Unmarshal(body, &page)
		if !page.More {
			break
		}
		next = "&next=" + page.Next
	}
	if !slices.Equal(sortedKeys(listed), sortedKeys(slices.Clone(latest))) {
		t.Errorf("%s: GET /api/v1/objects lists %d latest versions, want %d", who, len(listed), len(latest))
	}

	// GET /api/v1/objects/{id}?version=all|first|last.
	for _, id := range w.order {
		vis := w.visible(v, id)
		for _, sel := range []string{"all", "first", "last"} {
			code, body := w.get(o, "/api/v1/objects/"+id+"?version="+sel)
			if len(vis) == 0 {
				if code != 404 {
					t.Errorf("%s: GET %s?version=%s leaks: %d %s", who, id, sel, code, body)
				}
				continue
			}
			var want []versionKey
			switch sel {
			case "all":
				for _, pv := range vis {
					want = append(want, versionKey{id, pv.modified})
				}
			case "first":
				want = []versionKey{{id, vis[0].modified}}
			default:
				want = []versionKey{{id, vis[len(vis)-1].modified}}
			}
			if code != 200 || !slices.Equal(keysOf(t, body), want) {
				t.Errorf("%s: GET %s?version=%s = %d %s, want %v", who, id, sel, code, body, want)
			}
		}
	}

	// GET /api/v1/search: the latest visible versions with the word.
	for n := range 6 {
		word := fmt.Sprint("policyterm", n)
		code, body := w.get(o, "/api/v1/search?limit=1000&q="+url.QueryEscape(word))
		if code != 200 {
			t.Fatalf("%s: search: %d", who, code)
		}
		var want []versionKey
		for _, id := range w.order {
			if vis := w.visible(v, id); len(vis) > 0 && vis[len(vis)-1].word == word {
				want = append(want, versionKey{id, vis[len(vis)-1].modified})
			}
		}
		if got := keysOf(t, body); !slices.Equal(sortedKeys(got), sortedKeys(want)) {
			t.Errorf("%s: search %s = %v, want %v", who, word, got, want)
		}
	}

	// GET /api/v1/objects/{id}/related: only edges carried by visible
	// relationships.
	for _, id := range w.order {
		code, body := w.get(o, "/api/v1/objects/"+id+"/related")
		if code == 404 {
			if len(w.visible(v, id)) > 0 {
				t.Errorf("%s: related %s: 404 but the object is visible", who, id)
			}
			continue
		}
		var got struct{ Edges []struct{ Via, To string } }
		json.Unmarshal(body, &got)
		want := map[string]bool{}
		for _, rid := range w.order {
			vis := w.visible(v, rid)
			// A relationship's edge runs from w.order[0] to its target.
			if len(vis) > 0 && vis[len(vis)-1].target != "" && (vis[len(vis)-1].target == id || w.order[0] == id) {
				want[rid] = true
			}
		}
		for _, e := range got.Edges {
			if !want[e.Via] {
				t.Errorf("%s: related %s leaks the edge carried by %s", who, id, e.Via)
			}
			delete(want, e.Via)
		}
		for via := range want {
			t.Errorf("%s: related %s hides the edge carried by %s", who, id, via)
		}
	}

	// TAXII, through a view collection: objects (latest, and every
	// version) by pages, each object, its versions, the manifest.
	for _, c := range []struct {
		query string
		want  []versionKey
	}{{"", latest}, {"&match[version]=all", all}} {
		var got []versionKey
		next := ""
		for {
			code, body := w.taxiiGet(o, "objects/?limit=9&match[type]=indicator,relationship"+c.query+next)
			if code != 200 {
				t.Fatalf("%s: TAXII objects: %d %s", who, code, body)
			}
			got = append(got, keysOf(t, body)...)
			var env struct {
				More bool
				Next string
			}
			json.Unmarshal(body, &env)
			if !env.More {
				break
			}
			next = "&next=" + url.QueryEscape(env.Next)
		}
		if !slices.Equal(sortedKeys(got), sortedKeys(slices.Clone(c.want))) {
			t.Errorf("%s: TAXII objects%s: %d versions, want %d", who, c.query, len(got), len(c.want))
		}
	}
	var manifest []versionKey
	code, body := w.taxiiGet(o, "manifest/?limit=10000&match[version]=all&match[type]=indicator,relationship")
	if code != 200 && len(all) > 0 {
		t.Fatalf("%s: TAXII manifest: %d %s", who, code, body)
	}
	var man struct {
		Objects []struct{ ID, Version string }
	}
	json.Unmarshal(body, &man)
	for _, m := range man.Objects {
		manifest = append(manifest, versionKey{m.ID, m.Version})
	}
	if !slices.Equal(sortedKeys(manifest), sortedKeys(slices.Clone(all))) {
		t.Errorf("%s: TAXII manifest: %d versions, want %d", who, len(manifest), len(all))
	}
	for _, id := range w.order {
		vis := w.visible(v, id)
		var want []versionKey
		for _, pv := range vis {
			want = append(want, versionKey{id, pv.modified})
		}
		code, body := w.taxiiGet(o, "objects/"+id+"/?match[version]=all")
		if len(vis) == 0 {
			if code != 404 {
				t.Errorf("%s: TAXII object %s leaks: %d %s", who, id, code, body)
			}
		} else if code != 200 || !slices.Equal(keysOf(t, body), want) {
			t.Errorf("%s: TAXII object %s: %d %s, want %v", who, id, code, body, want)
		}
		code, body = w.taxiiGet(o, "objects/"+id+"/versions/")
		var vers struct{ Versions []string }
		json.Unmarshal(body, &vers)
		if len(vis) == 0 {
			if code != 404 {
				t.Errorf("%s: TAXII versions of %s leak: %d %s", who, id, code, body)
			}
			continue
		}
		var wantVers []string
		for _, k := range want {
			wantVers = append(wantVers, k.modified)
		}
		if code != 200 || !slices.Equal(vers.Versions, wantVers) {
			t.Errorf("%s: TAXII versions of %s: %d %s, want %v", who, id, code, body, wantVers)
		}
	}

	// The stream, from the beginning: every visible version, in order.
	req, _ := http.NewRequest("GET", w.url+"/api/v1/stream?after=0&type=indicator,relationship", nil)
	req.Header.Set("Authorization", "Bearer "+w.readers[o.ID])
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	var streamed []versionKey
	for len(streamed) < len(all) && sc.Scan() {
		if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			var obj struct{ ID, Modified string }
			json.Unmarshal([]byte(data), &obj)
			streamed = append(streamed, versionKey{obj.ID, obj.Modified})
		}
	}
	if !slices.Equal(sortedKeys(streamed), sortedKeys(slices.Clone(all))) {
		t.Errorf("%s: the stream carried %d versions, want %d", who, len(streamed), len(all))
	}
}
