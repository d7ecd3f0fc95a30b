package taxii_test

// The conformance suite drives Fusion's TAXII server, mounted behind
// Fusion's authentication exactly as in production, through Fusion's own
// TAXII client, section by section of TAXII 2.1 (OASIS Standard, 10 June
// 2021). Each subtest names the section it checks. The section numbers are
// those of TAXII 2.1, where the manifest endpoint is 5.3 and objects, add,
// object, delete and versions follow as 5.4 to 5.8 (TAXII 2.0 numbered
// them differently).
//
// Names here start with conf, so as not to collide with the server's and
// the client's tests, which share this package.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/api"
	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/store/sqlite"
	"github.com/fusion-cti/fusion/internal/store/sqlstore"
	"github.com/fusion-cti/fusion/internal/taxii"
)

const (
	confRoot      = "/taxii2/fusion/"
	confTAXII21   = "application/taxii+json;version=2.1"
	confSTIX21    = "application/stix+json;version=2.1"
	confTLPAmber  = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
	confTLPGreen  = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
	confTLPRed    = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
	confStixTime  = "2006-01-02T15:04:05.000Z"
	confUnknownID = "6f1c7d3a-0000-4000-8000-0000000000ff"

	// The collections of every node.
	confShared = "6f1c7d3a-0000-4000-8000-000000000001" // every org reads; A and B write
	confAOnly  = "6f1c7d3a-0000-4000-8000-000000000002" // A reads and writes
	confInbox  = "6f1c7d3a-0000-4000-8000-000000000003" // B writes only
	confView   = "6f1c7d3a-0000-4000-8000-000000000004" // a view: every org reads what it may see
)

// confNode is a Fusion node over a fresh SQLite store: organisations A (a
// member), B (a partner), both AMBER by default, and C (the centre); a
// contributor and a reader key for each; the collections above.
type confNode struct {
	t    *testing.T
	url  string
	st   *sqlstore.DB
	orgs map[string]access.Org // "a", "b", "c"
	keys map[string]confKey    // "a-write", "a-read", "b-write", "b-read", "c-write", "c-read"
}

type confKey struct {
	id, token string
	org       access.Org
}

func newConfNode(t *testing.T, cfg taxii.ServerConfig) *confNode {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	n := &confNode{t: t, st: st, orgs: map[string]access.Org{}, keys: map[string]confKey{}}
	for name, o := range map[string]access.Org{
		"a": {Name: "org-a", Kind: access.Member, Country: "DE", TLP: access.Amber},
		"b": {Name: "org-b", Kind: access.Partner, TLP: access.Amber},
		"c": {Name: "centre", Kind: access.Centre, TLP: access.Amber},
	} {
		if n.orgs[name], err = st.AddOrg(ctx, access.Local, o); err != nil {
			t.Fatal(err)
		}
	}
	for _, org := range []string{"a", "b", "c"} {
		for role, r := range map[string]access.Role{"write": access.Contributor, "read": access.Reader} {
			name := org + "-" + role
			key, token, err := access.NewKey(n.orgs[org].ID, r, name, time.Now(), 0)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.AddKey(ctx, access.Local, key); err != nil {
				t.Fatal(err)
			}
			n.keys[name] = confKey{id: key.ID, token: token, org: n.orgs[org]}
		}
	}
	a, b := n.orgs["a"].ID, n.orgs["b"].ID
	for _, c := range []store.Collection{
		{UUID: confShared, Name: "shared", Description: "Everyone reads; A and B write.", ReadAll: true, Writers: []int64{a, b}},
		{UUID: confAOnly, Name: "a-only", Readers: []int64{a}, Writers: []int64{a}},
		{UUID: confInbox, Name: "b-inbox", Writers: []int64{b}},
		{UUID: confView, Name: "all", Description: "Everything you may see.", ReadAll: true, View: true},
	} {
		if _, err := st.AddCollection(ctx, access.Local, c); err != nil {
			t.Fatal(err)
		}
	}
	log := slog.New(slog.DiscardHandler)
	cfg.Backend, cfg.Logger = st, log
	if cfg.Title == "" {
		cfg.Title = "Fusion conformance"
	}
	srv, err := taxii.NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := api.New(st, access.NewAuthenticator(st), log, prometheus.NewRegistry())
	h.Handle("/taxii2/", srv, srv.Refuse)
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	n.url = hs.URL
	return n
}

// client returns a client of the node that sends key as a bearer token;
// with key "" it sends no credentials. It never retries, so that every
// answer is seen as it is.
func (n *confNode) client(key string, opts ...taxii.ClientOption) *taxii.Client {
	n.t.Helper()
	o := []taxii.ClientOption{taxii.ClientRetry(taxii.RetryPolicy{MaxAttempts: 1})}
	if key != "" {
		k, ok := n.keys[key]
		if !ok {
			n.t.Fatalf("no key %q", key)
		}
		o = append(o, taxii.ClientBearerToken(k.token))
	}
	c, err := taxii.NewClient(n.url, append(o, opts...)...)
	if err != nil {
		n.t.Fatal(err)
	}
	return c
}

// post adds objects to a collection as key and checks that the status is
// complete and consistent.
func (n *confNode) post(key, coll string, objs []json.RawMessage) *taxii.Status {
	n.t.Helper()
	s, err := n.client(key).AddObjects(context.Background(), confRoot, coll, objs)
	if err != nil {
		n.t.Fatalf("%s: add %d objects to %s: %v", key, len(objs), coll, err)
	}
	if err := s.Validate(); err != nil {
		n.t.Errorf("%s: add %d objects: %v", key, len(objs), err)
	}
	if s.Status != taxii.StatusComplete || s.FailureCount != 0 || s.SuccessCount != len(objs) {
		n.t.Fatalf("%s: add %d objects: status %s, %d successes, %d failures %+v",
			key, len(objs), s.Status, s.SuccessCount, s.FailureCount, s.Failures)
	}
	return s
}

// confGen makes valid STIX 2.1 indicators, the same for a given seed.
type confGen struct {
	r *rand.ChaCha8
}

func newConfGen(seed byte) *confGen {
	var s [32]byte
	s[0] = seed
	return &confGen{r: rand.NewChaCha8(s)}
}

// id returns a fresh indicator id: indicator--<UUID v4>.
func (g *confGen) id() string {
	u, err := uuid.NewRandomFromReader(g.r)
	if err != nil {
		panic(err)
	}
	return "indicator--" + u.String()
}

type confIndicatorJSON struct {
	Type        string   `json:"type"`
	SpecVersion string   `json:"spec_version"`
	ID          string   `json:"id"`
	Created     string   `json:"created"`
	Modified    string   `json:"modified"`
	Name        string   `json:"name"`
	Pattern     string   `json:"pattern"`
	PatternType string   `json:"pattern_type"`
	ValidFrom   string   `json:"valid_from"`
	Markings    []string `json:"object_marking_refs,omitempty"`
}

// confBase is the creation time of the first generated indicator.
var confBase = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// indicator returns the first version of a new indicator, as compact JSON.
func (g *confGen) indicator(markings ...string) json.RawMessage {
	return g.version(g.id(), 0, markings...)
}

// version returns version v (0, 1, 2…: modified v days after created) of
// the indicator id, as compact JSON; the same id, v and markings give the
// same bytes, as the content (created, pattern) derives from the id.
func (g *confGen) version(id string, v int, markings ...string) json.RawMessage {
	h := 0
	for _, c := range id {
		h = h*31 + int(c)
	}
	h &= 0xffff
	created := confBase.Add(time.Duration(h) * time.Second)
	b, err := json.Marshal(confIndicatorJSON{
		Type: "indicator", SpecVersion: "2.1", ID: id,
		Created:     created.Format(confStixTime),
		Modified:    created.AddDate(0, 0, v).Format(confStixTime),
		Name:        fmt.Sprintf("Generated conformance indicator %04x, version %d", h, v),
		Pattern:     fmt.Sprintf("[ipv4-addr:value = '198.18.%d.%d']", h>>8, h&0xff),
		PatternType: "stix",
		ValidFrom:   created.Format(confStixTime),
		Markings:    markings,
	})
	if err != nil {
		panic(err)
	}
	return b
}

// confObj is what the suite reads back from an object.
type confObj struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	Modified    string `json:"modified"`
	SpecVersion string `json:"spec_version"`
}

func confDecode(t *testing.T, raw json.RawMessage) confObj {
	t.Helper()
	var o confObj
	if err := json.Unmarshal(raw, &o); err != nil {
		t.Fatalf("object %s: %v", raw, err)
	}
	return o
}

// confIDs returns the id of each object.
func confIDs(t *testing.T, objs []json.RawMessage) []string {
	t.Helper()
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i] = confDecode(t, o).ID
	}
	return out
}

// confWantError checks that err is a *taxii.Error with the status code
// and a TAXII error message whose http_status is that code.
func confWantError(t *testing.T, what string, err error, code int) *taxii.Error {
	t.Helper()
	var te *taxii.Error
	if !errors.As(err, &te) {
		t.Errorf("%s: error %v, want a *taxii.Error with status %d", what, err, code)
		return nil
	}
	if te.StatusCode != code {
		t.Errorf("%s: status %d (%v), want %d", what, te.StatusCode, te, code)
	}
	if te.Message.Title == "" || te.Message.HTTPStatus != strconv.Itoa(code) {
		t.Errorf("%s: error message %+v (body %q): want a title and http_status %q", what, te.Message, te.Body, strconv.Itoa(code))
	}
	return te
}

// confCollect ranges over a pager's objects.
func confCollect(t *testing.T, seq func(func(json.RawMessage, error) bool)) []json.RawMessage {
	t.Helper()
	var out []json.RawMessage
	for obj, err := range seq {
		if err != nil {
			t.Fatalf("after %d objects: %v", len(out), err)
		}
		out = append(out, obj)
	}
	return out
}

func confTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestConformanceDiscoveryAndCollections: sections 4.1, 4.2, 5.1 and 5.2.
func TestConformanceDiscoveryAndCollections(t *testing.T) {
	t.Parallel()
	n := newConfNode(t, taxii.ServerConfig{Description: "Conformance node.", Contact: "soc@example.org", MaxContentLength: 1 << 20})
	ctx := t.Context()
	c := n.client("b-read")

	var apiRoot string
	t.Run("4.1 server discovery", func(t *testing.T) {
		d, err := c.Discovery(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if d.Title != "Fusion conformance" || d.Description != "Conformance node." || d.Contact != "soc@example.org" {
			t.Errorf("discovery %+v", d)
		}
		if len(d.APIRoots) == 0 || d.Default == "" || !slices.Contains(d.APIRoots, d.Default) {
			t.Fatalf("discovery: default %q not among api_roots %q", d.Default, d.APIRoots)
		}
		apiRoot = d.Default
		if !strings.HasSuffix(apiRoot, "/") {
			t.Errorf("API root %q does not end in /", apiRoot)
		}
	})
	if apiRoot == "" {
		t.FailNow()
	}

	t.Run("4.2 get API root information", func(t *testing.T) {
		r, err := c.APIRoot(ctx, apiRoot)
		if err != nil {
			t.Fatal(err)
		}
		if r.Title == "" || !slices.Contains(r.Versions, confTAXII21) || r.MaxContentLength != 1<<20 {
			t.Errorf("API root %+v: want a title, versions with %s, max_content_length %d", r, confTAXII21, 1<<20)
		}
		n2 := newConfNode(t, taxii.ServerConfig{})
		if r, err := n2.client("a-read").APIRoot(ctx, confRoot); err != nil || r.MaxContentLength != taxii.DefaultMaxContentLength {
			t.Errorf("default max_content_length: %+v %v, want %d", r, err, taxii.DefaultMaxContentLength)
		}
		_, err = c.APIRoot(ctx, "/taxii2/other/")
		confWantError(t, "unknown API root", err, 404)
	})

	type perm struct {
		Title           string
		CanRead, CanWre bool
	}
	want := map[string]map[string]perm{
		"a-write": {confShared: {"shared", true, true}, confAOnly: {"a-only", true, true}, confView: {"all", true, false}},
		"a-read":  {confShared: {"shared", true, false}, confAOnly: {"a-only", true, false}, confView: {"all", true, false}},
		"b-write": {confShared: {"shared", true, true}, confInbox: {"b-inbox", false, true}, confView: {"all", true, false}},
		// B's reader may neither read nor write the inbox: not listed.
		"b-read":  {confShared: {"shared", true, false}, confView: {"all", true, false}},
		"c-write": {confShared: {"shared", true, false}, confView: {"all", true, false}},
		"c-read":  {confShared: {"shared", true, false}, confView: {"all", true, false}},
	}
	all := []string{confShared, confAOnly, confInbox, confView}

	t.Run("5.1 get collections: can_read and can_write per organisation and role", func(t *testing.T) {
		for key, w := range want {
			cs, err := n.client(key).Collections(ctx, apiRoot)
			if err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			got := map[string]perm{}
			for _, col := range cs {
				if _, dup := got[col.ID]; dup {
					t.Errorf("%s: collection %s listed twice", key, col.ID)
				}
				got[col.ID] = perm{col.Title, col.CanRead, col.CanWrite}
				if !slices.Contains(col.MediaTypes, confSTIX21) {
					t.Errorf("%s: collection %s media_types %q", key, col.ID, col.MediaTypes)
				}
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("%s: collections %+v, want %+v", key, got, w)
			}
		}
	})

	t.Run("5.2 get a collection: as listed, else 404", func(t *testing.T) {
		for key, w := range want {
			cl := n.client(key)
			for _, id := range all {
				col, err := cl.Collection(ctx, apiRoot, id)
				p, listed := w[id]
				if !listed {
					// Neither readable nor writable: its existence is not revealed.
					confWantError(t, key+" get collection "+id, err, 404)
					continue
				}
				if err != nil {
					t.Errorf("%s: collection %s: %v", key, id, err)
					continue
				}
				if col.ID != id || (perm{col.Title, col.CanRead, col.CanWrite}) != p {
					t.Errorf("%s: collection %+v, want %+v", key, col, p)
				}
			}
			_, err := cl.Collection(ctx, apiRoot, confUnknownID)
			confWantError(t, key+" unknown collection", err, 404)
		}
	})
}

// TestConformanceGetObjects: section 5.4 (and 3.4's filters) over 2,500
// objects.
func TestConformanceGetObjects(t *testing.T) {
	t.Parallel()
	const total, batch = 2500, 500
	n := newConfNode(t, taxii.ServerConfig{})
	ctx := t.Context()
	g := newConfGen(1)
	posted := map[string]json.RawMessage{}
	var order []string
	for range total / batch {
		objs := make([]json.RawMessage, batch)
		for i := range objs {
			objs[i] = g.indicator(confTLPGreen)
			id := confDecode(t, objs[i]).ID
			posted[id] = objs[i]
			order = append(order, id)
		}
		n.post("a-write", confShared, objs)
	}
	if len(posted) != total {
		t.Fatalf("generated %d distinct ids, want %d", len(posted), total)
	}
	c := n.client("b-read")

	// checkExact checks that objs are each of want exactly once, byte for
	// byte as posted.
	checkExact := func(t *testing.T, objs []json.RawMessage, want []string) {
		t.Helper()
		seen := map[string]int{}
		for _, o := range objs {
			id := confDecode(t, o).ID
			seen[id]++
			if p, ok := posted[id]; !ok {
				t.Errorf("unexpected object %s", id)
			} else if !bytes.Equal(o, p) {
				t.Errorf("%s differs from what was posted:\n got %s\nwant %s", id, o, p)
			}
		}
		for id, k := range seen {
			if k != 1 {
				t.Errorf("%s delivered %d times", id, k)
			}
		}
		if len(seen) != len(want) || len(objs) != len(want) {
			t.Errorf("%d objects (%d distinct), want %d", len(objs), len(seen), len(want))
		}
		for _, id := range want {
			if seen[id] == 0 {
				t.Errorf("%s not delivered", id)
				break
			}
		}
	}

	var walk []string
	t.Run("5.4 get objects: AllObjects with limit 100 returns every object once, byte-exact", func(t *testing.T) {
		objs := confCollect(t, c.AllObjects(ctx, confRoot, confShared, taxii.Query{Limit: 100}))
		checkExact(t, objs, order)
		walk = confIDs(t, objs)
	})

	t.Run("5.4 get objects: paging with limit and next", func(t *testing.T) {
		p := c.NewObjectPager(confRoot, confShared, taxii.Query{Limit: 100})
		var sizes []int
		var last time.Time
		for !p.Done() {
			page, err := p.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, len(page.Objects))
			if page.More != (page.Next != "") {
				t.Errorf("page %d: more %v with next %q", len(sizes), page.More, page.Next)
			}
			if page.DateAddedFirst.IsZero() || page.DateAddedLast.Before(page.DateAddedFirst) || !page.DateAddedFirst.After(last) {
				t.Errorf("page %d: X-TAXII-Date-Added-First %v, -Last %v after the previous page's last %v",
					len(sizes), page.DateAddedFirst, page.DateAddedLast, last)
			}
			last = page.DateAddedLast
		}
		if want := slices.Repeat([]int{100}, total/100); !slices.Equal(sizes, want) {
			t.Errorf("page sizes %v, want %v", sizes, want)
		}
	})

	t.Run("5.3 get object manifests: sorted by date added, as the objects are", func(t *testing.T) {
		var ids []string
		var prev time.Time
		q := taxii.Query{Limit: 1000}
		for {
			m, err := c.Manifest(ctx, confRoot, confShared, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range m.Objects {
				if !r.DateAdded.After(prev) {
					t.Fatalf("manifest: date_added %v of %s not after %v", r.DateAdded, r.ID, prev)
				}
				prev = r.DateAdded.Time
				ids = append(ids, r.ID)
			}
			if !m.More {
				break
			}
			if m.Next == "" {
				t.Fatal("manifest: more without next")
			}
			q.Next = m.Next
		}
		if walk != nil && !slices.Equal(ids, walk) {
			t.Errorf("the manifest's order (by date_added) differs from the objects' order")
		}
	})

	t.Run("5.4 get objects: the pager's DateAddedLast resumes with added_after", func(t *testing.T) {
		p := c.NewObjectPager(confRoot, confShared, taxii.Query{Limit: 100})
		objs := confCollect(t, p.All(ctx))
		if len(objs) != total || !p.Done() {
			t.Fatalf("%d objects, done %v", len(objs), p.Done())
		}
		checkpoint := p.DateAddedLast()
		if checkpoint.IsZero() {
			t.Fatal("no checkpoint after a complete walk")
		}
		// Nothing new yet: resuming gives nothing.
		if got := confCollect(t, c.AllObjects(ctx, confRoot, confShared, taxii.Query{Limit: 100, AddedAfter: checkpoint})); len(got) != 0 {
			t.Errorf("resuming before anything was added: %d objects", len(got))
		}
		later := make([]json.RawMessage, 7)
		var laterIDs []string
		for i := range later {
			later[i] = g.indicator(confTLPGreen)
			id := confDecode(t, later[i]).ID
			posted[id] = later[i]
			laterIDs = append(laterIDs, id)
		}
		n.post("a-write", confShared, later)
		p2 := c.NewObjectPager(confRoot, confShared, taxii.Query{Limit: 5, AddedAfter: checkpoint})
		got := confCollect(t, p2.All(ctx))
		checkExact(t, got, laterIDs)
		if !p2.DateAddedLast().After(checkpoint) {
			t.Errorf("second pager's checkpoint %v is not after %v", p2.DateAddedLast(), checkpoint)
		}

		// Stopping in the middle of a page leaves the checkpoint at the end
		// of the last whole page: resuming from it skips nothing.
		p3 := c.NewObjectPager(confRoot, confShared, taxii.Query{Limit: 100})
		k := 0
		for _, err := range p3.All(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			if k++; k == 150 {
				break
			}
		}
		rest := confCollect(t, c.AllObjects(ctx, confRoot, confShared, taxii.Query{Limit: 100, AddedAfter: p3.DateAddedLast()}))
		checkExact(t, rest, append(slices.Clone(order[100:]), laterIDs...))
	})

	// The filters, over a few objects in another collection.
	x, y := g.id(), g.id()
	xv := []json.RawMessage{g.version(x, 0, confTLPGreen), g.version(x, 1, confTLPGreen), g.version(x, 2, confTLPGreen)}
	yv := g.version(y, 0, confTLPGreen)
	malware := json.RawMessage(`{"type":"malware","spec_version":"2.1","id":"malware--3c7d2a53-4f1e-4b6a-9c0d-5e8f7a6b1c2d","created":"2026-03-01T10:00:00.000Z","modified":"2026-03-01T10:00:00.000Z","name":"Conformance test family","is_family":true,"object_marking_refs":["` + confTLPGreen + `"]}`)
	// An SCO has no spec_version; its id is the UUIDv5 of its value.
	sco := json.RawMessage(`{"type":"ipv4-addr","id":"ipv4-addr--12592121-be4c-5a93-a813-5a5af16e50db","value":"198.51.100.7"}`)
	n.post("a-write", confAOnly, append(slices.Clone(xv), yv, malware, sco))
	a := n.client("a-read")
	modified := func(t *testing.T, objs []json.RawMessage) []string {
		var out []string
		for _, o := range objs {
			v := confDecode(t, o)
			out = append(out, v.ID+" "+v.Modified)
		}
		return out
	}
	xm := func(v int) string { return x + " " + confDecode(t, xv[v]).Modified }
	ym := y + " " + confDecode(t, yv).Modified
	mm := "malware--3c7d2a53-4f1e-4b6a-9c0d-5e8f7a6b1c2d 2026-03-01T10:00:00.000Z"
	scom := "ipv4-addr--12592121-be4c-5a93-a813-5a5af16e50db "
	for _, tc := range []struct {
		name string
		q    taxii.Query
		want []string // id and modified, in date-added order
	}{
		{"3.4 no filter: the last version of each", taxii.Query{}, []string{xm(2), ym, mm, scom}},
		{"3.4 match[type]", taxii.Query{Types: []string{"malware"}}, []string{mm}},
		{"3.4 match[type] several", taxii.Query{Types: []string{"indicator", "ipv4-addr"}}, []string{xm(2), ym, scom}},
		{"3.4 match[type] unknown is not an error", taxii.Query{Types: []string{"x-unknown-type"}}, nil},
		{"3.4 match[id]", taxii.Query{IDs: []string{y}}, []string{ym}},
		{"3.4 match[id] several", taxii.Query{IDs: []string{mm[:strings.IndexByte(mm, ' ')], y}}, []string{ym, mm}},
		{"3.4 match[id] unknown", taxii.Query{IDs: []string{"indicator--00000000-0000-4000-8000-000000000000"}}, nil},
		{"3.4 match[version] first", taxii.Query{IDs: []string{x}, Versions: []string{"first"}}, []string{xm(0)}},
		{"3.4 match[version] last", taxii.Query{IDs: []string{x}, Versions: []string{"last"}}, []string{xm(2)}},
		{"3.4 match[version] all", taxii.Query{IDs: []string{x}, Versions: []string{"all"}}, []string{xm(0), xm(1), xm(2)}},
		{"3.4 match[version] first,last", taxii.Query{IDs: []string{x}, Versions: []string{"first", "last"}}, []string{xm(0), xm(2)}},
		{"3.4 match[version] timestamp", taxii.Query{IDs: []string{x}, Versions: []string{confDecode(t, xv[1]).Modified}}, []string{xm(1)}},
		{"3.4 match[version] timestamp of no version", taxii.Query{IDs: []string{x}, Versions: []string{"2020-01-01T00:00:00.000Z"}}, nil},
		{"3.4 match[spec_version] 2.1 (an SCO without spec_version is 2.1)", taxii.Query{SpecVersions: []string{"2.1"}}, []string{xm(2), ym, mm, scom}},
		{"3.4 match[spec_version] 2.0", taxii.Query{SpecVersions: []string{"2.0"}}, nil},
		{"3.4 match[type] with match[version] all", taxii.Query{Types: []string{"indicator"}, Versions: []string{"all"}}, []string{xm(0), xm(1), xm(2), ym}},
	} {
		t.Run("5.4 get objects: "+tc.name, func(t *testing.T) {
			page, err := a.Objects(ctx, confRoot, confAOnly, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			got := modified(t, page.Objects)
			if len(got) == len(tc.want) {
				for i, w := range tc.want {
					if w == scom && strings.HasPrefix(got[i], scom) {
						got[i] = scom // an SCO has no modified
					}
				}
			}
			if !slices.Equal(got, tc.want) || page.More {
				t.Errorf("got %q (more %v), want %q", got, page.More, tc.want)
			}
			if len(tc.want) == 0 && (!page.DateAddedFirst.IsZero() || !page.DateAddedLast.IsZero()) {
				t.Errorf("empty result with X-TAXII-Date-Added headers %v %v", page.DateAddedFirst, page.DateAddedLast)
			}
			if len(tc.want) > 0 && (page.DateAddedFirst.IsZero() || page.DateAddedLast.IsZero()) {
				t.Error("no X-TAXII-Date-Added-First/-Last")
			}
		})
	}
}

// TestConformanceAddObjectsAndStatus: sections 5.5 and 4.3.
func TestConformanceAddObjectsAndStatus(t *testing.T) {
	t.Parallel()
	n := newConfNode(t, taxii.ServerConfig{})
	ctx := t.Context()
	g := newConfGen(2)
	c := n.client("a-write")

	one, two, three := g.indicator(confTLPGreen), g.indicator(confTLPGreen), g.indicator()
	// A valid object's id, with the same version but other content.
	var conflict confIndicatorJSON
	if err := json.Unmarshal(one, &conflict); err != nil {
		t.Fatal(err)
	}
	conflict.Name = "other content, same id and version"
	conflictRaw, _ := json.Marshal(conflict)
	noPattern := json.RawMessage(`{"type":"indicator","spec_version":"2.1","id":"indicator--6f1c7d3a-1111-4000-8000-000000000001","created":"2026-03-01T10:00:00.000Z","modified":"2026-03-01T10:00:00.000Z","name":"no pattern","pattern_type":"stix","valid_from":"2026-03-01T10:00:00.000Z"}`)
	badID := json.RawMessage(`{"type":"indicator","spec_version":"2.1","id":"indicator--not-a-uuid","created":"2026-03-01T10:00:00.000Z","modified":"2026-03-01T10:00:00.000Z","pattern":"[ipv4-addr:value = '198.51.100.1']","pattern_type":"stix","valid_from":"2026-03-01T10:00:00.000Z"}`)
	objs := []json.RawMessage{one, noPattern, two, one, badID, three, conflictRaw}
	wantOK := []string{confDecode(t, one).ID, confDecode(t, two).ID, confDecode(t, one).ID, confDecode(t, three).ID}
	wantFail := []string{"indicator--6f1c7d3a-1111-4000-8000-000000000001", "indicator--not-a-uuid", confDecode(t, one).ID}

	var st *taxii.Status
	t.Run("5.5 add objects: counts add up and the lists match them", func(t *testing.T) {
		var err error
		st, err = c.AddObjects(ctx, confRoot, confShared, objs)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Validate(); err != nil {
			t.Error(err)
		}
		if st.ID == "" || st.Status != taxii.StatusComplete || st.RequestTimestamp.IsZero() {
			t.Errorf("status %+v", st)
		}
		if st.TotalCount != len(objs) || st.TotalCount != st.SuccessCount+st.FailureCount+st.PendingCount {
			t.Errorf("total_count %d, success %d + failure %d + pending %d; %d objects posted",
				st.TotalCount, st.SuccessCount, st.FailureCount, st.PendingCount, len(objs))
		}
		if len(st.Successes) != st.SuccessCount || len(st.Failures) != st.FailureCount || len(st.Pendings) != st.PendingCount {
			t.Errorf("lists of %d, %d, %d for counts %d, %d, %d",
				len(st.Successes), len(st.Failures), len(st.Pendings), st.SuccessCount, st.FailureCount, st.PendingCount)
		}
		var ok, fail []string
		for _, d := range st.Successes {
			ok = append(ok, d.ID)
			if d.Version == "" {
				t.Errorf("success %+v without a version", d)
			}
		}
		for _, d := range st.Failures {
			fail = append(fail, d.ID)
			if d.Message == "" {
				t.Errorf("failure %+v without a message", d)
			}
		}
		// The exact duplicate (objects[3]) is a success; the object without
		// a pattern, the malformed id and the conflicting content fail.
		if !slices.Equal(ok, wantOK) || !slices.Equal(fail, wantFail) {
			t.Errorf("successes %q, failures %q; want %q and %q", ok, fail, wantOK, wantFail)
		}
	})
	if st == nil {
		t.FailNow()
	}

	t.Run("5.5 add objects: an exact duplicate posted again is a success", func(t *testing.T) {
		s, err := c.AddObjects(ctx, confRoot, confShared, []json.RawMessage{two})
		if err != nil {
			t.Fatal(err)
		}
		if s.SuccessCount != 1 || s.FailureCount != 0 || s.TotalCount != 1 || len(s.Successes) != 1 || s.ID == st.ID {
			t.Errorf("status %+v", s)
		}
		if s.Successes[0].ID != confDecode(t, two).ID || s.Successes[0].Version != confDecode(t, two).Modified {
			t.Errorf("success %+v", s.Successes[0])
		}
	})

	t.Run("5.5 add objects: what succeeded is stored, byte-exact", func(t *testing.T) {
		got := confCollect(t, n.client("a-read").AllObjects(ctx, confRoot, confShared, taxii.Query{}))
		want := []json.RawMessage{one, two, three}
		if len(got) != len(want) {
			t.Fatalf("%d objects stored, want %d: %q", len(got), len(want), confIDs(t, got))
		}
		for i := range want {
			if !bytes.Equal(got[i], want[i]) {
				t.Errorf("object %d: %s, want %s", i, got[i], want[i])
			}
		}
	})

	t.Run("4.3 get status: the same status, to the poster's organisation", func(t *testing.T) {
		for _, key := range []string{"a-write", "a-read"} {
			got, err := n.client(key).Status(ctx, confRoot, st.ID)
			if err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			if !reflect.DeepEqual(got, st) {
				t.Errorf("%s: status\n%+v\nwant\n%+v", key, got, st)
			}
		}
		for _, key := range []string{"b-write", "b-read", "c-read"} {
			_, err := n.client(key).Status(ctx, confRoot, st.ID)
			confWantError(t, key+" status of A's post", err, 404)
		}
		_, err := c.Status(ctx, confRoot, "6f1c7d3a-0000-4000-8000-00000000dead")
		confWantError(t, "unknown status", err, 404)
	})
}

// TestConformanceObjectVersionsManifestDelete: sections 5.6, 5.8, 5.3 and
// 5.7 on one object with three versions.
func TestConformanceObjectVersionsManifestDelete(t *testing.T) {
	t.Parallel()
	n := newConfNode(t, taxii.ServerConfig{})
	ctx := t.Context()
	g := newConfGen(3)
	x, y := g.id(), g.id()
	xv := []json.RawMessage{g.version(x, 0, confTLPGreen), g.version(x, 1, confTLPGreen), g.version(x, 2, confTLPGreen)}
	yv := g.version(y, 0, confTLPGreen)
	n.post("a-write", confShared, xv)
	n.post("a-write", confShared, []json.RawMessage{yv})
	versionOf := func(raw json.RawMessage) time.Time { return confTime(t, confDecode(t, raw).Modified) }
	r := n.client("b-read")

	t.Run("5.6 get an object: the last version by default, byte-exact", func(t *testing.T) {
		page, err := r.Object(ctx, confRoot, confShared, x, taxii.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Objects) != 1 || !bytes.Equal(page.Objects[0], xv[2]) || page.More {
			t.Errorf("object %s: %s (more %v), want %s", x, page.Objects, page.More, xv[2])
		}
		if page.DateAddedFirst.IsZero() || !page.DateAddedFirst.Equal(page.DateAddedLast) {
			t.Errorf("X-TAXII-Date-Added-First %v, -Last %v", page.DateAddedFirst, page.DateAddedLast)
		}
		page, err = r.Object(ctx, confRoot, confShared, x, taxii.Query{Versions: []string{"all"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Objects) != 3 {
			t.Fatalf("all versions: %d objects", len(page.Objects))
		}
		for i := range xv {
			if !bytes.Equal(page.Objects[i], xv[i]) {
				t.Errorf("version %d: %s, want %s", i, page.Objects[i], xv[i])
			}
		}
		page, err = r.Object(ctx, confRoot, confShared, x, taxii.Query{Versions: []string{"first"}})
		if err != nil || len(page.Objects) != 1 || !bytes.Equal(page.Objects[0], xv[0]) {
			t.Errorf("first version: %v %s", err, page.Objects)
		}
		_, err = r.Object(ctx, confRoot, confShared, "indicator--00000000-0000-4000-8000-000000000000", taxii.Query{})
		confWantError(t, "unknown object", err, 404)
		_, err = r.Object(ctx, confRoot, confView, "indicator--00000000-0000-4000-8000-000000000000", taxii.Query{})
		confWantError(t, "unknown object in a view", err, 404)
	})

	t.Run("5.8 get object versions: in order, with more", func(t *testing.T) {
		v, err := r.Versions(ctx, confRoot, confShared, x, taxii.Query{})
		if err != nil {
			t.Fatal(err)
		}
		var got []time.Time
		for _, ts := range v.Versions.Versions {
			got = append(got, ts.Time)
		}
		want := []time.Time{versionOf(xv[0]), versionOf(xv[1]), versionOf(xv[2])}
		if !slices.EqualFunc(got, want, time.Time.Equal) || v.More {
			t.Errorf("versions %v (more %v), want %v", got, v.More, want)
		}
		if v.DateAddedFirst.IsZero() || !v.DateAddedLast.After(v.DateAddedFirst) {
			t.Errorf("X-TAXII-Date-Added-First %v, -Last %v", v.DateAddedFirst, v.DateAddedLast)
		}
		p1, err := r.Versions(ctx, confRoot, confShared, x, taxii.Query{Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(p1.Versions.Versions) != 2 || !p1.More || p1.Next == "" {
			t.Fatalf("limit 2: %d versions, more %v, next %q", len(p1.Versions.Versions), p1.More, p1.Next)
		}
		p2, err := r.Versions(ctx, confRoot, confShared, x, taxii.Query{Limit: 2, Next: p1.Next})
		if err != nil {
			t.Fatal(err)
		}
		if len(p2.Versions.Versions) != 1 || p2.More || !p2.Versions.Versions[0].Equal(want[2]) {
			t.Errorf("second page: %v (more %v), want [%v]", p2.Versions.Versions, p2.More, want[2])
		}
		if !p1.Versions.Versions[0].Equal(want[0]) || !p1.Versions.Versions[1].Equal(want[1]) {
			t.Errorf("first page %v, want %v", p1.Versions.Versions, want[:2])
		}
		_, err = r.Versions(ctx, confRoot, confShared, "indicator--00000000-0000-4000-8000-000000000000", taxii.Query{})
		confWantError(t, "versions of an unknown object", err, 404)
	})

	t.Run("5.3 get object manifests: records match the objects", func(t *testing.T) {
		m, err := r.Manifest(ctx, confRoot, confShared, taxii.Query{Versions: []string{"all"}})
		if err != nil {
			t.Fatal(err)
		}
		objs, err := r.Objects(ctx, confRoot, confShared, taxii.Query{Versions: []string{"all"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Objects) != 4 || len(objs.Objects) != 4 || m.More {
			t.Fatalf("manifest of %d records (more %v), %d objects; want 4", len(m.Objects), m.More, len(objs.Objects))
		}
		if !m.DateAddedFirst.Equal(m.Objects[0].DateAdded.Time) || !m.DateAddedLast.Equal(m.Objects[3].DateAdded.Time) {
			t.Errorf("X-TAXII-Date-Added-First %v, -Last %v; records from %v to %v",
				m.DateAddedFirst, m.DateAddedLast, m.Objects[0].DateAdded, m.Objects[3].DateAdded)
		}
		for i, rec := range m.Objects {
			o := confDecode(t, objs.Objects[i])
			if rec.ID != o.ID || !rec.Version.Equal(confTime(t, o.Modified)) || rec.MediaType != confSTIX21 {
				t.Errorf("record %d: %+v; object %s version %s", i, rec, o.ID, o.Modified)
			}
			// Its date_added is the object's, as the object endpoint says.
			one, err := r.Object(ctx, confRoot, confShared, rec.ID, taxii.Query{Versions: []string{rec.Version.String()}})
			if err != nil || len(one.Objects) != 1 {
				t.Errorf("record %d: object %s version %s: %v", i, rec.ID, rec.Version, err)
				continue
			}
			if !one.DateAddedFirst.Equal(rec.DateAdded.Time) {
				t.Errorf("record %d: date_added %v, the object's %v", i, rec.DateAdded, one.DateAddedFirst)
			}
			if i > 0 && !rec.DateAdded.After(m.Objects[i-1].DateAdded.Time) {
				t.Errorf("record %d: date_added %v not after %v", i, rec.DateAdded, m.Objects[i-1].DateAdded)
			}
		}
		// Paged, and filtered as objects are.
		p1, err := r.Manifest(ctx, confRoot, confShared, taxii.Query{Versions: []string{"all"}, Limit: 3})
		if err != nil || len(p1.Objects) != 3 || !p1.More || p1.Next == "" {
			t.Fatalf("manifest limit 3: %v, %+v", err, p1)
		}
		p2, err := r.Manifest(ctx, confRoot, confShared, taxii.Query{Versions: []string{"all"}, Limit: 3, Next: p1.Next})
		if err != nil || len(p2.Objects) != 1 || p2.More || p2.Objects[0].ID != y {
			t.Errorf("manifest second page: %v, %+v", err, p2)
		}
		last, err := r.Manifest(ctx, confRoot, confShared, taxii.Query{IDs: []string{x}})
		if err != nil || len(last.Objects) != 1 || !last.Objects[0].Version.Equal(versionOf(xv[2])) {
			t.Errorf("manifest of %s, last version: %v, %+v", x, err, last)
		}
	})

	t.Run("5.7 delete an object: one version, then all, then 404", func(t *testing.T) {
		_, err := r.Object(ctx, confRoot, confShared, x, taxii.Query{})
		if err != nil {
			t.Fatal(err)
		}
		err = n.client("a-read").DeleteObject(ctx, confRoot, confShared, x, taxii.Query{})
		confWantError(t, "reader deletes", err, 403)
		err = n.client("a-write").DeleteObject(ctx, confRoot, confView, x, taxii.Query{})
		confWantError(t, "delete from a view", err, 403)

		w := n.client("a-write")
		if err := w.DeleteObject(ctx, confRoot, confShared, x, taxii.Query{Versions: []string{confDecode(t, xv[0]).Modified}}); err != nil {
			t.Fatalf("delete the first version: %v", err)
		}
		v, err := r.Versions(ctx, confRoot, confShared, x, taxii.Query{})
		if err != nil || len(v.Versions.Versions) != 2 || !v.Versions.Versions[0].Equal(versionOf(xv[1])) {
			t.Errorf("after deleting the first version: %v %v", err, v)
		}
		if err := w.DeleteObject(ctx, confRoot, confShared, x, taxii.Query{}); err != nil {
			t.Fatalf("delete the rest: %v", err)
		}
		_, err = r.Object(ctx, confRoot, confShared, x, taxii.Query{})
		confWantError(t, "get after delete", err, 404)
		_, err = r.Versions(ctx, confRoot, confShared, x, taxii.Query{})
		confWantError(t, "versions after delete", err, 404)
		err = w.DeleteObject(ctx, confRoot, confShared, x, taxii.Query{})
		confWantError(t, "delete again", err, 404)
		m, err := r.Manifest(ctx, confRoot, confShared, taxii.Query{})
		if err != nil || len(m.Objects) != 1 || m.Objects[0].ID != y {
			t.Errorf("manifest after delete: %v %+v", err, m)
		}
		// y is untouched.
		if page, err := r.Object(ctx, confRoot, confShared, y, taxii.Query{}); err != nil || len(page.Objects) != 1 || !bytes.Equal(page.Objects[0], yv) {
			t.Errorf("the other object after delete: %v", err)
		}
	})
}

// TestConformanceErrors: error statuses and messages (section 3.6) as the
// client reports them.
func TestConformanceErrors(t *testing.T) {
	t.Parallel()
	n := newConfNode(t, taxii.ServerConfig{MaxContentLength: 64 << 10})
	ctx := t.Context()
	g := newConfGen(4)

	t.Run("3.6 401: no credentials", func(t *testing.T) {
		for what, call := range map[string]func(c *taxii.Client) error{
			"discovery":   func(c *taxii.Client) error { _, err := c.Discovery(ctx); return err },
			"collections": func(c *taxii.Client) error { _, err := c.Collections(ctx, confRoot); return err },
			"objects":     func(c *taxii.Client) error { _, err := c.Objects(ctx, confRoot, confShared, taxii.Query{}); return err },
			"add objects": func(c *taxii.Client) error {
				_, err := c.AddObjects(ctx, confRoot, confShared, []json.RawMessage{g.indicator()})
				return err
			},
		} {
			te := confWantError(t, what, call(n.client("")), 401)
			if te != nil && te.WWWAuthenticate == "" {
				t.Errorf("%s: 401 without WWW-Authenticate", what)
			}
		}
	})

	t.Run("3.6 401: wrong credentials", func(t *testing.T) {
		good := n.keys["a-read"]
		// A token in Fusion's format, with the right id but another secret.
		forged := good.token[:len(good.token)-4] + "aaaa"
		if forged == good.token {
			forged = good.token[:len(good.token)-4] + "bbbb"
		}
		for what, opt := range map[string]taxii.ClientOption{
			"unknown bearer token":        taxii.ClientBearerToken("fsn_aaaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
			"forged bearer token":         taxii.ClientBearerToken(forged),
			"not a key":                   taxii.ClientBearerToken("secret"),
			"basic, wrong password":       taxii.ClientBasicAuth("org-a", forged),
			"basic, another org's name":   taxii.ClientBasicAuth("org-b", good.token),
			"basic, another key's id":     taxii.ClientBasicAuth(n.keys["a-write"].id, good.token),
			"basic, empty password":       taxii.ClientBasicAuth("org-a", ""),
			"basic, the key id as secret": taxii.ClientBasicAuth("org-a", good.id),
		} {
			c, err := taxii.NewClient(n.url, opt, taxii.ClientRetry(taxii.RetryPolicy{MaxAttempts: 1}))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Collections(ctx, confRoot)
			te := confWantError(t, what, err, 401)
			if te != nil && te.WWWAuthenticate == "" {
				t.Errorf("%s: 401 without WWW-Authenticate", what)
			}
			if err != nil && (strings.Contains(err.Error(), good.token) || strings.Contains(err.Error(), forged)) {
				t.Errorf("%s: the error shows the credentials: %v", what, err)
			}
		}
	})

	t.Run("3.6 403: a reader posts, a writer posts to a view, a write-only collection is read", func(t *testing.T) {
		_, err := n.client("a-read").AddObjects(ctx, confRoot, confShared, []json.RawMessage{g.indicator()})
		confWantError(t, "reader posts", err, 403)
		_, err = n.client("a-write").AddObjects(ctx, confRoot, confView, []json.RawMessage{g.indicator()})
		confWantError(t, "post to a view", err, 403)
		_, err = n.client("b-write").Objects(ctx, confRoot, confInbox, taxii.Query{})
		confWantError(t, "read a write-only collection", err, 403)
		_, err = n.client("b-write").Manifest(ctx, confRoot, confInbox, taxii.Query{})
		confWantError(t, "manifest of a write-only collection", err, 403)
		// Nothing was stored by the refused posts.
		if page, err := n.client("a-read").Objects(ctx, confRoot, confShared, taxii.Query{}); err != nil || len(page.Objects) != 0 {
			t.Errorf("after refused posts: %v, %d objects", err, len(page.Objects))
		}
	})

	t.Run("3.6 400: bad filters, with http_status 400", func(t *testing.T) {
		c := n.client("a-read")
		for what, q := range map[string]taxii.Query{
			"match[id] not an id":          {IDs: []string{"indicator"}},
			"match[type] not a type":       {Types: []string{"Not A Type"}},
			"match[spec_version] not one":  {SpecVersions: []string{"two"}},
			"next not a token":             {Next: "abc"},
			"match[id] with a bad uuid":    {IDs: []string{"indicator--xyz"}},
			"match[type] with underscores": {Types: []string{"x_custom"}},
		} {
			_, err := c.Objects(ctx, confRoot, confShared, q)
			confWantError(t, "objects, "+what, err, 400)
			_, err = c.Manifest(ctx, confRoot, confShared, q)
			confWantError(t, "manifest, "+what, err, 400)
		}
		_, err := c.Versions(ctx, confRoot, confShared, "indicator--00000000-0000-4000-8000-000000000000", taxii.Query{Next: "-5"})
		confWantError(t, "versions, negative next", err, 400)
	})

	t.Run("3.6 404: unknown collection and unknown object", func(t *testing.T) {
		c := n.client("a-write")
		for _, coll := range []string{confUnknownID, "nope"} {
			_, err := c.Objects(ctx, confRoot, coll, taxii.Query{})
			confWantError(t, "objects of "+coll, err, 404)
			_, err = c.Manifest(ctx, confRoot, coll, taxii.Query{})
			confWantError(t, "manifest of "+coll, err, 404)
			_, err = c.AddObjects(ctx, confRoot, coll, []json.RawMessage{g.indicator()})
			confWantError(t, "add to "+coll, err, 404)
		}
		// B's inbox, to A, which may neither read nor write it.
		_, err := c.Objects(ctx, confRoot, confInbox, taxii.Query{})
		confWantError(t, "A reads B's inbox", err, 404)
		_, err = c.AddObjects(ctx, confRoot, confInbox, []json.RawMessage{g.indicator()})
		confWantError(t, "A posts to B's inbox", err, 404)
	})

	t.Run("3.6 413: a body above max_content_length", func(t *testing.T) {
		var objs []json.RawMessage
		size := 0
		for size <= 64<<10 {
			o := g.indicator()
			objs = append(objs, o)
			size += len(o) + 1
		}
		_, err := n.client("a-write").AddObjects(ctx, confRoot, confShared, objs)
		confWantError(t, "too large", err, 413)
	})
}

// TestConformanceAuthentication: Bearer, and HTTP Basic with the
// organisation's name or the key's id as the user and the key as the
// password.
func TestConformanceAuthentication(t *testing.T) {
	t.Parallel()
	n := newConfNode(t, taxii.ServerConfig{})
	ctx := t.Context()
	g := newConfGen(5)
	bk := n.keys["b-write"]
	for _, tc := range []struct {
		name string
		opts []taxii.ClientOption
	}{
		{"bearer", []taxii.ClientOption{taxii.ClientBearerToken(bk.token)}},
		{"basic with the organisation's name", []taxii.ClientOption{taxii.ClientBasicAuth("org-b", bk.token)}},
		{"basic with the key id", []taxii.ClientOption{taxii.ClientBasicAuth(bk.id, bk.token)}},
		// The last credentials set win: Basic replaces a wrong bearer token.
		{"basic after a wrong bearer token", []taxii.ClientOption{taxii.ClientBearerToken("wrong"), taxii.ClientBasicAuth("org-b", bk.token)}},
	} {
		t.Run("authentication: "+tc.name, func(t *testing.T) {
			c, err := taxii.NewClient(n.url, append(tc.opts, taxii.ClientRetry(taxii.RetryPolicy{MaxAttempts: 1}))...)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Discovery(ctx); err != nil {
				t.Fatal(err)
			}
			// The key is B's: the inbox is writable, A's collection hidden.
			col, err := c.Collection(ctx, confRoot, confInbox)
			if err != nil || col.CanRead || !col.CanWrite {
				t.Errorf("inbox: %v %+v", err, col)
			}
			_, err = c.Collection(ctx, confRoot, confAOnly)
			confWantError(t, "A's collection", err, 404)
			// What it posts is B's: B's other key sees the status, A's not.
			s, err := c.AddObjects(ctx, confRoot, confShared, []json.RawMessage{g.indicator()})
			if err != nil || s.SuccessCount != 1 {
				t.Fatalf("post: %v %+v", err, s)
			}
			if _, err := n.client("b-read").Status(ctx, confRoot, s.ID); err != nil {
				t.Errorf("B's reader gets the status: %v", err)
			}
			_, err = n.client("a-read").Status(ctx, confRoot, s.ID)
			confWantError(t, "A gets B's status", err, 404)
		})
	}
}

// TestConformanceVisibility: a view (and a plain collection) gives each
// organisation exactly what the visibility policy lets it see, through
// every read endpoint.
func TestConformanceVisibility(t *testing.T) {
	t.Parallel()
	n := newConfNode(t, taxii.ServerConfig{})
	ctx := t.Context()
	g := newConfGen(6)
	amber, green, red, unmarked := g.indicator(confTLPAmber), g.indicator(confTLPGreen), g.indicator(confTLPRed), g.indicator()
	bAmber := g.indicator(confTLPAmber)
	n.post("a-write", confShared, []json.RawMessage{amber, green, red, unmarked})
	n.post("b-write", confShared, []json.RawMessage{bAmber})
	id := func(raw json.RawMessage) string { return confDecode(t, raw).ID }
	every := []json.RawMessage{amber, green, red, unmarked, bAmber}
	sees := map[string][]json.RawMessage{
		// The owner sees all its own, whatever the marking.
		"a-read": {amber, green, red, unmarked},
		// Another organisation sees GREEN only (and its own).
		"b-read": {green, bAmber},
		// The centre sees everything but RED. A's unmarked objects are
		// AMBER, A's default level.
		"c-read": {amber, green, unmarked, bAmber},
	}
	for key, want := range sees {
		c := n.client(key)
		for _, coll := range []string{confView, confShared} {
			kind := "a view"
			if coll == confShared {
				kind = "a collection"
			}
			t.Run(fmt.Sprintf("5.4 get objects: %s pulls %s", key, kind), func(t *testing.T) {
				// Pages of 2: the policy must neither leak nor stall paging.
				got := confCollect(t, c.AllObjects(ctx, confRoot, coll, taxii.Query{Limit: 2}))
				if len(got) != len(want) {
					t.Fatalf("%d objects %q, want %d", len(got), confIDs(t, got), len(want))
				}
				for i := range want {
					if !bytes.Equal(got[i], want[i]) {
						t.Errorf("object %d: %s, want %s", i, got[i], want[i])
					}
				}
			})
			t.Run(fmt.Sprintf("5.3, 5.6, 5.8: %s reads %s object by object", key, kind), func(t *testing.T) {
				m, err := c.Manifest(ctx, confRoot, coll, taxii.Query{})
				if err != nil {
					t.Fatal(err)
				}
				var mids, wids []string
				for _, r := range m.Objects {
					mids = append(mids, r.ID)
				}
				for _, o := range want {
					wids = append(wids, id(o))
				}
				if !slices.Equal(mids, wids) {
					t.Errorf("manifest %q, want %q", mids, wids)
				}
				for _, o := range every {
					visible := slices.ContainsFunc(want, func(w json.RawMessage) bool { return bytes.Equal(w, o) })
					page, err := c.Object(ctx, confRoot, coll, id(o), taxii.Query{})
					_, verr := c.Versions(ctx, confRoot, coll, id(o), taxii.Query{})
					if visible {
						if err != nil || len(page.Objects) != 1 || !bytes.Equal(page.Objects[0], o) {
							t.Errorf("object %s: %v", id(o), err)
						}
						if verr != nil {
							t.Errorf("versions of %s: %v", id(o), verr)
						}
						continue
					}
					confWantError(t, "object "+id(o)+" it may not see", err, 404)
					confWantError(t, "versions of "+id(o)+" it may not see", verr, 404)
					if m, err := c.Manifest(ctx, confRoot, coll, taxii.Query{IDs: []string{id(o)}}); err != nil || len(m.Objects) != 0 {
						t.Errorf("manifest of %s it may not see: %v, %d records", id(o), err, len(m.Objects))
					}
					if p, err := c.Objects(ctx, confRoot, coll, taxii.Query{IDs: []string{id(o)}, Versions: []string{"all"}}); err != nil || len(p.Objects) != 0 {
						t.Errorf("objects match[id]=%s it may not see: %v, %d objects", id(o), err, len(p.Objects))
					}
				}
			})
		}
	}
	t.Run("5.7 delete an object: not what one may not see", func(t *testing.T) {
		err := n.client("b-write").DeleteObject(ctx, confRoot, confShared, id(amber), taxii.Query{})
		confWantError(t, "B deletes A's AMBER object", err, 404)
		if page, err := n.client("a-read").Object(ctx, confRoot, confShared, id(amber), taxii.Query{}); err != nil || len(page.Objects) != 1 {
			t.Errorf("A's AMBER object after B's attempt: %v", err)
		}
	})
}

// TestConformancePollingWhileAdding: section 5.4's added_after, as clients
// poll: objects posted concurrently by several clients reach a poller that
// resumes from its pager's checkpoint, each exactly once.
func TestConformancePollingWhileAdding(t *testing.T) {
	t.Parallel()
	const writers, posts, per = 4, 8, 10
	n := newConfNode(t, taxii.ServerConfig{})
	ctx := t.Context()
	posted := make(chan []json.RawMessage, writers*posts)
	done := make(chan error, writers)
	for w := range writers {
		key := []string{"a-write", "b-write"}[w%2]
		c := n.client(key)
		g := newConfGen(byte(10 + w))
		go func() {
			for range posts {
				objs := make([]json.RawMessage, per)
				for i := range objs {
					objs[i] = g.indicator(confTLPGreen)
				}
				s, err := c.AddObjects(ctx, confRoot, confShared, objs)
				if err == nil && s.SuccessCount != per {
					err = fmt.Errorf("status %+v", s)
				}
				if err != nil {
					done <- err
					return
				}
				posted <- objs
			}
			done <- nil
		}()
	}
	r := n.client("c-read")
	seen := map[string]int{}
	got := map[string]json.RawMessage{}
	var checkpoint time.Time
	poll := func(t *testing.T) {
		p := r.NewObjectPager(confRoot, confShared, taxii.Query{Limit: 7, AddedAfter: checkpoint})
		for obj, err := range p.All(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			id := confDecode(t, obj).ID
			seen[id]++
			got[id] = obj
		}
		checkpoint = p.DateAddedLast()
	}
	t.Run("5.4 get objects: added_after polling while objects are added", func(t *testing.T) {
		for finished := 0; finished < writers; {
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
				finished++
			default:
				poll(t)
			}
		}
		poll(t)
		close(posted)
		total := 0
		for objs := range posted {
			for _, o := range objs {
				total++
				id := confDecode(t, o).ID
				if seen[id] != 1 || !bytes.Equal(got[id], o) {
					t.Errorf("%s: seen %d times (byte-exact: %v)", id, seen[id], bytes.Equal(got[id], o))
				}
			}
		}
		if total != writers*posts*per || len(seen) != total {
			t.Errorf("%d objects posted, %d seen, want %d", total, len(seen), writers*posts*per)
		}
	})
}

// TestConformanceBugClientStatusIDMessage pins a client bug found by this
// suite: Status with an empty (or "." or "..") status id fails before any
// request, as it should, but the error names a "statu id": clientURL names
// an id after the path segment before it minus its final "s", and
// "status" is not a plural. Expected "taxii: empty status id"; actual
// "taxii: empty statu id".
func TestConformanceClientStatusIDMessage(t *testing.T) {
	c, err := taxii.NewClient("http://127.0.0.1:1/")
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{
		"":   "taxii: empty status id",
		"..": `taxii: status id ".." is not a valid path segment`,
	} {
		_, err := c.Status(t.Context(), confRoot, id)
		if err == nil || err.Error() != want {
			t.Errorf("Status(%q): error %v, want %q", id, err, want)
		}
	}
}
