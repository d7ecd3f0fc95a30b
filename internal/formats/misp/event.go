package misp

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/google/uuid"
)

// Limits that keep one hostile event from growing the converter's memory
// beyond the per-attribute state it needs.
const (
	maxEventTags       = 10_000  // event-level tags and galaxy clusters
	maxShared          = 100_000 // distinct galaxies and identities per event
	maxEventSightings  = 1 << 20 // event-level Sighting entries
	maxSightingsPerKey = 1 << 30
	maxValueLen        = 1 << 19 // a pattern must stay under 1 MiB
	seenSCOLimit       = 65_536  // observables remembered (most recent) to avoid writing one twice
)

// maxReportRefs bounds the object_refs of one report (a STIX object must
// stay under stix.MaxObjectSize); beyond, the refs go to groupings the
// report refers to. A variable for tests.
var maxReportRefs = 1_000_000

// PathError is a fault in a MISP event at a JSON path such as
// "Event.Attribute[12].type". The unit is rejected.
type PathError struct {
	Path string
	Err  error
	// fatal: the JSON itself is broken, so the input cannot be read past
	// this point.
	fatal bool
}

func (e *PathError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *PathError) Unwrap() error { return e.Err }

func pathErr(path string, format string, args ...any) error {
	return &PathError{Path: path, Err: fmt.Errorf(format, args...)}
}

// ref is a compact STIX id for the report's object_refs: 17 bytes, so an
// event of a million objects holds 17 MB of ids, not 70.
type ref struct {
	typ uint8
	u   uuid.UUID
}

// prim records the primary STIX object of a MISP attribute or object, to
// resolve object references and event-level sightings at the end.
type prim struct {
	key   uuid.UUID
	typ   uint8
	level tlp
	dist  int8
}

type pendingRel struct {
	id, relType, src, comment, path string
	srcShare                        share
	target                          uuid.UUID
	ts                              time.Time
}

type sightKey struct {
	target uuid.UUID
	org    string
}

type sightAgg struct {
	org         org
	count       int64
	first, last time.Time
	source      string
}

// conv converts one MISP event.
type conv struct {
	ctx  context.Context
	imp  *Importer
	bw   *codec.BundleWriter
	rep  *Report
	path string // "Event", "response[2].Event"

	// Event context.
	uuid, info         string
	date, ts, pubTS    time.Time
	hasDate, hasTS     bool
	published          bool
	threatLvl, analyss string
	dist               int
	sg                 sharingGroup
	orgc               org
	hasOrgc            bool
	tagTLP             tlp
	labels             []string
	evGals             []galaxyRef
	nTags              int
	seen               map[string]bool

	begun      bool
	evShare    share
	identityID string
	reportID   string
	reportType string

	types   []string
	typeIdx map[string]uint8
	refs    []ref
	prims   []prim
	shared  map[string]bool
	scoSeen map[ref]struct{} // the last seenSCOLimit observables written
	scoRing []ref            // the same, oldest at scoHead once full
	scoHead int
	pending []pendingRel
	evSight []sighting

	attrSpool, objSpool spool
	timeStr             map[int64]string // formatted timestamps
	nAttr, nObj         int
	buf                 []byte
	stack               []byte // open JSON containers of the input, the event's included
}

func newConv(ctx context.Context, imp *Importer, bw *codec.BundleWriter, rep *Report, path string) *conv {
	mem := imp.SpoolMemory
	if mem <= 0 {
		mem = 8 << 20
	}
	c := &conv{
		ctx: ctx, imp: imp, bw: bw, rep: rep, path: path,
		dist:    distUnknown,
		seen:    map[string]bool{},
		typeIdx: map[string]uint8{},
		shared:  map[string]bool{},
		scoSeen: map[ref]struct{}{},
	}
	c.attrSpool = spool{dir: imp.TempDir, memLimit: mem}
	c.objSpool = spool{dir: imp.TempDir, memLimit: mem}
	return c
}

func (c *conv) close() {
	c.attrSpool.close()
	c.objSpool.close()
}

// ready reports whether everything attributes depend on has been read, so
// that they can be converted as they stream by instead of being spooled.
func (c *conv) ready() bool {
	for _, k := range [...]string{"uuid", "timestamp", "Orgc", "Tag", "distribution", "published"} {
		if !c.seen[k] {
			return false
		}
	}
	return c.dist != distGroup || c.seen["SharingGroup"]
}

func (c *conv) setScalar(key, s string) error {
	p := c.path + "." + key
	switch key {
	case "uuid":
		c.uuid = strings.TrimSpace(s)
	case "info":
		c.info = s
	case "date":
		if s == "" {
			return nil
		}
		d, err := parseDate(s)
		if err != nil {
			return pathErr(p, "%q: %v", s, err)
		}
		c.date, c.hasDate = d, true
	case "timestamp", "publish_timestamp":
		if s == "" || key == "publish_timestamp" && s == "0" {
			return nil
		}
		t, err := parseTimestamp(s)
		if err != nil {
			return pathErr(p, "%q: %v", s, err)
		}
		if key == "timestamp" {
			c.ts, c.hasTS = t, true
		} else {
			c.pubTS = t
		}
	case "threat_level_id":
		c.threatLvl = s
	case "analysis":
		c.analyss = s
	case "distribution":
		d, ok := parseDist(s, true)
		if !ok {
			return pathErr(p, "%q is not a distribution level of an event (0 to 4)", s)
		}
		c.dist = d
	}
	return nil
}

// eventTags takes event-level tags and galaxies.
func (c *conv) eventTags(tags []tag, gals []galaxy, path string) error {
	level, tagGals, labels := splitTags(tags)
	if c.begun && level > c.evShare.level {
		// A second Tag list after objects were written with the event's
		// marking: they would be wider than the event says.
		return pathErr(path, "a TLP tag more restrictive than the event's marking comes after the attributes (a second Tag list)")
	}
	c.tagTLP = maxTLP(c.tagTLP, level)
	all := append(tagGals, clusters(gals)...)
	c.nTags += len(labels) + len(all)
	if c.nTags > maxEventTags {
		c.rep.skip(path, "more than %d event tags and galaxy clusters", maxEventTags)
		return nil
	}
	for _, l := range labels {
		if !containsStr(c.labels, l) {
			c.labels = append(c.labels, l)
		}
	}
	c.evGals = append(c.evGals, all...)
	if c.begun {
		// Late event galaxies (the Galaxy array after the attributes):
		// written now, with the event's sharing.
		for _, g := range all {
			if _, _, err := c.galaxyObject(g, c.evShare); err != nil {
				return err
			}
		}
	}
	return nil
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// --- converting --------------------------------------------------------------

// begin checks the event's own fields and writes what everything else
// refers to: the creator's identity and the event's galaxies.
func (c *conv) begin() error {
	if c.begun {
		return nil
	}
	c.begun = true
	if c.uuid == "" {
		return pathErr(c.path+".uuid", "missing: every MISP event has a uuid")
	}
	if !c.hasTS {
		if !c.hasDate {
			return pathErr(c.path+".timestamp", "missing (and no date either)")
		}
		c.ts, c.hasTS = c.date, true
	}
	c.rep.Event = c.uuid
	c.evShare = share{dist: c.dist, sgUUID: string(c.sg.UUID), sgName: string(c.sg.Name)}
	if c.dist != distGroup {
		c.evShare.sgUUID, c.evShare.sgName = "", ""
	}
	c.evShare.level = c.tagTLP
	if c.tagTLP == tlpNone && c.dist >= 0 {
		c.evShare.level = distTLP[c.dist]
	}
	c.reportType = "grouping"
	if c.published {
		c.reportType = "report"
	}
	c.reportID = primaryID(c.reportType, c.uuid)
	if c.hasOrgc {
		id, err := c.identity(c.orgc, c.evShare)
		if err != nil {
			return err
		}
		c.identityID = id
	}
	c.evGals = mergeGalaxies(c.evGals)
	for _, g := range c.evGals {
		if _, _, err := c.galaxyObject(g, c.evShare); err != nil {
			return err
		}
	}
	return nil
}

// finish converts what was spooled, then writes what needed everything:
// resolved references, event-level sightings, relationships between the
// event's galaxies, and the report.
func (c *conv) finish() error {
	if err := c.begin(); err != nil {
		return err
	}
	if err := c.replay(&c.attrSpool, c.attributeRaw); err != nil {
		return err
	}
	if err := c.replay(&c.objSpool, c.objectRaw); err != nil {
		return err
	}
	sort.Slice(c.prims, func(i, j int) bool { return bytes.Compare(c.prims[i].key[:], c.prims[j].key[:]) < 0 })
	if err := c.resolvePending(); err != nil {
		return err
	}
	if err := c.eventSightings(); err != nil {
		return err
	}
	if err := c.galaxyRelations(); err != nil {
		return err
	}
	return c.report()
}

func (c *conv) replay(sp *spool, conv func(raw []byte, i int) error) error {
	i := 0
	err := sp.each(func(rec []byte) error {
		if i&1023 == 0 {
			if err := c.ctx.Err(); err != nil {
				return err
			}
		}
		i++
		return conv(rec, i-1)
	})
	sp.close()
	return err
}

// write appends one object to the bundle and records its id.
func (c *conv) write(typ, id string, raw []byte) error {
	if err := c.bw.Object(raw); err != nil {
		return errAbort{err}
	}
	c.rep.emitted(typ)
	c.addRef(id)
	return nil
}

// errAbort is a failure to write the bundle (its reader went away): the
// conversion stops without further reporting.
type errAbort struct{ err error }

func (e errAbort) Error() string { return e.err.Error() }
func (e errAbort) Unwrap() error { return e.err }

func (c *conv) typeIndex(typ string) uint8 {
	if i, ok := c.typeIdx[typ]; ok {
		return i
	}
	if len(c.types) == 255 {
		panic("misp: more than 255 STIX types") // cannot happen: the types are this package's
	}
	i := uint8(len(c.types))
	c.types = append(c.types, typ)
	c.typeIdx[typ] = i
	return i
}

func (c *conv) addRef(id string) {
	sep := strings.LastIndex(id, "--")
	u, err := uuid.Parse(id[sep+2:])
	if err != nil {
		return
	}
	c.refs = append(c.refs, ref{typ: c.typeIndex(id[:sep]), u: u})
}

func (c *conv) addPrim(id string, sh share) {
	sep := strings.LastIndex(id, "--")
	u, err := uuid.Parse(id[sep+2:])
	if err != nil {
		return
	}
	c.prims = append(c.prims, prim{key: u, typ: c.typeIndex(id[:sep]), level: sh.level, dist: int8(sh.dist)})
}

func (c *conv) lookup(key uuid.UUID) (prim, bool) {
	i := sort.Search(len(c.prims), func(i int) bool { return bytes.Compare(c.prims[i].key[:], key[:]) >= 0 })
	if i < len(c.prims) && c.prims[i].key == key {
		return c.prims[i], true
	}
	return prim{}, false
}

// sdo starts a domain object with the common properties.
func (c *conv) sdo(typ, id string, created, modified time.Time, createdBy bool) *objw {
	if modified.Before(created) {
		modified = created
	}
	o := newObj(c.buf[:0])
	o.str("type", typ)
	o.str("spec_version", "2.1")
	o.str("id", id)
	if createdBy && c.identityID != "" {
		o.str("created_by_ref", c.identityID)
	}
	o.str("created", c.stime(created))
	o.str("modified", c.stime(modified))
	return o
}

// tail ends an object with labels, revocation, marking and the MISP
// sharing properties.
func (c *conv) tail(o *objw, labels []string, revoked bool, sh share, mispProps bool) []byte {
	o.strs("labels", labels)
	if revoked {
		o.bool("revoked", true)
	}
	if sh.level != tlpNone {
		o.strs("object_marking_refs", []string{sh.level.id()})
	}
	if mispProps {
		if sh.dist >= 0 {
			o.int("x_misp_distribution", int64(sh.dist))
		}
		if sh.dist == distGroup {
			o.strNE("x_misp_sharing_group_uuid", sh.sgUUID)
			o.strNE("x_misp_sharing_group_name", sh.sgName)
		}
	}
	c.buf = o.done()
	return c.buf
}

// writeSCO writes an observable with the element's marking, once per event
// (as far as memory allows).
func (c *conv) writeSCO(s *sco, sh share) error {
	// Deterministic UUIDs do not depend on the type: the key has both.
	k := ref{typ: c.typeIndex(s.typ)}
	copy(k.u[:], uuidBytes(s.id[len(s.typ)+2:]))
	if _, dup := c.scoSeen[k]; dup {
		return nil
	}
	if len(c.scoRing) < seenSCOLimit {
		c.scoRing = append(c.scoRing, k)
	} else {
		delete(c.scoSeen, c.scoRing[c.scoHead])
		c.scoRing[c.scoHead] = k
		c.scoHead = (c.scoHead + 1) % seenSCOLimit
	}
	c.scoSeen[k] = struct{}{}
	o := newObj(c.buf[:0])
	o.str("type", s.typ)
	o.str("spec_version", "2.1")
	o.str("id", s.id)
	for _, p := range s.props {
		o.jv(p.k, p.v)
	}
	if sh.level != tlpNone {
		o.strs("object_marking_refs", []string{sh.level.id()})
	}
	c.buf = o.done()
	return c.write(s.typ, s.id, c.buf)
}

// uuidBytes parses a canonical UUID (zero on error).
func uuidBytes(s string) []byte {
	u, _ := uuid.Parse(s)
	return u[:]
}

// identity writes an organisation's identity once per event.
func (c *conv) identity(o org, sh share) (string, error) {
	var id string
	name := strings.TrimSpace(string(o.Name))
	switch {
	case o.UUID != "":
		id = primaryID("identity", string(o.UUID))
	case name != "":
		id = derivedID("identity", "org-name", name)
	default:
		return "", nil
	}
	if c.shared[id] {
		return id, nil
	}
	if len(c.shared) >= maxShared {
		c.rep.skip(c.path, "more than %d organisations and galaxies", maxShared)
		return "", nil
	}
	c.shared[id] = true
	if name == "" {
		name = "MISP organisation " + string(o.UUID)
	}
	w := c.sdo("identity", id, c.ts, c.ts, false)
	w.str("name", name)
	w.str("identity_class", "organization")
	return id, c.write("identity", id, c.tail(w, nil, false, sh, false))
}

// galaxyObject writes a galaxy cluster's STIX object once per event, with
// the sharing of its first occurrence (the event's for event galaxies,
// which come first and are the least restrictive).
func (c *conv) galaxyObject(g galaxyRef, sh share) (id, typ string, err error) {
	typ = galaxyTypes[g.gtype]
	if typ == "" {
		return "", "", nil
	}
	id = derivedID(typ, "galaxy", g.gtype, g.value)
	if c.shared[id] {
		return id, typ, nil
	}
	if len(c.shared) >= maxShared {
		c.rep.skip(c.path, "more than %d organisations and galaxies", maxShared)
		return "", "", nil
	}
	c.shared[id] = true
	name, extID := g.value, ""
	if typ == "attack-pattern" || strings.HasPrefix(g.gtype, "mitre-") {
		name, extID = attackID(g, typ)
	}
	w := c.sdo(typ, id, c.ts, c.ts, false)
	w.str("name", name)
	w.strNE("description", g.desc)
	switch typ {
	case "malware":
		w.bool("is_family", true)
	}
	if typ != "course-of-action" {
		var aliases []string
		for _, s := range g.synonyms {
			if s != "" && s != name && !containsStr(aliases, s) {
				aliases = append(aliases, s)
			}
		}
		w.strs("aliases", aliases)
	}
	var refs []jv
	if extID != "" {
		refs = append(refs, jobj(kv{"source_name", jstr("mitre-attack")}, kv{"external_id", jstr(extID)}, kv{"url", jstr(attackURL(extID))}))
	}
	for _, e := range g.extIDs {
		if strings.HasPrefix(e, "CAPEC-") && allDigits(e[6:]) {
			refs = append(refs, jobj(kv{"source_name", jstr("capec")}, kv{"external_id", jstr(e)}))
		}
	}
	if len(refs) > 0 {
		w.jv("external_references", jarr(refs...))
	}
	w.str("x_misp_galaxy_type", g.gtype)
	w.str("x_misp_galaxy_value", g.value)
	return id, typ, c.write(typ, id, c.tail(w, nil, false, share{level: sh.level, dist: distUnknown}, false))
}

// relationship writes one relationship.
func (c *conv) relationship(id, relType, src, dst string, ts time.Time, sh share, desc string) error {
	w := c.sdo("relationship", id, ts, ts, true)
	w.str("relationship_type", relType)
	w.strNE("description", desc)
	w.str("source_ref", src)
	w.str("target_ref", dst)
	return c.write("relationship", id, c.tail(w, nil, false, sh, true))
}

// linkGalaxies writes the galaxies of an element and its relationships to
// them.
func (c *conv) linkGalaxies(src, srcType string, gals []galaxyRef, ts time.Time, sh share) error {
	for _, g := range gals {
		gid, gtyp, err := c.galaxyObject(g, sh)
		if err != nil || gid == "" {
			return err
		}
		relType, reverse := galaxyRelation(srcType, gtyp)
		from, to := src, gid
		if reverse {
			from, to = gid, src
		}
		if err := c.relationship(derivedID("relationship", from, relType, to), relType, from, to, ts, sh, ""); err != nil {
			return err
		}
	}
	return nil
}

// galaxyRelations links the event's actors to its malware, tools and
// attack patterns ("uses"), as far as 1,000 pairs.
func (c *conv) galaxyRelations() error {
	var actors, used []string
	for _, g := range c.evGals {
		typ := galaxyTypes[g.gtype]
		id := derivedID(typ, "galaxy", g.gtype, g.value)
		if !c.shared[id] {
			continue
		}
		switch typ {
		case "threat-actor", "intrusion-set":
			if !containsStr(actors, id) {
				actors = append(actors, id)
			}
		case "malware", "tool", "attack-pattern":
			if !containsStr(used, id) {
				used = append(used, id)
			}
		}
	}
	if len(actors)*len(used) > 1000 {
		c.rep.skip(c.path+".Galaxy", "%d actors × %d malware, tools and attack patterns: too many to relate", len(actors), len(used))
		return nil
	}
	for _, a := range actors {
		for _, u := range used {
			id := derivedID("relationship", a, "uses", u)
			if err := c.relationship(id, "uses", a, u, c.ts, c.evShare, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// --- attributes --------------------------------------------------------------

// elemInfo is what an attribute or object contributes to its STIX object.
type elemInfo struct {
	path      string
	uuid      string
	ts        time.Time
	first     time.Time
	last      time.Time
	sh        share
	labels    []string
	gals      []galaxyRef
	sightings []sighting
	comment   string
	category  string
	deleted   bool
}

// elemShare resolves the sharing of an element from its distribution,
// sharing group and TLP tags.
func (c *conv) elemShare(path, distStr string, sg sharingGroup, tagLevel tlp) (share, error) {
	d, ok := parseDist(distStr, false)
	if !ok {
		return share{}, pathErr(path+".distribution", "%q is not a distribution level (0 to 5)", distStr)
	}
	own := share{dist: d}
	if d == distGroup {
		own.sgUUID, own.sgName = string(sg.UUID), string(sg.Name)
	}
	return resolveShare(c.evShare, own, c.tagTLP, tagLevel), nil
}

func (c *conv) times(path string, tsStr, first, last mstr) (ts, f, l time.Time, err error) {
	ts = c.ts
	if tsStr != "" {
		if ts, err = parseTimestamp(string(tsStr)); err != nil {
			return ts, f, l, pathErr(path+".timestamp", "%q: %v", tsStr, err)
		}
	}
	if first != "" {
		if f, err = parseTimestamp(string(first)); err != nil {
			return ts, f, l, pathErr(path+".first_seen", "%q: %v", first, err)
		}
	}
	if last != "" {
		if l, err = parseTimestamp(string(last)); err != nil {
			return ts, f, l, pathErr(path+".last_seen", "%q: %v", last, err)
		}
	}
	return ts, f, l, nil
}

func (c *conv) attributeRaw(raw []byte, i int) error {
	path := fmt.Sprintf("%s.Attribute[%d]", c.path, i)
	var a attribute
	if err := parseAttribute(raw, &a); err != nil {
		return c.fault(path, err)
	}
	c.rep.Attributes++
	return c.attribute(&a, path, i)
}

// attribute converts one event-level attribute.
func (c *conv) attribute(a *attribute, path string, i int) error {
	if a.Type == nil || strings.TrimSpace(string(*a.Type)) == "" {
		return pathErr(path+".type", "missing")
	}
	if a.Value == nil {
		return pathErr(path+".value", "missing")
	}
	typ, value := strings.TrimSpace(string(*a.Type)), string(*a.Value)
	tagLevel, gals, labels := splitTags(a.Tag)
	sh, err := c.elemShare(path, string(a.Distribution), a.SharingGroup, tagLevel)
	if err != nil {
		return err
	}
	ts, first, last, err := c.times(path, a.Timestamp, a.FirstSeen, a.LastSeen)
	if err != nil {
		return err
	}
	u := strings.TrimSpace(string(a.UUID))
	if u == "" {
		u = derivedID("attribute", c.uuid, path)[len("attribute--"):]
	}
	e := elemInfo{
		path: path, uuid: u, ts: ts, first: first, last: last, sh: sh,
		labels: labels, gals: mergeGalaxies(clusters(a.Galaxy), gals), sightings: a.Sighting,
		comment: string(a.Comment), category: string(a.Category), deleted: bool(a.Deleted),
	}
	at, known := attrTypes[typ]
	if !known {
		c.rep.unknown(typ)
		return nil
	}
	if value == "" {
		c.rep.skip(path+".value", "empty value")
		return nil
	}
	if len(value) > maxValueLen {
		c.rep.skip(path+".value", "value of %d bytes is too long", len(value))
		return nil
	}
	switch at.kind {
	case kindObservable:
		m, err := at.conv(value)
		if err != nil {
			c.rep.skip(path+".value", "%s %q: %v", typ, clip(value), err)
			return nil
		}
		_, err = c.observable(&e, typ, value, bool(a.ToIDs), m, "")
		return err
	case kindSignature:
		return c.signature(&e, typ, value, at.patternType)
	default:
		return c.namedSDO(&e, typ, value, at.kind)
	}
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "…"
	}
	return s
}

// observable writes an indicator (toIDs) or an observed-data with its
// observables, then the element's galaxies and sightings. objName is the
// MISP object template for objects ("" for attributes).
func (c *conv) observable(e *elemInfo, typ, value string, toIDs bool, m mapped, objName string) (string, error) {
	if !toIDs && len(m.scos) == 0 {
		why := m.scoErr
		if why == "" {
			why = "no observable to write"
		}
		c.rep.skip(e.path, "not an indicator (to_ids is false) and %s", why)
		return "", nil
	}
	var id, stype string
	if toIDs {
		stype, id = "indicator", primaryID("indicator", e.uuid)
		validFrom := e.ts
		if !e.first.IsZero() {
			validFrom = e.first
		}
		w := c.sdo(stype, id, e.ts, e.ts, true)
		if name := m.name(); objName == "" && len(name) <= 256 {
			w.str("name", name)
		}
		w.strNE("description", e.comment)
		w.str("pattern", buildPattern(m.cmps))
		w.str("pattern_type", "stix")
		w.str("pattern_version", "2.1")
		w.str("valid_from", c.stime(validFrom))
		if !e.last.IsZero() && e.last.After(validFrom) {
			w.str("valid_until", c.stime(e.last))
		}
		c.mispProps(w, typ, e.category, objName)
		if err := c.write(stype, id, c.tail(w, e.labels, e.deleted, e.sh, true)); err != nil {
			return "", err
		}
	} else {
		stype, id = "observed-data", primaryID("observed-data", e.uuid)
		refs := make([]string, len(m.scos))
		for i, s := range m.scos {
			refs[i] = s.id
			if err := c.writeSCO(s, e.sh); err != nil {
				return "", err
			}
		}
		first, last := e.ts, e.ts
		if !e.first.IsZero() {
			first, last = e.first, e.first
		}
		if !e.last.IsZero() && !e.last.Before(first) {
			last = e.last
		}
		w := c.sdo(stype, id, e.ts, e.ts, true)
		w.str("first_observed", c.stime(first))
		w.str("last_observed", c.stime(last))
		w.int("number_observed", 1)
		w.strs("object_refs", refs)
		w.strNE("x_misp_comment", e.comment)
		c.mispProps(w, typ, e.category, objName)
		if err := c.write(stype, id, c.tail(w, e.labels, e.deleted, e.sh, true)); err != nil {
			return "", err
		}
	}
	return id, c.after(e, id, stype)
}

func (c *conv) mispProps(w *objw, typ, category, objName string) {
	if objName != "" {
		w.str("x_misp_object_name", objName)
		w.strNE("x_misp_meta_category", category)
		return
	}
	w.str("x_misp_type", typ)
	w.strNE("x_misp_category", category)
}

// after records the primary object and writes the element's galaxies and
// sightings.
func (c *conv) after(e *elemInfo, id, stype string) error {
	c.addPrim(id, e.sh)
	if err := c.linkGalaxies(id, stype, e.gals, e.ts, e.sh); err != nil {
		return err
	}
	if len(e.sightings) == 0 || e.deleted {
		return nil
	}
	aggs := map[string]*sightAgg{}
	var order []string
	for j, s := range e.sightings {
		p := fmt.Sprintf("%s.Sighting[%d]", e.path, j)
		if err := c.addSighting(aggs, &order, s, p); err != nil {
			return err
		}
	}
	for _, k := range order {
		if err := c.writeSighting(id, k, aggs[k], e.sh); err != nil {
			return err
		}
	}
	return nil
}

func orgKey(o org) string {
	switch {
	case o.UUID != "":
		return strings.ToLower(strings.TrimSpace(string(o.UUID)))
	case o.Name != "":
		return "name:" + string(o.Name)
	}
	return "anonymous"
}

func (c *conv) addSighting(aggs map[string]*sightAgg, order *[]string, s sighting, path string) error {
	switch strings.TrimSpace(string(s.Type)) {
	case "", "0", "3":
	case "1":
		c.rep.skip(path, "false-positive sighting (not converted)")
		return nil
	default:
		c.rep.skip(path, "sighting of type %q (not converted)", s.Type)
		return nil
	}
	t, err := parseTimestamp(string(s.DateSighting))
	if err != nil {
		return pathErr(path+".date_sighting", "%q: %v", s.DateSighting, err)
	}
	k := orgKey(s.Organisation)
	a := aggs[k]
	if a == nil {
		a = &sightAgg{org: s.Organisation, first: t, last: t}
		aggs[k] = a
		*order = append(*order, k)
	}
	if a.count < maxSightingsPerKey {
		a.count++
	}
	if t.Before(a.first) {
		a.first = t
	}
	if t.After(a.last) {
		a.last = t
	}
	if a.source == "" {
		a.source = string(s.Source)
	}
	return nil
}

// writeSighting writes the sightings of one element by one organisation as
// one sighting with a count: re-importing more sightings later makes a new
// version of it.
func (c *conv) writeSighting(target, orgK string, a *sightAgg, sh share) error {
	id := derivedID("sighting", target, orgK)
	var where string
	if orgK != "anonymous" {
		var err error
		if where, err = c.identity(a.org, sh); err != nil {
			return err
		}
	}
	w := c.sdo("sighting", id, a.first, a.last, false)
	if where != "" {
		w.str("created_by_ref", where)
	}
	w.strNE("description", a.source)
	w.str("first_seen", c.stime(a.first))
	w.str("last_seen", c.stime(a.last))
	w.int("count", a.count)
	w.str("sighting_of_ref", target)
	if where != "" {
		w.strs("where_sighted_refs", []string{where})
	}
	return c.write("sighting", id, c.tail(w, nil, false, sh, true))
}

// eventSightings converts the event-level Sighting list, whose entries
// name their attribute by uuid.
func (c *conv) eventSightings() error {
	if len(c.evSight) == 0 {
		return nil
	}
	aggs := map[sightKey]*sightAgg{}
	var order []sightKey
	for j, s := range c.evSight {
		p := fmt.Sprintf("%s.Sighting[%d]", c.path, j)
		key := primaryKey(string(s.AttributeUUID))
		if _, ok := c.lookup(key); !ok || s.AttributeUUID == "" {
			c.rep.skip(p, "sighting of %q, which is not an attribute converted from this event", s.AttributeUUID)
			continue
		}
		one := map[string]*sightAgg{}
		var o []string
		if err := c.addSighting(one, &o, s, p); err != nil {
			return err
		}
		for _, k := range o {
			sk := sightKey{key, k}
			if a := aggs[sk]; a != nil {
				a.count++
				if one[k].first.Before(a.first) {
					a.first = one[k].first
				}
				if one[k].last.After(a.last) {
					a.last = one[k].last
				}
			} else {
				aggs[sk] = one[k]
				order = append(order, sk)
			}
		}
	}
	for _, sk := range order {
		p, _ := c.lookup(sk.target)
		target := c.types[p.typ] + "--" + sk.target.String()
		if err := c.writeSighting(target, sk.org, aggs[sk], share{level: p.level, dist: int(p.dist)}); err != nil {
			return err
		}
	}
	return nil
}

func (c *conv) signature(e *elemInfo, typ, value, patternType string) error {
	id := primaryID("indicator", e.uuid)
	w := c.sdo("indicator", id, e.ts, e.ts, true)
	w.strNE("description", e.comment)
	w.str("pattern", value)
	w.str("pattern_type", patternType)
	validFrom := e.ts
	if !e.first.IsZero() {
		validFrom = e.first
	}
	w.str("valid_from", c.stime(validFrom))
	if !e.last.IsZero() && e.last.After(validFrom) {
		w.str("valid_until", c.stime(e.last))
	}
	c.mispProps(w, typ, e.category, "")
	if err := c.write("indicator", id, c.tail(w, e.labels, e.deleted, e.sh, true)); err != nil {
		return err
	}
	return c.after(e, id, "indicator")
}

// namedSDO writes the attribute types that are not observables:
// vulnerabilities, threat actors, campaigns and notes.
func (c *conv) namedSDO(e *elemInfo, typ, value string, kind attrKind) error {
	var stype string
	switch kind {
	case kindVulnerability:
		stype = "vulnerability"
	case kindThreatActor:
		stype = "threat-actor"
	case kindCampaign:
		stype = "campaign"
	default:
		stype = "note"
	}
	id := primaryID(stype, e.uuid)
	w := c.sdo(stype, id, e.ts, e.ts, true)
	if stype == "note" {
		w.strNE("abstract", e.comment)
		w.str("content", value)
		w.strs("object_refs", []string{c.reportID})
	} else {
		w.str("name", value)
		w.strNE("description", e.comment)
		if cve := strings.ToUpper(strings.TrimSpace(value)); stype == "vulnerability" && validCVE(cve) {
			w.jv("external_references", jarr(jobj(kv{"source_name", jstr("cve")}, kv{"external_id", jstr(cve)})))
		}
	}
	c.mispProps(w, typ, e.category, "")
	if err := c.write(stype, id, c.tail(w, e.labels, e.deleted, e.sh, true)); err != nil {
		return err
	}
	return c.after(e, id, stype)
}

// --- references and the report --------------------------------------------

func (c *conv) resolvePending() error {
	for _, p := range c.pending {
		t, ok := c.lookup(p.target)
		if !ok {
			c.rep.skip(p.path, "reference to %s, which is not an attribute or object converted from this event", p.target)
			continue
		}
		sh := p.srcShare
		sh.level = maxTLP(sh.level, t.level)
		dst := c.types[t.typ] + "--" + p.target.String()
		if err := c.relationship(p.id, p.relType, p.src, dst, p.ts, sh, p.comment); err != nil {
			return err
		}
	}
	c.pending = nil
	return nil
}

// report writes the event's report (published events) or grouping, last,
// referring to every object written. Ids are de-duplicated and sorted.
func (c *conv) report() error {
	sort.Slice(c.refs, func(i, j int) bool {
		a, b := c.refs[i], c.refs[j]
		if a.typ != b.typ {
			return c.types[a.typ] < c.types[b.typ]
		}
		return bytes.Compare(a.u[:], b.u[:]) < 0
	})
	refs := c.refs[:0]
	for i, r := range c.refs {
		if i == 0 || r != c.refs[i-1] {
			refs = append(refs, r)
		}
	}
	c.refs = refs
	if len(refs) == 0 {
		id := primaryID("note", c.uuid)
		w := c.sdo("note", id, c.ts, c.ts, true)
		w.str("content", "This MISP event is empty.")
		w.strs("object_refs", []string{c.reportID})
		if err := c.write("note", id, c.tail(w, nil, false, c.evShare, false)); err != nil {
			return err
		}
		refs = c.refs
	}
	if len(refs) > maxReportRefs {
		// Too many for one object: groupings of maxReportRefs each.
		var parts []ref
		for k := 0; k*maxReportRefs < len(refs); k++ {
			chunk := refs[k*maxReportRefs : min((k+1)*maxReportRefs, len(refs))]
			id := derivedID("grouping", c.uuid, "part", strconv.Itoa(k+1))
			w := c.sdo("grouping", id, c.created(), c.ts, true)
			w.str("name", fmt.Sprintf("%s (part %d)", c.name(), k+1))
			w.str("context", "suspicious-activity")
			w.int("x_misp_part", int64(k+1))
			w.key("object_refs")
			w.b = c.appendRefs(w.b, chunk)
			if err := c.bw.Object(c.tail(w, nil, false, c.evShare, true)); err != nil {
				return errAbort{err}
			}
			c.rep.emitted("grouping")
			u, _ := uuid.Parse(idUUID(id))
			parts = append(parts, ref{typ: c.typeIndex("grouping"), u: u})
		}
		refs = parts
	}
	longest := 0
	for _, t := range c.types {
		longest = max(longest, len(t))
	}
	if need := len(refs)*(longest+41) + 64<<10; cap(c.buf) < need {
		c.buf = make([]byte, 0, need)
	}
	w := c.sdo(c.reportType, c.reportID, c.created(), c.ts, true)
	w.str("name", c.name())
	if c.reportType == "report" {
		pub := c.pubTS
		if pub.IsZero() {
			pub = c.ts
		}
		w.str("published", c.stime(pub))
		w.strs("report_types", []string{"threat-report"})
	} else {
		w.str("context", "suspicious-activity")
	}
	w.key("object_refs")
	w.b = c.appendRefs(w.b, refs)
	if c.threatLvl != "" {
		w.str("x_misp_threat_level_id", c.threatLvl)
	}
	if c.analyss != "" {
		w.str("x_misp_analysis", c.analyss)
	}
	if err := c.bw.Object(c.tail(w, c.labels, false, c.evShare, true)); err != nil {
		return errAbort{err}
	}
	c.rep.emitted(c.reportType)
	return nil
}

func (c *conv) appendRefs(b []byte, refs []ref) []byte {
	b = append(b, '[')
	for i, r := range refs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, c.types[r.typ]...)
		b = append(b, '-', '-')
		var s [36]byte
		encodeUUID(s[:], r.u)
		b = append(b, s[:]...)
		b = append(b, '"')
	}
	return append(b, ']')
}

func encodeUUID(dst []byte, u uuid.UUID) {
	const hex = "0123456789abcdef"
	j := 0
	for i, x := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			dst[j] = '-'
			j++
		}
		dst[j], dst[j+1] = hex[x>>4], hex[x&0xf]
		j += 2
	}
}

func (c *conv) name() string {
	if strings.TrimSpace(c.info) != "" {
		return c.info
	}
	return "MISP event " + c.uuid
}

// created is the event's date when it precedes its timestamp.
func (c *conv) created() time.Time {
	if c.hasDate && c.date.Before(c.ts) {
		return c.date
	}
	return c.ts
}

// stime formats a STIX timestamp; attributes of one event share a few
// timestamps, so the strings are cached (up to 4,096 of them).
func (c *conv) stime(t time.Time) string {
	k := t.UnixNano()
	if s, ok := c.timeStr[k]; ok {
		return s
	}
	if c.timeStr == nil || len(c.timeStr) >= 4096 {
		c.timeStr = make(map[int64]string, 64)
	}
	s := stixTime(t)
	c.timeStr[k] = s
	return s
}
