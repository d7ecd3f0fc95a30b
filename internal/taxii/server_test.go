package taxii_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/api"
	"github.com/fusion-cti/fusion/internal/audit"
	"github.com/fusion-cti/fusion/internal/bus"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/store/sqlite"
	"github.com/fusion-cti/fusion/internal/store/sqlstore"
	"github.com/fusion-cti/fusion/internal/taxii"
	"github.com/fusion-cti/fusion/internal/testgen"
)

var _ taxii.Backend = (*sqlstore.DB)(nil)

// The flag is not called -update: the client's tests share this test
// binary and may define their own.
var updateServer = flag.Bool("update-server", false, "rewrite the golden files under testdata/server")

const (
	taxiiType = "application/taxii+json;version=2.1"
	root      = "/taxii2/fusion/"

	sharedID = "5b5f8e0e-1111-4c1e-9d1e-000000000001" // every org reads; A and B write
	aOnlyID  = "5b5f8e0e-1111-4c1e-9d1e-000000000002" // A reads and writes
	inboxID  = "5b5f8e0e-1111-4c1e-9d1e-000000000003" // B writes only
	allID    = "5b5f8e0e-1111-4c1e-9d1e-000000000004" // a view, every org reads

	indicatorID = "indicator--0d6b4f7a-6f4e-4c55-9d1e-1a7c1b1e0001"
	invalidID   = "indicator--0d6b4f7a-6f4e-4c55-9d1e-1a7c1b1e0002"
	malwareID   = "malware--0d6b4f7a-6f4e-4c55-9d1e-1a7c1b1e0003"
	ipv4ID      = "ipv4-addr--12592121-be4c-5a93-a813-5a5af16e50db"
)

// fixture is the TAXII server behind Fusion's authentication, over a fresh
// SQLite store with two organisations: A (a member, AMBER by default) and
// B (a partner, AMBER by default), each with a contributor key and a
// reader key.
type fixture struct {
	t     testing.TB
	url   string
	st    *sqlstore.DB
	srv   *taxii.Server
	orgA  access.Org
	orgB  access.Org
	keys  map[string]string // "a-write", "a-read", "b-write", "b-read" → token
	colls map[string]store.Collection
}

func newFixture(t testing.TB, cfg taxii.ServerConfig) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, st: st, keys: map[string]string{}, colls: map[string]store.Collection{}}
	if f.orgA, err = st.AddOrg(ctx, access.Local, access.Org{Name: "org-a", Kind: access.Member, Country: "FR", TLP: access.Amber}); err != nil {
		t.Fatal(err)
	}
	if f.orgB, err = st.AddOrg(ctx, access.Local, access.Org{Name: "org-b", Kind: access.Partner, TLP: access.Amber}); err != nil {
		t.Fatal(err)
	}
	for name, k := range map[string]struct {
		org  int64
		role access.Role
	}{
		"a-write": {f.orgA.ID, access.Contributor}, "a-read": {f.orgA.ID, access.Reader},
		"b-write": {f.orgB.ID, access.Contributor}, "b-read": {f.orgB.ID, access.Reader},
	} {
		key, token, err := access.NewKey(k.org, k.role, name, time.Now(), 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddKey(ctx, access.Local, key); err != nil {
			t.Fatal(err)
		}
		f.keys[name] = token
	}
	for _, c := range []store.Collection{
		{UUID: sharedID, Name: "shared", Description: "Everyone reads; A and B write.", ReadAll: true, Writers: []int64{f.orgA.ID, f.orgB.ID}},
		{UUID: aOnlyID, Name: "a-only", Readers: []int64{f.orgA.ID}, Writers: []int64{f.orgA.ID}},
		{UUID: inboxID, Name: "b-inbox", Writers: []int64{f.orgB.ID}},
		{UUID: allID, Name: "all", Description: "Everything you may see.", ReadAll: true, View: true},
	} {
		c, err := st.AddCollection(ctx, access.Local, c)
		if err != nil {
			t.Fatal(err)
		}
		f.colls[c.UUID] = c
	}
	cfg.Backend = st
	if cfg.Title == "" {
		cfg.Title = "Fusion test"
	}
	log := slog.New(slog.DiscardHandler)
	cfg.Logger = log
	f.srv, err = taxii.NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	a := api.New(st, access.NewAuthenticator(st), log, prometheus.NewRegistry())
	a.Handle("/taxii2/", f.srv, f.srv.Refuse)
	hs := httptest.NewServer(a)
	t.Cleanup(hs.Close)
	f.url = hs.URL
	return f
}

// response is an answer read whole.
type response struct {
	code   int
	header http.Header
	body   []byte
}

// do sends a request with key (a name in f.keys, a raw token when not one,
// none when empty). hdr adds headers; Accept defaults to TAXII 2.1 and a
// body's Content-Type too.
func (f *fixture) do(key, method, path string, body []byte, hdr ...string) response {
	f.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, f.url+path, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Accept", taxiiType)
	if body != nil {
		req.Header.Set("Content-Type", taxiiType)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	if key != "" {
		token, ok := f.keys[key]
		if !ok {
			token = key
		}
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, b}
}

// get sends a GET that must answer 200 with TAXII JSON.
func (f *fixture) get(key, path string) response {
	f.t.Helper()
	r := f.do(key, "GET", path, nil)
	if r.code != 200 {
		f.t.Fatalf("GET %s: %d %s", path, r.code, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != taxiiType {
		f.t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	return r
}

// envelope is the decoded envelope, manifest or versions resource.
type envelope struct {
	More     bool              `json:"more"`
	Next     string            `json:"next"`
	Objects  []json.RawMessage `json:"objects"`
	Versions []string          `json:"versions"`
}

func (f *fixture) envelope(key, path string) (envelope, response) {
	f.t.Helper()
	r := f.get(key, path)
	var e envelope
	if err := json.Unmarshal(r.body, &e); err != nil {
		f.t.Fatalf("GET %s: %v: %s", path, err, r.body)
	}
	if len(e.Objects)+len(e.Versions) > 0 {
		first, last := r.header.Get("X-TAXII-Date-Added-First"), r.header.Get("X-TAXII-Date-Added-Last")
		if !addedRE.MatchString(first) || !addedRE.MatchString(last) || first > last {
			f.t.Errorf("GET %s: X-TAXII-Date-Added-First %q, -Last %q", path, first, last)
		}
	} else if string(r.body) != "{}" {
		f.t.Errorf("GET %s: empty result %s, want {}", path, r.body)
	}
	return e, r
}

var addedRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`)

// ids returns the id of each object.
func ids(t testing.TB, objs []json.RawMessage) []string {
	t.Helper()
	out := make([]string, len(objs))
	for i, o := range objs {
		var v struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(o, &v); err != nil {
			t.Fatal(err)
		}
		out[i] = v.ID
	}
	return out
}

// status is the decoded status resource.
type status struct {
	ID               string   `json:"id"`
	Status           string   `json:"status"`
	RequestTimestamp string   `json:"request_timestamp"`
	TotalCount       int      `json:"total_count"`
	SuccessCount     int      `json:"success_count"`
	Successes        []detail `json:"successes"`
	FailureCount     int      `json:"failure_count"`
	Failures         []detail `json:"failures"`
	PendingCount     int      `json:"pending_count"`
}

type detail struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Message string `json:"message"`
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "server", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// postMixed posts testdata/server/mixed-envelope.json as A to the shared
// collection and returns the answer.
func (f *fixture) postMixed() (status, response) {
	f.t.Helper()
	r := f.do("a-write", "POST", root+"collections/"+sharedID+"/objects/", readFile(f.t, "mixed-envelope.json"))
	if r.code != http.StatusAccepted {
		f.t.Fatalf("POST: %d %s", r.code, r.body)
	}
	var s status
	if err := json.Unmarshal(r.body, &s); err != nil {
		f.t.Fatal(err)
	}
	return s, r
}

// golden compares got with testdata/server/name, or rewrites it with
// -update-server.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, got, "", "  "); err != nil {
		t.Fatalf("%s: %v: %s", name, err, got)
	}
	buf.WriteByte('\n')
	path := filepath.Join("testdata", "server", name)
	if *updateServer {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update-server to write it)", err, t.Name())
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs:\n got: %s\nwant: %s", name, buf.Bytes(), want)
	}
}

func TestServerDiscoveryAndAPIRoot(t *testing.T) {
	f := newFixture(t, taxii.ServerConfig{Description: "Test node.", Contact: "soc@example.org", MaxContentLength: 1 << 20})
	golden(t, "discovery.json", f.get("b-read", "/taxii2/").body)
	golden(t, "api-root.json", f.get("b-read", root).body)
}

func TestServerCollectionsPerOrg(t *testing.T) {
	f := newFixture(t, taxii.ServerConfig{})
	type coll struct {
		ID       string `json:"id"`
		Title    string `json:"title"`
		CanRead  bool   `json:"can_read"`
		CanWrite bool   `json:"can_write"`
	}
	list := func(key string) []coll {
		var out struct {
			Collections []coll `json:"collections"`
		}
		if err := json.Unmarshal(f.get(key, root+"collections/").body, &out); err != nil {
			t.Fatal(err)
		}
		return out.Collections
	}
	golden(t, "collections-a-write.json", f.get("a-write", root+"collections/").body)
	for key, want := range map[string][]coll{
		"a-write": {{aOnlyID, "a-only", true, true}, {allID, "all", true, false}, {sharedID, "shared", true, true}},
		"a-read":  {{aOnlyID, "a-only", true, false}, {allID, "all", true, false}, {sharedID, "shared", true, false}},
		"b-write": {{allID, "all", true, false}, {inboxID, "b-inbox", false, true}, {sharedID, "shared", true, true}},
		// A reader of B may neither read nor write the inbox: not listed.
		"b-read": {{allID, "all", true, false}, {sharedID, "shared", true, false}},
	} {
		if got := list(key); !slices.Equal(got, want) {
			t.Errorf("%s: collections %+v, want %+v", key, got, want)
		}
	}
	var c coll
	if err := json.Unmarshal(f.get("b-write", root+"collections/"+inboxID+"/").body, &c); err != nil {
		t.Fatal(err)
	}
	if c != (coll{inboxID, "b-inbox", false, true}) {
		t.Errorf("inbox for b-write: %+v", c)
	}
	for _, tc := range []struct{ key, path string }{
		{"b-write", root + "collections/" + aOnlyID + "/"},
		{"b-read", root + "collections/" + inboxID + "/"},
		{"b-write", root + "collections/" + aOnlyID + "/objects/"},
		{"a-write", root + "collections/" + inboxID + "/manifest/"},
		{"a-write", root + "collections/5b5f8e0e-1111-4c1e-9d1e-00000000dead/"},
	} {
		if r := f.do(tc.key, "GET", tc.path, nil); r.code != 404 {
			t.Errorf("%s GET %s: %d, want 404 (not revealed)", tc.key, tc.path, r.code)
		}
	}
}

// ingestGenerated stores n generated indicators owned by A in collection
// coll (0: none).
func (f *fixture) ingestGenerated(n int, coll int64) {
	f.t.Helper()
	var buf bytes.Buffer
	if err := testgen.Indicators(&buf, n, 7); err != nil {
		f.t.Fatal(err)
	}
	in := &intel.Ingester{Store: f.st}
	res, err := in.Bundle(context.Background(), "generated", &buf, intel.Options{
		Source: "generated", Collection: coll, Defaults: access.Defaults{Owner: f.orgA.ID, TLP: access.Green},
	})
	if err != nil || res.New != n {
		f.t.Fatalf("ingest: %v (%+v)", err, res.Summary)
	}
}

func TestServerPaging(t *testing.T) {
	const n = 250
	f := newFixture(t, taxii.ServerConfig{})
	f.ingestGenerated(n, f.colls[sharedID].ID)
	for _, coll := range []string{sharedID, allID} {
		seen := map[string]int{}
		path := root + "collections/" + coll + "/objects/?limit=100"
		var sizes []int
		lastAdded := ""
		for {
			e, r := f.envelope("a-read", path)
			sizes = append(sizes, len(e.Objects))
			for _, id := range ids(t, e.Objects) {
				seen[id]++
			}
			if first := r.header.Get("X-TAXII-Date-Added-First"); first <= lastAdded {
				t.Errorf("%s: page starts at %s, not after the previous page's last %s", coll, first, lastAdded)
			}
			lastAdded = r.header.Get("X-TAXII-Date-Added-Last")
			if !e.More {
				if e.Next != "" {
					t.Errorf("%s: next %q on the last page", coll, e.Next)
				}
				break
			}
			if e.Next == "" || len(e.Objects) != 100 {
				t.Fatalf("%s: more with next %q and %d objects", coll, e.Next, len(e.Objects))
			}
			path = root + "collections/" + coll + "/objects/?limit=100&next=" + e.Next
		}
		if !slices.Equal(sizes, []int{100, 100, 50}) {
			t.Errorf("%s: page sizes %v, want [100 100 50]", coll, sizes)
		}
		if len(seen) != n {
			t.Errorf("%s: %d distinct objects, want %d", coll, len(seen), n)
		}
		for id, k := range seen {
			if k != 1 {
				t.Errorf("%s: %s listed %d times", coll, id, k)
			}
		}
	}

	// added_after with the last date added of a page continues after it,
	// as clients that ignore next page.
	_, r := f.envelope("a-read", root+"collections/"+sharedID+"/objects/?limit=100")
	e, _ := f.envelope("a-read", root+"collections/"+sharedID+"/objects/?added_after="+r.header.Get("X-TAXII-Date-Added-Last"))
	if len(e.Objects) != n-100 || e.More {
		t.Errorf("added_after the first page: %d objects (more %v), want %d", len(e.Objects), e.More, n-100)
	}
	e, _ = f.envelope("a-read", root+"collections/"+sharedID+"/objects/?added_after=2999-01-01T00:00:00Z")
	if len(e.Objects) != 0 {
		t.Errorf("added_after the future: %d objects", len(e.Objects))
	}

	// The manifest pages alike.
	m, _ := f.envelope("a-read", root+"collections/"+sharedID+"/manifest/?limit=200")
	if len(m.Objects) != 200 || !m.More || m.Next == "" {
		t.Errorf("manifest page: %d records, more %v, next %q", len(m.Objects), m.More, m.Next)
	}
	m, _ = f.envelope("a-read", root+"collections/"+sharedID+"/manifest/?limit=200&next="+m.Next)
	if len(m.Objects) != 50 || m.More {
		t.Errorf("manifest second page: %d records, more %v", len(m.Objects), m.More)
	}

	// A limit above the maximum is lowered to it.
	f2 := newFixture(t, taxii.ServerConfig{MaxLimit: 20, DefaultLimit: 10})
	f2.ingestGenerated(30, f2.colls[sharedID].ID)
	if e, _ := f2.envelope("a-read", root+"collections/"+sharedID+"/objects/"); len(e.Objects) != 10 || !e.More {
		t.Errorf("default limit: %d objects, more %v", len(e.Objects), e.More)
	}
	if e, _ := f2.envelope("a-read", root+"collections/"+sharedID+"/objects/?limit=1000"); len(e.Objects) != 20 || !e.More {
		t.Errorf("limit above the maximum: %d objects, more %v", len(e.Objects), e.More)
	}
}

func TestServerPostStatus(t *testing.T) {
	f := newFixture(t, taxii.ServerConfig{})
	s, r := f.postMixed()
	if s.Status != "complete" || s.TotalCount != 8 || s.SuccessCount != 5 || s.FailureCount != 3 || s.PendingCount != 0 ||
		len(s.Successes) != 5 || len(s.Failures) != 3 {
		t.Fatalf("status %s", r.body)
	}
	var got []string
	for _, d := range s.Successes {
		got = append(got, d.ID+" "+d.Version)
	}
	want := []string{
		indicatorID + " 2026-01-01T00:00:00.000Z",
		indicatorID + " 2026-02-01T00:00:00.000Z",
		ipv4ID + " " + addedOf(t, f, sharedID, ipv4ID), // an SCO's version is its date added
		indicatorID + " 2026-01-01T00:00:00.000Z",      // the exact duplicate
		malwareID + " 2026-01-01T00:00:00.000Z",
	}
	if !slices.Equal(got, want) {
		t.Errorf("successes\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i, want := range []struct{ id, version, message string }{
		{invalidID, "2026-01-01T00:00:00.000Z", "objects[2]: "},
		{"", s.RequestTimestamp, "objects[3]: "},
		{indicatorID, "2026-01-01T00:00:00.000Z", "objects[7]: an object with this id and version but other content is already stored"},
	} {
		d := s.Failures[i]
		if d.ID != want.id || d.Version != want.version || !strings.HasPrefix(d.Message, want.message) {
			t.Errorf("failure %d: %+v, want %+v", i, d, want)
		}
	}
	norm := bytes.ReplaceAll(r.body, []byte(s.ID), []byte("STATUS-ID"))
	norm = bytes.ReplaceAll(norm, []byte(s.RequestTimestamp), []byte("REQUEST-TIMESTAMP"))
	norm = bytes.ReplaceAll(norm, []byte(addedOf(t, f, sharedID, ipv4ID)), []byte("DATE-ADDED"))
	golden(t, "mixed-status.json", norm)

	// The status resource is there for the poster's organisation only.
	got2 := f.get("a-read", root+"status/"+s.ID+"/")
	if !bytes.Equal(got2.body, r.body) {
		t.Errorf("GET status: %s\nwant %s", got2.body, r.body)
	}
	for _, key := range []string{"b-write", "b-read"} {
		if r := f.do(key, "GET", root+"status/"+s.ID+"/", nil); r.code != 404 {
			t.Errorf("%s GET status of A: %d", key, r.code)
		}
	}
	if r := f.do("a-read", "GET", root+"status/00000000-0000-4000-8000-000000000000/", nil); r.code != 404 {
		t.Errorf("unknown status: %d", r.code)
	}

	// Posting the same envelope again: the duplicates are successes, the
	// invalid objects and the conflict still fail.
	s2, _ := f.postMixed()
	if s2.SuccessCount != 5 || s2.FailureCount != 3 || s2.TotalCount != 8 || s2.ID == s.ID {
		t.Errorf("second post: %+v", s2)
	}

	// An envelope without objects is accepted and holds nothing.
	r = f.do("b-write", "POST", root+"collections/"+inboxID+"/objects/", []byte(`{}`))
	var s3 status
	if r.code != 202 || json.Unmarshal(r.body, &s3) != nil || s3.TotalCount != 0 || s3.Status != "complete" {
		t.Errorf("empty envelope: %d %s", r.code, r.body)
	}
	// Content-Type parameters in any order and case.
	r = f.do("b-write", "POST", root+"collections/"+inboxID+"/objects/", []byte(`{"objects":[]}`),
		"Content-Type", `Application/TAXII+json; charset=utf-8; Version="2.1"`)
	if r.code != 202 {
		t.Errorf("Content-Type with parameters: %d %s", r.code, r.body)
	}
}

// TestServerPostAuditAndBus: a POST is one audit entry, by the posting
// key, naming the collection and the status; it wakes the bus.
func TestServerPostAuditAndBus(t *testing.T) {
	var b bus.Local
	ch, stop := b.Subscribe()
	defer stop()
	f := newFixture(t, taxii.ServerConfig{Bus: &b})
	s, _ := f.postMixed()
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Error("the bus was not told of the POST")
	}
	keyID, _ := access.KeyID(f.keys["a-write"])
	var writes []audit.Entry
	for e, err := range f.st.AuditLog(context.Background(), sqlstore.AuditFilter{Org: "org-a"}) {
		if err != nil {
			t.Fatal(err)
		}
		writes = append(writes, e)
	}
	if len(writes) != 1 || writes[0].Actor != keyID || !strings.Contains(writes[0].Target, sharedID) || !strings.Contains(writes[0].Target, s.ID) {
		t.Errorf("audit entries of org-a: %+v", writes)
	}

	// A bulk read is recorded once, on its first page; single objects are
	// not bulk reads.
	e, _ := f.envelope("b-read", root+"collections/"+sharedID+"/objects/?limit=1&match[version]=all")
	f.envelope("b-read", root+"collections/"+sharedID+"/objects/?limit=1&match[version]=all&next="+e.Next)
	f.envelope("b-read", root+"collections/"+sharedID+"/manifest/")
	f.envelope("b-read", root+"collections/"+sharedID+"/objects/"+indicatorID+"/")
	var reads []string
	for e, err := range f.st.AuditLog(context.Background(), sqlstore.AuditFilter{Org: "org-b"}) {
		if err != nil {
			t.Fatal(err)
		}
		reads = append(reads, e.Action+" "+e.Target+" "+e.Detail)
	}
	want := []string{
		"read.bulk " + root + "collections/" + sharedID + "/objects/ limit=1&match[version]=all",
		"read.bulk " + root + "collections/" + sharedID + "/manifest/ ",
	}
	if !slices.Equal(reads, want) {
		t.Errorf("audit entries of org-b:\n%s\nwant\n%s", strings.Join(reads, "\n"), strings.Join(want, "\n"))
	}
}

// addedOf returns the date added of id's single version in a collection.
func addedOf(t *testing.T, f *fixture, coll, id string) string {
	t.Helper()
	var m struct {
		Objects []struct {
			ID        string `json:"id"`
			DateAdded string `json:"date_added"`
		} `json:"objects"`
	}
	if err := json.Unmarshal(f.get("a-read", root+"collections/"+coll+"/manifest/?match[id]="+id).body, &m); err != nil || len(m.Objects) != 1 {
		t.Fatalf("manifest of %s: %v %+v", id, err, m)
	}
	return m.Objects[0].DateAdded
}

func TestServerFilters(t *testing.T) {
	f := newFixture(t, taxii.ServerConfig{})
	f.postMixed()
	objects := root + "collections/" + sharedID + "/objects/"
	for _, tc := range []struct {
		query string
		want  []string // ids in date-added order
		names []string // when set, the names of the objects, in order
	}{
		{"", []string{indicatorID, ipv4ID, malwareID}, nil},
		{"?match[type]=indicator", []string{indicatorID}, []string{"DEMO loader download host (second version)"}},
		{"?match[type]=malware,ipv4-addr", []string{ipv4ID, malwareID}, nil},
		{"?match[type]=malware&match[type]=indicator", []string{indicatorID, malwareID}, nil},
		{"?match[type]=x-unknown-type", nil, nil},
		{"?match[id]=" + malwareID, []string{malwareID}, nil},
		{"?match[id]=" + malwareID + "," + indicatorID + "&match[type]=malware", []string{malwareID}, nil},
		{"?match[id]=indicator--00000000-0000-4000-8000-000000000000", nil, nil},
		{"?match[type]=indicator&match[version]=first", []string{indicatorID}, []string{"DEMO loader download host (first version)"}},
		{"?match[type]=indicator&match[version]=last", []string{indicatorID}, []string{"DEMO loader download host (second version)"}},
		{"?match[type]=indicator&match[version]=all", []string{indicatorID, indicatorID}, []string{"DEMO loader download host (first version)", "DEMO loader download host (second version)"}},
		{"?match[type]=indicator&match[version]=first,last", []string{indicatorID, indicatorID}, nil},
		{"?match[type]=indicator&match[version]=2026-01-01T00:00:00.000Z", []string{indicatorID}, []string{"DEMO loader download host (first version)"}},
		{"?match[version]=2026-01-01T00:00:00Z", []string{indicatorID, malwareID}, nil},
		{"?match[version]=2025-01-01T00:00:00Z", nil, nil},
		{"?match[spec_version]=2.1", []string{indicatorID, ipv4ID, malwareID}, nil},
		{"?match[spec_version]=2.0", nil, nil},
		{"?match[spec_version]=2.0,2.1&match[type]=ipv4-addr", []string{ipv4ID}, nil},
	} {
		e, _ := f.envelope("a-read", objects+tc.query)
		if got := ids(t, e.Objects); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.query, got, tc.want)
		}
		if tc.names != nil {
			var names []string
			for _, o := range e.Objects {
				var v struct {
					Name string `json:"name"`
				}
				json.Unmarshal(o, &v)
				names = append(names, v.Name)
			}
			if !slices.Equal(names, tc.names) {
				t.Errorf("%s: names %q, want %q", tc.query, names, tc.names)
			}
		}
	}
}

func TestServerObjectVersionsManifest(t *testing.T) {
	f := newFixture(t, taxii.ServerConfig{})
	f.postMixed()
	coll := root + "collections/" + sharedID + "/"

	e, _ := f.envelope("b-read", coll+"objects/"+indicatorID+"/")
	if len(e.Objects) != 1 || !bytes.Contains(e.Objects[0], []byte(`"modified":"2026-02-01T00:00:00.000Z"`)) {
		t.Errorf("object, latest: %s", e.Objects)
	}
	e, _ = f.envelope("b-read", coll+"objects/"+indicatorID+"/?match[version]=all")
	if len(e.Objects) != 2 {
		t.Errorf("object, all versions: %d", len(e.Objects))
	}
	e, _ = f.envelope("b-read", coll+"objects/"+indicatorID+"/?match[version]=2025-01-01T00:00:00Z")
	if len(e.Objects) != 0 {
		t.Errorf("object, no such version: %d objects", len(e.Objects))
	}
	e, _ = f.envelope("b-read", coll+"objects/"+indicatorID+"/?limit=1&match[version]=all")
	if len(e.Objects) != 1 || !e.More || e.Next == "" {
		t.Errorf("object, paged: %d objects, more %v, next %q", len(e.Objects), e.More, e.Next)
	}
	// Objects are returned byte for byte as stored (whitespace outside
	// strings removed at ingest, nothing else).
	e, _ = f.envelope("a-read", coll+"objects/"+ipv4ID+"/")
	if want := `{"type":"ipv4-addr","id":"` + ipv4ID + `","value":"198.51.100.7"}`; len(e.Objects) != 1 || string(e.Objects[0]) != want {
		t.Errorf("SCO: %s, want %s", e.Objects, want)
	}

	v, _ := f.envelope("b-read", coll+"objects/"+indicatorID+"/versions/")
	if !slices.Equal(v.Versions, []string{"2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z"}) || v.More {
		t.Errorf("versions: %+v", v)
	}
	v, _ = f.envelope("b-read", coll+"objects/"+indicatorID+"/versions/?limit=1")
	if !slices.Equal(v.Versions, []string{"2026-01-01T00:00:00.000Z"}) || !v.More {
		t.Errorf("versions, limit 1: %+v", v)
	}
	v, _ = f.envelope("a-read", coll+"objects/"+ipv4ID+"/versions/")
	if !slices.Equal(v.Versions, []string{addedOf(t, f, sharedID, ipv4ID)}) {
		t.Errorf("versions of an SCO: %+v", v)
	}
	v, _ = f.envelope("b-read", coll+"objects/"+indicatorID+"/versions/?match[spec_version]=2.0")
	if len(v.Versions) != 0 {
		t.Errorf("versions, spec 2.0: %+v", v)
	}

	type record struct {
		ID        string `json:"id"`
		DateAdded string `json:"date_added"`
		Version   string `json:"version"`
		MediaType string `json:"media_type"`
	}
	var m struct {
		More    bool     `json:"more"`
		Objects []record `json:"objects"`
	}
	if err := json.Unmarshal(f.get("a-read", coll+"manifest/?match[version]=all").body, &m); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range m.Objects {
		if !addedRE.MatchString(r.DateAdded) || r.MediaType != "application/stix+json;version=2.1" {
			t.Errorf("manifest record %+v", r)
		}
		got = append(got, r.ID+" "+r.Version)
	}
	want := []string{
		indicatorID + " 2026-01-01T00:00:00.000Z",
		indicatorID + " 2026-02-01T00:00:00.000Z",
		ipv4ID + " " + addedOf(t, f, sharedID, ipv4ID),
		malwareID + " 2026-01-01T00:00:00.000Z",
	}
	if !slices.Equal(got, want) || m.More {
		t.Errorf("manifest\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	for _, path := range []string{
		coll + "objects/indicator--00000000-0000-4000-8000-000000000000/",
		coll + "objects/indicator--00000000-0000-4000-8000-000000000000/versions/",
		coll + "objects/not-an-id/",
		root + "collections/" + aOnlyID + "/objects/" + indicatorID + "/", // stored, not in that collection
	} {
		if r := f.do("a-read", "GET", path, nil); r.code != 404 {
			t.Errorf("GET %s: %d, want 404", path, r.code)
		}
	}
}

// TestServerVisibility: what A posts unmarked is AMBER (A's level): B sees
// it through no endpoint, while the GREEN indicator it sees everywhere.
func TestServerVisibility(t *testing.T) {
	f := newFixture(t, taxii.ServerConfig{})
	f.postMixed()
	for _, coll := range []string{sharedID, allID} {
		base := root + "collections/" + coll + "/"
		e, _ := f.envelope("b-read", base+"objects/?match[version]=all")
		if got := ids(t, e.Objects); !slices.Equal(got, []string{indicatorID, indicatorID}) {
			t.Errorf("%s: B lists %v, want the GREEN indicator's two versions only", coll, got)
		}
		m, _ := f.envelope("b-read", base+"manifest/?match[version]=all")
		if got := ids(t, m.Objects); !slices.Equal(got, []string{indicatorID, indicatorID}) {
			t.Errorf("%s: B's manifest %v", coll, got)
		}
		for _, id := range []string{malwareID, ipv4ID} {
			for _, path := range []string{base + "objects/" + id + "/", base + "objects/" + id + "/versions/"} {
				if r := f.do("b-read", "GET", path, nil); r.code != 404 {
					t.Errorf("B GET %s: %d %s, want 404", path, r.code, r.body)
				}
			}
			if m, _ := f.envelope("b-read", base+"manifest/?match[id]="+id); len(m.Objects) != 0 {
				t.Errorf("%s: B's manifest shows %s", coll, id)
			}
			if e, _ := f.envelope("a-read", base+"objects/"+id+"/"); len(e.Objects) != 1 {
				t.Errorf("%s: A does not see its own %s", coll, id)
			}
		}
		if e, _ := f.envelope("b-read", base+"objects/"+indicatorID+"/versions/"); len(e.Versions) != 2 {
			t.Errorf("%s: B sees %d versions of the GREEN indicator", coll, len(e.Versions))
		}
	}
	// B may not delete what it cannot see.
	if r := f.do("b-write", "DELETE", root+"collections/"+sharedID+"/objects/"+malwareID+"/", nil); r.code != 404 {
		t.Errorf("B DELETE A's AMBER object: %d", r.code)
	}
}

func TestServerDelete(t *testing.T) {
	f := newFixture(t, taxii.ServerConfig{})
	f.postMixed()
	obj := root + "collections/" + sharedID + "/objects/" + indicatorID + "/"
	if r := f.do("a-read", "DELETE", obj, nil); r.code != 403 {
		t.Errorf("reader DELETE: %d", r.code)
	}
	if r := f.do("a-write", "DELETE", root+"collections/"+allID+"/objects/"+indicatorID+"/", nil); r.code != 403 {
		t.Errorf("DELETE from a view: %d", r.code)
	}
	if r := f.do("b-write", "DELETE", root+"collections/"+inboxID+"/objects/"+indicatorID+"/", nil); r.code != 403 {
		t.Errorf("DELETE from a write-only collection: %d", r.code)
	}
	if r := f.do("a-write", "DELETE", obj+"?match[spec_version]=2.0", nil); r.code != 404 {
		t.Errorf("DELETE of no spec 2.0 version: %d", r.code)
	}
	r := f.do("a-write", "DELETE", obj+"?match[version]=2026-01-01T00:00:00.000Z", nil)
	if r.code != 200 || r.header.Get("Content-Type") != taxiiType {
		t.Fatalf("DELETE first version: %d %s", r.code, r.body)
	}
	if v, _ := f.envelope("a-read", obj+"versions/"); !slices.Equal(v.Versions, []string{"2026-02-01T00:00:00.000Z"}) {
		t.Errorf("after deleting the first version: %v", v.Versions)
	}
	// The view still lists it: the store keeps what leaves a collection.
	if v, _ := f.envelope("a-read", root+"collections/"+allID+"/objects/"+indicatorID+"/versions/"); len(v.Versions) != 2 {
		t.Errorf("view after DELETE: %v", v.Versions)
	}
	if r := f.do("a-write", "DELETE", obj, nil); r.code != 200 {
		t.Fatalf("DELETE the rest: %d %s", r.code, r.body)
	}
	for _, path := range []string{obj, obj + "versions/"} {
		if r := f.do("a-read", "GET", path, nil); r.code != 404 {
			t.Errorf("GET %s after DELETE: %d", path, r.code)
		}
	}
	if r := f.do("a-write", "DELETE", obj, nil); r.code != 404 {
		t.Errorf("DELETE again: %d", r.code)
	}
	if m, _ := f.envelope("a-read", root+"collections/"+sharedID+"/manifest/?match[id]="+indicatorID); len(m.Objects) != 0 {
		t.Errorf("manifest after DELETE: %d records", len(m.Objects))
	}
	if r := f.do("a-write", "DELETE", root+"collections/"+sharedID+"/objects/"+ipv4ID+"/?match[spec_version]=2.1", nil); r.code != 200 {
		t.Errorf("DELETE an SCO by spec version 2.1: %d %s", r.code, r.body)
	}
}

func TestServerErrors(t *testing.T) {
	f := newFixture(t, taxii.ServerConfig{MaxContentLength: 64 << 10})
	objects := root + "collections/" + sharedID + "/objects/"
	big := append(append([]byte(`{"objects":[{"x":"`), bytes.Repeat([]byte("a"), 64<<10)...), `"}]}`...)
	for _, tc := range []struct {
		name   string
		key    string
		method string
		path   string
		body   []byte
		hdr    []string
		code   int
	}{
		{"no key", "", "GET", "/taxii2/", nil, nil, 401},
		{"wrong key", "fsn_aaaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "GET", objects, nil, nil, 401},
		{"not a key", "secret", "POST", objects, []byte(`{}`), nil, 401},
		{"reader posts", "a-read", "POST", objects, []byte(`{}`), nil, 403},
		{"post to a view", "a-write", "POST", root + "collections/" + allID + "/objects/", []byte(`{}`), nil, 403},
		{"read a write-only collection", "b-write", "GET", root + "collections/" + inboxID + "/objects/", nil, nil, 403},
		{"manifest of a write-only collection", "b-write", "GET", root + "collections/" + inboxID + "/manifest/", nil, nil, 403},
		{"object of a write-only collection", "b-write", "GET", root + "collections/" + inboxID + "/objects/" + indicatorID + "/", nil, nil, 403},
		{"unknown API root", "a-read", "GET", "/taxii2/other/", nil, nil, 404},
		{"unknown resource", "a-read", "GET", root + "collections/" + sharedID + "/other/", nil, nil, 404},
		{"no final slash", "a-read", "GET", root + "collections", nil, nil, 404},
		{"no final slash on objects", "a-read", "GET", strings.TrimSuffix(objects, "/"), nil, nil, 404},
		{"unknown collection", "a-read", "GET", root + "collections/nope/objects/", nil, nil, 404},
		{"PUT objects", "a-write", "PUT", objects, []byte(`{}`), nil, 405},
		{"DELETE collection", "a-write", "DELETE", root + "collections/" + sharedID + "/", nil, nil, 405},
		{"POST discovery", "a-write", "POST", "/taxii2/", []byte(`{}`), nil, 405},
		{"Accept JSON", "a-read", "GET", objects, nil, []string{"Accept", "application/json"}, 406},
		{"Accept TAXII 2.0", "a-read", "GET", "/taxii2/", nil, []string{"Accept", "application/taxii+json;version=2.0"}, 406},
		{"Accept refuses TAXII 2.1", "a-read", "GET", "/taxii2/", nil, []string{"Accept", "application/taxii+json;version=2.1;q=0, */*;q=0.5"}, 406},
		{"Accept STIX", "a-write", "POST", objects, []byte(`{}`), []string{"Accept", "application/stix+json;version=2.1"}, 406},
		{"Content-Type JSON", "a-write", "POST", objects, []byte(`{}`), []string{"Content-Type", "application/json"}, 415},
		{"Content-Type TAXII 2.0", "a-write", "POST", objects, []byte(`{}`), []string{"Content-Type", "application/taxii+json;version=2.0"}, 415},
		{"no Content-Type", "a-write", "POST", objects, []byte(`{}`), []string{"Content-Type", ""}, 415},
		{"too large", "a-write", "POST", objects, big, nil, 413},
		{"not JSON", "a-write", "POST", objects, []byte(`{"objects":[`), nil, 400},
		{"not an object", "a-write", "POST", objects, []byte(`[{"type":"indicator"}]`), nil, 400},
		{"objects not an array", "a-write", "POST", objects, []byte(`{"objects":{"type":"indicator"}}`), nil, 400},
		{"trailing garbage", "a-write", "POST", objects, []byte(`{"objects":[]} x`), nil, 400},
		{"bad added_after", "a-read", "GET", objects + "?added_after=yesterday", nil, nil, 400},
		{"added_after with an offset", "a-read", "GET", objects + "?added_after=2026-01-01T00:00:00%2B01:00", nil, nil, 400},
		{"limit 0", "a-read", "GET", objects + "?limit=0", nil, nil, 400},
		{"limit not a number", "a-read", "GET", objects + "?limit=ten", nil, nil, 400},
		{"limit twice", "a-read", "GET", objects + "?limit=1&limit=2", nil, nil, 400},
		{"bad next", "a-read", "GET", objects + "?next=abc", nil, nil, 400},
		{"negative next", "a-read", "GET", objects + "?next=-5", nil, nil, 400},
		{"bad match[id]", "a-read", "GET", objects + "?match[id]=indicator", nil, nil, 400},
		{"bad match[type]", "a-read", "GET", objects + "?match[type]=Not%20A%20Type", nil, nil, 400},
		{"empty match[type]", "a-read", "GET", objects + "?match[type]=indicator,", nil, nil, 400},
		{"bad match[version]", "a-read", "GET", objects + "?match[version]=latest", nil, nil, 400},
		{"bad match[spec_version]", "a-read", "GET", objects + "?match[spec_version]=two", nil, nil, 400},
		{"bad version on versions", "a-read", "GET", objects + indicatorID + "/versions/?added_after=x", nil, nil, 400},
		{"bad version on DELETE", "a-write", "DELETE", objects + indicatorID + "/?match[version]=newest", nil, nil, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := f.do(tc.key, tc.method, tc.path, tc.body, tc.hdr...)
			if r.code != tc.code {
				t.Fatalf("%s %s: %d %s, want %d", tc.method, tc.path, r.code, r.body, tc.code)
			}
			if ct := r.header.Get("Content-Type"); ct != taxiiType {
				t.Errorf("Content-Type %q", ct)
			}
			var m struct {
				Title       string `json:"title"`
				Description string `json:"description"`
				HTTPStatus  string `json:"http_status"`
			}
			if err := json.Unmarshal(r.body, &m); err != nil || m.Title == "" || m.HTTPStatus != strconv.Itoa(tc.code) {
				t.Errorf("error message %s (%v)", r.body, err)
			}
			switch tc.code {
			case 401:
				if got := r.header.Values("WWW-Authenticate"); len(got) == 0 || !strings.HasPrefix(got[0], "Bearer ") {
					t.Errorf("WWW-Authenticate %q", got)
				}
			case 405:
				if r.header.Get("Allow") == "" {
					t.Error("no Allow header")
				}
			}
		})
	}
	// A body without Content-Length (chunked) is bounded too.
	req, _ := http.NewRequest("POST", f.url+objects, io.MultiReader(bytes.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", taxiiType)
	req.Header.Set("Authorization", "Bearer "+f.keys["a-write"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 413 {
		t.Errorf("chunked large body: %d, want 413", resp.StatusCode)
	}
}

func TestServerAccept(t *testing.T) {
	f := newFixture(t, taxii.ServerConfig{})
	for _, tc := range []struct {
		accept string
		code   int
	}{
		{"", 200},
		{"*/*", 200},
		{"application/*", 200},
		{"application/taxii+json", 200},
		{"application/taxii+json;version=2.1", 200},
		{"application/taxii+json; version=2.1", 200},
		{`Application/TAXII+JSON;Version="2.1"`, 200},
		{"application/taxii+json;version=2.0, application/taxii+json;version=2.1;q=0.2", 200},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", 200},
		{"application/json", 406},
		{"application/taxii+json;version=2.0", 406},
		{"*/*;q=0", 406},
		{"application/taxii+json;q=0, application/*", 406},
		{"garbage", 406},
	} {
		r := f.do("a-read", "GET", "/taxii2/", nil, "Accept", tc.accept)
		if r.code != tc.code {
			t.Errorf("Accept %q: %d, want %d", tc.accept, r.code, tc.code)
		}
	}
}

// benchWriter keeps the last response body in a reused buffer.
type benchWriter struct {
	h    http.Header
	code int
	body []byte
}

func (w *benchWriter) Header() http.Header         { return w.h }
func (w *benchWriter) WriteHeader(code int)        { w.code = code }
func (w *benchWriter) Write(b []byte) (int, error) { w.body = append(w.body, b...); return len(b), nil }

// BenchmarkObjectsPage pages through 100,000 generated indicators, owned
// by organisation A, 1,000 a page; see objects/s. It reads a plain
// collection and the view of everything, as A (the owner) and as B (which
// sees the GREEN and CLEAR ones: the visibility policy rejects the rest in
// the query). "handler" calls the server directly; "http" goes through the
// HTTP stack and authentication and decodes the answer.
func BenchmarkObjectsPage(b *testing.B) {
	const n = 100_000
	f := newFixture(b, taxii.ServerConfig{})
	f.ingestGenerated(n, f.colls[sharedID].ID)
	marker := []byte(`{"type":"indicator",`)
	for _, coll := range []struct{ name, id string }{{"collection", sharedID}, {"view", allID}} {
		base := root + "collections/" + coll.id + "/objects/?limit=1000"
		for _, who := range []struct {
			name string
			v    access.Viewer
		}{
			// The operator is the unfiltered path: no policy condition.
			{"unfiltered", access.Operator},
			{"owner", access.Viewer{Org: f.orgA.ID, Role: access.Reader}},
			{"other", access.Viewer{Org: f.orgB.ID, Role: access.Reader}},
		} {
			b.Run(coll.name+"/"+who.name+"/handler", func(b *testing.B) {
				ctx := access.NewContext(context.Background(), who.v, access.Actor{ID: "bench"})
				w := &benchWriter{h: http.Header{}}
				path, objects := base, 0
				for b.Loop() {
					req := httptest.NewRequestWithContext(ctx, "GET", path, nil)
					req.Header.Set("Accept", taxiiType)
					clear(w.h)
					w.body = w.body[:0]
					f.srv.ServeHTTP(w, req)
					if w.code != 200 {
						b.Fatalf("%d %s", w.code, w.body)
					}
					objects += bytes.Count(w.body, marker)
					path = base
					if i := bytes.Index(w.body, []byte(`"next":"`)); i >= 0 {
						next := w.body[i+len(`"next":"`):]
						path += "&next=" + string(next[:bytes.IndexByte(next, '"')])
					}
				}
				b.ReportMetric(float64(objects)/b.Elapsed().Seconds(), "objects/s")
			})
		}
	}
	b.Run("collection/other/http", func(b *testing.B) {
		base := root + "collections/" + sharedID + "/objects/?limit=1000"
		path, objects := base, 0
		for b.Loop() {
			var e envelope
			r := f.do("b-read", "GET", path, nil)
			if err := json.Unmarshal(r.body, &e); err != nil || r.code != 200 {
				b.Fatalf("%d %v", r.code, err)
			}
			objects += len(e.Objects)
			path = base
			if e.Next != "" {
				path += "&next=" + e.Next
			}
		}
		b.ReportMetric(float64(objects)/b.Elapsed().Seconds(), "objects/s")
	})
}
