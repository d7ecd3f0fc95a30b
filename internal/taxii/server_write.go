package taxii

// This file serves the TAXII server's write endpoints: POST objects (an
// envelope, ingested as one partial bundle: each object stands alone) and
// DELETE object.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/stix"
	"github.com/fusion-cti/fusion/internal/store"
)

// srvStatusResource is the status resource (section 4.3.1).
type srvStatusResource struct {
	ID               string            `json:"id"`
	Status           string            `json:"status"`
	RequestTimestamp string            `json:"request_timestamp,omitempty"`
	TotalCount       int               `json:"total_count"`
	SuccessCount     int               `json:"success_count"`
	Successes        []srvStatusDetail `json:"successes,omitempty"`
	FailureCount     int               `json:"failure_count"`
	Failures         []srvStatusDetail `json:"failures,omitempty"`
	PendingCount     int               `json:"pending_count"`
}

// srvStatusDetail is one object's outcome (section 4.3.2).
type srvStatusDetail struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Message string `json:"message,omitempty"`
}

// srvOutcome is what ingest reported for one posted object.
type srvOutcome struct {
	index   int
	id      string
	version time.Time
	err     error
}

// srvSpan locates one element of the posted objects array.
type srvSpan struct{ start, end int }

// addObjects: POST {api-root}/collections/{id}/objects/
func (s *Server) addObjects(w http.ResponseWriter, r *http.Request, v access.Viewer, c store.Collection) error {
	ctx := r.Context()
	if !c.CanWrite(v) {
		return srvErrorf(http.StatusForbidden, "collection %s: your key may not add objects to it", c.UUID)
	}
	if ct := r.Header.Get("Content-Type"); !srvIsTAXIIContent(ct) {
		return srvErrorf(http.StatusUnsupportedMediaType, "Content-Type %q: send an envelope as %s", ct, srvMediaType)
	}
	if r.ContentLength > s.maxContent {
		return srvErrorf(http.StatusRequestEntityTooLarge, "the body is %d bytes; this API root takes at most %d (max_content_length)", r.ContentLength, s.maxContent)
	}
	requested := s.now().UTC()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxContent))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return srvErrorf(http.StatusRequestEntityTooLarge, "the body is larger than %d bytes (max_content_length)", s.maxContent)
		}
		return srvErrorf(http.StatusBadRequest, "reading the body: %v", err)
	}
	objects, spans, err := srvEnvelope(body)
	if err != nil {
		return err
	}

	st := srvStatusResource{ID: uuid.NewString(), Status: "complete", RequestTimestamp: string(srvAppendAdded(nil, requested))}
	var outs []srvOutcome
	var conflicts []string
	if len(spans) > 0 {
		opt, err := s.ingestOptions(ctx, v, c)
		if err != nil {
			return err
		}
		opt.Report = func(index int, id string, version time.Time, err error) {
			outs = append(outs, srvOutcome{index, id, store.FromMicros(store.Micros(version)), err})
		}
		head := `{"type":"bundle","id":"bundle--` + uuid.NewString() + `","objects":`
		rd := io.MultiReader(strings.NewReader(head), bytes.NewReader(objects), strings.NewReader("}"))
		// The name is the target of the audit entry.
		res, err := s.in.Bundle(ctx, "TAXII collection "+c.UUID+" (status "+st.ID+")", rd, opt)
		if err != nil {
			return fmt.Errorf("post to collection %s: %w", c.UUID, err)
		}
		conflicts = res.Conflicts
	}
	if err := s.fillStatus(ctx, v, c, &st, outs, conflicts, objects, spans); err != nil {
		return err
	}
	b, err := srvMarshal(st)
	if err != nil {
		return err
	}
	if err := s.b.PutStatus(ctx, st.ID, v.Org, requested, b); err != nil {
		// The objects are stored and the answer carries the whole status:
		// only a later GET of it will fail.
		s.log.Error("status not stored", "status", st.ID, "err", err)
	}
	return s.writeBody(w, http.StatusAccepted, b)
}

// srvEnvelope checks that body is a TAXII envelope and returns its objects
// array (nil when absent or empty) and where each element lies in it.
func srvEnvelope(body []byte) ([]byte, []srvSpan, error) {
	if !json.Valid(body) {
		return nil, nil, srvErrorf(http.StatusBadRequest, "the body is not a TAXII envelope: it is not well-formed JSON")
	}
	var objects []byte
	seen := false
	err := stix.Members(body, func(key string, value []byte) {
		if key == "objects" {
			objects, seen = value, true
		}
	})
	if err != nil {
		return nil, nil, srvErrorf(http.StatusBadRequest, "the body is not a TAXII envelope (a JSON object with an objects array): %v", err)
	}
	if !seen || string(objects) == "null" {
		return nil, nil, nil
	}
	if len(objects) == 0 || objects[0] != '[' {
		return nil, nil, srvErrorf(http.StatusBadRequest, "the envelope's objects is not an array")
	}
	// One pass over the array, decoding each element into the same buffer,
	// finds where the elements are (for messages about them later) without
	// keeping copies.
	dec := json.NewDecoder(bytes.NewReader(objects))
	if _, err := dec.Token(); err != nil {
		return nil, nil, srvErrorf(http.StatusBadRequest, "the envelope's objects: %v", err)
	}
	var spans []srvSpan
	var raw json.RawMessage
	for dec.More() {
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, srvErrorf(http.StatusBadRequest, "the envelope's objects[%d]: %v", len(spans), err)
		}
		end := int(dec.InputOffset())
		if len(raw) > stix.MaxObjectSize {
			return nil, nil, srvErrorf(http.StatusUnprocessableEntity, "objects[%d] is %d bytes; this server takes objects of at most %d bytes", len(spans), len(raw), stix.MaxObjectSize)
		}
		spans = append(spans, srvSpan{end - len(raw), end})
	}
	if len(spans) == 0 {
		return nil, nil, nil
	}
	return objects, spans, nil
}

// ingestOptions labels what v's organisation posts to collection c: its
// name as the source, its TLP level for unmarked objects, the sharing
// groups the markings name.
func (s *Server) ingestOptions(ctx context.Context, v access.Viewer, c store.Collection) (intel.Options, error) {
	org, err := s.b.OrgByID(ctx, v.Org)
	if err != nil {
		return intel.Options{}, fmt.Errorf("post to collection %s: %w", c.UUID, err)
	}
	groups, err := s.b.Groups(ctx)
	if err != nil {
		return intel.Options{}, fmt.Errorf("post to collection %s: %w", c.UUID, err)
	}
	return intel.Options{
		Source:     org.Name,
		Partial:    true,
		Defaults:   access.Defaults{Owner: org.ID, TLP: org.TLP},
		Collection: c.ID,
		Group:      intel.GroupResolver(groups),
		Warnings:   s.warnings,
	}, nil
}

// fillStatus turns ingest's outcomes into the status resource. An object
// reported as stored is a failure when its id is among the conflicts (the
// same id and version is stored with other content, which is kept); an
// exact duplicate is a success.
func (s *Server) fillStatus(ctx context.Context, v access.Viewer, c store.Collection, st *srvStatusResource, outs []srvOutcome, conflicts []string, objects []byte, spans []srvSpan) error {
	slices.SortFunc(outs, func(a, b srvOutcome) int { return a.index - b.index })
	raw := func(i int) []byte {
		if i < 0 || i >= len(spans) {
			return nil
		}
		return objects[spans[i].start:spans[i].end]
	}
	if len(conflicts) > 0 {
		if err := s.markConflicts(ctx, outs, conflicts, raw); err != nil {
			return err
		}
	}
	added, err := s.unversionedAdded(ctx, v, c, outs)
	if err != nil {
		return err
	}
	for _, o := range outs {
		d := srvStatusDetail{ID: o.id}
		if o.err != nil {
			d.Message = o.err.Error()
			if prefix := fmt.Sprintf("objects[%d]", o.index); !strings.HasPrefix(d.Message, prefix) {
				d.Message = prefix + ": " + d.Message
			}
			d.ID, d.Version = srvFailedIdentity(raw(o.index), o.id, st.RequestTimestamp)
			st.Failures = append(st.Failures, d)
			continue
		}
		switch t, ok := added[o.id]; {
		case !o.version.IsZero():
			d.Version = string(srvAppendTimestamp(nil, o.version))
		case ok:
			d.Version = string(srvAppendAdded(nil, t))
		default:
			d.Version = st.RequestTimestamp
		}
		st.Successes = append(st.Successes, d)
	}
	st.SuccessCount, st.FailureCount = len(st.Successes), len(st.Failures)
	st.TotalCount = st.SuccessCount + st.FailureCount + st.PendingCount
	return nil
}

// markConflicts turns into failures the reported successes whose id is in
// conflicts and whose content differs from the version stored.
func (s *Server) markConflicts(ctx context.Context, outs []srvOutcome, conflicts []string, raw func(int) []byte) error {
	conflicted := make(map[string]bool, len(conflicts))
	for _, id := range conflicts {
		conflicted[id] = true
	}
	stored := map[string][]store.Stored{}
	var compact bytes.Buffer
	for i := range outs {
		o := &outs[i]
		if o.err != nil || !conflicted[o.id] {
			continue
		}
		vs, ok := stored[o.id]
		if !ok {
			var err error
			vs, err = s.b.Get(ctx, access.Operator, o.id, store.Versions{All: true})
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("check conflicts of %s: %w", o.id, err)
			}
			stored[o.id] = vs
		}
		compact.Reset()
		if err := json.Compact(&compact, raw(o.index)); err != nil {
			continue
		}
		for _, sv := range vs {
			if store.Micros(sv.Version) == store.Micros(o.version) && !bytes.Equal(sv.Raw, compact.Bytes()) {
				o.err = errors.New("an object with this id and version but other content is already stored; it is kept (send a new version with a later modified)")
				break
			}
		}
	}
	return nil
}

// unversionedAdded returns the dates added to collection c of the stored
// objects without a version (SCOs), which name their one version.
func (s *Server) unversionedAdded(ctx context.Context, v access.Viewer, c store.Collection, outs []srvOutcome) (map[string]time.Time, error) {
	var ids []string
	for _, o := range outs {
		if o.err == nil && o.version.IsZero() && o.id != "" {
			ids = append(ids, o.id)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	added := make(map[string]time.Time, len(ids))
	for chunk := range slices.Chunk(ids, 500) {
		page, err := s.b.List(ctx, v, store.Filter{Collection: c.ID, IDs: chunk, Versions: store.Versions{All: true}, Limit: store.MaxLimit})
		if err != nil {
			return nil, fmt.Errorf("post to collection %s: %w", c.UUID, err)
		}
		for _, it := range page.Items {
			if it.Version.IsZero() {
				added[it.ID] = it.Added
			}
		}
	}
	return added, nil
}

// srvFailedIdentity returns the id and version to report for an object
// that was not stored: as the object gives them (its modified, else its
// created, as written), else reported, else the request's timestamp.
func srvFailedIdentity(raw []byte, reported, requested string) (id, version string) {
	id = reported
	var modified, created string
	stix.Members(raw, func(key string, value []byte) {
		switch key {
		case "id":
			if id == "" {
				id, _ = stix.String(value)
			}
		case "modified":
			modified, _ = stix.String(value)
		case "created":
			created, _ = stix.String(value)
		}
	})
	switch {
	case modified != "":
		version = modified
	case created != "":
		version = created
	default:
		version = requested
	}
	return id, version
}

// deleteObject: DELETE {api-root}/collections/{id}/objects/{object-id}/
// removes the selected versions (all by default) from the collection.
func (s *Server) deleteObject(w http.ResponseWriter, r *http.Request, v access.Viewer, c store.Collection, id string) error {
	if !c.CanWrite(v) || !c.CanRead(v) {
		return srvErrorf(http.StatusForbidden, "collection %s: your key may not delete from it (deleting needs both read and write access)", c.UUID)
	}
	f, err := s.filter(r, srvDeleteParams, store.Versions{All: true})
	if err != nil {
		return err
	}
	sel := f.Versions
	if len(f.SpecVersions) > 0 {
		// RemoveFromCollection selects by version alone: find the versions
		// the spec_version filter keeps first.
		f.IDs, f.Collection, f.Limit = []string{id}, c.ID, store.MaxLimit
		page, err := s.b.List(r.Context(), v, f)
		if err != nil {
			return err
		}
		if len(page.Items) == 0 {
			return srvErrorf(http.StatusNotFound, "object %s not found in collection %s", id, c.UUID)
		}
		sel = store.Versions{}
		for _, it := range page.Items {
			sel.At = append(sel.At, it.Version)
		}
	}
	if _, err := s.b.RemoveFromCollection(r.Context(), v, c.ID, id, sel); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return srvErrorf(http.StatusNotFound, "object %s not found in collection %s", id, c.UUID)
		}
		return err
	}
	return s.writeBody(w, http.StatusOK, []byte("{}"))
}
