package misp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/fusion-cti/fusion/internal/stix"
	"github.com/fusion-cti/fusion/internal/stix/pattern"
	"github.com/google/uuid"
)

// EventOptions configures ExportEvent.
type EventOptions struct {
	// UUID, Info, Date and Orgc describe the event when the input holds no
	// report or grouping (else they override nothing). UUID defaults to a
	// new random UUID, Info to "Fusion export", Date to today.
	UUID string
	Info string
	Date time.Time
	Orgc Org
	// Distribution is the event's when the report carries no
	// x_misp_distribution. Nil derives it from the event's TLP marking
	// (CLEAR and GREEN 3, AMBER 1, AMBER+STRICT and RED 0) and is 0 (your
	// organisation only) without one.
	Distribution *int
	// Tags are added to the event's tags.
	Tags []string
	// Window is how many attributes stay open for the relationships and
	// sightings that follow them (default 256); a relationship or sighting
	// that arrives later is reported through OnSkip. Observables are
	// remembered for the observed-data that refer to them up to
	// 2×seenSCOLimit.
	Window int
	// TempDir is where MISP objects wait until the attributes are written.
	TempDir string
	// OnSkip is told about every STIX object that is not exported, and why.
	OnSkip func(id, reason string)
}

// Org is a MISP organisation.
type Org struct {
	UUID, Name string
}

// xobj holds the properties of a STIX object that export reads.
type xobj struct {
	Type               string   `json:"type"`
	ID                 string   `json:"id"`
	Created            string   `json:"created"`
	Modified           string   `json:"modified"`
	Name               string   `json:"name"`
	Description        string   `json:"description"`
	Pattern            string   `json:"pattern"`
	PatternType        string   `json:"pattern_type"`
	ValidFrom          string   `json:"valid_from"`
	ValidUntil         string   `json:"valid_until"`
	FirstObserved      string   `json:"first_observed"`
	LastObserved       string   `json:"last_observed"`
	ObjectRefs         []string `json:"object_refs"`
	Labels             []string `json:"labels"`
	ObjectMarkingRefs  []string `json:"object_marking_refs"`
	Revoked            bool     `json:"revoked"`
	CreatedByRef       string   `json:"created_by_ref"`
	Published          string   `json:"published"`
	Content            string   `json:"content"`
	Abstract           string   `json:"abstract"`
	RelationshipType   string   `json:"relationship_type"`
	SourceRef          string   `json:"source_ref"`
	TargetRef          string   `json:"target_ref"`
	SightingOfRef      string   `json:"sighting_of_ref"`
	Count              *int64   `json:"count"`
	FirstSeen          string   `json:"first_seen"`
	LastSeen           string   `json:"last_seen"`
	WhereSightedRefs   []string `json:"where_sighted_refs"`
	ExternalReferences []struct {
		SourceName string `json:"source_name"`
		ExternalID string `json:"external_id"`
	} `json:"external_references"`
	Aliases       []string `json:"aliases"`
	XType         string   `json:"x_misp_type"`
	XCategory     string   `json:"x_misp_category"`
	XDistribution *int     `json:"x_misp_distribution"`
	XSGUUID       string   `json:"x_misp_sharing_group_uuid"`
	XSGName       string   `json:"x_misp_sharing_group_name"`
	XComment      string   `json:"x_misp_comment"`
	XObjectName   string   `json:"x_misp_object_name"`
	XMetaCategory string   `json:"x_misp_meta_category"`
	XGalaxyType   string   `json:"x_misp_galaxy_type"`
	XGalaxyValue  string   `json:"x_misp_galaxy_value"`
	XThreatLevel  string   `json:"x_misp_threat_level_id"`
	XAnalysis     string   `json:"x_misp_analysis"`
	XPart         int      `json:"x_misp_part"`
}

// xattr is a MISP attribute or object waiting in the export window.
type xattr struct {
	id, uuid              string
	isObj                 bool
	typ, category, value  string
	comment               string
	toIDs, deleted        bool
	ts                    time.Time
	first, last           string
	dist                  int
	sgUUID, sgName        string
	tags                  []string
	sightings             []byte // JSON array members
	nSight                int
	objName, metaCategory string
	objAttrs              []xObjAttr
	pendingGalaxies       []string
	galaxies              []*xgalaxy
}

type xgalaxy struct {
	tag, gtype, value, desc string
	synonyms, extIDs        []string
	attached, eventLevel    bool
}

type exporter struct {
	ctx   context.Context
	opt   EventOptions
	hooks exportHooks
	w     *bufio.Writer
	err   error

	nAttr    int
	win      []*xattr
	winIdx   map[string]*xattr
	objs     spool
	evSights spool
	objIDs   map[string]bool
	objRefs  map[string][]byte // object uuid → ObjectReference members

	scos     map[string]json.RawMessage // recent observables, parsed when used
	scoOrder []string
	scoUsed  map[string]bool
	odWait   map[string]*xobj // observed-data waiting for observables
	orgs     map[string]Org
	galaxies map[string]*xgalaxy
	galOrder []string

	report *xobj
}

// maxSightingEntries bounds the Sighting entries written for one aggregated
// STIX sighting (its count).
const maxSightingEntries = 10_000

// ExportEvent writes the STIX objects objs yields as one MISP event
// ({"Event": {…}}) to w: indicators with simple patterns and observed-data
// become attributes (to_ids true for indicators), composite ones MISP
// objects of the matching template; vulnerabilities, notes and the actors
// and campaigns that came from attributes become attributes; threat actors,
// intrusion sets, malware, tools, attack patterns and courses of action
// become galaxy tags (on the attribute a relationship links them to, else
// on the event); TLP markings become tlp: tags; sightings become the
// attribute's Sighting entries; relationships between MISP objects and
// attributes become ObjectReferences. The event's metadata come from the
// first report or grouping, else from opt.
//
// It streams: attributes are written as they leave a window of
// opt.Window; MISP objects wait in a spool (memory, then a temporary
// file) because MISP lists them after the attributes. Numbers are written
// as strings, flags as booleans, and only keys of MISP's event schema.
// What cannot be expressed is reported through opt.OnSkip.
func ExportEvent(ctx context.Context, w io.Writer, objs iter.Seq2[json.RawMessage, error], opt EventOptions) error {
	return exportEvent(ctx, w, objs, opt, exportHooks{})
}

// exportHooks let WriteFeed see the values and the metadata it needs for
// hashes.csv and manifest.json.
type exportHooks struct {
	value func(typ, value string)
	meta  func(feedMeta)
}

func exportEvent(ctx context.Context, w io.Writer, objs iter.Seq2[json.RawMessage, error], opt EventOptions, hooks exportHooks) error {
	if opt.Window <= 0 {
		opt.Window = 256
	}
	x := &exporter{
		ctx: ctx, opt: opt, hooks: hooks,
		w:        bufio.NewWriterSize(w, 64<<10),
		winIdx:   map[string]*xattr{},
		objs:     spool{dir: opt.TempDir, memLimit: 8 << 20},
		evSights: spool{dir: opt.TempDir, memLimit: 1 << 20},
		objIDs:   map[string]bool{},
		objRefs:  map[string][]byte{},
		scos:     map[string]json.RawMessage{},
		scoUsed:  map[string]bool{},
		odWait:   map[string]*xobj{},
		orgs:     map[string]Org{},
		galaxies: map[string]*xgalaxy{},
	}
	defer x.objs.close()
	defer x.evSights.close()
	x.put(`{"Event":{"Attribute":[`)
	n := 0
	for raw, err := range objs {
		if err != nil {
			return err
		}
		if n++; n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var o xobj
		if err := json.Unmarshal(raw, &o); err != nil {
			x.skip("", "not a JSON object: "+err.Error())
			continue
		}
		if err := x.object(&o, raw); err != nil {
			return err
		}
		if x.err != nil {
			return x.err
		}
	}
	return x.finish()
}

func (x *exporter) put(s string) {
	if x.err == nil {
		_, x.err = x.w.WriteString(s)
	}
}

func (x *exporter) putb(b []byte) {
	if x.err == nil {
		_, x.err = x.w.Write(b)
	}
}

func (x *exporter) skip(id, reason string) {
	if x.opt.OnSkip != nil {
		x.opt.OnSkip(id, reason)
	}
}

func (x *exporter) object(o *xobj, raw []byte) error {
	switch o.Type {
	case "report", "grouping":
		if o.XPart > 0 {
			return nil // a part of a large event's refs
		}
		if x.report == nil || x.report.Type == "grouping" && o.Type == "report" {
			x.report = o
		} else {
			x.skip(o.ID, "a second report: one MISP event per export")
		}
	case "identity":
		if len(x.orgs) < maxShared {
			x.orgs[o.ID] = Org{UUID: idUUID(o.ID), Name: o.Name}
		}
	case "indicator":
		return x.indicator(o)
	case "observed-data":
		return x.observedData(o)
	case "note":
		if o.XType == "" {
			x.skip(o.ID, "a note that did not come from a MISP attribute")
			return nil
		}
		return x.simple(o, o.XType, o.Content, o.Abstract, false)
	case "vulnerability":
		v := o.Name
		for _, r := range o.ExternalReferences {
			if r.SourceName == "cve" && r.ExternalID != "" && v == "" {
				v = r.ExternalID
			}
		}
		return x.simple(o, "vulnerability", v, o.Description, false)
	case "threat-actor", "campaign", "intrusion-set", "malware", "tool", "attack-pattern", "course-of-action":
		if o.XType != "" && o.XGalaxyType == "" {
			t := o.XType
			if o.Type == "campaign" {
				t = "campaign-name"
			}
			return x.simple(o, t, o.Name, o.Description, false)
		}
		x.galaxy(o)
	case "relationship":
		x.relationship(o)
	case "sighting":
		return x.sighting(o)
	case "marking-definition", "extension-definition", "language-content":
	default:
		if stix.Kind(o.Type) == stix.SCO || strings.HasPrefix(o.Type, "x-") && o.Created == "" {
			return x.observable(o.ID, raw)
		}
		x.skip(o.ID, "no MISP equivalent for "+o.Type)
	}
	return nil
}

// --- attributes ----------------------------------------------------------------

func (x *exporter) base(o *xobj) *xattr {
	a := &xattr{id: o.ID, uuid: idUUID(o.ID), category: o.XCategory, deleted: o.Revoked, dist: -1}
	if t, err := stix.ParseTime(o.Modified); err == nil {
		a.ts = t
	}
	if o.XDistribution != nil {
		a.dist = *o.XDistribution
		a.sgUUID, a.sgName = o.XSGUUID, o.XSGName
	}
	a.tags = append(a.tags, o.Labels...)
	for _, m := range o.ObjectMarkingRefs {
		if l, ok := tlpOfID(m); ok {
			a.tags = append(a.tags, "tlp:"+tlpNames[l])
		}
	}
	return a
}

func (x *exporter) simple(o *xobj, typ, value, comment string, toIDs bool) error {
	if value == "" {
		x.skip(o.ID, "no value")
		return nil
	}
	a := x.base(o)
	a.typ, a.value, a.comment, a.toIDs = typ, value, comment, toIDs
	if a.category == "" {
		a.category = defaultCategory(typ)
	}
	return x.add(a)
}

func (x *exporter) indicator(o *xobj) error {
	switch o.PatternType {
	case "yara", "snort", "sigma":
		a := x.base(o)
		a.typ, a.value, a.comment, a.toIDs = o.PatternType, o.Pattern, o.Description, true
		if a.category == "" {
			a.category = defaultCategory(a.typ)
		}
		x.seen(a, o.ValidFrom, o.ValidUntil)
		return x.add(a)
	case "stix":
	default:
		x.skip(o.ID, "pattern type "+o.PatternType+" has no MISP attribute type")
		return nil
	}
	cmps, err := patternCmps(o.Pattern)
	if err != nil {
		x.skip(o.ID, err.Error())
		return nil
	}
	a := x.base(o)
	a.comment, a.toIDs = o.Description, true
	x.seen(a, o.ValidFrom, o.ValidUntil)
	return x.fill(o, a, cmps)
}

// seen sets first_seen/last_seen from valid_from/valid_until or
// first/last_observed when they differ from the timestamp.
func (x *exporter) seen(a *xattr, from, until string) {
	f, err := stix.ParseTime(from)
	if err == nil && !f.Equal(a.ts) {
		a.first = mispTime(f)
	}
	if l, err := stix.ParseTime(until); err == nil && !l.Equal(f) {
		a.last = mispTime(l)
	}
}

func mispTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z07:00") }

// fill makes an attribute or an object of comparisons.
func (x *exporter) fill(o *xobj, a *xattr, cmps []xcmp) error {
	if o.XObjectName == "" {
		if typ, value, ok := attrOf(cmps, o.XType); ok {
			a.typ, a.value = typ, value
			if a.category == "" {
				a.category = defaultCategory(typ)
			}
			return x.add(a)
		}
	}
	t := templateFor(cmps, o.XObjectName)
	if t == "" {
		x.skip(o.ID, "no MISP attribute type or object template fits "+describe(cmps))
		return nil
	}
	a.isObj, a.objName, a.metaCategory = true, t, o.XMetaCategory
	a.objAttrs = objectAttrs(t, cmps)
	x.objIDs[a.id] = true
	return x.add(a)
}

func describe(cmps []xcmp) string {
	paths := make([]string, len(cmps))
	for i, c := range cmps {
		paths[i] = c.path
	}
	return strings.Join(paths, ", ")
}

// patternCmps reads a pattern of one observation whose comparisons are all
// "=" joined by AND.
func patternCmps(p string) ([]xcmp, error) {
	pat, err := pattern.Parse(p)
	if err != nil {
		return nil, fmt.Errorf("pattern: %w", err)
	}
	obs, ok := pat.Expr.(*pattern.Observation)
	if !ok {
		return nil, errors.New("pattern has several observations or qualifiers")
	}
	var out []xcmp
	var walk func(e pattern.ComparisonExpr) error
	walk = func(e pattern.ComparisonExpr) error {
		switch e := e.(type) {
		case *pattern.Comparison:
			if e.Negated || e.Op != pattern.Equal {
				return errors.New("pattern has a comparison other than =")
			}
			v := e.Value.Text
			switch e.Value.Kind {
			case pattern.KindInt:
				v = strconv.FormatInt(e.Value.Int, 10)
			case pattern.KindBool:
				v = strconv.FormatBool(e.Value.Bool)
			}
			out = append(out, xcmp{path: e.Path.String(), value: v})
		case *pattern.CompoundComparison:
			if e.Op != pattern.And {
				return errors.New("pattern has OR")
			}
			for _, op := range e.Operands {
				if err := walk(op); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(obs.Expr); err != nil {
		return nil, err
	}
	return out, nil
}

// observable remembers an SCO for the observed-data that refer to it.
func (x *exporter) observable(id string, raw []byte) error {
	if _, dup := x.scos[id]; dup {
		return nil
	}
	x.scos[id] = append(json.RawMessage(nil), raw...)
	x.scoOrder = append(x.scoOrder, id)
	if len(x.scoOrder) > 2*seenSCOLimit {
		old := x.scoOrder[0]
		x.scoOrder = x.scoOrder[1:]
		if err := x.loose(old); err != nil {
			return err
		}
		delete(x.scos, old)
		delete(x.scoUsed, old)
	}
	// Observed-data waiting for it?
	for odID, od := range x.odWait {
		if x.ready(od) {
			delete(x.odWait, odID)
			if err := x.observedData(od); err != nil {
				return err
			}
		}
	}
	return nil
}

// loose exports an observable no observed-data referred to.
func (x *exporter) loose(id string) error {
	if x.scoUsed[id] {
		return nil
	}
	cmps := flatten(id, x.getSCO)
	if len(cmps) == 0 {
		x.skip(id, "observable without a value MISP can hold")
		return nil
	}
	a := &xattr{id: id, uuid: idUUID(id), dist: -1}
	m := x.getSCO(id)
	if refs, ok := m["object_marking_refs"].([]any); ok {
		for _, r := range refs {
			if l, ok := tlpOfID(fmt.Sprint(r)); ok {
				a.tags = append(a.tags, "tlp:"+tlpNames[l])
			}
		}
	}
	x.markUsed(id)
	return x.fill(&xobj{ID: id}, a, cmps)
}

func (x *exporter) getSCO(id string) map[string]any {
	raw := x.scos[id]
	if raw == nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return m
}

func (x *exporter) markUsed(id string) {
	x.scoUsed[id] = true
	m := x.getSCO(id)
	for _, k := range [...]string{"resolves_to_refs", "to_refs", "cc_refs"} {
		if refs, ok := m[k].([]any); ok {
			for _, r := range refs {
				x.scoUsed[fmt.Sprint(r)] = true
			}
		}
	}
	for _, k := range [...]string{"src_ref", "dst_ref", "from_ref", "parent_directory_ref"} {
		if r, ok := m[k].(string); ok {
			x.scoUsed[r] = true
		}
	}
}

func (x *exporter) ready(o *xobj) bool {
	for _, r := range o.ObjectRefs {
		if x.scos[r] == nil {
			return false
		}
	}
	return true
}

func (x *exporter) observedData(o *xobj) error {
	if len(o.ObjectRefs) == 0 {
		x.skip(o.ID, "observed-data without object_refs")
		return nil
	}
	if !x.ready(o) {
		if len(x.odWait) >= x.opt.Window {
			x.skip(o.ID, "observed-data whose observables did not follow it")
			return nil
		}
		x.odWait[o.ID] = o
		return nil
	}
	main := o.ObjectRefs[0]
	cmps := flatten(main, x.getSCO)
	x.markUsed(main)
	if len(cmps) == 0 {
		x.skip(o.ID, "observable without a value MISP can hold")
		return nil
	}
	a := x.base(o)
	a.comment = o.XComment
	x.seen(a, o.FirstObserved, o.LastObserved)
	if err := x.fill(o, a, cmps); err != nil {
		return err
	}
	// Observables of the observed-data not reached from the first.
	for _, r := range o.ObjectRefs[1:] {
		if !x.scoUsed[r] {
			if err := x.loose(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// --- galaxies, relationships, sightings --------------------------------------

func (x *exporter) galaxy(o *xobj) {
	if len(x.galaxies) >= maxShared {
		x.skip(o.ID, "too many galaxy clusters")
		return
	}
	gtype, value := o.XGalaxyType, o.XGalaxyValue
	if gtype == "" {
		switch o.Type {
		case "threat-actor":
			gtype = "threat-actor"
		case "intrusion-set":
			gtype = "mitre-intrusion-set"
		case "attack-pattern":
			gtype = "mitre-attack-pattern"
		case "tool":
			gtype = "mitre-tool"
		case "course-of-action":
			gtype = "mitre-course-of-action"
		case "campaign":
			x.skip(o.ID, "a campaign that did not come from a MISP attribute")
			return
		default:
			gtype = "malpedia"
		}
	}
	if value == "" {
		value = o.Name
		for _, r := range o.ExternalReferences {
			if r.SourceName == "mitre-attack" && r.ExternalID != "" {
				if gtype == "malpedia" {
					gtype = "mitre-malware"
				}
				value = o.Name + " - " + r.ExternalID
			}
		}
	}
	if value == "" {
		x.skip(o.ID, "galaxy cluster without a name")
		return
	}
	if _, dup := x.galaxies[o.ID]; !dup {
		g := &xgalaxy{tag: galaxyTag(gtype, value), gtype: gtype, value: value, desc: o.Description, synonyms: o.Aliases}
		for _, r := range o.ExternalReferences {
			if r.ExternalID != "" && (r.SourceName == "mitre-attack" || r.SourceName == "capec") {
				g.extIDs = append(g.extIDs, r.ExternalID)
			}
		}
		x.galaxies[o.ID] = g
		x.galOrder = append(x.galOrder, o.ID)
	}
}

func (x *exporter) relationship(o *xobj) {
	src, dst := x.winIdx[o.SourceRef], x.winIdx[o.TargetRef]
	if g := x.galaxies[o.TargetRef]; src != nil && (g != nil || isGalaxyType(idType(o.TargetRef))) {
		if g != nil {
			addTag(src, g)
		} else {
			src.pendingGalaxies = append(src.pendingGalaxies, o.TargetRef)
		}
		return
	}
	if g := x.galaxies[o.SourceRef]; g != nil && dst != nil && o.RelationshipType == "mitigates" {
		addTag(dst, g)
		return
	}
	if gs, gt := x.galaxies[o.SourceRef], x.galaxies[o.TargetRef]; gs != nil && gt != nil {
		// Between galaxies: they are the event's (its actors use its
		// malware); the relationship is implied by the event's galaxies.
		gs.eventLevel, gt.eventLevel = true, true
		return
	}
	if x.objIDs[o.SourceRef] {
		u := idUUID(o.SourceRef)
		refs := x.objRefs[u]
		if len(refs) > 0 {
			refs = append(refs, ',')
		}
		w := newObj(refs)
		w.str("uuid", idUUID(o.ID))
		w.str("object_uuid", u)
		w.str("referenced_uuid", idUUID(o.TargetRef))
		w.str("relationship_type", o.RelationshipType)
		if t, err := stix.ParseTime(o.Modified); err == nil {
			w.str("timestamp", strconv.FormatInt(t.Unix(), 10))
		}
		w.str("comment", o.Description)
		w.bool("deleted", o.Revoked)
		x.objRefs[u] = w.done()
		return
	}
	switch {
	case src == nil && x.winIdx[o.SourceRef] == nil && (x.galaxies[o.TargetRef] != nil):
		x.skip(o.ID, "relationship to a galaxy from an attribute already written (outside the window) or unknown")
	default:
		x.skip(o.ID, "relationship that MISP cannot hold (only objects have references)")
	}
}

func isGalaxyType(t string) bool {
	switch t {
	case "threat-actor", "intrusion-set", "malware", "tool", "attack-pattern", "course-of-action":
		return true
	}
	return false
}

func addTag(a *xattr, g *xgalaxy) {
	g.attached = true
	if !containsStr(a.tags, g.tag) {
		a.tags = append(a.tags, g.tag)
		a.galaxies = append(a.galaxies, g)
	}
}

// appendGalaxies writes a Galaxy array, one galaxy per cluster, so that the
// cluster's description, synonyms and external ids travel with its tag.
func appendGalaxies(b []byte, gs []*xgalaxy) []byte {
	b = append(b, '[')
	for i, g := range gs {
		if i > 0 {
			b = append(b, ',')
		}
		w := newObj(b)
		w.str("type", g.gtype)
		w.key("GalaxyCluster")
		w.b = append(w.b, '[')
		cw := newObj(w.b)
		cw.str("type", g.gtype)
		cw.str("value", g.value)
		cw.str("tag_name", g.tag)
		cw.strNE("description", g.desc)
		if len(g.synonyms) > 0 || len(g.extIDs) > 0 {
			cw.key("meta")
			mw := newObj(cw.b)
			mw.strs("synonyms", g.synonyms)
			mw.strs("external_id", g.extIDs)
			cw.b = mw.done()
		}
		w.b = append(cw.done(), ']')
		b = w.done()
	}
	return append(b, ']')
}

func (x *exporter) sighting(o *xobj) error {
	first, err1 := stix.ParseTime(o.FirstSeen)
	last, err2 := stix.ParseTime(o.LastSeen)
	if err1 != nil {
		first, _ = stix.ParseTime(o.Created)
	}
	if err2 != nil {
		last = first
	}
	n := int64(1)
	if o.Count != nil {
		n = *o.Count
	}
	if n > maxSightingEntries {
		x.skip(o.ID, fmt.Sprintf("count %d written as %d MISP sightings", n, maxSightingEntries))
		n = maxSightingEntries
	}
	var org Org
	if len(o.WhereSightedRefs) > 0 {
		org = x.orgs[o.WhereSightedRefs[0]]
	}
	var b []byte
	for i := int64(0); i < n; i++ {
		t := last
		if i == 0 {
			t = first
		}
		if i > 0 {
			b = append(b, ',')
		}
		w := newObj(b)
		w.str("uuid", uuid.NewSHA1(Namespace, []byte(o.ID+"\x1f"+strconv.FormatInt(i, 10))).String())
		w.str("date_sighting", strconv.FormatInt(t.Unix(), 10))
		w.str("type", "0")
		w.strNE("source", o.Description)
		if org.UUID != "" || org.Name != "" {
			w.key("Organisation")
			ow := newObj(w.b)
			ow.strNE("uuid", org.UUID)
			ow.strNE("name", org.Name)
			w.b = ow.done()
		}
		if a := x.winIdx[o.SightingOfRef]; a == nil {
			w.str("attribute_uuid", idUUID(o.SightingOfRef))
		}
		b = w.done()
	}
	if a := x.winIdx[o.SightingOfRef]; a != nil {
		if a.nSight > 0 {
			a.sightings = append(a.sightings, ',')
		}
		a.sightings = append(a.sightings, b...)
		a.nSight += int(n)
		return nil
	}
	// Its attribute is already written: an event-level sighting.
	if err := x.evSights.add(b); err != nil {
		return err
	}
	return nil
}

// --- writing ---------------------------------------------------------------

func (x *exporter) add(a *xattr) error {
	if old := x.winIdx[a.id]; old != nil {
		x.skip(a.id, "a second version in one export: the first is kept")
		return nil
	}
	x.win = append(x.win, a)
	x.winIdx[a.id] = a
	for len(x.win) > x.opt.Window {
		if err := x.flush(); err != nil {
			return err
		}
	}
	return nil
}

// flush writes the oldest attribute of the window.
func (x *exporter) flush() error {
	a := x.win[0]
	x.win[0] = nil
	x.win = x.win[1:]
	delete(x.winIdx, a.id)
	for _, g := range a.pendingGalaxies {
		if gx := x.galaxies[g]; gx != nil {
			addTag(a, gx)
		} else {
			x.skip(g, "galaxy cluster not found for a relationship")
		}
	}
	if x.hooks.value != nil {
		if a.isObj {
			for _, oa := range a.objAttrs {
				x.hooks.value(oa.typ, oa.value)
			}
		} else {
			x.hooks.value(a.typ, a.value)
		}
	}
	if a.isObj {
		b := append([]byte(a.uuid), '\t')
		b = x.appendObject(b, a)
		return x.objs.add(b)
	}
	if x.nAttr > 0 {
		x.put(",")
	}
	x.nAttr++
	x.putb(x.appendAttr(nil, a, "", ""))
	return x.err
}

func distString(d int) string {
	if d < 0 {
		return "5"
	}
	return strconv.Itoa(d)
}

func (x *exporter) appendAttr(b []byte, a *xattr, rel, typ string) []byte {
	w := newObj(b)
	w.str("uuid", a.uuid)
	if rel != "" {
		w.str("object_relation", rel)
	}
	if typ == "" {
		typ = a.typ
	}
	w.str("type", typ)
	w.str("category", a.category)
	w.str("value", a.value)
	w.bool("to_ids", a.toIDs)
	w.str("timestamp", strconv.FormatInt(a.ts.Unix(), 10))
	w.str("distribution", distString(a.dist))
	w.str("sharing_group_id", "0")
	if a.dist == distGroup && a.sgUUID != "" {
		w.key("SharingGroup")
		sw := newObj(w.b)
		sw.str("uuid", a.sgUUID)
		sw.strNE("name", a.sgName)
		w.b = sw.done()
	}
	w.str("comment", a.comment)
	w.bool("deleted", a.deleted)
	w.bool("disable_correlation", false)
	if a.first != "" {
		w.str("first_seen", a.first)
	}
	if a.last != "" {
		w.str("last_seen", a.last)
	}
	if len(a.galaxies) > 0 {
		w.key("Galaxy")
		w.b = appendGalaxies(w.b, a.galaxies)
	}
	if len(a.tags) > 0 {
		w.key("Tag")
		w.b = appendTags(w.b, a.tags)
	}
	if a.nSight > 0 {
		w.key("Sighting")
		w.b = append(w.b, '[')
		w.b = append(w.b, a.sightings...)
		w.b = append(w.b, ']')
	}
	return w.done()
}

func appendTags(b []byte, tags []string) []byte {
	b = append(b, '[')
	for i, t := range tags {
		if i > 0 {
			b = append(b, ',')
		}
		tw := newObj(b)
		tw.str("name", t)
		b = tw.done()
	}
	return append(b, ']')
}

// appendObject writes a MISP object without its closing brace: its
// references are added when the Object array is written.
func (x *exporter) appendObject(b []byte, a *xattr) []byte {
	w := newObj(b)
	w.str("uuid", a.uuid)
	w.str("name", a.objName)
	w.strNE("meta-category", a.metaCategory)
	if tu := templateUUIDs[a.objName]; tu != "" {
		w.str("template_uuid", tu)
	}
	w.str("timestamp", strconv.FormatInt(a.ts.Unix(), 10))
	w.str("distribution", distString(a.dist))
	w.str("sharing_group_id", "0")
	if a.dist == distGroup && a.sgUUID != "" {
		w.key("SharingGroup")
		sw := newObj(w.b)
		sw.str("uuid", a.sgUUID)
		sw.strNE("name", a.sgName)
		w.b = sw.done()
	}
	w.str("comment", a.comment)
	w.bool("deleted", a.deleted)
	if a.first != "" {
		w.str("first_seen", a.first)
	}
	if a.last != "" {
		w.str("last_seen", a.last)
	}
	w.key("Attribute")
	w.b = append(w.b, '[')
	cat := objectCategories[a.objName]
	for i, oa := range a.objAttrs {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		sub := *a
		sub.uuid = uuid.NewSHA1(Namespace, []byte(a.id+"\x1f"+oa.rel+"\x1f"+strconv.Itoa(i))).String()
		sub.value, sub.category, sub.comment = oa.value, cat, ""
		sub.first, sub.last = "", ""
		sub.nSight, sub.sightings = 0, nil
		if i > 0 {
			sub.tags, sub.galaxies = nil, nil
		}
		if i == 0 {
			sub.nSight, sub.sightings = a.nSight, a.sightings
		}
		w.b = x.appendAttr(w.b, &sub, oa.rel, oa.typ)
	}
	w.b = append(w.b, ']')
	return w.b // no closing brace
}

// templateUUIDs are the uuids of the MISP object templates export writes.
var templateUUIDs = map[string]string{
	"file":               "688c46fb-5edb-40a3-8273-1af7923e2215",
	"domain-ip":          "43b3b146-77eb-4931-b4cc-b66c60f28734",
	"ip-port":            "9f8cea74-16fe-4968-a2b4-026676949ac6",
	"network-connection": "af16764b-f8e5-4603-9de1-de34d272f80b",
	"url":                "60efb77b-40b5-4c46-871b-ed1ed999fce5",
	"email":              "a0c666e0-fc65-4be8-b48f-3423d788b552",
	"registry-key":       "8b3228ad-6d82-4fe6-b2ae-05426308f1d5",
	"x509":               "d1ab756a-26b5-4349-9f43-765630f0911c",
}

func (x *exporter) finish() error {
	// Observed-data still waiting, then the window, then loose observables.
	for id := range x.odWait {
		x.skip(id, "observed-data whose observables are missing")
	}
	for len(x.win) > 0 {
		if err := x.flush(); err != nil {
			return err
		}
	}
	for _, id := range x.scoOrder {
		if err := x.loose(id); err != nil {
			return err
		}
	}
	for len(x.win) > 0 {
		if err := x.flush(); err != nil {
			return err
		}
	}
	x.put(`],"Object":[`)
	if err := x.writeObjects(); err != nil {
		return err
	}
	x.put(`]`)
	if x.evSights.n > 0 {
		x.put(`,"Sighting":[`)
		i := 0
		err := x.evSights.each(func(rec []byte) error {
			if i > 0 {
				x.put(",")
			}
			i++
			x.putb(rec)
			return x.err
		})
		if err != nil {
			return err
		}
		x.put(`]`)
	}
	x.putb(x.meta())
	x.put("}}\n")
	if x.err != nil {
		return x.err
	}
	return x.w.Flush()
}

func (x *exporter) writeObjects() error {
	i := 0
	return x.objs.each(func(rec []byte) error {
		tab := bytes.IndexByte(rec[:min(len(rec), 64)], '\t')
		if tab < 0 {
			return errors.New("misp: corrupt object spool")
		}
		if i > 0 {
			x.put(",")
		}
		i++
		x.putb(rec[tab+1:])
		if refs := x.objRefs[string(rec[:tab])]; len(refs) > 0 {
			x.put(`,"ObjectReference":[`)
			x.putb(refs)
			x.put(`]`)
		}
		x.put("}")
		return x.err
	})
}

// meta writes the event's own members (after its arrays), starting with a
// comma.
func (x *exporter) meta() []byte {
	r := x.report
	if r == nil {
		r = &xobj{Type: "grouping"}
	}
	u := idUUID(r.ID)
	if u == "" {
		u = x.opt.UUID
	}
	if u == "" {
		u = uuid.NewString()
	}
	info := r.Name
	if info == "" {
		info = x.opt.Info
	}
	if info == "" {
		info = "Fusion export"
	}
	modified, err := stix.ParseTime(r.Modified)
	if err != nil {
		modified = time.Now().UTC().Truncate(time.Second)
	}
	date := x.opt.Date
	if c, err := stix.ParseTime(r.Created); err == nil {
		date = c
	}
	if date.IsZero() {
		date = modified
	}
	level := tlpNone
	for _, m := range r.ObjectMarkingRefs {
		if l, ok := tlpOfID(m); ok {
			level = maxTLP(level, l)
		}
	}
	dist := 0
	switch {
	case r.XDistribution != nil:
		dist = *r.XDistribution
	case x.opt.Distribution != nil:
		dist = *x.opt.Distribution
	case level == tlpClear || level == tlpGreen:
		dist = distAll
	case level == tlpAmber:
		dist = distCommunity
	}
	o := &objw{b: make([]byte, 0, 512), n: 1}
	o.str("uuid", u)
	o.str("info", info)
	o.str("date", date.UTC().Format("2006-01-02"))
	o.str("timestamp", strconv.FormatInt(modified.Unix(), 10))
	published := r.Type == "report"
	o.bool("published", published)
	pub := "0"
	if t, err := stix.ParseTime(r.Published); err == nil && published {
		pub = strconv.FormatInt(t.Unix(), 10)
	}
	o.str("publish_timestamp", pub)
	o.str("threat_level_id", firstNonEmpty(r.XThreatLevel, "4"))
	o.str("analysis", firstNonEmpty(r.XAnalysis, "0"))
	o.str("distribution", strconv.Itoa(dist))
	o.str("sharing_group_id", "0")
	if dist == distGroup && r.XSGUUID != "" {
		o.key("SharingGroup")
		sw := newObj(o.b)
		sw.str("uuid", r.XSGUUID)
		sw.strNE("name", r.XSGName)
		o.b = sw.done()
	}
	org := x.opt.Orgc
	if id := r.CreatedByRef; id != "" {
		if known, ok := x.orgs[id]; ok {
			org = known
		}
	}
	if org.UUID != "" || org.Name != "" {
		o.key("Orgc")
		ow := newObj(o.b)
		ow.strNE("uuid", org.UUID)
		ow.strNE("name", org.Name)
		o.b = ow.done()
	}
	var tags []string
	if level != tlpNone {
		tags = append(tags, "tlp:"+tlpNames[level])
	}
	tags = append(tags, r.Labels...)
	var gals []*xgalaxy
	for _, id := range x.galOrder {
		if g := x.galaxies[id]; (!g.attached || g.eventLevel) && !containsStr(tags, g.tag) {
			tags = append(tags, g.tag)
			gals = append(gals, g)
		}
	}
	if len(gals) > 0 {
		o.key("Galaxy")
		o.b = appendGalaxies(o.b, gals)
	}
	for _, t := range x.opt.Tags {
		if !containsStr(tags, t) {
			tags = append(tags, t)
		}
	}
	if len(tags) > 0 {
		o.key("Tag")
		o.b = appendTags(o.b, tags)
	}
	if x.hooks.meta != nil {
		m := newObj(nil)
		m.str("info", info)
		if org.UUID != "" || org.Name != "" {
			m.key("Orgc")
			ow := newObj(m.b)
			ow.strNE("name", org.Name)
			ow.strNE("uuid", org.UUID)
			m.b = ow.done()
		}
		m.str("analysis", firstNonEmpty(r.XAnalysis, "0"))
		m.str("threat_level_id", firstNonEmpty(r.XThreatLevel, "4"))
		m.str("timestamp", strconv.FormatInt(modified.Unix(), 10))
		m.str("date", date.UTC().Format("2006-01-02"))
		m.bool("published", published)
		if len(tags) > 0 {
			m.key("Tag")
			m.b = appendTags(m.b, tags)
		}
		x.hooks.meta(feedMeta{uuid: strings.ToLower(u), manifest: m.done()})
	}
	return o.b
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
