package api

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/stix"
)

// maxPost bounds a POSTed bundle; larger inputs go through TAXII pages or
// `fusion ingest`.
const maxPost = 100 << 20

type rejectionJSON struct {
	Index int    `json:"index"`
	ID    string `json:"id,omitempty"`
	Error string `json:"error"`
}

type ingestJSON struct {
	Read          int             `json:"read"`
	New           int             `json:"new"`
	NewVersions   int             `json:"new_versions"`
	Duplicates    int             `json:"duplicates"`
	Conflicts     []string        `json:"conflicts,omitempty"`
	Rejected      []rejectionJSON `json:"rejected,omitempty"`
	RejectedCount int             `json:"rejected_count"`
	Stored        bool            `json:"stored"`
	Error         string          `json:"error,omitempty"`
	Status        int             `json:"status,omitempty"` // with Error, as in every error body
}

// postObjects: POST /api/v1/objects?tlp=LEVEL&group=NAME&collection=ID&partial=true
// with a STIX bundle (or one object) as the body. The caller's organisation
// owns what it sends; tlp and group label objects that carry no marking
// (default: the organisation's TLP). Without partial the bundle is stored
// whole or not at all (422 with the rejections).
func (s *Server) postObjects(w http.ResponseWriter, r *http.Request) error {
	v, _ := caller(r)
	if !v.Role.CanWrite() {
		return forbidden("a %s key may not write; ask for a contributor key", v.Role)
	}
	ctx := r.Context()
	org, err := s.store.OrgByID(ctx, v.Org)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	opt := intel.Options{Source: org.Name, Defaults: access.Defaults{Owner: org.ID, TLP: org.TLP}, Warnings: s.warnings}
	if t := q.Get("tlp"); t != "" {
		if opt.Defaults.TLP, err = access.ParseTLP(t); err != nil {
			return badRequest("tlp: %v", err)
		}
	}
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return err
	}
	opt.Group = intel.GroupResolver(groups)
	if name := q.Get("group"); name != "" {
		for _, g := range groups {
			if g.Name == name {
				opt.Defaults.Groups = []int64{g.ID}
			}
		}
		if len(opt.Defaults.Groups) == 0 {
			return badRequest("group %q: no such sharing group", name)
		}
	}
	if key := q.Get("collection"); key != "" {
		c, err := s.store.Collection(ctx, key)
		if err != nil || !(c.CanRead(v) || c.CanWrite(v)) {
			return badRequest("collection %q: no such collection", key)
		}
		if !c.CanWrite(v) {
			return forbidden("collection %s: no write access", c.Name)
		}
		opt.Collection = c.ID
	}
	if p := q.Get("partial"); p != "" {
		if opt.Partial, err = strconv.ParseBool(p); err != nil {
			return badRequest("partial=%q: want true or false", p)
		}
	}
	body := http.MaxBytesReader(w, r.Body, maxPost)
	in := &intel.Ingester{Store: s.store, Bus: s.bus}
	res, err := in.Bundle(ctx, "POST /api/v1/objects", body, opt)
	out := ingestJSON{Read: res.Read, New: res.New, NewVersions: res.NewVersions, Duplicates: res.Duplicates, Conflicts: res.Conflicts, RejectedCount: res.RejectedCount, Stored: res.Stored}
	for _, rj := range res.Rejected {
		out.Rejected = append(out.Rejected, rejectionJSON{rj.Index, rj.ID, rj.Err.Error()})
	}
	var tooBig *http.MaxBytesError
	var syntax *stix.SyntaxError
	switch {
	case err == nil:
	case errors.As(err, &tooBig):
		return httpError{http.StatusRequestEntityTooLarge, sprintf("the body is larger than %d bytes; use TAXII or fusion ingest", maxPost)}
	case errors.Is(err, intel.ErrRejected):
		out.Error, out.Status = err.Error(), http.StatusUnprocessableEntity
		return writeJSON(w, http.StatusUnprocessableEntity, out)
	case errors.As(err, &syntax), errors.Is(err, stix.ErrNotObject):
		return badRequest("%v", err)
	default:
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
