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
	"github.com/fusion-cti/fusion/internal/store/sqlite"
)

// community is a server with the centre, a member and a partner, and keys
// by "org/role".
type community struct {
	t    *testing.T
	url  string
	keys map[string]string
}

func newCommunity(t *testing.T) *community {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c := &community{t: t, keys: map[string]string{}}
	for _, o := range []access.Org{
		{Name: "centre", Kind: access.Centre, TLP: access.Amber},
		{Name: "cert-fr", Kind: access.Member, Country: "FR", TLP: access.Amber},
		{Name: "vendor", Kind: access.Partner, TLP: access.Green},
	} {
		o, err := st.AddOrg(ctx, access.Local, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []access.Role{access.Admin, access.Contributor, access.Reader} {
			k, token, _ := access.NewKey(o.ID, r, "", time.Now(), 0)
			if err := st.AddKey(ctx, access.Local, k); err != nil {
				t.Fatal(err)
			}
			c.keys[o.Name+"/"+string(r)] = token
		}
	}
	srv := httptest.NewServer(api.New(st, access.NewAuthenticator(st), slog.New(slog.DiscardHandler), prometheus.NewRegistry()))
	t.Cleanup(srv.Close)
	c.url = srv.URL
	return c
}

// do sends a request as key and checks the status; it returns the body.
func (c *community) do(method, path, key, body string, want int) map[string]any {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.url+path, strings.NewReader(body))
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+c.keys[key])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		c.t.Fatalf("%s %s as %s: %d, want %d: %s", method, path, key, resp.StatusCode, want, raw)
	}
	var out map[string]any
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			c.t.Fatalf("%s %s: not JSON: %s", method, path, raw)
		}
	}
	if want >= 400 {
		if _, ok := out["error"].(string); !ok || out["status"] != float64(want) {
			c.t.Fatalf("%s %s: error body %s, want {error, status: %d}", method, path, raw, want)
		}
	}
	return out
}

func TestAdmin(t *testing.T) {
	c := newCommunity(t)
	// Organisations: anyone lists, only the centre's admins add.
	orgs := c.do("GET", "/api/v1/orgs", "vendor/reader", "", 200)
	if n := len(orgs["orgs"].([]any)); n != 3 {
		t.Fatalf("%d organisations listed", n)
	}
	c.do("POST", "/api/v1/orgs", "cert-fr/admin", `{"name":"x","kind":"partner"}`, 403)
	c.do("POST", "/api/v1/orgs", "centre/reader", `{"name":"x","kind":"partner"}`, 403)
	c.do("POST", "/api/v1/orgs", "centre/admin", `{"name":"cert-de","kind":"member","country":"de"}`, 201)
	c.do("POST", "/api/v1/orgs", "centre/admin", `{"name":"cert-de","kind":"member","country":"DE"}`, 409)
	c.do("POST", "/api/v1/orgs", "centre/admin", `{"name":"x","kind":"member"}`, 400)
	c.do("POST", "/api/v1/orgs", "centre/admin", `{"name":"x","kind":"partner","colour":"red"}`, 400)

	// Keys: an admin manages its own organisation's; the secret is shown once.
	k := c.do("POST", "/api/v1/keys", "cert-fr/admin", `{"role":"reader","name":"sweeper","expires":"720h"}`, 201)
	secret, _ := k["secret"].(string)
	if !strings.HasPrefix(secret, "fsn_") || k["org"] != "cert-fr" || k["status"] != "active" || k["expires"] == nil {
		t.Fatalf("new key: %v", k)
	}
	c.keys["cert-fr/new"] = secret
	c.do("GET", "/api/v1/orgs", "cert-fr/new", "", 200)
	c.do("POST", "/api/v1/keys", "cert-fr/admin", `{"org":"vendor","role":"reader"}`, 403)
	c.do("POST", "/api/v1/keys", "cert-fr/contributor", `{"role":"reader"}`, 403)
	c.do("POST", "/api/v1/keys", "centre/admin", `{"org":"vendor","role":"reader"}`, 201)
	c.do("POST", "/api/v1/keys", "cert-fr/admin", `{"role":"owner"}`, 400)
	list := c.do("GET", "/api/v1/keys", "cert-fr/admin", "", 200)
	for _, kk := range list["keys"].([]any) {
		m := kk.(map[string]any)
		if m["org"] != "cert-fr" || m["secret"] != nil {
			t.Fatalf("cert-fr's admin lists %v", m)
		}
	}
	c.do("GET", "/api/v1/keys?org=vendor", "cert-fr/admin", "", 403)
	if n := len(c.do("GET", "/api/v1/keys", "centre/admin", "", 200)["keys"].([]any)); n != 11 {
		t.Fatalf("the centre's admin lists %d keys, want 11", n)
	}
	vendorKey := c.do("GET", "/api/v1/keys?org=vendor", "centre/admin", "", 200)["keys"].([]any)[0].(map[string]any)["id"].(string)
	c.do("DELETE", "/api/v1/keys/"+vendorKey, "cert-fr/admin", "", 404)
	revoked := c.do("DELETE", "/api/v1/keys/"+k["id"].(string), "cert-fr/admin", "", 200)
	if revoked["status"] != "revoked" {
		t.Fatalf("revoked key: %v", revoked)
	}

	// Groups and collections: the centre's admins create them; members see
	// their own groups, and the collections they may use.
	c.do("POST", "/api/v1/groups", "cert-fr/admin", `{"name":"eu","orgs":["cert-fr"]}`, 403)
	g := c.do("POST", "/api/v1/groups", "centre/admin", `{"name":"eu","orgs":["cert-fr","cert-de"]}`, 201)
	c.do("POST", "/api/v1/groups", "centre/admin", `{"name":"eu","orgs":["cert-fr"]}`, 409)
	c.do("POST", "/api/v1/groups", "centre/admin", `{"name":"none","orgs":["nobody"]}`, 400)
	if n := len(c.do("GET", "/api/v1/groups", "cert-fr/reader", "", 200)["groups"].([]any)); n != 1 {
		t.Fatalf("cert-fr sees %d groups", n)
	}
	if n := len(c.do("GET", "/api/v1/groups", "vendor/reader", "", 200)["groups"].([]any)); n != 0 {
		t.Fatalf("vendor sees %d groups", n)
	}
	// The group's marking definition is stored, seen by its members only.
	marking := g["marking"].(string)
	c.do("GET", "/api/v1/objects/"+marking, "cert-fr/reader", "", 200)
	c.do("GET", "/api/v1/objects/"+marking, "vendor/reader", "", 404)

	c.do("POST", "/api/v1/collections", "centre/admin", `{"name":"feed","read":["all"],"write":["vendor"]}`, 201)
	c.do("POST", "/api/v1/collections", "centre/admin", `{"name":"inbox","write":["cert-fr"]}`, 201)
	c.do("POST", "/api/v1/collections", "centre/admin", `{"name":"bad","view":true,"write":["vendor"]}`, 400)
	cs := c.do("GET", "/api/v1/collections", "vendor/reader", "", 200)["collections"].([]any)
	if len(cs) != 1 || cs[0].(map[string]any)["name"] != "feed" || cs[0].(map[string]any)["can_write"] != false {
		t.Fatalf("vendor's reader sees collections %v (a reader key cannot write)", cs)
	}
	if n := len(c.do("GET", "/api/v1/collections", "cert-fr/contributor", "", 200)["collections"].([]any)); n != 2 {
		t.Fatalf("cert-fr's contributor sees %d collections, want feed and its inbox", n)
	}
	if n := len(c.do("GET", "/api/v1/collections", "cert-fr/reader", "", 200)["collections"].([]any)); n != 1 {
		t.Fatalf("cert-fr's reader sees %d collections, want feed only (the inbox is write-only)", n)
	}

	// Unauthenticated: 401 with a JSON error.
	c.do("GET", "/api/v1/orgs", "", "", 401)
}

func TestPostObjects(t *testing.T) {
	c := newCommunity(t)
	bundle := `{"type":"bundle","id":"bundle--6a3e3f2e-7a0b-4c55-9a57-0f3c9b1e1a01","objects":[` + indicator(1, "VENDOR-1") + `,` + indicator(2, "VENDOR-2") + `]}`
	c.do("POST", "/api/v1/objects", "vendor/reader", bundle, 403)
	res := c.do("POST", "/api/v1/objects", "vendor/contributor", bundle, 200)
	if res["new"] != float64(2) || res["stored"] != true {
		t.Fatalf("post: %v", res)
	}
	// The vendor's default is GREEN: everyone sees them.
	c.do("GET", "/api/v1/objects/indicator--b0000000-0000-4000-8000-000000000001", "cert-fr/reader", "", 200)
	// cert-fr's default is AMBER: the vendor does not see its object, the centre does.
	c.do("POST", "/api/v1/objects", "cert-fr/contributor", indicator(3, "FR-3"), 200)
	c.do("GET", "/api/v1/objects/indicator--b0000000-0000-4000-8000-000000000003", "vendor/reader", "", 404)
	c.do("GET", "/api/v1/objects/indicator--b0000000-0000-4000-8000-000000000003", "centre/reader", "", 200)
	c.do("POST", "/api/v1/objects?tlp=clear", "cert-fr/contributor", indicator(4, "FR-4"), 200)
	c.do("GET", "/api/v1/objects/indicator--b0000000-0000-4000-8000-000000000004", "vendor/reader", "", 200)

	// Bad input: an invalid object rejects the bundle (nothing stored),
	// malformed JSON is a 400 with its position, bad parameters are 400.
	bad := `{"type":"bundle","id":"bundle--6a3e3f2e-7a0b-4c55-9a57-0f3c9b1e1a02","objects":[` + indicator(5, "OK-5") + `,{"type":"indicator","id":"indicator--nope"}]}`
	rej := c.do("POST", "/api/v1/objects", "vendor/contributor", bad, 422)
	if rej["stored"] != false || rej["rejected_count"] != float64(1) {
		t.Fatalf("rejected bundle: %v", rej)
	}
	c.do("GET", "/api/v1/objects/indicator--b0000000-0000-4000-8000-000000000005", "centre/reader", "", 404)
	part := c.do("POST", "/api/v1/objects?partial=true", "vendor/contributor", bad, 200)
	if part["new"] != float64(1) || part["rejected_count"] != float64(1) {
		t.Fatalf("partial: %v", part)
	}
	e := c.do("POST", "/api/v1/objects", "vendor/contributor", `{"type":"bundle",`, 400)
	if !strings.Contains(e["error"].(string), "line 1") {
		t.Fatalf("malformed JSON: %v", e)
	}
	c.do("POST", "/api/v1/objects?tlp=purple", "vendor/contributor", indicator(6, "X"), 400)
	c.do("POST", "/api/v1/objects?group=nogroup", "vendor/contributor", indicator(6, "X"), 400)
	c.do("POST", "/api/v1/objects?collection=nocoll", "vendor/contributor", indicator(6, "X"), 400)
}
