package stix

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
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
		se := syntaxErrorAt(raw, err)
		if err.msg == msgDepth || err.msg == errTooManyValues.msg {
			// Well-formed but beyond our limits: still report the common
			// properties if the top level is readable.
			rep.Errors = append(rep.Errors, Issue{Path: "$", Msg: "JSON too complex: " + se.Error()})
			o, perr := Parse(raw)
			if perr != nil {
				o = nil
			}
			return o, rep
		}
		rep.Errors = append(rep.Errors, Issue{Path: "$", Msg: "invalid JSON: " + se.Error()})
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
	// selectorWork bounds the effort spent resolving granular marking
	// selectors.
	selectorWork int
}

func (v *validator) release() {
	v.rep, v.ts, v.typ, v.id, v.selectorWork = nil, nil, "", "", 0
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

// maxIssues caps each list of a report so that hostile input cannot make
// the report itself huge.
const maxIssues = 1000

func (v *validator) errorf(f string, a ...any) { v.rep.Errors = v.add(v.rep.Errors, f, a) }
func (v *validator) warnf(f string, a ...any)  { v.rep.Warnings = v.add(v.rep.Warnings, f, a) }

func (v *validator) add(list []Issue, f string, a []any) []Issue {
	switch {
	case len(list) < maxIssues:
		return append(list, Issue{Path: v.pathString(), Msg: fmt.Sprintf(f, a...)})
	case len(list) == maxIssues:
		return append(list, Issue{Path: "$", Msg: "too many issues; the rest are not reported"})
	}
	return list
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
	if o.Type == "bundle" {
		v.errorAt("type", "a bundle is not a STIX object; read it with BundleReader")
	}

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
	case v.typ == "bundle":
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
