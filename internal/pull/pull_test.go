package pull_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/api"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/pull"
	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/store/sqlite"
	"github.com/fusion-cti/fusion/internal/store/sqlstore"
	"github.com/fusion-cti/fusion/internal/taxii"
)

var _ pull.Backend = (*sqlstore.DB)(nil)

// partner is another Fusion node serving a TAXII collection.
type partner struct {
	st    *sqlstore.DB
	url   string // API root URL
	coll  string
	token string
	n     int // indicators added so far
	fault atomic.Value
}

func newPartner(t *testing.T) *partner {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	o, _ := st.AddOrg(ctx, access.Local, access.Org{Name: "partner", Kind: access.Partner, TLP: access.Green})
	k, token, _ := access.NewKey(o.ID, access.Reader, "", time.Now(), 0)
	if err := st.AddKey(ctx, access.Local, k); err != nil {
		t.Fatal(err)
	}
	c, err := st.AddCollection(ctx, access.Local, store.Collection{UUID: "5b2b8a39-8a4e-4c2f-9d10-1f1e0b0c0d01", Name: "feed", ReadAll: true})
	if err != nil {
		t.Fatal(err)
	}
	p := &partner{st: st, coll: c.UUID, token: token}
	p.fault.Store(func(w http.ResponseWriter, r *http.Request) bool { return false })
	a := api.New(st, access.NewAuthenticator(st), slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	srv, err := taxii.NewServer(taxii.ServerConfig{Backend: st})
	if err != nil {
		t.Fatal(err)
	}
	a.Handle("/taxii2/", srv, srv.Refuse)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.fault.Load().(func(http.ResponseWriter, *http.Request) bool)(w, r) {
			return
		}
		a.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	p.url = hs.URL + "/taxii2/fusion/"
	return p
}

// add stores n more indicators in the partner's collection.
func (p *partner) add(t *testing.T, n int) {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"type":"bundle","id":"bundle--6a3e3f2e-7a0b-4c55-9a57-0f3c9b1e1a09","objects":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		k := p.n + i
		fmt.Fprintf(&b, `{"type":"indicator","spec_version":"2.1","id":"indicator--f0000000-0000-4000-8000-%012d","created":"2026-03-01T10:00:00.000Z","modified":"2026-03-01T10:00:00.000Z","name":"P%d","pattern":"[domain-name:value = 'p%d.example']","pattern_type":"stix","valid_from":"2026-03-01T10:00:00Z"}`, k, k, k)
	}
	b.WriteString("]}")
	p.n += n
	c, _ := p.st.Collection(context.Background(), p.coll)
	in := &intel.Ingester{Store: p.st}
	if _, err := in.Bundle(context.Background(), "feed", strings.NewReader(b.String()), intel.Options{Collection: c.ID, Defaults: access.Defaults{TLP: access.Green}}); err != nil {
		t.Fatal(err)
	}
}

func newNode(t *testing.T, p *partner) (*sqlstore.DB, store.Source) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	o, _ := st.AddOrg(ctx, access.Local, access.Org{Name: "partner", Kind: access.Partner, TLP: access.Green})
	s, err := st.AddSource(ctx, access.Local, store.Source{Name: "partner-feed", URL: p.url, Collection: p.coll, User: "partner", Password: p.token, Owner: o.ID})
	if err != nil {
		t.Fatal(err)
	}
	return st, s
}

func count(t *testing.T, st *sqlstore.DB) int {
	t.Helper()
	n := 0
	f := store.Filter{Types: []string{"indicator"}, Limit: store.MaxLimit}
	for {
		page, err := st.List(context.Background(), access.Operator, f)
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Items)
		if !page.More {
			return n
		}
		f.After = page.Items[len(page.Items)-1].Added
	}
}

var fast = pull.Options{Limit: 100, Retry: taxii.RetryPolicy{MaxAttempts: 3, BaseBackoff: time.Millisecond, MaxWait: time.Second}}

// TestPullResumes pulls a collection page by page from another Fusion
// node, then only what was added since.
func TestPullResumes(t *testing.T) {
	p := newPartner(t)
	p.add(t, 250)
	st, src := newNode(t, p)
	ctx := context.Background()
	res, err := pull.Pull(ctx, st, src, fast)
	if err != nil || res.Pages != 3 || res.Objects != 250 || res.New != 250 {
		t.Fatalf("first pull: %+v, %v", res, err)
	}
	src, _ = st.SourceByName(ctx, src.Name)
	if !src.Cursor.Equal(res.Cursor) || src.LastError != "" || src.LastRun.IsZero() {
		t.Fatalf("saved source: %+v", src)
	}
	p.add(t, 7)
	res, err = pull.Pull(ctx, st, src, fast)
	if err != nil || res.Objects != 7 || res.New != 7 {
		t.Fatalf("second pull: %+v, %v", res, err)
	}
	if n := count(t, st); n != 257 {
		t.Fatalf("%d indicators stored, want 257", n)
	}
	// Pulled objects belong to the partner organisation (GREEN: seen by all).
	got, err := st.Get(ctx, access.Viewer{Org: 99, Role: access.Reader}, "indicator--f0000000-0000-4000-8000-000000000003", store.Versions{})
	if err != nil || len(got) != 1 {
		t.Fatalf("pulled object as another organisation: %v", err)
	}
}

// TestPullFaultyServer: a 503 is retried; a broken page stops the pull
// with the pages before it stored and the cursor after them; the next pull
// resumes there and loses nothing.
func TestPullFaultyServer(t *testing.T) {
	p := newPartner(t)
	p.add(t, 350)
	st, src := newNode(t, p)
	ctx := context.Background()
	var requests, unavailable atomic.Int32
	p.fault.Store(func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.Contains(r.URL.Path, "/objects/") {
			return false
		}
		switch requests.Add(1) {
		case 2: // the second page, once: busy
			unavailable.Add(1)
			w.Header().Set("Retry-After", "0")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return true
		case 4: // the third page: a broken envelope
			w.Header().Set("Content-Type", "application/taxii+json;version=2.1")
			w.Write([]byte(`{"more": true, "objects": [{"type": "indicator", `))
			return true
		}
		return false
	})
	res, err := pull.Pull(ctx, st, src, fast)
	if err == nil || res.Pages != 2 || res.New != 200 || unavailable.Load() != 1 {
		t.Fatalf("faulty pull: %+v, %v (503s: %d)", res, err, unavailable.Load())
	}
	src, _ = st.SourceByName(ctx, src.Name)
	if src.LastError == "" || !src.Cursor.Equal(res.Cursor) {
		t.Fatalf("source after the failure: %+v", src)
	}
	if n := count(t, st); n != 200 {
		t.Fatalf("%d stored after the failure, want the 200 of the good pages", n)
	}
	p.fault.Store(func(w http.ResponseWriter, r *http.Request) bool { return false })
	res, err = pull.Pull(ctx, st, src, fast)
	if err != nil || res.New != 150 {
		t.Fatalf("resumed pull: %+v, %v", res, err)
	}
	if n := count(t, st); n != 350 {
		t.Fatalf("%d stored in the end, want 350", n)
	}
	src, _ = st.SourceByName(ctx, src.Name)
	if src.LastError != "" {
		t.Fatalf("the error stayed after a good pull: %q", src.LastError)
	}
}

// TestPullRejectsBadObjects: an invalid object in a page is reported and
// the page's valid objects are kept.
func TestPullRejectsBadObjects(t *testing.T) {
	p := newPartner(t)
	p.add(t, 5)
	st, src := newNode(t, p)
	p.fault.Store(func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.Contains(r.URL.Path, "/objects/") {
			return false
		}
		env := map[string]any{"more": false, "objects": []json.RawMessage{
			json.RawMessage(`{"type":"indicator","spec_version":"2.1","id":"indicator--f1000000-0000-4000-8000-000000000001","created":"2026-03-01T10:00:00.000Z","modified":"2026-03-01T10:00:00.000Z","pattern":"[domain-name:value = 'ok.example']","pattern_type":"stix","valid_from":"2026-03-01T10:00:00Z"}`),
			json.RawMessage(`{"type":"indicator","id":"indicator--nope"}`),
		}}
		w.Header().Set("Content-Type", "application/taxii+json;version=2.1")
		w.Header().Set("X-TAXII-Date-Added-First", "2026-03-01T10:00:00.000000Z")
		w.Header().Set("X-TAXII-Date-Added-Last", "2026-03-01T10:00:00.000000Z")
		json.NewEncoder(w).Encode(env)
		return true
	})
	res, err := pull.Pull(context.Background(), st, src, fast)
	if err != nil || res.New != 1 || res.Rejected != 1 {
		t.Fatalf("pull with a bad object: %+v, %v", res, err)
	}
}

// TestRun: the schedule pulls a due source (Every set, never run) and
// leaves one with no schedule alone, then stops with its context.
func TestRun(t *testing.T) {
	p := newPartner(t)
	p.add(t, 30)
	st, src := newNode(t, p)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	manual, err := st.AddSource(ctx, access.Local, store.Source{Name: "by-hand", URL: p.url, Collection: p.coll, User: "partner", Password: p.token})
	if err != nil {
		t.Fatal(err)
	}
	due := src
	due.Every = time.Hour
	list := func(context.Context) ([]store.Source, error) {
		got, err := st.SourceByName(ctx, manual.Name)
		if err != nil {
			return nil, err
		}
		cur, err := st.SourceByName(ctx, due.Name)
		cur.Every = due.Every
		return []store.Source{got, cur}, err
	}
	done := make(chan struct{})
	go func() { pull.Run(ctx, st, list, 10*time.Millisecond, fast); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for count(t, st) < 30 {
		if time.Now().After(deadline) {
			t.Fatalf("the due source was not pulled: %d stored", count(t, st))
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop with its context")
	}
	if m, _ := st.SourceByName(context.Background(), manual.Name); !m.LastRun.IsZero() {
		t.Fatalf("the source without a schedule was pulled at %s", m.LastRun)
	}
	if d, _ := st.SourceByName(context.Background(), due.Name); d.LastRun.IsZero() || d.Cursor.IsZero() {
		t.Fatalf("the due source: %+v", d)
	}
}
