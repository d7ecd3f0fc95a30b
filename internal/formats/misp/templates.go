package misp

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// objAttr is one attribute of a MISP object, by its object_relation.
type objAttr struct {
	rel, typ, value, path string
}

// objFields are the attributes of one MISP object.
type objFields struct {
	attrs []objAttr
	used  []bool
	name  string
	c     *conv
}

// all returns the values of a relation and marks them used.
func (f *objFields) all(rel string) []objAttr {
	var out []objAttr
	for i, a := range f.attrs {
		if a.rel == rel {
			out = append(out, a)
			f.used[i] = true
		}
	}
	return out
}

// first returns the first value of the first relation present; further
// values of a single-valued property are reported.
func (f *objFields) first(rels ...string) (objAttr, bool) {
	var got objAttr
	found := false
	for _, rel := range rels {
		for _, a := range f.all(rel) {
			if !found {
				got, found = a, true
			} else {
				f.c.rep.skip(a.path, "%s object: only one %s is kept", f.name, rel)
			}
		}
	}
	return got, found
}

func (f *objFields) bad(a objAttr, format string, args ...any) {
	f.c.rep.skip(a.path+".value", "%s object, %s %q: %s", f.name, a.rel, clip(a.value), fmt.Sprintf(format, args...))
}

// templates maps MISP object templates to builders of one observable
// (pattern comparisons and observables). Other templates are converted
// attribute by attribute.
var templates = map[string]func(f *objFields) mapped{
	"file":               fileObject,
	"domain-ip":          domainIPObject,
	"ip-port":            networkObject,
	"network-connection": networkObject,
	"url":                urlObject,
	"email":              emailObject,
	"registry-key":       registryObject,
	"x509":               x509Object,
}

// fileHashRelations are the file template's hash relations, in the order
// their comparisons are written.
var fileHashRelations = []string{"md5", "sha1", "sha224", "sha256", "sha384", "sha512", "ssdeep", "tlsh", "imphash"}

func fileObject(f *objFields) mapped {
	var m mapped
	var props, hashes []kv
	if a, ok := f.first("filename"); ok && a.value != "" {
		m.cmps = append(m.cmps, strCmp("file:name", a.value))
		props = append(props, kv{"name", jstr(a.value)})
	}
	for _, rel := range fileHashRelations {
		for _, a := range f.all(rel) {
			key, h, ok := normHash(rel, a.value)
			if !ok {
				f.bad(a, "not a valid %s digest", rel)
				continue
			}
			dup := false
			for _, x := range hashes {
				dup = dup || x.k == key
			}
			if dup {
				f.c.rep.skip(a.path, "file object: only one %s is kept", rel)
				continue
			}
			m.cmps = append(m.cmps, strCmp(hashPath("file", key), h))
			hashes = append(hashes, kv{key, jstr(h)})
		}
	}
	if len(hashes) > 0 {
		props = append(props, kv{"hashes", jobj(hashes...)})
	}
	hasID := len(props) > 0
	if a, ok := f.first("size-in-bytes"); ok {
		if n, err := strconv.ParseUint(strings.TrimSpace(a.value), 10, 62); err == nil {
			m.cmps = append(m.cmps, intCmp("file:size", int64(n)))
			props = append(props, kv{"size", jint(int64(n))})
		} else {
			f.bad(a, "not a size in bytes")
		}
	}
	if a, ok := f.first("mimetype"); ok && a.value != "" {
		m.cmps = append(m.cmps, strCmp("file:mime_type", a.value))
		props = append(props, kv{"mime_type", jstr(a.value)})
	}
	var dir *sco
	if a, ok := f.first("path"); ok && a.value != "" {
		m.cmps = append(m.cmps, strCmp("file:parent_directory_ref.path", a.value))
		dir = newSCO("directory", kv{"path", jstr(a.value)})
		props = append(props, kv{"parent_directory_ref", jstr(dir.id)})
	}
	if !hasID {
		m.scoErr = "a file observable needs a name or a hash"
		return m
	}
	m.scos = []*sco{newSCO("file", props...)}
	if dir != nil {
		m.scos = append(m.scos, dir)
	}
	return m
}

func domainIPObject(f *objFields) mapped {
	var m mapped
	var ips []*sco
	var ipVals []string
	for _, a := range append(f.all("ip"), f.all("ip-dst")...) {
		typ, val, s, err := ipSCO(a.value)
		if err != nil {
			f.bad(a, "%v", err)
			continue
		}
		_ = typ
		ips = append(ips, s)
		ipVals = append(ipVals, val)
	}
	d, ok := f.first("domain", "hostname")
	if !ok || strings.TrimSpace(d.value) == "" {
		if len(ips) == 0 {
			return m
		}
		for _, a := range ips[1:] {
			f.c.rep.skip(f.c.path, "%s object without a domain: only its first IP is kept (%s dropped)", f.name, a.id)
		}
		v, _ := ips[0].get("value")
		m.cmps = []comparison{strCmp(ips[0].typ+":value", v.s)}
		m.scos = ips[:1]
		return m
	}
	dom := strings.ToLower(strings.TrimSpace(d.value))
	m.cmps = append(m.cmps, strCmp("domain-name:value", dom))
	refs := make([]string, len(ips))
	for i, v := range ipVals {
		m.cmps = append(m.cmps, strCmp("domain-name:resolves_to_refs[*].value", v))
		refs[i] = ips[i].id
	}
	if !validHostname(dom, false) {
		m.scoErr = "not a valid domain name for a domain-name observable"
		return m
	}
	props := []kv{{"value", jstr(dom)}}
	if len(refs) > 0 {
		props = append(props, kv{"resolves_to_refs", jstrs(refs...)})
	}
	m.scos = append([]*sco{newSCO("domain-name", props...)}, ips...)
	return m
}

// networkObject converts ip-port and network-connection objects.
func networkObject(f *objFields) mapped {
	var m mapped
	var props []kv
	var ips []*sco
	ipFamily := ""
	side := func(dir string, rels ...string) {
		a, ok := f.first(rels...)
		if !ok {
			return
		}
		typ, val, s, err := ipSCO(a.value)
		if err != nil {
			f.bad(a, "%v", err)
			return
		}
		ipFamily = typ[:4]
		m.cmps = append(m.cmps, strCmp("network-traffic:"+dir+"_ref.type", typ), strCmp("network-traffic:"+dir+"_ref.value", val))
		props = append(props, kv{dir + "_ref", jstr(s.id)})
		ips = append(ips, s)
	}
	side("src", "ip-src")
	side("dst", "ip-dst", "ip")
	port := func(dir string, rels ...string) {
		a, ok := f.first(rels...)
		if !ok {
			return
		}
		n, ok := parsePort(a.value)
		if !ok {
			f.bad(a, "not a port number")
			return
		}
		m.cmps = append(m.cmps, intCmp("network-traffic:"+dir+"_port", n))
		props = append(props, kv{dir + "_port", jint(n)})
	}
	port("src", "src-port")
	port("dst", "dst-port", "port")
	var protocols []string
	for _, rel := range []string{"layer3-protocol", "layer4-protocol", "layer7-protocol", "protocol"} {
		for _, a := range f.all(rel) {
			p := strings.ToLower(strings.TrimSpace(a.value))
			if p != "" && !containsStr(protocols, p) {
				protocols = append(protocols, p)
				m.cmps = append(m.cmps, strCmp("network-traffic:protocols[*]", p))
			}
		}
	}
	if len(ips) == 0 {
		m.scoErr = "a network-traffic observable needs a source or destination address"
		return m
	}
	if len(protocols) == 0 {
		protocols = []string{ipFamily}
	}
	props = append(props, kv{"protocols", jstrs(protocols...)})
	m.scos = append([]*sco{newSCO("network-traffic", props...)}, ips...)
	return m
}

func urlObject(f *objFields) mapped {
	a, ok := f.first("url")
	if !ok {
		return mapped{}
	}
	m, err := urlConv(a.value)
	if err != nil {
		f.bad(a, "%v", err)
	}
	return m
}

func emailObject(f *objFields) mapped {
	var m mapped
	props := []kv{{"is_multipart", jbool(false)}}
	var addrs []*sco
	addr := func(a objAttr, path string) (string, bool) {
		v := strings.TrimSpace(a.value)
		m.cmps = append(m.cmps, strCmp(path, v))
		if !validEmail(v) {
			f.bad(a, "not an e-mail address")
			return "", false
		}
		s := newSCO("email-addr", kv{"value", jstr(v)})
		addrs = append(addrs, s)
		return s.id, true
	}
	if a, ok := f.first("from"); ok {
		if id, ok := addr(a, "email-message:from_ref.value"); ok {
			props = append(props, kv{"from_ref", jstr(id)})
		}
	}
	for _, list := range [...]struct{ rel, prop string }{{"to", "to_refs"}, {"cc", "cc_refs"}} {
		var ids []string
		for _, a := range f.all(list.rel) {
			if id, ok := addr(a, "email-message:"+list.prop+"[*].value"); ok {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			props = append(props, kv{list.prop, jstrs(ids...)})
		}
	}
	for _, p := range [...]struct{ rel, prop string }{{"subject", "subject"}, {"message-id", "message_id"}, {"email-body", "body"}} {
		if a, ok := f.first(p.rel); ok && a.value != "" {
			m.cmps = append(m.cmps, strCmp("email-message:"+p.prop, a.value))
			props = append(props, kv{p.prop, jstr(a.value)})
		}
	}
	var headers []kv
	for _, h := range [...]struct{ rel, name string }{{"reply-to", "Reply-To"}, {"x-mailer", "X-Mailer"}} {
		if a, ok := f.first(h.rel); ok && a.value != "" {
			m.cmps = append(m.cmps, strCmp("email-message:additional_header_fields.'"+h.name+"'", a.value))
			headers = append(headers, kv{h.name, jstr(a.value)})
		}
	}
	if len(headers) > 0 {
		props = append(props, kv{"additional_header_fields", jobj(headers...)})
	}
	if len(props) > 1 {
		m.scos = append([]*sco{newSCO("email-message", props...)}, addrs...)
	}
	return m
}

var registryDataTypes = map[string]bool{
	"REG_NONE": true, "REG_SZ": true, "REG_EXPAND_SZ": true, "REG_BINARY": true, "REG_DWORD": true,
	"REG_DWORD_BIG_ENDIAN": true, "REG_DWORD_LITTLE_ENDIAN": true, "REG_LINK": true,
	"REG_MULTI_SZ": true, "REG_RESOURCE_LIST": true, "REG_FULL_RESOURCE_DESCRIPTION": true,
	"REG_RESOURCE_REQUIREMENTS_LIST": true, "REG_QWORD": true, "REG_INVALID_TYPE": true,
}

func registryObject(f *objFields) mapped {
	var m mapped
	var props, value []kv
	if a, ok := f.first("key"); ok {
		k := normRegKey(a.value)
		if k != "" {
			m.cmps = append(m.cmps, strCmp("windows-registry-key:key", k))
			props = append(props, kv{"key", jstr(k)})
		}
	}
	for _, p := range [...]struct{ rel, prop string }{{"name", "name"}, {"data", "data"}, {"data-type", "data_type"}} {
		if a, ok := f.first(p.rel); ok && a.value != "" {
			if p.prop == "data_type" && !registryDataTypes[a.value] {
				f.bad(a, "not a windows-registry-datatype-enum value")
				continue
			}
			m.cmps = append(m.cmps, strCmp("windows-registry-key:values[*]."+p.prop, a.value))
			value = append(value, kv{p.prop, jstr(a.value)})
		}
	}
	if len(value) > 0 {
		props = append(props, kv{"values", jarr(jobj(value...))})
	}
	if a, ok := f.first("last-modified"); ok {
		if t, err := parseTimestamp(a.value); err == nil {
			m.cmps = append(m.cmps, timeCmp("windows-registry-key:modified_time", t))
			props = append(props, kv{"modified_time", jstr(stixTime(t))})
		} else {
			f.bad(a, "%v", err)
		}
	}
	if len(props) > 0 {
		m.scos = []*sco{newSCO("windows-registry-key", props...)}
	}
	return m
}

func x509Object(f *objFields) mapped {
	var m mapped
	var props, hashes []kv
	for _, h := range [...]struct {
		rel, key string
		n        int
	}{{"x509-fingerprint-md5", "MD5", 32}, {"x509-fingerprint-sha1", "SHA-1", 40}, {"x509-fingerprint-sha256", "SHA-256", 64}} {
		a, ok := f.first(h.rel)
		if !ok {
			continue
		}
		v := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(a.value), ":", ""))
		if !isHex(v, h.n) {
			f.bad(a, "not a %s fingerprint", h.key)
			continue
		}
		m.cmps = append(m.cmps, strCmp(hashPath("x509-certificate", h.key), v))
		hashes = append(hashes, kv{h.key, jstr(v)})
	}
	if len(hashes) > 0 {
		props = append(props, kv{"hashes", jobj(hashes...)})
	}
	for _, p := range [...]struct{ rel, prop string }{
		{"serial-number", "serial_number"}, {"version", "version"}, {"issuer", "issuer"}, {"subject", "subject"},
		{"signature_algorithm", "signature_algorithm"}, {"pubkey-info-algorithm", "subject_public_key_algorithm"},
		{"pubkey-info-modulus", "subject_public_key_modulus"},
	} {
		if a, ok := f.first(p.rel); ok && a.value != "" {
			m.cmps = append(m.cmps, strCmp("x509-certificate:"+p.prop, a.value))
			props = append(props, kv{p.prop, jstr(a.value)})
		}
	}
	if a, ok := f.first("pubkey-info-exponent"); ok {
		if n, err := strconv.ParseInt(strings.TrimSpace(a.value), 10, 64); err == nil {
			m.cmps = append(m.cmps, intCmp("x509-certificate:subject_public_key_exponent", n))
			props = append(props, kv{"subject_public_key_exponent", jint(n)})
		} else {
			f.bad(a, "not an integer")
		}
	}
	for _, p := range [...]struct{ rel, prop string }{{"validity-not-before", "validity_not_before"}, {"validity-not-after", "validity_not_after"}} {
		if a, ok := f.first(p.rel); ok {
			t, err := parseTimestamp(a.value)
			if err != nil {
				f.bad(a, "%v", err)
				continue
			}
			m.cmps = append(m.cmps, timeCmp("x509-certificate:"+p.prop, t))
			props = append(props, kv{p.prop, jstr(stixTime(t))})
		}
	}
	if a, ok := f.first("self_signed", "is_self_signed"); ok {
		v := strings.ToLower(strings.TrimSpace(a.value))
		b := v == "1" || v == "true" || v == "yes"
		var n int64
		if b {
			n = 1
		}
		m.cmps = append(m.cmps, comparison{path: "x509-certificate:is_self_signed", kind: cBool, n: n})
		props = append(props, kv{"is_self_signed", jbool(b)})
	}
	if len(props) > 0 {
		m.scos = []*sco{newSCO("x509-certificate", props...)}
	}
	return m
}

// --- converting objects -------------------------------------------------------

func (c *conv) objectRaw(raw []byte, i int) error {
	path := fmt.Sprintf("%s.Object[%d]", c.path, i)
	var o object
	if err := json.Unmarshal(raw, &o); err != nil {
		return c.fault(path, err)
	}
	c.rep.Objects++
	return c.object(&o, path)
}

func (c *conv) object(o *object, path string) error {
	name := strings.TrimSpace(string(o.Name))
	build := templates[name]
	if build == nil {
		return c.objectByAttribute(o, path, name)
	}
	sh, err := c.elemShare(path, string(o.Distribution), o.SharingGroup, tlpNone)
	if err != nil {
		return err
	}
	ts, first, last, err := c.times(path, o.Timestamp, o.FirstSeen, o.LastSeen)
	if err != nil {
		return err
	}
	u := strings.TrimSpace(string(o.UUID))
	if u == "" {
		return pathErr(path+".uuid", "missing")
	}
	e := elemInfo{path: path, uuid: u, ts: ts, first: first, last: last,
		comment: string(o.Comment), category: string(o.MetaCategory), deleted: bool(o.Deleted)}
	f := &objFields{name: name, c: c}
	toIDs := false
	for j := range o.Attribute {
		a := &o.Attribute[j]
		ap := fmt.Sprintf("%s.Attribute[%d]", path, j)
		if a.Type == nil || strings.TrimSpace(string(*a.Type)) == "" {
			return pathErr(ap+".type", "missing")
		}
		if a.Value == nil {
			return pathErr(ap+".value", "missing")
		}
		c.rep.Attributes++
		if a.Deleted {
			continue
		}
		level, gals, labels := splitTags(a.Tag)
		ash, err := c.elemShare(ap, string(a.Distribution), a.SharingGroup, level)
		if err != nil {
			return err
		}
		if _, _, _, err := c.times(ap, a.Timestamp, a.FirstSeen, a.LastSeen); err != nil {
			return err
		}
		sh.level = maxTLP(sh.level, ash.level)
		for _, l := range labels {
			if !containsStr(e.labels, l) {
				e.labels = append(e.labels, l)
			}
		}
		e.gals = mergeGalaxies(e.gals, clusters(a.Galaxy), gals)
		e.sightings = append(e.sightings, a.Sighting...)
		toIDs = toIDs || bool(a.ToIDs)
		if len(*a.Value) > maxValueLen {
			c.rep.skip(ap+".value", "value of %d bytes is too long", len(*a.Value))
			continue
		}
		f.attrs = append(f.attrs, objAttr{rel: strings.TrimSpace(string(a.ObjectRelation)), typ: string(*a.Type), value: string(*a.Value), path: ap})
	}
	e.sh = sh
	f.used = make([]bool, len(f.attrs))
	m := build(f)
	for j, a := range f.attrs {
		if !f.used[j] {
			c.rep.unknown(name + "." + a.rel)
		}
	}
	if len(m.cmps) == 0 {
		c.rep.skip(path, "%s object: no attribute that maps to STIX", name)
		return nil
	}
	id, err := c.observable(&e, "", "", toIDs, m, name)
	if err != nil || id == "" {
		return err
	}
	return c.references(o, path, id, e.sh, ts)
}

// references queues the object's references; they are written at the end,
// when every attribute and object of the event has its STIX id.
func (c *conv) references(o *object, path, src string, sh share, ts time.Time) error {
	for j, r := range o.ObjectReference {
		rp := fmt.Sprintf("%s.ObjectReference[%d]", path, j)
		if r.Deleted {
			continue
		}
		if strings.TrimSpace(string(r.ReferencedUUID)) == "" {
			return pathErr(rp+".referenced_uuid", "missing")
		}
		rts := ts
		if r.Timestamp != "" {
			t, err := parseTimestamp(string(r.Timestamp))
			if err != nil {
				return pathErr(rp+".timestamp", "%q: %v", r.Timestamp, err)
			}
			rts = t
		}
		relType := sanitizeRelType(string(r.RelationshipType))
		id := derivedID("relationship", src, relType, strings.ToLower(string(r.ReferencedUUID)))
		if r.UUID != "" {
			id = primaryID("relationship", string(r.UUID))
		}
		c.pending = append(c.pending, pendingRel{
			id: id, relType: relType, src: src, comment: string(r.Comment), path: rp,
			srcShare: sh, target: primaryKey(string(r.ReferencedUUID)), ts: rts,
		})
	}
	return nil
}

// objectByAttribute converts an object of a template without a mapping as
// if its attributes were event attributes (inheriting the object's
// distribution). Its references cannot be kept: the object has no STIX
// object of its own.
func (c *conv) objectByAttribute(o *object, path, name string) error {
	c.rep.unknown("object:" + name)
	for j := range o.Attribute {
		a := &o.Attribute[j]
		if d := strings.TrimSpace(string(a.Distribution)); d == "" || d == "5" {
			a.Distribution, a.SharingGroup = o.Distribution, o.SharingGroup
		}
		if a.Timestamp == "" {
			a.Timestamp = o.Timestamp
		}
		if a.Deleted {
			continue
		}
		c.rep.Attributes++
		if err := c.attribute(a, fmt.Sprintf("%s.Attribute[%d]", path, j), j); err != nil {
			return err
		}
	}
	for j, r := range o.ObjectReference {
		if !r.Deleted {
			c.rep.skip(fmt.Sprintf("%s.ObjectReference[%d]", path, j), "reference from a %s object, which has no STIX object of its own", name)
		}
	}
	return nil
}
