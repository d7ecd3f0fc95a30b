package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/api"
	"github.com/fusion-cti/fusion/internal/demo"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/store/sqlite"
)

// testServer is the API over a store holding the demo data (TLP:GREEN),
// with a centre organisation whose reader key is token.
type testServer struct {
	*httptest.Server
	token string
}

func newServer(t *testing.T) *testServer {
	srv, _ := newServerStore(t)
	return srv
}

func newServerStore(t *testing.T) (*testServer, store.Store) {
	srv, st, _ := newServerAll(t)
	return srv, st
}

func newServerAPI(t *testing.T) (*testServer, *api.Server) {
	srv, _, a := newServerAll(t)
	return srv, a
}

func newServerAll(t *testing.T) (*testServer, store.Store, *api.Server) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	in := &intel.Ingester{Store: st}
	if _, err := in.Bundle(ctx, "demo", bytes.NewReader(demo.Bundle()), intel.Options{Source: "demo", Defaults: access.Defaults{TLP: access.Green}}); err != nil {
		t.Fatal(err)
	}
	o, err := st.AddOrg(ctx, access.Local, access.Org{Name: "centre", Kind: access.Centre})
	if err != nil {
		t.Fatal(err)
	}
	k, token, err := access.NewKey(o.ID, access.Reader, "test", time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddKey(ctx, access.Local, k); err != nil {
		t.Fatal(err)
	}
	a := api.New(st, access.NewAuthenticator(st), slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	srv := httptest.NewServer(a)
	t.Cleanup(srv.Close)
	return &testServer{srv, token}, st, a
}

type page struct {
	Objects []map[string]any `json:"objects"`
	More    bool             `json:"more"`
	Next    string           `json:"next"`
	Edges   []map[string]any `json:"edges"`
	Error   string           `json:"error"`
}

func get(t *testing.T, srv *testServer, path string, wantCode int) page {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantCode {
		t.Fatalf("GET %s: status %d, want %d: %s", path, resp.StatusCode, wantCode, body)
	}
	var p page
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatalf("GET %s: %v: %s", path, err, body)
		}
	}
	return p
}

func TestHealthReadyMetrics(t *testing.T) {
	srv := newServer(t)
	get(t, srv, "/healthz", 200)
	get(t, srv, "/readyz", 200)
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`fusion_http_requests_total{code="200",route="GET /healthz"} 1`, "fusion_up 1", "go_goroutines"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestListPaging(t *testing.T) {
	srv, st := newServerStore(t)
	seen := map[string]bool{}
	path := "/api/v1/objects?type=indicator&limit=40"
	pages := 0
	for {
		p := get(t, srv, path, 200)
		pages++
		for _, o := range p.Objects {
			if o["type"] != "indicator" {
				t.Fatalf("type filter let %v through", o["type"])
			}
			id := o["id"].(string)
			if seen[id] {
				t.Fatalf("%s twice: pages overlap", id)
			}
			seen[id] = true
		}
		if !p.More {
			break
		}
		if p.Next == "" || len(p.Objects) != 40 {
			t.Fatalf("page %d: more with next=%q and %d objects", pages, p.Next, len(p.Objects))
		}
		path = "/api/v1/objects?type=indicator&limit=40&next=" + p.Next
	}
	stats, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := int(stats.ByType["indicator"]); len(seen) != want || pages != (want+39)/40 {
		t.Errorf("%d indicators in %d pages, want all %d in %d", len(seen), pages, want, (want+39)/40)
	}
}

func TestGetSearchRelated(t *testing.T) {
	srv := newServer(t)
	p := get(t, srv, "/api/v1/search?q=DEMO-LoaderX&type=malware", 200)
	id := ""
	for _, o := range p.Objects {
		if o["type"] != "malware" {
			t.Errorf("search with type=malware returned a %v", o["type"])
		}
		if o["name"] == "DEMO-LoaderX" {
			id = o["id"].(string)
		}
	}
	if id == "" {
		t.Fatalf("search DEMO-LoaderX did not find it: %d results", len(p.Objects))
	}
	one := get(t, srv, "/api/v1/objects/"+id, 200)
	if len(one.Objects) != 1 || one.Objects[0]["id"] != id {
		t.Fatalf("get: %+v", one.Objects)
	}
	rel := get(t, srv, "/api/v1/objects/"+id+"/related", 200)
	if len(rel.Edges) == 0 {
		t.Fatal("no edges for the demo's main malware")
	}
	for _, e := range rel.Edges {
		if e["from"] != id && e["to"] != id {
			t.Errorf("edge %v does not touch %s", e, id)
		}
	}
	// Objects with several versions.
	all := get(t, srv, "/api/v1/objects?limit=10000", 200)
	multi := ""
	for _, o := range all.Objects {
		v := get(t, srv, "/api/v1/objects/"+o["id"].(string)+"?version=all", 200)
		if len(v.Objects) > 1 {
			multi = o["id"].(string)
			break
		}
	}
	if multi == "" {
		t.Fatal("the demo data has no object with several versions")
	}
	first := get(t, srv, "/api/v1/objects/"+multi+"?version=first", 200)
	last := get(t, srv, "/api/v1/objects/"+multi, 200)
	if first.Objects[0]["modified"] == last.Objects[0]["modified"] {
		t.Errorf("first and last versions of %s are the same", multi)
	}
}

func TestErrors(t *testing.T) {
	srv := newServer(t)
	if p := get(t, srv, "/api/v1/objects/indicator--00000000-0000-4000-8000-000000000000", 404); !strings.Contains(p.Error, "not found") {
		t.Errorf("404 error = %q", p.Error)
	}
	for _, path := range []string{
		"/api/v1/objects?limit=0",
		"/api/v1/objects?limit=abc",
		"/api/v1/objects?added_after=yesterday",
		"/api/v1/objects?next=-4",
		"/api/v1/objects/x?version=soon",
		"/api/v1/search?q=x&limit=100000",
	} {
		if p := get(t, srv, path, 400); p.Error == "" {
			t.Errorf("%s: 400 without an error message", path)
		}
	}
}
