package stix

import (
	"bytes"
	"math"
	"strings"
	"time"
)

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
	// Duplicate detection among unknown keys is quadratic; large objects
	// switch to a set.
	var keySet map[string]struct{}
	if node.count > 32 {
		keySet = make(map[string]struct{}, node.count)
	}
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
				v.warnf("property is not applicable to %s objects", spec.family)
			case naError:
				v.errorf("property must not be used on %s objects", spec.family)
			}
			v.value(f.p, k+1)
		} else {
			if keySet != nil {
				if _, dup := keySet[string(kb)]; dup {
					v.errorf("duplicate property")
				}
				keySet[string(kb)] = struct{}{}
			} else {
				for _, u := range unknown {
					if bytes.Equal(v.keyBytes(u), kb) {
						v.errorf("duplicate property")
						break
					}
				}
				unknown = append(unknown, k)
			}
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
			if math.IsInf(p.max, 1) {
				v.errorf("must not be less than %g", p.min)
			} else {
				v.errorf("must be between %g and %g", p.min, p.max)
			}
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
