package misp

import (
	"sort"
	"strconv"
	"unicode/utf8"
)

// The converter writes STIX JSON by appending to byte slices: one object
// is a few hundred bytes, and half a million of them go through here for a
// large event, so reflection-based encoding is avoided on the hot path.
//
// appendString escapes as RFC 8785 (JSON canonicalization) does: ", \ and
// control characters only, with the short forms \b \t \n \f \r. The output
// is therefore both valid JSON and canonical, which deterministic SCO ids
// need. Invalid UTF-8 is written as U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, s[start:i]...)
				b = append(b, "\ufffd"...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\t':
			b = append(b, '\\', 't')
		case '\n':
			b = append(b, '\\', 'n')
		case '\f':
			b = append(b, '\\', 'f')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			const hex = "0123456789abcdef"
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// jv is a small JSON value tree, used for cyber-observable objects: they
// are written twice, once in canonical form (sorted keys) to derive their
// deterministic id and once in their natural order.
type jv struct {
	kind jkind
	s    string
	n    int64
	obj  []kv
	arr  []jv
}

type jkind uint8

const (
	jString jkind = iota
	jInt
	jTrue
	jFalse
	jObject
	jArray
)

type kv struct {
	k string
	v jv
}

func jstr(s string) jv { return jv{kind: jString, s: s} }
func jint(n int64) jv  { return jv{kind: jInt, n: n} }
func jbool(b bool) jv {
	if b {
		return jv{kind: jTrue}
	}
	return jv{kind: jFalse}
}
func jobj(members ...kv) jv { return jv{kind: jObject, obj: members} }
func jarr(elems ...jv) jv   { return jv{kind: jArray, arr: elems} }
func jstrs(ss ...string) jv {
	a := make([]jv, len(ss))
	for i, s := range ss {
		a[i] = jstr(s)
	}
	return jarr(a...)
}

// appendJV writes v; canonical sorts object members by key (all keys here
// are ASCII, so byte order is RFC 8785's UTF-16 order).
func appendJV(b []byte, v jv, canonical bool) []byte {
	switch v.kind {
	case jString:
		return appendString(b, v.s)
	case jInt:
		return strconv.AppendInt(b, v.n, 10)
	case jTrue:
		return append(b, "true"...)
	case jFalse:
		return append(b, "false"...)
	case jArray:
		b = append(b, '[')
		for i, e := range v.arr {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJV(b, e, canonical)
		}
		return append(b, ']')
	case jObject:
		members := v.obj
		if canonical && !sort.SliceIsSorted(members, func(i, j int) bool { return members[i].k < members[j].k }) {
			members = append([]kv(nil), members...)
			sort.Slice(members, func(i, j int) bool { return members[i].k < members[j].k })
		}
		b = append(b, '{')
		for i, m := range members {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, m.k)
			b = append(b, ':')
			b = appendJV(b, m.v, canonical)
		}
		return append(b, '}')
	}
	return b
}

// objw appends the members of one JSON object.
type objw struct {
	b []byte
	n int
}

func newObj(b []byte) *objw { return &objw{b: append(b, '{')} }

func (o *objw) key(k string) {
	if o.n > 0 {
		o.b = append(o.b, ',')
	}
	o.n++
	o.b = appendString(o.b, k)
	o.b = append(o.b, ':')
}

func (o *objw) str(k, v string) { o.key(k); o.b = appendString(o.b, v) }

// strNE writes k only when v is not empty.
func (o *objw) strNE(k, v string) {
	if v != "" {
		o.str(k, v)
	}
}

func (o *objw) int(k string, v int64) { o.key(k); o.b = strconv.AppendInt(o.b, v, 10) }

func (o *objw) bool(k string, v bool) { o.key(k); o.b = strconv.AppendBool(o.b, v) }

// strs writes a list of strings, or nothing when the list is empty (STIX
// forbids empty lists).
func (o *objw) strs(k string, vs []string) {
	if len(vs) == 0 {
		return
	}
	o.key(k)
	o.b = append(o.b, '[')
	for i, v := range vs {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = appendString(o.b, v)
	}
	o.b = append(o.b, ']')
}

func (o *objw) jv(k string, v jv) { o.key(k); o.b = appendJV(o.b, v, false) }

func (o *objw) done() []byte { return append(o.b, '}') }
