// Package api is Fusion's REST/JSON API and the health and metrics
// endpoints. It turns HTTP requests into store queries and results into
// JSON; it must never reach around the store (no SQL, no files).
package api

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/bus"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/stix"
	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/warninglist"
)

// Server serves the API over a store.
type Server struct {
	store    Backend
	auth     *access.Authenticator
	bus      bus.Bus
	warnings *warninglist.Set
	log      *slog.Logger
	mux      *http.ServeMux
	routes   []string
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// New returns the API handler. Everything under /api/ needs a key that
// auth accepts, and every read is filtered for the caller's viewer; the
// health and metrics endpoints are open. The registry receives Fusion's
// metrics (and the Go runtime's); /metrics serves it.
func New(st Backend, auth *access.Authenticator, log *slog.Logger, reg *prometheus.Registry, opts ...Option) *Server {
	s := &Server{
		store: st,
		auth:  auth,
		log:   log.With("component", "api"),
		mux:   http.NewServeMux(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "fusion_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "fusion_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
		}, []string{"route"}),
	}
	reg.MustRegister(s.requests, s.latency, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "fusion_up", Help: "1 when the store answers."}, func() float64 {
		if st.Ping(nilContext()) != nil {
			return 0
		}
		return 1
	}))
	for _, o := range opts {
		o(s)
	}
	s.route("GET /healthz", s.healthz)
	s.route("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	s.route("GET /api/v1/objects", s.listObjects)
	s.route("GET /api/v1/objects/{id}", s.getObject)
	s.route("GET /api/v1/objects/{id}/related", s.related)
	s.route("GET /api/v1/search", s.search)
	s.route("GET /api/v1/stream", s.stream)
	s.route("GET /api/v1/openapi.json", s.openAPI)
	s.route("POST /api/v1/objects", s.postObjects)
	s.route("GET /api/v1/orgs", s.listOrgs)
	s.route("POST /api/v1/orgs", s.addOrg)
	s.route("GET /api/v1/keys", s.listKeys)
	s.route("POST /api/v1/keys", s.addKey)
	s.route("DELETE /api/v1/keys/{id}", s.revokeKey)
	s.route("GET /api/v1/groups", s.listGroups)
	s.route("POST /api/v1/groups", s.addGroup)
	s.route("GET /api/v1/collections", s.listCollections)
	s.route("POST /api/v1/collections", s.addCollection)
	return s
}

// Option configures a Server.
type Option func(*Server)

// WithWarnings flags POSTed objects whose values are on these warning
// lists.
func WithWarnings(w *warninglist.Set) Option { return func(s *Server) { s.warnings = w } }

// WithBus makes the live stream wake up on the bus's announcements instead
// of its heartbeat alone.
func WithBus(b bus.Bus) Option { return func(s *Server) { s.bus = b } }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Handle registers h under pattern behind authentication, with metrics:
// for APIs mounted next to this one (TAXII, the stream).
func (s *Server) Handle(pattern string, h http.Handler, refuse access.Refusal) {
	s.mux.Handle(pattern, s.measure(pattern, s.auth.Require(s.log, refuse, h)))
}

// route registers h under pattern with metrics; under /api/ it needs
// authentication.
func (s *Server) route(pattern string, h func(w http.ResponseWriter, r *http.Request) error) {
	var next http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
	if strings.Contains(pattern, " /api/") && !open[pattern] {
		next = s.auth.Require(s.log, s.refuse, next)
	}
	s.mux.Handle(pattern, s.measure(pattern, next))
	s.routes = append(s.routes, pattern)
}

// open lists the routes under /api/ that need no key.
var open = map[string]bool{"GET /api/v1/openapi.json": true}

// Routes lists the patterns this server's own handlers serve (for the
// OpenAPI test).
func (s *Server) Routes() []string { return slices.Clone(s.routes) }

//go:embed openapi.json
var openAPIDoc []byte

// openAPI: GET /api/v1/openapi.json — the OpenAPI 3 description of this API.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(openAPIDoc)
	return err
}

// refuse answers an unauthenticated API request.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request) {
	access.SetChallenge(w)
	writeJSON(w, http.StatusUnauthorized, errorJSON{"authentication required: send Authorization: Bearer KEY, or HTTP Basic with the key as password", http.StatusUnauthorized})
}

// viewer returns the authenticated caller's viewer.
func viewer(r *http.Request) access.Viewer {
	v, _, ok := access.FromContext(r.Context())
	if !ok {
		// Require puts one in every /api/ request: reaching here without
		// one is a routing bug, and it must not widen what is seen.
		panic("api: request without an authenticated viewer")
	}
	return v
}

func (s *Server) measure(pattern string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(rw, r)
		s.requests.WithLabelValues(pattern, strconv.Itoa(rw.code)).Inc()
		s.latency.WithLabelValues(pattern).Observe(time.Since(start).Seconds())
	})
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

// Unwrap lets http.ResponseController reach Flush.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// httpError is an error with the status to answer.
type httpError struct {
	code int
	msg  string
}

func (e httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return httpError{http.StatusBadRequest, sprintf(format, args...)}
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := http.StatusInternalServerError
	msg := "internal error"
	var he httpError
	switch {
	case errors.As(err, &he):
		code, msg = he.code, he.msg
	case errors.Is(err, store.ErrNotFound):
		code, msg = http.StatusNotFound, err.Error()
	default:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeJSON(w, code, errorJSON{msg, code})
}

// errorJSON is every API error's body.
type errorJSON struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

func writeJSON(w http.ResponseWriter, code int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.Ping(r.Context()); err != nil {
		s.log.Warn("store not ready", "err", err)
		return writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "store unavailable"})
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// objectsPage is the JSON of a list of objects.
type objectsPage struct {
	Objects []json.RawMessage `json:"objects"`
	More    bool              `json:"more,omitempty"`
	Next    string            `json:"next,omitempty"`
}

func rawObjects(items []store.Stored) []json.RawMessage {
	out := make([]json.RawMessage, len(items))
	for i, s := range items {
		out[i] = s.Raw
	}
	return out
}

func intParam(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > store.MaxLimit {
		return 0, badRequest("%s=%q: want an integer from 1 to %d", name, v, store.MaxLimit)
	}
	return n, nil
}

func listParam(r *http.Request, name string) []string {
	var out []string
	for _, v := range r.URL.Query()[name] {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// listObjects: GET /api/v1/objects?type=T&limit=N&added_after=TS&next=CURSOR
func (s *Server) listObjects(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", store.DefaultLimit)
	if err != nil {
		return err
	}
	f := store.Filter{Types: listParam(r, "type"), IDs: listParam(r, "id"), Limit: limit}
	if v := r.URL.Query().Get("added_after"); v != "" {
		if f.AddedAfter, err = stix.ParseTime(v); err != nil {
			return badRequest("added_after=%q: %v", v, err)
		}
	}
	if v := r.URL.Query().Get("next"); v != "" {
		us, err := strconv.ParseInt(v, 10, 64)
		if err != nil || us <= 0 {
			return badRequest("next=%q: not a cursor this server gave", v)
		}
		f.After = store.FromMicros(us)
	}
	if f.After.IsZero() {
		// A new read (not a next page): recorded once, however many pages follow.
		if err := s.auditRead(r, "read.bulk", "/api/v1/objects", r.URL.RawQuery); err != nil {
			return err
		}
	}
	page, err := s.store.List(r.Context(), viewer(r), f)
	if err != nil {
		return err
	}
	out := objectsPage{Objects: rawObjects(page.Items), More: page.More}
	if page.More {
		out.Next = strconv.FormatInt(store.Micros(page.Items[len(page.Items)-1].Added), 10)
	}
	return writeJSON(w, http.StatusOK, out)
}

// getObject: GET /api/v1/objects/{id}?version=all|first|last|TS
func (s *Server) getObject(w http.ResponseWriter, r *http.Request) error {
	sel, err := intel.ParseVersions(strings.Join(listParam(r, "version"), ","))
	if err != nil {
		return badRequest("version=%q: %v", r.URL.Query().Get("version"), err)
	}
	items, err := s.store.Get(r.Context(), viewer(r), r.PathValue("id"), sel)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, objectsPage{Objects: rawObjects(items)})
}

// edge is the JSON of one relationship edge.
type edge struct {
	From    string `json:"from"`
	To      string `json:"to"`
	Kind    string `json:"kind"`
	Via     string `json:"via"`
	ViaType string `json:"via_type"`
}

// related: GET /api/v1/objects/{id}/related
func (s *Server) related(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	edges, err := s.store.Related(r.Context(), viewer(r), id)
	if err != nil {
		return err
	}
	if len(edges) == 0 {
		if _, err := s.store.Get(r.Context(), viewer(r), id, store.Versions{}); err != nil {
			return err
		}
	}
	out := make([]edge, len(edges))
	for i, e := range edges {
		out[i] = edge{e.From, e.To, e.Kind, e.Via, e.ViaType}
	}
	corr, err := s.store.Correlate(r.Context(), viewer(r), id, store.MaxLimit)
	if err != nil {
		return err
	}
	type shared struct {
		Kind   string `json:"kind"`
		Value  string `json:"value"`
		Object string `json:"object"`
		Type   string `json:"type"`
	}
	sh := make([]shared, len(corr))
	for i, c := range corr {
		sh[i] = shared{c.Kind, c.Value, c.Object.ID, c.Object.Type}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"edges": out, "shared": sh})
}

// search: GET /api/v1/search?q=TEXT&type=T&limit=N
func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 20)
	if err != nil {
		return err
	}
	items, err := s.store.Search(r.Context(), viewer(r), store.Query{Text: r.URL.Query().Get("q"), Types: listParam(r, "type"), Limit: limit})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, objectsPage{Objects: rawObjects(items)})
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func nilContext() context.Context { return context.Background() }
