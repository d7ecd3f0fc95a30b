package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/audit"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/store"
)

// Backend is what the API needs of the store: the intelligence, the
// directory of organisations, keys and groups, and the collections.
type Backend interface {
	store.Store
	access.Directory
	AddCollection(ctx context.Context, by access.Actor, c store.Collection) (store.Collection, error)
	Collections(ctx context.Context) ([]store.Collection, error)
	Collection(ctx context.Context, key string) (store.Collection, error)
	// Audit appends an entry for a read worth recording (bulk reads,
	// streams).
	Audit(ctx context.Context, r audit.Record) error
}

// auditRead records a bulk read or a stream. A read the log cannot record
// is refused: the log must hold every bulk read.
func (s *Server) auditRead(r *http.Request, action, target, detail string) error {
	_, a := caller(r)
	rec := audit.Record{Time: time.Now(), Actor: a.ID, Org: a.Org, Action: action, Target: target, Detail: detail, Remote: a.Remote}
	if err := s.store.Audit(r.Context(), rec); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

func forbidden(format string, args ...any) error {
	return httpError{http.StatusForbidden, sprintf(format, args...)}
}

// caller returns the viewer and actor of an authenticated request.
func caller(r *http.Request) (access.Viewer, access.Actor) {
	v, a, _ := access.FromContext(r.Context())
	return v, a
}

// requireCentreAdmin refuses anyone but an admin of the centre.
func requireCentreAdmin(v access.Viewer) error {
	if !v.Centre || !v.Role.CanAdmin() {
		return forbidden("only an admin of the centre may do this")
	}
	return nil
}

// decode reads a JSON request body into v, refusing unknown fields.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("request body: %v", err)
	}
	return nil
}

// conflictOrBad maps directory errors to HTTP statuses.
func directoryError(err error) error {
	switch {
	case errors.Is(err, access.ErrExists):
		return httpError{http.StatusConflict, err.Error()}
	case errors.Is(err, access.ErrNotFound):
		return httpError{http.StatusNotFound, err.Error()}
	}
	return err
}

type orgJSON struct {
	Name    string    `json:"name"`
	Kind    string    `json:"kind"`
	Country string    `json:"country,omitempty"`
	TLP     string    `json:"tlp"`
	Created time.Time `json:"created"`
}

func toOrgJSON(o access.Org) orgJSON {
	return orgJSON{o.Name, string(o.Kind), o.Country, o.TLP.String(), o.Created}
}

// listOrgs: GET /api/v1/orgs — every organisation of this Fusion.
func (s *Server) listOrgs(w http.ResponseWriter, r *http.Request) error {
	orgs, err := s.store.Orgs(r.Context())
	if err != nil {
		return err
	}
	out := make([]orgJSON, 0, len(orgs))
	for _, o := range orgs {
		out = append(out, toOrgJSON(o))
	}
	return writeJSON(w, http.StatusOK, map[string]any{"orgs": out})
}

// addOrg: POST /api/v1/orgs {"name", "kind", "country", "tlp"} (centre admin).
func (s *Server) addOrg(w http.ResponseWriter, r *http.Request) error {
	v, by := caller(r)
	if err := requireCentreAdmin(v); err != nil {
		return err
	}
	var in struct{ Name, Kind, Country, TLP string }
	if err := decode(r, &in); err != nil {
		return err
	}
	kind, err := access.ParseKind(in.Kind)
	if err != nil {
		return badRequest("kind: %v", err)
	}
	tlp := access.Amber
	if in.TLP != "" {
		if tlp, err = access.ParseTLP(in.TLP); err != nil {
			return badRequest("tlp: %v", err)
		}
	}
	o := access.Org{Name: in.Name, Kind: kind, Country: strings.ToUpper(in.Country), TLP: tlp}
	if err := o.Validate(); err != nil {
		return badRequest("%v", err)
	}
	o, err = s.store.AddOrg(r.Context(), by, o)
	if err != nil {
		return directoryError(err)
	}
	return writeJSON(w, http.StatusCreated, toOrgJSON(o))
}

type keyJSON struct {
	access.KeyInfo
	// Secret is set once, in the answer to the request that made the key.
	Secret string `json:"secret,omitempty"`
}

func (s *Server) toKeyJSON(ctx context.Context, k access.Key) keyJSON {
	org := ""
	if o, err := s.store.OrgByID(ctx, k.Org); err == nil {
		org = o.Name
	}
	return keyJSON{KeyInfo: k.Info(org, time.Now())}
}

// keyOrg returns the organisation whose keys v may manage by name: its
// own, or any for the centre's admins.
func (s *Server) keyOrg(ctx context.Context, v access.Viewer, name string) (access.Org, error) {
	if !v.Role.CanAdmin() {
		return access.Org{}, forbidden("only an admin may manage keys")
	}
	if name == "" {
		return s.store.OrgByID(ctx, v.Org)
	}
	o, err := s.store.OrgByName(ctx, name)
	if err != nil {
		return o, directoryError(err)
	}
	if o.ID != v.Org && !v.Centre {
		return o, forbidden("an admin manages the keys of its own organisation only")
	}
	return o, nil
}

// listKeys: GET /api/v1/keys?org=NAME (admins; the centre's for any org).
func (s *Server) listKeys(w http.ResponseWriter, r *http.Request) error {
	v, _ := caller(r)
	var org int64
	if name := r.URL.Query().Get("org"); name != "" || !v.Centre {
		o, err := s.keyOrg(r.Context(), v, name)
		if err != nil {
			return err
		}
		org = o.ID
	} else if !v.Role.CanAdmin() {
		return forbidden("only an admin may manage keys")
	}
	keys, err := s.store.Keys(r.Context(), org)
	if err != nil {
		return err
	}
	out := make([]keyJSON, 0, len(keys))
	for _, k := range keys {
		out = append(out, s.toKeyJSON(r.Context(), k))
	}
	return writeJSON(w, http.StatusOK, map[string]any{"keys": out})
}

// addKey: POST /api/v1/keys {"org", "role", "name", "expires"} → the key
// with its secret, shown this once.
func (s *Server) addKey(w http.ResponseWriter, r *http.Request) error {
	v, by := caller(r)
	var in struct{ Org, Role, Name, Expires string }
	if err := decode(r, &in); err != nil {
		return err
	}
	o, err := s.keyOrg(r.Context(), v, in.Org)
	if err != nil {
		return err
	}
	role, err := access.ParseRole(in.Role)
	if err != nil {
		return badRequest("role: %v", err)
	}
	var ttl time.Duration
	if in.Expires != "" {
		if ttl, err = time.ParseDuration(in.Expires); err != nil || ttl <= 0 {
			return badRequest("expires %q: want a positive Go duration such as 2160h", in.Expires)
		}
	}
	k, token, err := access.NewKey(o.ID, role, in.Name, time.Now(), ttl)
	if err != nil {
		return err
	}
	if err := s.store.AddKey(r.Context(), by, k); err != nil {
		return directoryError(err)
	}
	out := s.toKeyJSON(r.Context(), k)
	out.Secret = token
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusCreated, out)
}

// revokeKey: DELETE /api/v1/keys/{id}.
func (s *Server) revokeKey(w http.ResponseWriter, r *http.Request) error {
	v, by := caller(r)
	k, err := s.store.KeyByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return directoryError(err)
	}
	if !v.Role.CanAdmin() || (k.Org != v.Org && !v.Centre) {
		// Do not tell others' key ids from unknown ones.
		return httpError{http.StatusNotFound, fmt.Sprintf("key %s: not found", k.ID)}
	}
	if err := s.store.RevokeKey(r.Context(), by, k.ID, time.Now()); err != nil {
		return directoryError(err)
	}
	k, err = s.store.KeyByID(r.Context(), k.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.toKeyJSON(r.Context(), k))
}

type groupJSON struct {
	Name    string   `json:"name"`
	Marking string   `json:"marking"`
	Orgs    []string `json:"orgs"`
}

// listGroups: GET /api/v1/groups — the groups the caller belongs to (all
// for the centre).
func (s *Server) listGroups(w http.ResponseWriter, r *http.Request) error {
	v, _ := caller(r)
	groups, err := s.store.Groups(r.Context())
	if err != nil {
		return err
	}
	names, err := s.orgNames(r.Context())
	if err != nil {
		return err
	}
	out := []groupJSON{}
	for _, g := range groups {
		mine := false
		for _, o := range g.Orgs {
			mine = mine || o == v.Org
		}
		if !mine && !v.Centre {
			continue
		}
		gj := groupJSON{Name: g.Name, Marking: g.MarkingID(), Orgs: []string{}}
		for _, o := range g.Orgs {
			gj.Orgs = append(gj.Orgs, names[o])
		}
		out = append(out, gj)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"groups": out})
}

func (s *Server) orgNames(ctx context.Context) (map[int64]string, error) {
	orgs, err := s.store.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(orgs))
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	return names, nil
}

// orgIDs resolves organisation names.
func (s *Server) orgIDs(ctx context.Context, names []string) ([]int64, error) {
	var ids []int64
	for _, n := range names {
		o, err := s.store.OrgByName(ctx, n)
		if err != nil {
			return nil, badRequest("%v", err)
		}
		ids = append(ids, o.ID)
	}
	return ids, nil
}

// addGroup: POST /api/v1/groups {"name", "orgs": [...]} (centre admin).
func (s *Server) addGroup(w http.ResponseWriter, r *http.Request) error {
	v, by := caller(r)
	if err := requireCentreAdmin(v); err != nil {
		return err
	}
	var in struct {
		Name string
		Orgs []string
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Name == "" || len(in.Orgs) == 0 {
		return badRequest("a group needs a name and at least one organisation")
	}
	ids, err := s.orgIDs(r.Context(), in.Orgs)
	if err != nil {
		return err
	}
	g, err := s.store.AddGroup(r.Context(), by, access.Group{UUID: uuid.NewString(), Name: in.Name, Orgs: ids})
	if err != nil {
		return directoryError(err)
	}
	in2 := &intel.Ingester{Store: s.store, Bus: s.bus}
	if err := in2.StoreGroupMarking(r.Context(), g); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, groupJSON{Name: g.Name, Marking: g.MarkingID(), Orgs: in.Orgs})
}

type collectionJSON struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Read        []string `json:"read"`
	Write       []string `json:"write"`
	View        bool     `json:"view"`
	CanRead     bool     `json:"can_read"`
	CanWrite    bool     `json:"can_write"`
}

func (s *Server) toCollectionJSON(c store.Collection, v access.Viewer, names map[int64]string) collectionJSON {
	out := collectionJSON{ID: c.UUID, Name: c.Name, Description: c.Description, Read: []string{}, Write: []string{}, View: c.View, CanRead: c.CanRead(v), CanWrite: c.CanWrite(v)}
	if c.ReadAll {
		out.Read = []string{"all"}
	}
	for _, o := range c.Readers {
		out.Read = append(out.Read, names[o])
	}
	for _, o := range c.Writers {
		out.Write = append(out.Write, names[o])
	}
	return out
}

// listCollections: GET /api/v1/collections — those the caller may read or
// write.
func (s *Server) listCollections(w http.ResponseWriter, r *http.Request) error {
	v, _ := caller(r)
	cs, err := s.store.Collections(r.Context())
	if err != nil {
		return err
	}
	names, err := s.orgNames(r.Context())
	if err != nil {
		return err
	}
	out := []collectionJSON{}
	for _, c := range cs {
		if c.CanRead(v) || c.CanWrite(v) {
			out = append(out, s.toCollectionJSON(c, v, names))
		}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"collections": out})
}

// addCollection: POST /api/v1/collections {"name", "description", "read":
// ["all"] or names, "write": names, "view"} (centre admin).
func (s *Server) addCollection(w http.ResponseWriter, r *http.Request) error {
	v, by := caller(r)
	if err := requireCentreAdmin(v); err != nil {
		return err
	}
	var in struct {
		Name, Description string
		Read, Write       []string
		View              bool
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Name == "" {
		return badRequest("a collection needs a name")
	}
	if in.View && len(in.Write) > 0 {
		return badRequest("a view collection cannot be written to")
	}
	c := store.Collection{UUID: uuid.NewString(), Name: in.Name, Description: in.Description, View: in.View}
	if len(in.Read) == 1 && in.Read[0] == "all" {
		c.ReadAll = true
	} else {
		ids, err := s.orgIDs(r.Context(), in.Read)
		if err != nil {
			return err
		}
		c.Readers = ids
	}
	ids, err := s.orgIDs(r.Context(), in.Write)
	if err != nil {
		return err
	}
	c.Writers = ids
	c, err = s.store.AddCollection(r.Context(), by, c)
	if err != nil {
		return directoryError(err)
	}
	names, err := s.orgNames(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, s.toCollectionJSON(c, v, names))
}
