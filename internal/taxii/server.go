package taxii

// The server side (files server*.go) serves Fusion's store as one TAXII 2.1
// API root: discovery, the API root, collections, objects, manifests,
// versions, status resources, POSTed envelopes and DELETE. Every read is the
// store's, filtered for the authenticated viewer inside the query; the
// server never decodes a stored object, it writes the bytes the store holds.
// It must never answer a request that carries no authenticated viewer, nor
// reveal that a collection exists to an organisation that may neither read
// nor write it.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/audit"
	"github.com/fusion-cti/fusion/internal/bus"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/warninglist"
)

// Media types the server speaks.
const (
	srvMediaType     = "application/taxii+json;version=2.1"
	srvSTIXMediaType = "application/stix+json;version=2.1"
)

// Defaults of ServerConfig.
const (
	DefaultAPIRoot          = "fusion"
	DefaultMaxContentLength = 100 << 20
	DefaultPageLimit        = 1000
	MaxPageLimit            = store.MaxLimit
)

// Backend is what the TAXII server needs from storage. *sqlstore.DB
// implements it.
type Backend interface {
	// Store holds the objects. The server lists through it (List, Get) and
	// ingests POSTed envelopes through intel, which needs a whole
	// store.Store.
	store.Store

	// Collections lists every collection (the server filters them per
	// viewer with CanRead and CanWrite).
	Collections(ctx context.Context) ([]store.Collection, error)
	// Collection returns the collection whose UUID or name is key, or an
	// error wrapping store.ErrNotFound.
	Collection(ctx context.Context, key string) (store.Collection, error)
	// RemoveFromCollection takes the versions of id that sel selects, among
	// those v sees in collection coll, out of the collection (the store
	// keeps them) and returns how many it removed; none is an error
	// wrapping store.ErrNotFound.
	RemoveFromCollection(ctx context.Context, v access.Viewer, coll int64, id string, sel store.Versions) (int, error)

	// OrgByID returns an organisation (its name is the provenance of what
	// it posts, its TLP level labels what it posts unmarked).
	OrgByID(ctx context.Context, id int64) (access.Org, error)
	// Groups lists the sharing groups, whose marking definitions label
	// posted objects.
	Groups(ctx context.Context) ([]access.Group, error)

	// Audit appends an entry to the audit log: the server records each
	// new bulk read (objects, manifest) as the REST API does.
	Audit(ctx context.Context, r audit.Record) error

	// PutStatus stores a status resource of organisation org under id,
	// replacing the one stored under the same id.
	PutStatus(ctx context.Context, id string, org int64, created time.Time, body []byte) error
	// StatusByID returns the organisation and the body of a stored status
	// resource, or an error wrapping store.ErrNotFound.
	StatusByID(ctx context.Context, id string) (org int64, body []byte, err error)
}

// ServerConfig configures a Server. Only Backend is required.
type ServerConfig struct {
	Backend Backend
	// Bus, when set, is told of every POST that stored something (the
	// live stream follows it).
	Bus bus.Bus
	// Warnings flags POSTed objects whose values are on these warning
	// lists (nil: none).
	Warnings *warninglist.Set
	// Logger receives server errors (nil: discard).
	Logger *slog.Logger
	// Title, Description and Contact describe the server in the discovery
	// and API root resources.
	Title       string
	Description string
	Contact     string
	// APIRoot names the one API root, served at /taxii2/{APIRoot}/
	// (DefaultAPIRoot when empty).
	APIRoot string
	// MaxContentLength bounds a POSTed body, in bytes
	// (DefaultMaxContentLength when 0).
	MaxContentLength int64
	// DefaultLimit is the page size without a limit parameter
	// (DefaultPageLimit when 0); MaxLimit caps the limit parameter
	// (MaxPageLimit when 0, and never more).
	DefaultLimit int
	MaxLimit     int
}

// Server is a TAXII 2.1 server: an http.Handler for the paths under
// /taxii2/. Mount it behind authentication (access.Authenticator.Require
// with Refuse as the refusal): every request must carry a viewer
// (access.FromContext).
type Server struct {
	b          Backend
	in         *intel.Ingester
	warnings   *warninglist.Set
	pageSlots  chan struct{} // two per core: see writeEnvelope
	log        *slog.Logger
	title      string
	desc       string
	contact    string
	rootName   string
	rootPath   string // "/taxii2/{rootName}/"
	maxContent int64
	defLimit   int
	maxLimit   int
	now        func() time.Time
}

// NewServer returns a TAXII server over cfg.Backend.
func NewServer(cfg ServerConfig) (*Server, error) {
	if cfg.Backend == nil {
		return nil, errors.New("taxii server: no backend")
	}
	s := &Server{
		b:          cfg.Backend,
		in:         &intel.Ingester{Store: cfg.Backend, Bus: cfg.Bus},
		warnings:   cfg.Warnings,
		pageSlots:  make(chan struct{}, 2*runtime.GOMAXPROCS(0)),
		log:        cfg.Logger,
		title:      cfg.Title,
		desc:       cfg.Description,
		contact:    cfg.Contact,
		rootName:   cfg.APIRoot,
		maxContent: cfg.MaxContentLength,
		defLimit:   cfg.DefaultLimit,
		maxLimit:   cfg.MaxLimit,
		now:        time.Now,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.log = s.log.With("component", "taxii")
	if s.title == "" {
		s.title = "Fusion"
	}
	if s.rootName == "" {
		s.rootName = DefaultAPIRoot
	}
	if strings.ContainsAny(s.rootName, "/?#%") || s.rootName == "." || s.rootName == ".." {
		return nil, fmt.Errorf("taxii server: API root %q: use one path segment, such as %q", s.rootName, DefaultAPIRoot)
	}
	s.rootPath = "/taxii2/" + s.rootName + "/"
	if s.maxContent <= 0 {
		s.maxContent = DefaultMaxContentLength
	}
	if s.maxLimit <= 0 || s.maxLimit > MaxPageLimit {
		s.maxLimit = MaxPageLimit
	}
	if s.defLimit <= 0 {
		s.defLimit = DefaultPageLimit
	}
	s.defLimit = min(s.defLimit, s.maxLimit)
	return s, nil
}

// srvError is a TAXII error message to answer with.
type srvError struct {
	code  int
	title string
	desc  string
}

func (e *srvError) Error() string { return e.title + ": " + e.desc }

// srvErrorf returns an error answered with code and a description.
func srvErrorf(code int, format string, args ...any) error {
	return &srvError{code: code, title: http.StatusText(code), desc: fmt.Sprintf(format, args...)}
}

// srvEndpoint names what a path addresses.
type srvEndpoint int

const (
	srvDiscovery srvEndpoint = iota
	srvAPIRoot
	srvCollections
	srvCollection
	srvObjects
	srvObject
	srvVersions
	srvManifest
	srvStatus
)

// srvRoute is a parsed request path.
type srvRoute struct {
	ep     srvEndpoint
	coll   string // collection id (or alias)
	object string // object id
	status string // status id
}

// allow returns the methods the endpoint accepts, for Allow.
func (rt srvRoute) allow() string {
	switch rt.ep {
	case srvObjects:
		return "GET, HEAD, POST"
	case srvObject:
		return "GET, HEAD, DELETE"
	}
	return "GET, HEAD"
}

// allows reports whether the endpoint accepts method.
func (rt srvRoute) allows(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead:
		return true
	case http.MethodPost:
		return rt.ep == srvObjects
	case http.MethodDelete:
		return rt.ep == srvObject
	}
	return false
}

// route parses a request path.
func (s *Server) route(path string) (srvRoute, error) {
	rest, ok := strings.CutPrefix(path, "/taxii2/")
	if !ok {
		return srvRoute{}, srvErrorf(http.StatusNotFound, "%s is not a TAXII path: discovery is at /taxii2/", path)
	}
	if rest == "" {
		return srvRoute{ep: srvDiscovery}, nil
	}
	if !strings.HasSuffix(rest, "/") {
		return srvRoute{}, srvErrorf(http.StatusNotFound, "%s: no such resource (TAXII paths end in '/': try %s/)", path, path)
	}
	parts := strings.Split(rest[:len(rest)-1], "/")
	for _, p := range parts {
		if p == "" {
			return srvRoute{}, srvErrorf(http.StatusNotFound, "%s: no such resource", path)
		}
	}
	if parts[0] != s.rootName {
		return srvRoute{}, srvErrorf(http.StatusNotFound, "API root %q not found (this server has %s)", parts[0], s.rootPath)
	}
	switch {
	case len(parts) == 1:
		return srvRoute{ep: srvAPIRoot}, nil
	case len(parts) == 2 && parts[1] == "collections":
		return srvRoute{ep: srvCollections}, nil
	case len(parts) == 3 && parts[1] == "status":
		return srvRoute{ep: srvStatus, status: parts[2]}, nil
	case len(parts) >= 3 && parts[1] == "collections":
		rt := srvRoute{coll: parts[2]}
		switch {
		case len(parts) == 3:
			rt.ep = srvCollection
			return rt, nil
		case len(parts) == 4 && parts[3] == "objects":
			rt.ep = srvObjects
			return rt, nil
		case len(parts) == 4 && parts[3] == "manifest":
			rt.ep = srvManifest
			return rt, nil
		case len(parts) == 5 && parts[3] == "objects":
			rt.ep, rt.object = srvObject, parts[4]
			return rt, nil
		case len(parts) == 6 && parts[3] == "objects" && parts[5] == "versions":
			rt.ep, rt.object = srvVersions, parts[4]
			return rt, nil
		}
	}
	return srvRoute{}, srvErrorf(http.StatusNotFound, "%s: no such resource", path)
}

// ServeHTTP serves a TAXII request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v, _, ok := access.FromContext(r.Context())
	if !ok {
		s.Refuse(w, r)
		return
	}
	if err := s.serve(w, r, v); err != nil {
		s.writeError(w, r, err)
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, v access.Viewer) error {
	rt, err := s.route(r.URL.Path)
	if err != nil {
		return err
	}
	if !rt.allows(r.Method) {
		w.Header().Set("Allow", rt.allow())
		return srvErrorf(http.StatusMethodNotAllowed, "%s is not allowed here (allowed: %s)", r.Method, rt.allow())
	}
	if !srvAcceptable(r.Header.Values("Accept")) {
		return srvErrorf(http.StatusNotAcceptable, "Accept %q does not allow %s, the only media type this server answers with", strings.Join(r.Header.Values("Accept"), ", "), srvMediaType)
	}
	ctx := r.Context()
	switch rt.ep {
	case srvDiscovery:
		return s.discovery(w)
	case srvAPIRoot:
		return s.apiRoot(w)
	case srvCollections:
		return s.collections(ctx, w, v)
	case srvStatus:
		return s.status(ctx, w, v, rt.status)
	}
	c, err := s.collection(ctx, v, rt.coll)
	if err != nil {
		return err
	}
	switch rt.ep {
	case srvCollection:
		return s.writeJSON(w, http.StatusOK, srvCollectionOf(c, v))
	case srvObjects:
		if r.Method == http.MethodPost {
			return s.addObjects(w, r, v, c)
		}
		return s.objects(w, r, v, c)
	case srvObject:
		if r.Method == http.MethodDelete {
			return s.deleteObject(w, r, v, c, rt.object)
		}
		return s.object(w, r, v, c, rt.object)
	case srvVersions:
		return s.versions(w, r, v, c, rt.object)
	case srvManifest:
		return s.manifest(w, r, v, c)
	}
	return srvErrorf(http.StatusNotFound, "%s: no such resource", r.URL.Path)
}

// collection returns the collection key names, when v may read or write
// it; any other is not found, so its existence is not revealed.
func (s *Server) collection(ctx context.Context, v access.Viewer, key string) (store.Collection, error) {
	c, err := s.b.Collection(ctx, key)
	if errors.Is(err, store.ErrNotFound) || err == nil && !c.CanRead(v) && !c.CanWrite(v) {
		return store.Collection{}, srvErrorf(http.StatusNotFound, "collection %s not found", key)
	}
	return c, err
}

// Refuse answers a request that is not authenticated: a TAXII error
// message with status 401 and the challenges in WWW-Authenticate. It is an
// access.Refusal.
func (s *Server) Refuse(w http.ResponseWriter, r *http.Request) {
	access.SetChallenge(w)
	s.writeError(w, r, srvErrorf(http.StatusUnauthorized, "authentication required: send Authorization: Bearer KEY, or HTTP Basic with the key as the password"))
}

// srvErrorMessage is the TAXII error message resource.
type srvErrorMessage struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	HTTPStatus  string `json:"http_status"`
}

// writeError answers with err as a TAXII error message. An error that is
// not a *srvError is logged and answered 500 without detail.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var se *srvError
	if !errors.As(err, &se) {
		if r.Context().Err() != nil {
			s.log.Debug("taxii request abandoned", "method", r.Method, "path", r.URL.Path, "err", err)
		} else {
			s.log.Error("taxii request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		se = &srvError{code: http.StatusInternalServerError, title: http.StatusText(http.StatusInternalServerError),
			desc: "the server could not complete the request; the error is in its log"}
	}
	s.writeJSON(w, se.code, srvErrorMessage{Title: se.title, Description: se.desc, HTTPStatus: strconv.Itoa(se.code)})
}

// writeJSON answers with v encoded as TAXII JSON.
func (s *Server) writeJSON(w http.ResponseWriter, code int, v any) error {
	b, err := srvMarshal(v)
	if err != nil {
		return err
	}
	return s.writeBody(w, code, b)
}

// writeBody answers with body, already TAXII JSON.
func (s *Server) writeBody(w http.ResponseWriter, code int, body []byte) error {
	h := w.Header()
	h.Set("Content-Type", srvMediaType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	_, err := w.Write(body)
	if err != nil {
		s.log.Debug("taxii response not written", "err", err)
	}
	return nil
}

// srvMarshal encodes v as compact JSON without HTML escaping.
func srvMarshal(v any) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}

// srvAcceptable reports whether Accept header values allow TAXII 2.1 JSON.
// No Accept (or an empty one) allows everything; otherwise the most specific media range
// that covers application/taxii+json;version=2.1 decides, by its q value:
// application/taxii+json;version=2.1, then application/taxii+json without
// a version (the latest version, 2.1 here), then application/*, then */*.
func srvAcceptable(values []string) bool {
	if strings.TrimSpace(strings.Join(values, "")) == "" {
		return true // no Accept, or an empty one
	}
	best, bestQ := 0, 0.0
	for _, v := range values {
		for rng := range strings.SplitSeq(v, ",") {
			rng = strings.TrimSpace(rng)
			if rng == "" {
				continue
			}
			mt, params, err := mime.ParseMediaType(rng)
			if err != nil {
				continue
			}
			rank := 0
			switch mt {
			case "*/*":
				rank = 1
			case "application/*":
				rank = 2
			case "application/taxii+json":
				switch ver, ok := params["version"]; {
				case !ok:
					rank = 3
				case ver == "2.1":
					rank = 4
				}
			}
			if rank == 0 || rank < best {
				continue
			}
			q, ok := srvQValue(params["q"])
			if !ok {
				continue
			}
			if rank > best || q > bestQ {
				best, bestQ = rank, q
			}
		}
	}
	return best > 0 && bestQ > 0
}

// srvQValue reads a q parameter (1 when absent).
func srvQValue(s string) (float64, bool) {
	if s == "" {
		return 1, true
	}
	q, err := strconv.ParseFloat(s, 64)
	return q, err == nil && q >= 0 && q <= 1
}

// srvIsTAXIIContent reports whether a request's Content-Type is TAXII 2.1
// JSON: application/taxii+json with version=2.1 (parameters in any order
// and case), or without a version, which names the latest version.
func srvIsTAXIIContent(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/taxii+json" {
		return false
	}
	ver, ok := params["version"]
	return !ok || ver == "2.1"
}
