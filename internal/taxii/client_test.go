package taxii

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// ---- a small fake TAXII 2.1 server, for these tests only ----

const clientTestAPIRoot = "/api1/"

type clientFakeObject struct {
	added time.Time
	typ   string
	raw   string
}

type clientFakeRequest struct {
	method, path, query string
	header              http.Header
	body                []byte
}

// clientFake serves discovery, an API root, collections, paged objects,
// POST objects and status. Paging modes:
//
//	"next"        next tokens (the default)
//	"added_after" no next: more=true and X-TAXII-Date-Added-Last only
//	"same-page"   the first page forever, with a fresh next token each time
//	"same-next"   hands back the next token it was given
//	"cycle"       next tokens go round: pages 1, 2, 1, 2, ...
//	"stuck-date"  X-TAXII-Date-Added-Last stops moving
//	"no-headers"  more=true, no next, no date headers
type clientFake struct {
	t        *testing.T
	srv      *httptest.Server
	mode     string
	pageSize int
	user     string
	pass     string
	token    string
	// failPage makes the objects endpoint answer 500 once for this page
	// number (1-based) of the walk.
	failPage int

	mu       sync.Mutex
	objects  []clientFakeObject
	requests []clientFakeRequest
	statuses map[string][]byte
	pages    int
	tokens   int
}

func newClientFake(t *testing.T) *clientFake {
	t.Helper()
	f := &clientFake{t: t, mode: "next", pageSize: 2, statuses: map[string][]byte{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /taxii2/{$}", f.fixture("discovery.json"))
	mux.HandleFunc("GET /api1/{$}", f.fixture("api-root.json"))
	mux.HandleFunc("GET /api1/collections/{$}", f.fixture("collections.json"))
	mux.HandleFunc("GET /api1/collections/{id}/{$}", f.collection)
	mux.HandleFunc("GET /api1/collections/{id}/objects/{$}", f.getObjects)
	mux.HandleFunc("POST /api1/collections/{id}/objects/{$}", f.addObjects)
	mux.HandleFunc("GET /api1/status/{id}/{$}", f.status)
	f.srv = httptest.NewServer(f.middleware(mux))
	t.Cleanup(f.srv.Close)
	return f
}

// addObjects adds n indicators, added 1.5s (plus a few microseconds) apart.
func (f *clientFake) addIndicators(n int) {
	base := time.Date(2024, 3, 1, 12, 0, 0, 123456000, time.UTC)
	for i := range n {
		f.objects = append(f.objects, clientFakeObject{
			added: base.Add(time.Duration(i)*1500*time.Millisecond + time.Duration(i)*time.Microsecond),
			typ:   "indicator",
			raw: fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-%012d","confidence":2.50,"name":"caf\u00e9 %d"}`,
				i+1, i+1),
		})
	}
}

func (f *clientFake) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		f.mu.Lock()
		f.requests = append(f.requests, clientFakeRequest{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), body})
		f.mu.Unlock()
		if f.user != "" {
			if u, p, ok := r.BasicAuth(); !ok || u != f.user || p != f.pass {
				w.Header().Set("WWW-Authenticate", `Basic realm="taxii"`)
				clientWriteError(w, http.StatusUnauthorized, "Unauthorized", "bad credentials")
				return
			}
		}
		if f.token != "" && r.Header.Get("Authorization") != "Bearer "+f.token {
			w.Header().Set("WWW-Authenticate", `Bearer realm="taxii"`)
			clientWriteError(w, http.StatusUnauthorized, "Unauthorized", "bad token")
			return
		}
		if r.Header.Get("Accept") != MediaType {
			clientWriteError(w, http.StatusNotAcceptable, "Not Acceptable", "want "+MediaType)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (f *clientFake) fixture(name string) http.HandlerFunc {
	data := clientReadFile(f.t, name)
	return func(w http.ResponseWriter, r *http.Request) { clientWriteTAXII(w, http.StatusOK, data) }
}

func (f *clientFake) collection(w http.ResponseWriter, r *http.Request) {
	var cs struct{ Collections []json.RawMessage }
	if err := json.Unmarshal(clientReadFile(f.t, "collections.json"), &cs); err != nil {
		f.t.Error(err)
	}
	for _, c := range cs.Collections {
		if bytes.Contains(c, []byte(`"`+r.PathValue("id")+`"`)) {
			clientWriteTAXII(w, http.StatusOK, c)
			return
		}
	}
	clientWriteError(w, http.StatusNotFound, "Collection not found", "no collection "+r.PathValue("id"))
}

func (f *clientFake) getObjects(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("id") == "fixture" {
		clientWriteTAXII(w, http.StatusOK, clientReadFile(f.t, "envelope.json"))
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pages++
	if f.pages == f.failPage {
		clientWriteError(w, http.StatusInternalServerError, "Internal error", "try again")
		return
	}
	q := r.URL.Query()
	var after time.Time
	if v := q.Get("added_after"); v != "" {
		var err error
		if after, err = time.Parse(time.RFC3339Nano, v); err != nil {
			clientWriteError(w, http.StatusBadRequest, "Bad added_after", err.Error())
			return
		}
	}
	limit := f.pageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			clientWriteError(w, http.StatusBadRequest, "Bad limit", v)
			return
		}
		limit = min(limit, n)
	}
	types := strings.Split(q.Get("match[type]"), ",")
	var sel []clientFakeObject
	for _, o := range f.objects {
		if o.added.After(after) && (types[0] == "" || slices.Contains(types, o.typ)) {
			sel = append(sel, o)
		}
	}
	start := 0
	if v := q.Get("next"); v != "" && f.mode != "same-page" {
		start, _ = strconv.Atoi(strings.TrimPrefix(v, "p"))
	}
	if f.mode == "same-page" {
		start = 0
	}
	start = min(start, len(sel))
	end := min(start+limit, len(sel))
	page := sel[start:end]
	more := end < len(sel)
	next := ""
	switch f.mode {
	case "next":
		if more {
			next = "p" + strconv.Itoa(end)
		}
	case "same-page":
		more = true
		f.tokens++
		next = "t" + strconv.Itoa(f.tokens)
	case "same-next":
		next = q.Get("next")
		if next == "" {
			next = "p" + strconv.Itoa(end)
		}
		more = true
	case "cycle":
		more = true
		next = "p" + strconv.Itoa(end%4)
	}
	if len(page) > 0 && f.mode != "no-headers" {
		last := page[len(page)-1].added
		if f.mode == "stuck-date" && !after.IsZero() {
			last = after
		}
		w.Header().Set("X-TAXII-Date-Added-First", clientFormatMicro(page[0].added))
		w.Header().Set("X-TAXII-Date-Added-Last", clientFormatMicro(last))
	}
	// Written by hand: the objects must go out exactly as stored.
	var b bytes.Buffer
	b.WriteString("{")
	if more {
		b.WriteString(`"more":true,`)
	}
	if next != "" {
		fmt.Fprintf(&b, `"next":%q,`, next)
	}
	if len(page) > 0 {
		b.WriteString(`"objects":[`)
		for i, o := range page {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(o.raw)
		}
		b.WriteString("]")
	}
	out := bytes.TrimSuffix(b.Bytes(), []byte(","))
	clientWriteTAXII(w, http.StatusOK, append(out, '}'))
}

func (f *clientFake) addObjects(w http.ResponseWriter, r *http.Request) {
	if !clientIsTAXII21(r.Header.Get("Content-Type")) {
		clientWriteError(w, http.StatusUnsupportedMediaType, "Unsupported Media Type", r.Header.Get("Content-Type"))
		return
	}
	var env struct {
		Objects []json.RawMessage `json:"objects"`
	}
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, &env); err != nil || len(env.Objects) == 0 {
		clientWriteError(w, http.StatusBadRequest, "Bad envelope", fmt.Sprint(err))
		return
	}
	st := Status{ID: "2d086da7-4bdc-4f91-900e-d77486753710", Status: StatusComplete,
		RequestTimestamp: Timestamp{Time: time.Date(2024, 3, 1, 13, 0, 0, 1000, time.UTC)}}
	for _, raw := range env.Objects {
		var o struct{ ID, Modified string }
		_ = json.Unmarshal(raw, &o)
		d := StatusDetails{ID: o.ID, Version: o.Modified}
		if strings.Contains(o.ID, "bad") {
			d.Message = "rejected"
			st.Failures = append(st.Failures, d)
		} else {
			st.Successes = append(st.Successes, d)
		}
	}
	st.SuccessCount, st.FailureCount = len(st.Successes), len(st.Failures)
	st.TotalCount = st.SuccessCount + st.FailureCount
	data, err := json.Marshal(st)
	if err != nil {
		f.t.Error(err)
	}
	f.mu.Lock()
	f.statuses[st.ID] = data
	f.mu.Unlock()
	clientWriteTAXII(w, http.StatusAccepted, data)
}

func (f *clientFake) status(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	data, ok := f.statuses[r.PathValue("id")]
	f.mu.Unlock()
	if !ok {
		clientWriteError(w, http.StatusNotFound, "Status not found", r.PathValue("id"))
		return
	}
	clientWriteTAXII(w, http.StatusOK, data)
}

func (f *clientFake) requestLog() []clientFakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

func clientWriteTAXII(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", MediaType)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func clientWriteError(w http.ResponseWriter, status int, title, desc string) {
	data, _ := json.Marshal(ErrorMessage{Title: title, Description: desc, HTTPStatus: strconv.Itoa(status)})
	clientWriteTAXII(w, status, data)
}

func clientReadFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "client", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// clientTestClient returns a client whose retry waits are recorded, not slept.
func clientTestClient(t *testing.T, base string, opts ...ClientOption) (*Client, *[]time.Duration) {
	t.Helper()
	c, err := NewClient(base, opts...)
	if err != nil {
		t.Fatal(err)
	}
	var waits []time.Duration
	c.sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	}
	return c, &waits
}

func clientCollect(t *testing.T, seq func(func(json.RawMessage, error) bool)) ([]string, error) {
	t.Helper()
	var got []string
	for obj, err := range seq {
		if err != nil {
			return got, err
		}
		got = append(got, string(obj))
	}
	return got, nil
}

// ---- tests ----

func TestClientDiscoveryAndCollections(t *testing.T) {
	f := newClientFake(t)
	c, _ := clientTestClient(t, f.srv.URL)
	ctx := context.Background()

	d, err := c.Discovery(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantD := &Discovery{Title: "Fusion test TAXII server", Description: "A fake server for the client tests",
		Contact: "cti@example.org", Default: "/api1/", APIRoots: []string{"/api1/", "https://other.example/api2/"}}
	if !reflect.DeepEqual(d, wantD) {
		t.Errorf("Discovery = %+v, want %+v", d, wantD)
	}

	a, err := c.APIRoot(ctx, d.Default)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "API root one" || a.MaxContentLength != 104857600 || !slices.Equal(a.Versions, []string{MediaType}) {
		t.Errorf("APIRoot = %+v", a)
	}

	cols, err := c.Collections(ctx, d.Default)
	if err != nil {
		t.Fatal(err)
	}
	want := []Collection{
		{ID: "91a7b528-80eb-42ed-a74d-c6fbd5a26116", Title: "High value indicators", Description: "Read and write",
			Alias: "hvi", CanRead: true, CanWrite: true, MediaTypes: []string{"application/stix+json;version=2.1"}},
		{ID: "52892447-4d7e-4f70-b94d-d7f22742ff63", Title: "Read only", CanRead: true},
	}
	if !reflect.DeepEqual(cols, want) {
		t.Errorf("Collections = %+v, want %+v", cols, want)
	}

	col, err := c.Collection(ctx, "api1", want[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*col, want[1]) {
		t.Errorf("Collection = %+v, want %+v", col, want[1])
	}

	_, err = c.Collection(ctx, "api1", "no-such-collection")
	var te *Error
	if !errors.As(err, &te) || te.StatusCode != 404 || te.Message.Title != "Collection not found" {
		t.Errorf("unknown collection: err = %v, want a 404 *Error", err)
	}
}

func TestClientSendsHeaders(t *testing.T) {
	f := newClientFake(t)
	f.addIndicators(1)
	c, _ := clientTestClient(t, f.srv.URL, ClientUserAgent("fusion-test/1"))
	ctx := context.Background()
	if _, err := c.Discovery(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Objects(ctx, clientTestAPIRoot, "c1", Query{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddObjects(ctx, clientTestAPIRoot, "c1", []json.RawMessage{json.RawMessage(`{"type":"x","id":"x--1"}`)}); err != nil {
		t.Fatal(err)
	}
	for _, r := range f.requestLog() {
		if got := r.header.Get("Accept"); got != MediaType {
			t.Errorf("%s %s: Accept = %q, want %q", r.method, r.path, got, MediaType)
		}
		if got := r.header.Get("User-Agent"); got != "fusion-test/1" {
			t.Errorf("%s %s: User-Agent = %q", r.method, r.path, got)
		}
		wantCT := ""
		if r.method == http.MethodPost {
			wantCT = MediaType
		}
		if got := r.header.Get("Content-Type"); got != wantCT {
			t.Errorf("%s %s: Content-Type = %q, want %q", r.method, r.path, got, wantCT)
		}
	}
}

func TestClientIsTAXII21(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/taxii+json;version=2.1":                  true,
		"application/taxii+json; version=2.1":                 true,
		"Application/TAXII+JSON;Version=2.1":                  true,
		"application/taxii+json ; version = 2.1 ":             true,
		`application/taxii+json;version="2.1"`:                true,
		"application/taxii+json;charset=utf-8;version=2.1":    true,
		"application/taxii+json; version=2.1; charset=UTF-8":  true,
		"application/taxii+json;version=2.1;":                 true,
		"application/taxii+json":                              false,
		"application/taxii+json;version=2.0":                  false,
		"application/taxii+json;version=2.10":                 false,
		"application/taxii+json;version=2.1;version=2.0":      false,
		"application/json":                                    false,
		"application/stix+json;version=2.1":                   false,
		"application/vnd.oasis.taxii+json; version=2.0":       false,
		"text/html; charset=utf-8":                            false,
		"":                                                    false,
		"application/taxii+jsonx;version=2.1":                 false,
		"application/taxii+json;xversion=2.1":                 false,
		"application/taxii+json;version=2.1,application/json": false,
	} {
		if got := clientIsTAXII21(ct); got != want {
			t.Errorf("clientIsTAXII21(%q) = %v, want %v", ct, got, want)
		}
	}
}

func TestClientRejectsWrongContentType(t *testing.T) {
	for _, ct := range []string{"application/json", "text/html; charset=utf-8", "application/taxii+json;version=2.0", "application/taxii+json", ""} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Content-Type"] = []string{ct}
			_, _ = io.WriteString(w, `{"title":"looks fine"}`)
		}))
		c, _ := clientTestClient(t, srv.URL)
		_, err := c.Discovery(context.Background())
		srv.Close()
		if !errors.Is(err, ErrResponseContentType) {
			t.Errorf("Content-Type %q: err = %v, want ErrResponseContentType", ct, err)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, srv.URL+"/taxii2/") || (ct != "" && !strings.Contains(msg, strconv.Quote(ct))) {
			t.Errorf("Content-Type %q: error %q does not name the URL and the content type", ct, msg)
		}
	}
}

func TestClientErrorMessages(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 406, 415, 422} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if status == 401 {
					w.Header().Set("WWW-Authenticate", `Basic realm="taxii"`)
				}
				w.Header().Set("Content-Type", MediaType)
				w.WriteHeader(status)
				fmt.Fprintf(w, `{"title":"Problem %d","description":"what went wrong","error_id":"e-%d","error_code":"code-%d",
					"http_status":"%d","external_details":"https://example.org/errors/%d","details":{"param":"match[type]","n":2}}`,
					status, status, status, status, status)
			}))
			defer srv.Close()
			c, waits := clientTestClient(t, srv.URL)
			_, err := c.Objects(context.Background(), "/api1/", "c1", Query{Types: []string{"indicator"}})
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("err = %v, want *Error", err)
			}
			want := ErrorMessage{
				Title: fmt.Sprintf("Problem %d", status), Description: "what went wrong",
				ErrorID: fmt.Sprintf("e-%d", status), ErrorCode: fmt.Sprintf("code-%d", status),
				HTTPStatus: strconv.Itoa(status), ExternalDetails: fmt.Sprintf("https://example.org/errors/%d", status),
				Details: map[string]any{"param": "match[type]", "n": 2.0},
			}
			if !reflect.DeepEqual(te.Message, want) {
				t.Errorf("Message = %+v, want %+v", te.Message, want)
			}
			u := srv.URL + "/api1/collections/c1/objects/?match[type]=indicator"
			if te.StatusCode != status || te.Method != "GET" || te.URL != u {
				t.Errorf("Error = %s %s %d, want GET %s %d", te.Method, te.URL, te.StatusCode, u, status)
			}
			msg := te.Error()
			for _, part := range []string{"GET", u, strconv.Itoa(status), want.Title} {
				if !strings.Contains(msg, part) {
					t.Errorf("Error() = %q, missing %q", msg, part)
				}
			}
			if status == 401 && te.WWWAuthenticate != `Basic realm="taxii"` {
				t.Errorf("WWWAuthenticate = %q", te.WWWAuthenticate)
			}
			if te.Hint() == "" && status != 400 && status != 422 {
				t.Errorf("no hint for %d", status)
			}
			if len(*waits) != 0 {
				t.Errorf("a %d was retried", status)
			}
		})
	}
}

func TestClientErrorTolerance(t *testing.T) {
	for _, tc := range []struct {
		name, ct, body string
		check          func(*Error) bool
	}{
		{"numeric http_status", "application/json", `{"title":"Nope","http_status":404,"error_code":17}`,
			func(e *Error) bool { return e.Message.HTTPStatus == "404" && e.Message.ErrorCode == "17" }},
		{"details not an object", MediaType, `{"title":"Nope","details":"oops"}`,
			func(e *Error) bool { return e.Message.Title == "Nope" && e.Message.Details == nil }},
		{"html body", "text/html", "<html>\n<h1>Not Found</h1></html>",
			func(e *Error) bool {
				return e.Message.Title == "" && strings.Contains(e.Body, "Not Found") && strings.Contains(e.Error(), `"<html> <h1>Not Found`)
			}},
		{"json without TAXII fields", "application/json", `{"error":"nope"}`,
			func(e *Error) bool { return e.Message.Title == "" && e.Body == `{"error":"nope"}` }},
		{"empty body", "", "", func(e *Error) bool { return e.Error() == "taxii: GET "+e.URL+": 404 Not Found" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.ct)
				w.WriteHeader(404)
				_, _ = io.WriteString(w, tc.body)
			}))
			defer srv.Close()
			c, _ := clientTestClient(t, srv.URL)
			_, err := c.Discovery(context.Background())
			var te *Error
			if !errors.As(err, &te) || te.StatusCode != 404 || !tc.check(te) {
				t.Errorf("err = %v (%#v)", err, te)
			}
		})
	}
}

func TestClientAuth(t *testing.T) {
	ctx := context.Background()
	t.Run("basic", func(t *testing.T) {
		f := newClientFake(t)
		f.user, f.pass = "alice", "s3cret:with colon"
		c, _ := clientTestClient(t, f.srv.URL, ClientBasicAuth("alice", "s3cret:with colon"))
		if _, err := c.Discovery(ctx); err != nil {
			t.Fatal(err)
		}
		bad, _ := clientTestClient(t, f.srv.URL, ClientBasicAuth("alice", "wrong"))
		_, err := bad.Discovery(ctx)
		var te *Error
		if !errors.As(err, &te) || te.StatusCode != 401 || !strings.HasPrefix(te.WWWAuthenticate, "Basic") {
			t.Errorf("wrong password: err = %v", err)
		}
	})
	t.Run("bearer", func(t *testing.T) {
		f := newClientFake(t)
		f.token = "tok-123"
		c, _ := clientTestClient(t, f.srv.URL, ClientBasicAuth("ignored", "x"), ClientBearerToken("tok-123"))
		if _, err := c.Discovery(ctx); err != nil {
			t.Fatal(err)
		}
		if got := f.requestLog()[0].header.Get("Authorization"); got != "Bearer tok-123" {
			t.Errorf("Authorization = %q", got)
		}
		none, _ := clientTestClient(t, f.srv.URL)
		if _, err := none.Discovery(ctx); err == nil {
			t.Error("no token: no error")
		}
	})
	t.Run("credentials stay out of errors", func(t *testing.T) {
		f := newClientFake(t)
		u := strings.Replace(f.srv.URL, "http://", "http://bob:hunter2@", 1)
		c, _ := clientTestClient(t, u)
		_, err := c.Collection(ctx, "/api1/", "missing")
		if err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("err = %v", err)
		}
	})
}

// clientFlaky answers each request with the next of statuses (then 200).
func clientFlaky(t *testing.T, header http.Header, statuses ...int) (*httptest.Server, *int) {
	t.Helper()
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		i := n
		n++
		mu.Unlock()
		if i < len(statuses) {
			for k, v := range header {
				w.Header()[k] = v
			}
			clientWriteError(w, statuses[i], http.StatusText(statuses[i]), "try later")
			return
		}
		if r.Method == http.MethodPost {
			clientWriteTAXII(w, http.StatusAccepted, []byte(`{"id":"s1","status":"complete","total_count":1,"success_count":1,"failure_count":0,"pending_count":0}`))
			return
		}
		clientWriteTAXII(w, http.StatusOK, []byte(`{"title":"ok"}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestClientRetries(t *testing.T) {
	ctx := context.Background()
	policy := RetryPolicy{MaxAttempts: 4, BaseBackoff: 100 * time.Millisecond, MaxWait: time.Minute}
	obj := []json.RawMessage{json.RawMessage(`{"type":"x","id":"x--1"}`)}

	t.Run("503 with Retry-After seconds", func(t *testing.T) {
		srv, n := clientFlaky(t, http.Header{"Retry-After": {"7"}}, 503, 503)
		c, waits := clientTestClient(t, srv.URL, ClientRetry(policy))
		if _, err := c.Discovery(ctx); err != nil {
			t.Fatal(err)
		}
		if *n != 3 || !slices.Equal(*waits, []time.Duration{7 * time.Second, 7 * time.Second}) {
			t.Errorf("attempts = %d, waits = %v", *n, *waits)
		}
	})
	t.Run("429 with Retry-After date", func(t *testing.T) {
		now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
		srv, n := clientFlaky(t, http.Header{"Retry-After": {now.Add(30 * time.Second).Format(http.TimeFormat)}}, 429)
		c, waits := clientTestClient(t, srv.URL, ClientRetry(policy))
		c.now = func() time.Time { return now }
		if _, err := c.Discovery(ctx); err != nil {
			t.Fatal(err)
		}
		if *n != 2 || !slices.Equal(*waits, []time.Duration{30 * time.Second}) {
			t.Errorf("attempts = %d, waits = %v", *n, *waits)
		}
	})
	t.Run("500 backoff doubles within jitter", func(t *testing.T) {
		srv, n := clientFlaky(t, nil, 500, 502, 504)
		c, waits := clientTestClient(t, srv.URL, ClientRetry(policy))
		if _, err := c.Discovery(ctx); err != nil {
			t.Fatal(err)
		}
		if *n != 4 || len(*waits) != 3 {
			t.Fatalf("attempts = %d, waits = %v", *n, *waits)
		}
		for i, w := range *waits {
			full := policy.BaseBackoff << i
			if w < full/2 || w > full {
				t.Errorf("wait %d = %v, want within [%v, %v]", i, w, full/2, full)
			}
		}
	})
	t.Run("gives up after MaxAttempts", func(t *testing.T) {
		srv, n := clientFlaky(t, http.Header{"Retry-After": {"1"}}, 503, 503, 503, 503, 503)
		c, _ := clientTestClient(t, srv.URL, ClientRetry(policy))
		_, err := c.Discovery(ctx)
		var te *Error
		if !errors.As(err, &te) || te.StatusCode != 503 || *n != 4 || !strings.Contains(err.Error(), "after 4 attempts") {
			t.Errorf("attempts = %d, err = %v", *n, err)
		}
	})
	t.Run("Retry-After beyond MaxWait ends retries", func(t *testing.T) {
		srv, n := clientFlaky(t, http.Header{"Retry-After": {"3600"}}, 503)
		c, waits := clientTestClient(t, srv.URL, ClientRetry(policy))
		_, err := c.Discovery(ctx)
		var te *Error
		if !errors.As(err, &te) || te.RetryAfter != time.Hour || *n != 1 || len(*waits) != 0 {
			t.Errorf("attempts = %d, waits = %v, err = %v", *n, *waits, err)
		}
	})
	for _, status := range []int{400, 404, 501} {
		t.Run(fmt.Sprintf("no retry on %d", status), func(t *testing.T) {
			srv, n := clientFlaky(t, http.Header{"Retry-After": {"1"}}, status)
			c, waits := clientTestClient(t, srv.URL, ClientRetry(policy))
			if _, err := c.Discovery(ctx); err == nil || *n != 1 || len(*waits) != 0 {
				t.Errorf("attempts = %d, err = %v", *n, err)
			}
		})
	}
	t.Run("no retry of POST", func(t *testing.T) {
		srv, n := clientFlaky(t, http.Header{"Retry-After": {"0"}}, 503)
		c, waits := clientTestClient(t, srv.URL, ClientRetry(policy))
		_, err := c.AddObjects(ctx, "/api1/", "c1", obj)
		var te *Error
		if !errors.As(err, &te) || te.StatusCode != 503 || *n != 1 || len(*waits) != 0 {
			t.Errorf("attempts = %d, err = %v", *n, err)
		}
	})
	t.Run("POST retried when allowed", func(t *testing.T) {
		srv, n := clientFlaky(t, http.Header{"Retry-After": {"0"}}, 503)
		p := policy
		p.RetryPOST = true
		c, _ := clientTestClient(t, srv.URL, ClientRetry(p))
		st, err := c.AddObjects(ctx, "/api1/", "c1", obj)
		if err != nil || *n != 2 || st.SuccessCount != 1 {
			t.Errorf("attempts = %d, status = %+v, err = %v", *n, st, err)
		}
	})
	t.Run("network error", func(t *testing.T) {
		var mu sync.Mutex
		n := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			n++
			first := n == 1
			mu.Unlock()
			if first {
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
				return
			}
			clientWriteTAXII(w, http.StatusOK, []byte(`{"title":"ok"}`))
		}))
		defer srv.Close()
		c, waits := clientTestClient(t, srv.URL, ClientRetry(policy))
		if _, err := c.Discovery(ctx); err != nil {
			t.Fatal(err)
		}
		if len(*waits) != 1 {
			t.Errorf("waits = %v, want one retry", *waits)
		}
	})
	t.Run("default policy retries GET", func(t *testing.T) {
		srv, n := clientFlaky(t, http.Header{"Retry-After": {"0"}}, 503)
		c, _ := clientTestClient(t, srv.URL)
		if _, err := c.Discovery(ctx); err != nil || *n != 2 {
			t.Errorf("attempts = %d, err = %v", *n, err)
		}
	})
}

func TestClientCancelStopsRetryWait(t *testing.T) {
	srv, n := clientFlaky(t, http.Header{"Retry-After": {"3600"}}, 503, 503)
	c, err := NewClient(srv.URL, ClientRetry(RetryPolicy{MaxAttempts: 5}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err = c.Discovery(ctx)
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("took %v", elapsed)
	}
	var te *Error
	if !errors.Is(err, context.Canceled) || !errors.As(err, &te) || te.StatusCode != 503 || *n != 1 {
		t.Errorf("attempts = %d, err = %v", *n, err)
	}
}

func TestClientObjectsByteExact(t *testing.T) {
	f := newClientFake(t)
	c, _ := clientTestClient(t, f.srv.URL)
	page, err := c.Objects(context.Background(), clientTestAPIRoot, "fixture", Query{})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSpace(string(clientReadFile(t, "envelope.objects"))), "\n")
	if len(page.Objects) != len(want) {
		t.Fatalf("got %d objects, want %d", len(page.Objects), len(want))
	}
	for i, o := range page.Objects {
		if string(o) != want[i] {
			t.Errorf("objects[%d]:\n got %s\nwant %s", i, o, want[i])
		}
	}
	if !bytes.Contains(page.Objects[0], []byte(`"confidence":2.50`)) || !bytes.Contains(page.Objects[0], []byte(`caf\u00e9`)) {
		t.Error("2.50 or \\u00e9 was re-encoded")
	}
	if page.More || page.Next != "" {
		t.Errorf("more = %v, next = %q", page.More, page.Next)
	}

	// And back out: AddObjects sends the very same bytes.
	objs := make([]json.RawMessage, len(want))
	for i, w := range want {
		objs[i] = json.RawMessage(w)
	}
	if _, err := c.AddObjects(context.Background(), clientTestAPIRoot, "c1", objs); err != nil {
		t.Fatal(err)
	}
	log := f.requestLog()
	got := log[len(log)-1].body
	wantBody := `{"objects":[` + strings.Join(want, ",") + `]}`
	if string(got) != wantBody {
		t.Errorf("POST body:\n got %s\nwant %s", got, wantBody)
	}
}

func TestClientAddObjectsAndStatus(t *testing.T) {
	f := newClientFake(t)
	c, _ := clientTestClient(t, f.srv.URL)
	ctx := context.Background()
	objs := []json.RawMessage{
		json.RawMessage(`{"type":"indicator","id":"indicator--a","modified":"2024-01-01T00:00:00.000Z"}`),
		json.RawMessage(`{"type":"indicator","id":"indicator--bad","modified":"not a time"}`),
		json.RawMessage(` {"type":"note","id":"note--c","modified":"2024-01-02T00:00:00Z"} `),
	}
	st, err := c.AddObjects(ctx, clientTestAPIRoot, "91a7b528-80eb-42ed-a74d-c6fbd5a26116", objs)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Validate(); err != nil {
		t.Error(err)
	}
	if st.Status != StatusComplete || st.TotalCount != 3 || st.SuccessCount != 2 || st.FailureCount != 1 || st.PendingCount != 0 {
		t.Errorf("status = %+v", st)
	}
	if st.Failures[0] != (StatusDetails{ID: "indicator--bad", Version: "not a time", Message: "rejected"}) {
		t.Errorf("failures = %+v", st.Failures)
	}
	if got := st.RequestTimestamp.String(); got != "2024-03-01T13:00:00.000001Z" {
		t.Errorf("request_timestamp = %s", got)
	}
	again, err := c.Status(ctx, clientTestAPIRoot, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, st) {
		t.Errorf("Status = %+v, want %+v", again, st)
	}
	if _, err := c.Status(ctx, clientTestAPIRoot, "nope"); err == nil {
		t.Error("unknown status: no error")
	}

	for _, bad := range [][]json.RawMessage{nil, {json.RawMessage(`[1]`)}, {json.RawMessage(`{"a":`)}, {json.RawMessage(``)}} {
		if _, err := c.AddObjects(ctx, clientTestAPIRoot, "c1", bad); err == nil {
			t.Errorf("AddObjects(%q): no error", bad)
		}
	}
}

func TestClientStatusValidate(t *testing.T) {
	ok := Status{ID: "s", Status: StatusPending, TotalCount: 3, SuccessCount: 1, FailureCount: 1, PendingCount: 1,
		Successes: []StatusDetails{{ID: "a"}}}
	if err := ok.Validate(); err != nil {
		t.Error(err)
	}
	for name, s := range map[string]Status{
		"sum":              {ID: "s", Status: StatusComplete, TotalCount: 3, SuccessCount: 1},
		"list length":      {ID: "s", Status: StatusComplete, TotalCount: 1, SuccessCount: 1, Successes: []StatusDetails{{}, {}}},
		"complete pending": {ID: "s", Status: StatusComplete, TotalCount: 1, PendingCount: 1},
		"unknown status":   {ID: "s", Status: "done"},
		"no id":            {Status: StatusComplete},
		"negative":         {ID: "s", Status: StatusComplete, TotalCount: 0, SuccessCount: 1, FailureCount: -1},
	} {
		if err := s.Validate(); err == nil {
			t.Errorf("%s: Validate() = nil", name)
		}
	}
}

func TestClientPaging(t *testing.T) {
	ctx := context.Background()
	f := newClientFake(t)
	f.addIndicators(5)
	want := make([]string, 5)
	for i, o := range f.objects {
		want[i] = o.raw
	}

	for _, mode := range []string{"next", "added_after"} {
		t.Run(mode, func(t *testing.T) {
			f.mode = mode
			f.requests = nil
			c, _ := clientTestClient(t, f.srv.URL)
			p := c.NewObjectPager(clientTestAPIRoot, "c1", Query{Limit: 2, Types: []string{"indicator"}})
			got, err := clientCollect(t, p.All(ctx))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("objects:\n got %q\nwant %q", got, want)
			}
			if !p.Done() || !p.DateAddedLast().Equal(f.objects[4].added) {
				t.Errorf("done = %v, checkpoint = %v, want %v", p.Done(), p.DateAddedLast(), f.objects[4].added)
			}
			var queries []string
			for _, r := range f.requestLog() {
				queries = append(queries, r.query)
			}
			wantQ := []string{"limit=2&match[type]=indicator", "limit=2&next=p2&match[type]=indicator", "limit=2&next=p4&match[type]=indicator"}
			if mode == "added_after" {
				wantQ = []string{"limit=2&match[type]=indicator",
					"added_after=2024-03-01T12:00:01.623457Z&limit=2&match[type]=indicator",
					"added_after=2024-03-01T12:00:04.623459Z&limit=2&match[type]=indicator"}
			}
			if !slices.Equal(queries, wantQ) {
				t.Errorf("queries:\n got %q\nwant %q", queries, wantQ)
			}
		})
	}

	t.Run("page by page", func(t *testing.T) {
		f.mode = "next"
		c, _ := clientTestClient(t, f.srv.URL)
		p := c.NewObjectPager(clientTestAPIRoot, "c1", Query{})
		var sizes []int
		for !p.Done() {
			page, err := p.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, len(page.Objects))
			if !p.DateAddedLast().Equal(page.DateAddedLast) {
				t.Errorf("checkpoint %v, want %v", p.DateAddedLast(), page.DateAddedLast)
			}
		}
		if !slices.Equal(sizes, []int{2, 2, 1}) {
			t.Errorf("page sizes = %v", sizes)
		}
		if _, err := p.Next(ctx); err == nil {
			t.Error("Next after Done: no error")
		}
	})

	t.Run("resume from checkpoint", func(t *testing.T) {
		f.mode = "added_after"
		c, _ := clientTestClient(t, f.srv.URL)
		p := c.NewObjectPager(clientTestAPIRoot, "c1", Query{})
		n := 0
		for _, err := range p.All(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == 3 { // stop in the middle of the second page
				break
			}
		}
		if !p.DateAddedLast().Equal(f.objects[1].added) {
			t.Errorf("checkpoint = %v, want the end of page one %v", p.DateAddedLast(), f.objects[1].added)
		}
		later := c.NewObjectPager(clientTestAPIRoot, "c1", Query{AddedAfter: p.DateAddedLast()})
		got, err := clientCollect(t, later.All(ctx))
		if err != nil || !slices.Equal(got, want[2:]) {
			t.Errorf("resumed: %q, %v; want %q", got, err, want[2:])
		}
	})

	t.Run("transient error then continue", func(t *testing.T) {
		g := newClientFake(t)
		g.addIndicators(5)
		g.failPage = 2
		c, _ := clientTestClient(t, g.srv.URL, ClientRetry(RetryPolicy{MaxAttempts: 1}))
		p := c.NewObjectPager(clientTestAPIRoot, "c1", Query{})
		got, err := clientCollect(t, p.All(ctx))
		var te *Error
		if !errors.As(err, &te) || te.StatusCode != 500 || len(got) != 2 || p.Done() {
			t.Fatalf("first range: %d objects, err = %v, done = %v", len(got), err, p.Done())
		}
		rest, err := clientCollect(t, p.All(ctx))
		if err != nil || !slices.Equal(append(got, rest...), want) {
			t.Errorf("second range: %q, %v", rest, err)
		}
	})

	t.Run("empty collection", func(t *testing.T) {
		g := newClientFake(t)
		c, _ := clientTestClient(t, g.srv.URL)
		got, err := clientCollect(t, c.AllObjects(ctx, clientTestAPIRoot, "c1", Query{}))
		if err != nil || len(got) != 0 {
			t.Errorf("got %q, %v", got, err)
		}
	})
}

func TestClientPagingNoProgress(t *testing.T) {
	for _, tc := range []struct {
		mode      string
		delivered int
		says      string
	}{
		{"same-page", 2, "same page twice"},
		{"same-next", 4, "token already sent"},
		{"cycle", 4, "same page twice"},
		{"stuck-date", 4, "is not after added_after"},
		{"no-headers", 2, "neither next nor X-TAXII-Date-Added-Last"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			f := newClientFake(t)
			f.addIndicators(6)
			f.mode = tc.mode
			c, _ := clientTestClient(t, f.srv.URL)
			p := c.NewObjectPager(clientTestAPIRoot, "c1", Query{})
			got, err := clientCollect(t, p.All(context.Background()))
			if !errors.Is(err, ErrPagerNoProgress) || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("err = %v, want ErrPagerNoProgress saying %q", err, tc.says)
			}
			if len(got) != tc.delivered || !p.Done() {
				t.Errorf("delivered %d objects (done = %v), want %d", len(got), p.Done(), tc.delivered)
			}
			if n := len(f.requestLog()); n > 4 {
				t.Errorf("%d requests: the guard came late", n)
			}
		})
	}
}

func TestClientDiscoveryURL(t *testing.T) {
	for base, want := range map[string]string{
		"https://taxii.example":                  "https://taxii.example/taxii2/",
		"https://taxii.example/":                 "https://taxii.example/taxii2/",
		"https://taxii.example/taxii2":           "https://taxii.example/taxii2/",
		"https://taxii.example/taxii2/":          "https://taxii.example/taxii2/",
		"https://taxii.example:8443/custom/disc": "https://taxii.example:8443/custom/disc/",
		" http://127.0.0.1:9000/taxii2/ ":        "http://127.0.0.1:9000/taxii2/",
	} {
		u, err := clientDiscoveryURL(base)
		if err != nil || u.String() != want {
			t.Errorf("clientDiscoveryURL(%q) = %v, %v; want %s", base, u, err, want)
		}
	}
	for _, base := range []string{"", "taxii.example", "ftp://taxii.example/", "https:///taxii2/", "https://h/taxii2/?x=1", "https://h/#frag", "://"} {
		if _, err := NewClient(base); err == nil {
			t.Errorf("NewClient(%q): no error", base)
		}
	}
}

func TestClientURLJoining(t *testing.T) {
	c, _ := clientTestClient(t, "https://taxii.example/prefix/taxii2/")
	for _, tc := range []struct {
		root  string
		parts []string
		want  string
	}{
		{"/api1/", nil, "https://taxii.example/api1/"},
		{"/api1", nil, "https://taxii.example/api1/"},
		{"api1", nil, "https://taxii.example/api1/"},
		{"/trust/group/1", []string{"collections"}, "https://taxii.example/trust/group/1/collections/"},
		{"https://other.example:8443/api2", []string{"collections", "abc"}, "https://other.example:8443/api2/collections/abc/"},
		{"HTTPS://Other.Example/api2/", nil, "https://Other.Example/api2/"},
		{"/api%20one/", nil, "https://taxii.example/api%20one/"},
		{"/api1/", []string{"collections", "a/b c?#%", "objects"}, "https://taxii.example/api1/collections/a%2Fb%20c%3F%23%25/objects/"},
		{"/api1/", []string{"collections", "c1", "objects", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "versions"},
			"https://taxii.example/api1/collections/c1/objects/indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f/versions/"},
		{"/api1/", []string{"status", "2d086da7-4bdc-4f91-900e-d77486753710"}, "https://taxii.example/api1/status/2d086da7-4bdc-4f91-900e-d77486753710/"},
		{"/api1/", []string{"collections", "..x"}, "https://taxii.example/api1/collections/..x/"},
	} {
		got, err := c.clientURL(tc.root, tc.parts...)
		if err != nil || got != tc.want {
			t.Errorf("clientURL(%q, %q) = %q, %v; want %q", tc.root, tc.parts, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		root  string
		parts []string
	}{
		{"", nil}, {"  ", nil}, {"//evil.example/api/", nil}, {"ftp://h/api/", nil}, {"/api1/?x=1", nil},
		{"/a/../b/", nil}, {"/a/%2e%2e/b/", nil}, {"mailto:x@y", nil},
		{"/api1/", []string{"collections", ""}}, {"/api1/", []string{"collections", "."}}, {"/api1/", []string{"collections", ".."}},
	} {
		if got, err := c.clientURL(tc.root, tc.parts...); err == nil {
			t.Errorf("clientURL(%q, %q) = %q, want an error", tc.root, tc.parts, got)
		}
	}
}

// TestClientEndpoints checks the path, method and query each method sends.
func TestClientEndpoints(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Method+" "+r.URL.EscapedPath()+"?"+r.URL.RawQuery)
		w.Header().Set("X-TAXII-Date-Added-First", "2024-03-01T12:00:00.5Z")
		w.Header().Set("X-TAXII-Date-Added-Last", "2024-03-01 12:00:01.1234567z")
		switch {
		case r.Method == http.MethodDelete:
			w.WriteHeader(http.StatusOK)
		case strings.HasSuffix(r.URL.Path, "/versions/"):
			clientWriteTAXII(w, 200, []byte(`{"more":true,"next":17,"versions":["2016-01-01T01:01:01.000Z","2017-01-01t01:01:01.1234567z"]}`))
		case strings.HasSuffix(r.URL.Path, "/manifest/"):
			clientWriteTAXII(w, 200, []byte(`{"objects":[{"id":"indicator--1","date_added":"2016-01-01T01:01:01Z","version":"2016-01-01T01:01:01.000Z","media_type":"application/stix+json;version=2.1"}]}`))
		default:
			w.WriteHeader(http.StatusNoContent) // an empty page, as some servers send
		}
	}))
	defer srv.Close()
	c, _ := clientTestClient(t, srv.URL)
	ctx := context.Background()
	after := time.Date(2016, 1, 1, 0, 0, 0, 123456789, time.UTC)
	oid := "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"

	page, err := c.Objects(ctx, "/api1", "c1", Query{AddedAfter: after, Limit: 10, Next: "a b&c=d+/", IDs: []string{oid, "malware--x"},
		Types: []string{"indicator", "malware"}, Versions: []string{"all", "2016-01-01T00:00:00.1Z"}, SpecVersions: []string{"2.0", "2.1"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Objects) != 0 || page.More || !page.DateAddedFirst.Equal(time.Date(2024, 3, 1, 12, 0, 0, 5e8, time.UTC)) ||
		!page.DateAddedLast.Equal(time.Date(2024, 3, 1, 12, 0, 1, 123456700, time.UTC)) {
		t.Errorf("objects page = %+v", page)
	}
	if _, err := c.Object(ctx, srv.URL+"/api1/", "c1", oid, Query{Versions: []string{"FIRST"}, SpecVersions: []string{"2.1"}}); err != nil {
		t.Fatal(err)
	}
	vp, err := c.Versions(ctx, "api1", "c1", oid, Query{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !vp.More || vp.Next != "17" || len(vp.Versions.Versions) != 2 || vp.Versions.Versions[1].String() != "2017-01-01T01:01:01.123456700Z" {
		t.Errorf("versions page = %+v", vp)
	}
	mp, err := c.Manifest(ctx, "/api1/", "c1", Query{Types: []string{"indicator"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(mp.Objects) != 1 || mp.Objects[0].ID != "indicator--1" || mp.Objects[0].DateAdded.String() != "2016-01-01T01:01:01.000000Z" {
		t.Errorf("manifest page = %+v", mp)
	}
	if err := c.DeleteObject(ctx, "/api1/", "c1", oid, Query{Versions: []string{"last"}}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"GET /api1/collections/c1/objects/?added_after=2016-01-01T00:00:00.123456Z&limit=10&next=a+b%26c%3Dd%2B%2F" +
			"&match[id]=" + oid + ",malware--x&match[type]=indicator,malware&match[version]=all,2016-01-01T00:00:00.100000Z&match[spec_version]=2.0,2.1",
		"GET /api1/collections/c1/objects/" + oid + "/?match[version]=first&match[spec_version]=2.1",
		"GET /api1/collections/c1/objects/" + oid + "/versions/?limit=1",
		"GET /api1/collections/c1/manifest/?match[type]=indicator",
		"DELETE /api1/collections/c1/objects/" + oid + "/?match[version]=last",
	}
	if !slices.Equal(got, want) {
		t.Errorf("requests:\n got %q\nwant %q", got, want)
	}
}

func TestClientQueryEncoding(t *testing.T) {
	for _, tc := range []struct {
		q       Query
		allowed clientQueryParams
		want    string
	}{
		{Query{}, clientQueryObjects, ""},
		{Query{Limit: 5}, clientQueryObjects, "limit=5"},
		{Query{AddedAfter: time.Date(2020, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600))}, clientQueryObjects, "added_after=2020-01-02T02:04:05.000000Z"},
		{Query{Versions: []string{"2020-01-02T03:04:05.123456789+00:00"}}, clientQueryObjects, "match[version]=2020-01-02T03:04:05.123456789Z"},
		{Query{Versions: []string{" Last "}}, clientQueryDelete, "match[version]=last"},
		{Query{Types: []string{"x-custom_type"}, SpecVersions: []string{"2.1"}}, clientQueryObjects, "match[type]=x-custom_type&match[spec_version]=2.1"},
	} {
		got, err := clientEncodeQuery(tc.q, tc.allowed)
		if err != nil || got != tc.want {
			t.Errorf("clientEncodeQuery(%+v) = %q, %v; want %q", tc.q, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		q       Query
		allowed clientQueryParams
	}{
		{Query{Limit: -1}, clientQueryObjects},
		{Query{Versions: []string{"newest"}}, clientQueryObjects},
		{Query{IDs: []string{"a,b"}}, clientQueryObjects},
		{Query{Types: []string{""}}, clientQueryObjects},
		{Query{Types: []string{"indicator"}}, clientQueryObject},
		{Query{IDs: []string{"x"}}, clientQueryVersions},
		{Query{Versions: []string{"all"}}, clientQueryVersions},
		{Query{Limit: 1}, clientQueryDelete},
	} {
		if got, err := clientEncodeQuery(tc.q, tc.allowed); err == nil {
			t.Errorf("clientEncodeQuery(%+v) = %q, want an error", tc.q, got)
		}
	}
}

func TestClientTimes(t *testing.T) {
	for in, want := range map[string]string{
		"2016-01-01T01:01:01Z":                "2016-01-01T01:01:01.000000Z",
		"2016-01-01T01:01:01.1Z":              "2016-01-01T01:01:01.100000Z",
		"2016-01-01T01:01:01.123Z":            "2016-01-01T01:01:01.123000Z",
		"2016-01-01T01:01:01.123456Z":         "2016-01-01T01:01:01.123456Z",
		"2016-01-01T01:01:01.1234567Z":        "2016-01-01T01:01:01.123456700Z",
		"2016-01-01T01:01:01.123456789123Z":   "2016-01-01T01:01:01.123456789Z",
		"2016-01-01t01:01:01.5z":              "2016-01-01T01:01:01.500000Z",
		"2016-01-01 01:01:01.5Z":              "2016-01-01T01:01:01.500000Z",
		"2016-01-01T03:01:01.5+02:00":         "2016-01-01T01:01:01.500000Z",
		"2016-01-01T01:01:01.5":               "2016-01-01T01:01:01.500000Z",
		" 2016-01-01T01:01:01.000001Z ":       "2016-01-01T01:01:01.000001Z",
		"2015-12-31T23:01:01.000000000-02:00": "2016-01-01T01:01:01.000000Z",
	} {
		got, err := clientParseTime(in)
		if err != nil || clientFormatTime(got) != want {
			t.Errorf("clientParseTime(%q) = %s, %v; want %s", in, clientFormatTime(got), err, want)
		}
	}
	for _, in := range []string{"", "2016-01-01", "yesterday", "2016-13-01T00:00:00Z", "1451610061"} {
		if got, err := clientParseTime(in); err == nil {
			t.Errorf("clientParseTime(%q) = %v, want an error", in, got)
		}
	}
	if got := clientFormatMicro(time.Date(2016, 1, 1, 0, 0, 0, 999, time.UTC)); got != "2016-01-01T00:00:00.000000Z" {
		t.Errorf("clientFormatMicro = %s", got)
	}

	var ts struct {
		A, B, C Timestamp
		D       Timestamp `json:",omitzero"`
	}
	if err := json.Unmarshal([]byte(`{"A":"2016-01-01T01:01:01.5Z","B":null,"C":""}`), &ts); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(ts)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"A":"2016-01-01T01:01:01.500000Z","B":"0001-01-01T00:00:00.000000Z","C":"0001-01-01T00:00:00.000000Z"}`; string(out) != want {
		t.Errorf("Timestamp JSON = %s, want %s", out, want)
	}
	if err := json.Unmarshal([]byte(`{"A":12}`), &ts); err == nil {
		t.Error("a number as a timestamp: no error")
	}
}

func TestClientRetryAfter(t *testing.T) {
	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"0":                             0,
		" 120 ":                         2 * time.Minute,
		"Fri, 01 Mar 2024 12:00:30 GMT": 30 * time.Second,
		"Fri, 01 Mar 2024 11:00:00 GMT": 0,
		"99999999999999999999":          -1,
		"-5":                            -1,
		"soon":                          -1,
		"":                              -1,
	} {
		d, ok := clientRetryAfter(in, now)
		if (want < 0) != !ok || (ok && d != want) {
			t.Errorf("clientRetryAfter(%q) = %v, %v; want %v", in, d, ok, want)
		}
	}
}

func TestClientResponseLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clientWriteTAXII(w, 200, []byte(`{"title":"`+strings.Repeat("x", 5000)+`"}`))
	}))
	defer srv.Close()
	c, _ := clientTestClient(t, srv.URL, ClientMaxResponseBytes(1000))
	if _, err := c.Discovery(context.Background()); err == nil || !strings.Contains(err.Error(), "larger than 1000 bytes") {
		t.Errorf("err = %v", err)
	}
}

func FuzzClientContentType(f *testing.F) {
	for _, s := range []string{MediaType, "application/taxii+json; version=\"2.1\"", "text/html", ";;=;", "application/taxii+json;version"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ct string) {
		if clientIsTAXII21(ct) && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(ct)), "application/taxii+json") {
			t.Errorf("accepted %q", ct)
		}
	})
}

func FuzzClientTimestamp(f *testing.F) {
	for _, s := range []string{"2016-01-01T01:01:01Z", "2016-01-01t01:01:01.1234567891z", "2016-01-01 01:01:01+05:30", "0000-01-01T00:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := clientParseTime(s)
		if err != nil || tm.Year() < 0 || tm.Year() > 9999 {
			return
		}
		out := clientFormatTime(tm)
		back, err := clientParseTime(out)
		if err != nil || !back.Equal(tm) || clientFormatTime(back) != out {
			t.Errorf("%q -> %s -> %v, %v", s, out, back, err)
		}
	})
}

func FuzzClientEnvelope(f *testing.F) {
	for _, name := range []string{"envelope.json", "discovery.json", "collections.json"} {
		f.Add(clientReadFile(f, name))
	}
	f.Add([]byte(`{"more":true,"next":12,"objects":[{"a":2.50}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var e Envelope
		if json.Unmarshal(data, &e) != nil {
			return
		}
		for i, o := range e.Objects {
			if !bytes.Contains(data, o) {
				t.Errorf("objects[%d] = %s is not a slice of the input", i, o)
			}
		}
		var m ErrorMessage
		_ = json.Unmarshal(data, &m)
	})
}
