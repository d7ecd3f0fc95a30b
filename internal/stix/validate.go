package stix

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Issue is one finding of Validate.
type Issue struct {
	// Path is a JSONPath relative to the object, e.g.
	// "$.external_references[0].source_name"; member names that are not
	// plain identifiers use bracket notation: "$.extensions['ntfs-ext']".
	Path string
	Msg  string
}

func (i Issue) String() string { return i.Path + ": " + i.Msg }

// Report lists the findings of Validate. Errors violate a MUST of the
// specification; warnings flag SHOULDs, open-vocabulary values outside the
// suggested vocabularies, custom content and the like.
type Report struct {
	Errors, Warnings []Issue
}

// OK reports whether there are no errors.
func (r *Report) OK() bool { return r == nil || len(r.Errors) == 0 }

// Err returns nil when the report has no errors, otherwise an error listing
// them.
func (r *Report) Err() error {
	if r.OK() {
		return nil
	}
	msgs := make([]string, len(r.Errors))
	for i, is := range r.Errors {
		msgs[i] = is.String()
	}
	return errors.New("stix: invalid object: " + strings.Join(msgs, "; "))
}

// Validate parses raw as one STIX 2.1 object and checks it against the
// specification: required properties, property types, identifiers and
// reference targets, timestamps, vocabularies, markings, extensions and the
// per-type rules. The returned Object is nil only when raw is not a JSON
// object; its fields hold whatever could be read even when there are errors.
// Validate never panics on hostile input.
func Validate(raw []byte) (*Object, *Report) {
	v := validatorPool.Get().(*validator)
	defer v.release()
	rep := &Report{}
	v.rep = rep
	if err := v.t.parse(raw); err != nil {
		if err.msg == "exceeded max nesting depth" {
			// Still report the common properties if the top level is sane.
			if o, perr := Parse(raw); perr == nil {
				rep.Errors = append(rep.Errors, Issue{Path: "$", Msg: "invalid JSON: " + syntaxErrorAt(raw, err).Error()})
				return o, rep
			}
		}
		rep.Errors = append(rep.Errors, Issue{Path: "$", Msg: "invalid JSON: " + syntaxErrorAt(raw, err).Error()})
		return nil, rep
	}
	if v.t.nodes[0].kind != nObject {
		rep.Errors = append(rep.Errors, Issue{Path: "$", Msg: "not a JSON object"})
		return nil, rep
	}
	o := &Object{}
	v.top(o)
	root := v.t.nodes[0]
	body := raw[root.start:root.end]
	if hasSpaceOutsideStrings(body) {
		o.Raw = appendCompact(make([]byte, 0, len(body)), body)
	} else {
		o.Raw = body
	}
	return o, rep
}

var validatorPool = sync.Pool{New: func() any { return new(validator) }}

type validator struct {
	t    tape
	rep  *Report
	path []pathSeg
	ts   *typeSpec // nil for custom types
	typ  string
	id   string
	// SCO-ness of the object being checked (also for custom types).
	scoLike bool
}

func (v *validator) release() {
	v.rep, v.ts, v.typ, v.id, v.scoLike = nil, nil, "", "", false
	v.path = v.path[:0]
	v.t.raw = nil
	if cap(v.t.nodes) > 1<<16 {
		v.t.nodes = nil // do not pin huge tapes
	}
	validatorPool.Put(v)
}

// pathSeg is one step of the current JSONPath: a member (key node or
// literal name) or a list index.
type pathSeg struct {
	key  int32
	idx  int32
	name string
}

func (v *validator) pushKey(k int32)   { v.path = append(v.path, pathSeg{key: k}) }
func (v *validator) pushIdx(i int)     { v.path = append(v.path, pathSeg{key: -1, idx: int32(i)}) }
func (v *validator) pushName(s string) { v.path = append(v.path, pathSeg{key: -1, idx: -1, name: s}) }
func (v *validator) pop()              { v.path = v.path[:len(v.path)-1] }
func (v *validator) errorf(f string, a ...any) {
	v.rep.Errors = append(v.rep.Errors, Issue{Path: v.pathString(), Msg: fmt.Sprintf(f, a...)})
}
func (v *validator) warnf(f string, a ...any) {
	v.rep.Warnings = append(v.rep.Warnings, Issue{Path: v.pathString(), Msg: fmt.Sprintf(f, a...)})
}

// errorAt and warnAt report on member name of the current path.
func (v *validator) errorAt(name, f string, a ...any) {
	v.pushName(name)
	v.errorf(f, a...)
	v.pop()
}

func (v *validator) warnAt(name, f string, a ...any) {
	v.pushName(name)
	v.warnf(f, a...)
	v.pop()
}

func (v *validator) pathString() string {
	var b strings.Builder
	b.WriteByte('$')
	for _, s := range v.path {
		name := s.name
		switch {
		case s.key >= 0:
			name = v.t.str(s.key)
		case s.idx >= 0:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(int(s.idx)))
			b.WriteByte(']')
			continue
		}
		if isPlainName(name) {
			b.WriteByte('.')
			b.WriteString(name)
		} else {
			b.WriteString("['")
			b.WriteString(strings.ReplaceAll(strings.ReplaceAll(name, `\`, `\\`), `'`, `\'`))
			b.WriteString("']")
		}
	}
	return b.String()
}

func isPlainName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func hasSpaceOutsideStrings(b []byte) bool {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			return true
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		}
	}
	return false
}

// keyBytes returns the (decoded) name of a key node.
func (v *validator) keyBytes(k int32) []byte { return v.t.bytes(k) }

// typeErr reports a value of the wrong JSON type.
func (v *validator) typeErr(want string, n int32) {
	v.errorf("expected %s, got %s", want, v.t.nodes[n].kind)
}

func (v *validator) isKind(n int32, k nodeKind, want string) bool {
	if v.t.nodes[n].kind != k {
		v.typeErr(want, n)
		return false
	}
	return true
}

// top validates the root object and fills o.
func (v *validator) top(o *Object) {
	t := &v.t
	root := int32(0)
	var typeN, idN, svN, createdN, modifiedN, revokedN, extN int32 = -1, -1, -1, -1, -1, -1, -1
	for k := root + 1; k < t.nodes[root].next; k = t.nodes[k+1].next {
		switch string(v.keyBytes(k)) {
		case "type":
			typeN = k + 1
		case "id":
			idN = k + 1
		case "spec_version":
			svN = k + 1
		case "created":
			createdN = k + 1
		case "modified":
			modifiedN = k + 1
		case "revoked":
			revokedN = k + 1
		case "extensions":
			extN = k + 1
		}
	}
	if typeN >= 0 && t.nodes[typeN].kind == nString {
		o.Type = t.str(typeN)
	}
	if idN >= 0 && t.nodes[idN].kind == nString {
		o.ID = t.str(idN)
	}
	if svN >= 0 && t.nodes[svN].kind == nString {
		o.SpecVersion = t.str(svN)
	}
	if createdN >= 0 && t.nodes[createdN].kind == nString {
		o.Created, _, _ = parseTimestamp(t.bytes(createdN))
	}
	if modifiedN >= 0 && t.nodes[modifiedN].kind == nString {
		o.Modified, _, _ = parseTimestamp(t.bytes(modifiedN))
	}
	o.Revoked = revokedN >= 0 && t.nodes[revokedN].kind == nTrue
	v.typ, v.id = o.Type, o.ID

	// Choose the type description.
	v.ts = typeSpecs[o.Type]
	spec := v.ts
	if spec == nil {
		spec = v.customSpec(typeN, extN, createdN, modifiedN)
	}
	v.scoLike = spec.cat == SCO || spec == genericSCO

	if typeN >= 0 {
		v.pushName("type")
		if v.isKind(typeN, nString, "string") && !validTypeName(o.Type) {
			v.errorf("invalid type name %q: must be 3-250 characters of a-z, 0-9 and single hyphens, starting with a letter", o.Type)
		}
		v.pop()
	}
	if svN >= 0 {
		v.pushName("spec_version")
		if v.isKind(svN, nString, "string") && o.SpecVersion != "2.1" {
			v.errorf(`must be "2.1", got %q`, o.SpecVersion)
		}
		v.pop()
	}
	if idN >= 0 {
		v.pushName("id")
		if v.isKind(idN, nString, "string") {
			v.checkObjectID(o.ID)
		}
		v.pop()
	}

	v.object(&spec.objSpec, root, true)

	if !o.Created.IsZero() && !o.Modified.IsZero() && o.Modified.Before(o.Created) {
		v.errorAt("modified", "must not be earlier than created")
	}
	if v.ts != nil && v.ts.cat == SCO && idN >= 0 && t.nodes[idN].kind == nString {
		v.checkDeterministicID(o)
	}
}

// customSpec picks the common-property rules for a type this package does
// not define and records why in a warning.
func (v *validator) customSpec(typeN, extN, createdN, modifiedN int32) *typeSpec {
	if typeN < 0 || v.t.nodes[typeN].kind != nString {
		return genericSDO
	}
	var newKind string
	if extN >= 0 && v.t.nodes[extN].kind == nObject {
		t := &v.t
		for k := extN + 1; k < t.nodes[extN].next; k = t.nodes[k+1].next {
			if !bytes.HasPrefix(v.keyBytes(k), []byte("extension-definition--")) || t.nodes[k+1].kind != nObject {
				continue
			}
			if et := t.member(k+1, "extension_type"); et >= 0 {
				switch {
				case t.is(et, "new-sdo"), t.is(et, "new-sro"), t.is(et, "new-sco"):
					newKind = t.str(et)
				}
			}
		}
	}
	v.pushName("type")
	switch {
	case newKind != "":
		v.warnf("object type %q is defined by an extension (%s); only common properties are validated", v.typ, newKind)
	case strings.HasPrefix(v.typ, "x-"):
		v.warnf("custom object type %q (deprecated x- convention); only common properties are validated", v.typ)
	default:
		v.warnf("unknown object type %q; only common properties are validated", v.typ)
	}
	v.pop()
	switch {
	case newKind == "new-sco":
		return genericSCO
	case newKind != "":
		return genericSDO
	case createdN >= 0 || modifiedN >= 0:
		return genericSDO
	}
	return genericSCO
}

// validTypeName checks the type name rules of sections 3.1 and 7.3.2.2.
func validTypeName[T byteSeq](s T) bool {
	if len(s) < 3 || len(s) > 250 || s[0] < 'a' || s[0] > 'z' || s[len(s)-1] == '-' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-':
			if s[i-1] == '-' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// checkObjectID checks the object's own id (current path: $.id).
func (v *validator) checkObjectID(id string) {
	typ, u, ok := splitID(id)
	if !ok {
		v.errorf("must be an identifier of the form <type>--<UUID>, got %q", id)
		return
	}
	if v.typ != "" && typ != v.typ {
		v.errorf("id type %q does not match object type %q", typ, v.typ)
	}
	version, rfc := uuidVersion(u)
	if !rfc || version < 1 || version > 5 {
		v.errorf("UUID %s is not an RFC 4122 UUID", u)
		return
	}
	if hasUpperHex(u) {
		v.warnf("UUID should be lower case")
	}
	if v.ts != nil && v.ts.cat != SCO && version != 4 {
		v.warnf("UUIDv4 is recommended for %s identifiers, got version %d", v.ts.cat, version)
	}
}

// checkDeterministicID compares an SCO id with the UUIDv5 derived from its
// ID contributing properties (section 2.9).
func (v *validator) checkDeterministicID(o *Object) {
	_, u, ok := splitID(o.ID)
	if !ok {
		return
	}
	version, _ := uuidVersion(u)
	m := make(map[string]any, len(v.ts.idProps))
	for _, p := range v.ts.idProps {
		if n := v.t.member(0, p); n >= 0 {
			m[p] = v.t.toAny(n)
		}
	}
	m["type"] = o.Type
	want, err := SCOID(o.Type, m)
	v.pushName("id")
	defer v.pop()
	switch {
	case errors.Is(err, ErrNotDeterministic):
		if version != 4 {
			v.warnf("no ID contributing properties are present, so the UUID should be a random UUIDv4")
		}
	case err != nil:
		// The offending property is reported elsewhere.
	case !strings.EqualFold(want, o.ID):
		v.warnf("id is not the deterministic UUIDv5 of its ID contributing properties (expected %s)", want)
	case !o.Created.IsZero() || !o.Modified.IsZero():
		v.warnf("versioned SCOs must not use the default deterministic namespace")
	}
}

// object validates the members of object node n against spec. top selects
// the rules for custom properties of a STIX object.
func (v *validator) object(spec *objSpec, n int32, top bool) {
	t := &v.t
	node := t.nodes[n]
	if node.kind != nObject {
		v.typeErr("object", n)
		return
	}
	var seen uint64
	var unknownBuf [8]int32
	unknown := unknownBuf[:0]
	for k := n + 1; k < node.next; k = t.nodes[k+1].next {
		kb := v.keyBytes(k)
		f := spec.fields[string(kb)]
		v.pushKey(k)
		if f != nil {
			if seen&f.bit != 0 {
				v.errorf("duplicate property")
			}
			seen |= f.bit
			switch f.na {
			case naWarn:
				v.warnf("property is not applicable to %s objects", familyName(spec))
			case naError:
				v.errorf("property must not be used on %s objects", familyName(spec))
			}
			v.value(f.p, k+1)
		} else {
			for _, u := range unknown {
				if bytes.Equal(v.keyBytes(u), kb) {
					v.errorf("duplicate property")
					break
				}
			}
			unknown = append(unknown, k)
			switch {
			case top:
				v.customProperty(kb, k+1)
			case !spec.open:
				v.warnf("unknown property of %s", spec.name)
			}
		}
		v.pop()
	}
	if missing := spec.reqMask &^ seen; missing != 0 {
		for _, f := range spec.order {
			if missing&f.bit != 0 {
				v.errorAt(f.name, "required property missing")
			}
		}
	}
	if spec.anyOfMask != 0 && seen&spec.anyOfMask == 0 {
		v.errorf("%s must contain at least one of: %s", spec.name, strings.Join(spec.anyOf, ", "))
	}
	if spec.check != nil {
		spec.check(v, n)
	}
}

func familyName(spec *objSpec) string {
	switch spec.name {
	case "custom":
		return "these"
	case "marking-definition", "language-content", "extension-definition":
		return spec.name
	}
	if ts := typeSpecs[spec.name]; ts != nil {
		return ts.cat.String()
	}
	return spec.name
}

// reservedNames are property names reserved by section 3.8.
var reservedNames = map[string]bool{"severity": true, "username": true, "phone_number": true, "action": true}

// customProperty checks a top-level property the type does not define.
func (v *validator) customProperty(name []byte, n int32) {
	if reservedNames[string(name)] {
		v.errorf("reserved property name")
		return
	}
	if !validPropertyName(name) {
		v.errorf("invalid property name: must be 3-250 characters of a-z, 0-9 and _")
	}
	v.customValue(name, n)
}

// customValue applies the generic rules to a value of unknown meaning: no
// null, no empty list, and the _ref/_refs/_hex/_bin suffix conventions.
func (v *validator) customValue(name []byte, n int32) {
	nd := v.t.nodes[n]
	switch nd.kind {
	case nNull:
		v.errorf("null is not a valid STIX value")
		return
	case nArray:
		if nd.count == 0 {
			v.errorf("lists must not be empty")
			return
		}
	}
	switch {
	case bytes.HasSuffix(name, []byte("_ref")):
		if nd.kind != nString || !v.isIdentifier(n) {
			v.warnf("properties ending in _ref should hold an identifier")
		}
	case bytes.HasSuffix(name, []byte("_refs")):
		ok := nd.kind == nArray
		for e := n + 1; ok && e < nd.next; e = v.t.nodes[e].next {
			ok = v.t.nodes[e].kind == nString && v.isIdentifier(e)
		}
		if !ok {
			v.warnf("properties ending in _refs should hold a list of identifiers")
		}
	case bytes.HasSuffix(name, []byte("_hex")):
		v.value(pHex, n)
	case bytes.HasSuffix(name, []byte("_bin")):
		v.value(pBinary, n)
	}
}

func (v *validator) isIdentifier(n int32) bool {
	typ, u, ok := splitID(v.t.bytes(n))
	if !ok || !validTypeName(typ) {
		return false
	}
	_, rfc := uuidVersion(u)
	return rfc
}

// validPropertyName implements the custom/extension property name rule:
// ASCII a-z, 0-9 and underscore, 3 to 250 characters.
func validPropertyName(b []byte) bool {
	if len(b) < 3 || len(b) > 250 {
		return false
	}
	for _, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// value validates node n against p; the path of n is already pushed.
func (v *validator) value(p *prop, n int32) {
	t := &v.t
	nd := t.nodes[n]
	switch p.kind {
	case kSkip:
	case kAny:
		if nd.kind == nNull {
			v.errorf("null is not a valid STIX value")
		}
	case kReserved:
		v.errorf("reserved property name")
	case kString:
		if v.isKind(n, nString, "string") && p.format != nil {
			p.format(v, t.bytes(n))
		}
	case kInt:
		v.intValue(p, n)
	case kFloat:
		if !v.isKind(n, nNumber, "number") {
			return
		}
		f, ok := t.float(n)
		if !ok {
			v.errorf("number out of range")
		} else if p.bounded && (f < p.min || f > p.max) {
			v.errorf("must be between %g and %g", p.min, p.max)
		}
	case kBool:
		if nd.kind != nTrue && nd.kind != nFalse {
			v.typeErr("boolean", n)
		}
	case kTimestamp:
		if !v.isKind(n, nString, "timestamp string") {
			return
		}
		_, digits, err := parseTimestamp(t.bytes(n))
		switch {
		case err != nil:
			v.errorf("%v", err)
		case p.precision == tsMillis && digits < 3:
			v.errorf("timestamp must have at least millisecond precision")
		case p.precision == tsSeconds && digits > 0:
			v.errorf("timestamp must be precise to the second (no fraction)")
		}
	case kRef:
		if v.isKind(n, nString, "identifier string") {
			v.ref(p.ref, n)
		}
	case kList:
		if !v.isKind(n, nArray, "list") {
			return
		}
		if nd.count == 0 {
			v.errorf("lists must not be empty")
			return
		}
		i := 0
		for e := n + 1; e < nd.next; e = t.nodes[e].next {
			v.pushIdx(i)
			v.value(p.elem, e)
			v.pop()
			i++
		}
	case kDict:
		v.dict(p.elem, n)
	case kHashes:
		v.hashes(n)
	case kVocab:
		if !v.isKind(n, nString, "string") {
			return
		}
		s := t.bytes(n)
		if _, ok := p.vocab.values[string(s)]; !ok {
			if p.vocab.open {
				v.warnf("value %q is not in open vocabulary %s", s, p.vocab.name)
			} else {
				v.errorf("value %q is not in enumeration %s", s, p.vocab.name)
			}
		}
	case kHex:
		if v.isKind(n, nString, "hex string") {
			checkHex(v, t.bytes(n))
		}
	case kBinary:
		if v.isKind(n, nString, "base64 string") && !validBase64(t.bytes(n)) {
			v.errorf("must be base64 (RFC 4648) encoded binary")
		}
	case kObject:
		if nd.kind == nObject && nd.count == 0 {
			v.errorf("must not be empty")
			return
		}
		v.object(p.obj, n, false)
	case kExtensions:
		v.extensions(n)
	case kLang:
		if v.isKind(n, nString, "string") && !validLangTag(t.bytes(n)) {
			v.errorf("%q is not an RFC 5646 language tag", t.bytes(n))
		}
	case kIntOrString:
		if nd.kind != nString && !(nd.kind == nNumber && nd.flags&flagInt != 0) {
			v.typeErr("integer or string", n)
		}
	case kStringOrList:
		switch nd.kind {
		case nString:
		case nArray:
			v.value(pStrings, n)
		default:
			v.typeErr("list of strings", n)
		}
	case kContainer:
		v.container(n)
	}
}

func (v *validator) intValue(p *prop, n int32) {
	nd := v.t.nodes[n]
	if nd.kind != nNumber || nd.flags&flagInt == 0 {
		v.typeErr("integer", n)
		return
	}
	i, ok := v.t.int(n)
	if !ok || i > maxSafeInt || i < -maxSafeInt {
		v.errorf("integer out of range (|n| must be below 2^53)")
		return
	}
	if p.bounded && (float64(i) < p.min || float64(i) > p.max) {
		if p.max == maxSafeInt {
			v.errorf("must not be negative")
		} else {
			v.errorf("must be between %d and %d", int64(p.min), int64(p.max))
		}
	}
}

// dict validates a dictionary (section 2.3): non-empty, keys of ASCII
// letters, digits, hyphen and underscore up to 250 characters.
func (v *validator) dict(elem *prop, n int32) {
	t := &v.t
	nd := t.nodes[n]
	if !v.isKind(n, nObject, "dictionary") {
		return
	}
	if nd.count == 0 {
		v.errorf("dictionaries must not be empty")
		return
	}
	for k := n + 1; k < nd.next; k = t.nodes[k+1].next {
		v.pushKey(k)
		if !validDictKey(v.keyBytes(k), 1) {
			v.errorf("invalid dictionary key: must be 1-250 ASCII letters, digits, '-' or '_'")
		}
		v.value(elem, k+1)
		v.pop()
	}
}

func validDictKey(b []byte, minLen int) bool {
	if len(b) < minLen || len(b) > 250 {
		return false
	}
	for _, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// ref validates an identifier reference and its target type.
func (v *validator) ref(r *refRule, n int32) {
	b := v.t.bytes(n)
	typ, u, ok := splitID(b)
	if !ok || !validTypeName(typ) {
		v.errorf("must be an identifier of the form <type>--<UUID>, got %q", b)
		return
	}
	if version, rfc := uuidVersion(u); !rfc || version < 1 || version > 5 {
		v.errorf("UUID %s is not an RFC 4122 UUID", u)
		return
	}
	if string(typ) == "bundle" {
		v.errorf("must not reference a bundle")
		return
	}
	switch {
	case r.types != nil:
		if !r.types[string(typ)] {
			v.errorf("must reference %s, got %s", r.desc, typ)
		}
	case r.cats != 0:
		cat := Unknown
		if ts := typeSpecs[string(typ)]; ts != nil {
			cat = ts.cat
		}
		if r.cats&catBit(cat) == 0 {
			v.errorf("must reference %s, got %s", r.desc, typ)
		}
	}
}

// hashes validates a hashes dictionary (section 2.7).
func (v *validator) hashes(n int32) {
	t := &v.t
	nd := t.nodes[n]
	if !v.isKind(n, nObject, "hashes dictionary") {
		return
	}
	if nd.count == 0 {
		v.errorf("hashes must not be empty")
		return
	}
	for k := n + 1; k < nd.next; k = t.nodes[k+1].next {
		v.pushKey(k)
		name := v.keyBytes(k)
		switch {
		case !validDictKey(name, 3):
			v.errorf("invalid hash algorithm name: must be 3-250 ASCII letters, digits, '-' or '_'")
		case t.nodes[k+1].kind != nString:
			v.typeErr("string", k+1)
		default:
			checkHashValue(v, string(name), t.bytes(k+1))
		}
		v.pop()
	}
}

// extensions validates the extensions dictionary (sections 3.2, 3.10, 7.3).
func (v *validator) extensions(n int32) {
	t := &v.t
	nd := t.nodes[n]
	if !v.isKind(n, nObject, "dictionary") {
		return
	}
	if nd.count == 0 {
		v.errorf("extensions must not be empty")
		return
	}
	for k := n + 1; k < nd.next; k = t.nodes[k+1].next {
		v.pushKey(k)
		v.extension(v.keyBytes(k), k+1)
		v.pop()
	}
}

func (v *validator) extension(key []byte, n int32) {
	t := &v.t
	if bytes.HasPrefix(key, []byte("extension-definition--")) {
		typ, u, ok := splitID(key)
		if !ok || string(typ) != "extension-definition" {
			v.errorf("extension key must be an extension-definition identifier")
			return
		}
		if _, rfc := uuidVersion(u); !rfc {
			v.errorf("UUID %s is not an RFC 4122 UUID", u)
		}
		if !v.isKind(n, nObject, "object") {
			return
		}
		et := t.member(n, "extension_type")
		if et < 0 {
			v.errorf("extension_type is required for extensions defined by an extension-definition")
			return
		}
		v.pushName("extension_type")
		ok = v.isKind(et, nString, "string")
		if ok && !extensionTypeEnum.has(t.str(et)) {
			v.errorf("value %q is not in enumeration %s", t.str(et), extensionTypeEnum.name)
			ok = false
		}
		v.pop()
		if !ok {
			return
		}
		others := t.nodes[n].count - 1
		switch etype := t.str(et); etype {
		case "new-sdo", "new-sco", "new-sro":
			if v.ts != nil {
				v.errorf("%s extensions must not redefine the specification type %q", etype, v.typ)
			}
		case "property-extension":
			if others == 0 {
				v.warnf("property-extension without properties")
			}
		case "toplevel-property-extension":
			if others > 0 {
				v.warnf("properties of a toplevel-property-extension belong at the top level of the object")
			}
		}
		for k := n + 1; k < t.nodes[n].next; k = t.nodes[k+1].next {
			name := v.keyBytes(k)
			if string(name) == "extension_type" {
				continue
			}
			v.pushKey(k)
			if !validPropertyName(name) {
				v.errorf("invalid extension property name: must be 3-250 characters of a-z, 0-9 and _")
			}
			v.customValue(name, k+1)
			v.pop()
		}
		return
	}
	if v.ts != nil {
		if spec := v.ts.exts[string(key)]; spec != nil {
			if t.nodes[n].kind == nObject && t.member(n, "extension_type") >= 0 {
				v.warnf("predefined extensions do not use extension_type")
			}
			v.value(&prop{kind: kObject, obj: spec}, n)
			return
		}
	}
	if owner, ok := predefinedExtension[string(key)]; ok {
		v.errorf("extension %q is defined for %s objects only", key, owner)
		return
	}
	if bytes.HasSuffix(key, []byte("-ext")) && validTypeName(key) {
		v.warnf("custom extension %q (deprecated custom extension mechanism)", key)
		if v.isKind(n, nObject, "object") && t.nodes[n].count == 0 {
			v.errorf("must not be empty")
		}
		return
	}
	v.errorf("extension key must be an extension-definition identifier or a predefined extension name")
}

// container checks the deprecated observable container of observed-data.
func (v *validator) container(n int32) {
	t := &v.t
	if !v.isKind(n, nObject, "object") {
		return
	}
	if t.nodes[n].count == 0 {
		v.errorf("must not be empty")
		return
	}
	v.warnf("objects is deprecated; use object_refs")
	for k := n + 1; k < t.nodes[n].next; k = t.nodes[k+1].next {
		v.pushKey(k)
		val := k + 1
		if v.isKind(val, nObject, "object") {
			if typ := t.member(val, "type"); typ < 0 || t.nodes[typ].kind != nString {
				v.errorf("cyber observable without a string type")
			}
		}
		v.pop()
	}
}

// member helpers for the per-type rules.

// has reports whether object n has member name.
func (v *validator) has(n int32, name string) bool { return v.t.member(n, name) >= 0 }

// timeOf returns the parsed timestamp member name of object n, if valid.
func (v *validator) timeOf(n int32, name string) (time.Time, bool) {
	m := v.t.member(n, name)
	if m < 0 || v.t.nodes[m].kind != nString {
		return time.Time{}, false
	}
	ts, _, err := parseTimestamp(v.t.bytes(m))
	return ts, err == nil
}

// strOf returns the string member name of object n.
func (v *validator) strOf(n int32, name string) (string, bool) {
	m := v.t.member(n, name)
	if m < 0 || v.t.nodes[m].kind != nString {
		return "", false
	}
	return v.t.str(m), true
}
