package stix

import (
	"encoding/json"
	"strconv"
)

// A tape is a flat, allocation-light parse of one JSON text: every value is
// a node in document order, and containers record where their subtree ends.
// Strings and numbers are not copied; nodes point into the raw input.
type tape struct {
	raw   []byte
	nodes []node
}

type nodeKind uint8

const (
	nNull nodeKind = iota
	nFalse
	nTrue
	nNumber
	nString
	nArray
	nObject
)

func (k nodeKind) String() string {
	switch k {
	case nNull:
		return "null"
	case nFalse, nTrue:
		return "boolean"
	case nNumber:
		return "number"
	case nString:
		return "string"
	case nArray:
		return "array"
	}
	return "object"
}

const (
	flagEsc uint8 = 1 << iota // string contains escape sequences
	flagInt                   // number literal has no fraction or exponent
)

// node is one JSON value. For strings start/end delimit the body without
// quotes; for numbers the literal; for containers the brackets (end is one
// past the closing bracket). Object members are stored as a key node (a
// string) followed by the value subtree. next is the index of the first node
// after this subtree.
type node struct {
	kind  nodeKind
	flags uint8
	start int32
	end   int32
	count int32
	next  int32
}

// maxRawSize keeps offsets within int32.
const maxRawSize = 1<<31 - 1

// parse builds the tape for raw, which must hold exactly one JSON value.
func (t *tape) parse(raw []byte) *scanError {
	t.raw = raw
	t.nodes = t.nodes[:0]
	if len(raw) > maxRawSize {
		return &scanError{msg: "object too large"}
	}
	i := skipSpace(raw, 0)
	i, err := t.value(i, 0)
	if err != nil {
		if err.short {
			err.msg = "unexpected end of JSON input"
		}
		return err
	}
	i = skipSpace(raw, i)
	if i < len(raw) {
		return errChar(i, raw[i], "after top-level value")
	}
	return nil
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

// maxNodes bounds the JSON values of one object Validate will build a tape
// for (about 48 MB of nodes); no real STIX object comes close.
const maxNodes = 1 << 21

var errTooManyValues = scanError{msg: "too many JSON values in one object"}

func (t *tape) push(n node) int {
	t.nodes = append(t.nodes, n)
	return len(t.nodes) - 1
}

func (t *tape) value(i, depth int) (int, *scanError) {
	raw := t.raw
	if i >= len(raw) {
		return i, errShort(i)
	}
	if len(t.nodes) >= maxNodes {
		return i, &scanError{off: i, msg: errTooManyValues.msg}
	}
	switch c := raw[i]; {
	case c == '{':
		return t.object(i, depth+1)
	case c == '[':
		return t.array(i, depth+1)
	case c == '"':
		end, esc, err := scanString(raw, i)
		if err != nil {
			return end, err
		}
		n := node{kind: nString, start: int32(i + 1), end: int32(end - 1), next: int32(len(t.nodes) + 1)}
		if esc {
			n.flags = flagEsc
		}
		t.push(n)
		return end, nil
	case c == '-' || (c >= '0' && c <= '9'):
		end, isInt, err := scanNumber(raw, i)
		// A complete number may end the input: it always ends with a digit.
		if err != nil && !(err.short && end == len(raw) && raw[end-1] >= '0' && raw[end-1] <= '9') {
			return end, err
		}
		n := node{kind: nNumber, start: int32(i), end: int32(end), next: int32(len(t.nodes) + 1)}
		if isInt {
			n.flags = flagInt
		}
		t.push(n)
		return end, nil
	case c == 't', c == 'f', c == 'n':
		lit, kind := "null", nNull
		if c == 't' {
			lit, kind = "true", nTrue
		} else if c == 'f' {
			lit, kind = "false", nFalse
		}
		end, err := scanLiteral(raw, i, lit)
		if err != nil {
			return end, err
		}
		t.push(node{kind: kind, start: int32(i), end: int32(end), next: int32(len(t.nodes) + 1)})
		return end, nil
	}
	return i, errChar(i, raw[i], "looking for beginning of value")
}

func (t *tape) object(i, depth int) (int, *scanError) {
	if depth > maxDepth {
		return i, &scanError{off: i, msg: msgDepth}
	}
	raw := t.raw
	idx := t.push(node{kind: nObject, start: int32(i)})
	var count int32
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		i++
	} else {
		for {
			if i >= len(raw) {
				return i, errShort(i)
			}
			if raw[i] != '"' {
				return i, errChar(i, raw[i], "looking for beginning of object key string")
			}
			end, esc, err := scanString(raw, i)
			if err != nil {
				return end, err
			}
			k := node{kind: nString, start: int32(i + 1), end: int32(end - 1), next: int32(len(t.nodes) + 1)}
			if esc {
				k.flags = flagEsc
			}
			t.push(k)
			i = skipSpace(raw, end)
			if i >= len(raw) {
				return i, errShort(i)
			}
			if raw[i] != ':' {
				return i, errChar(i, raw[i], "after object key")
			}
			i = skipSpace(raw, i+1)
			if i, err = t.value(i, depth); err != nil {
				return i, err
			}
			count++
			i = skipSpace(raw, i)
			if i >= len(raw) {
				return i, errShort(i)
			}
			if raw[i] == ',' {
				i = skipSpace(raw, i+1)
				continue
			}
			if raw[i] == '}' {
				i++
				break
			}
			return i, errChar(i, raw[i], "after object key:value pair")
		}
	}
	n := &t.nodes[idx]
	n.end, n.count, n.next = int32(i), count, int32(len(t.nodes))
	return i, nil
}

func (t *tape) array(i, depth int) (int, *scanError) {
	if depth > maxDepth {
		return i, &scanError{off: i, msg: msgDepth}
	}
	raw := t.raw
	idx := t.push(node{kind: nArray, start: int32(i)})
	var count int32
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == ']' {
		i++
	} else {
		for {
			var err *scanError
			if i, err = t.value(i, depth); err != nil {
				return i, err
			}
			count++
			i = skipSpace(raw, i)
			if i >= len(raw) {
				return i, errShort(i)
			}
			if raw[i] == ',' {
				i = skipSpace(raw, i+1)
				continue
			}
			if raw[i] == ']' {
				i++
				break
			}
			return i, errChar(i, raw[i], "after array element")
		}
	}
	n := &t.nodes[idx]
	n.end, n.count, n.next = int32(i), count, int32(len(t.nodes))
	return i, nil
}

// bytes returns the raw body of a string or number node. For strings with
// escapes it returns the decoded bytes.
func (t *tape) bytes(i int32) []byte {
	n := &t.nodes[i]
	b := t.raw[n.start:n.end]
	if n.flags&flagEsc != 0 {
		return []byte(unquote(b))
	}
	return b
}

// str returns the decoded value of a string node (or the literal of a
// number node) as a new string.
func (t *tape) str(i int32) string {
	n := &t.nodes[i]
	if n.flags&flagEsc != 0 {
		return unquote(t.raw[n.start:n.end])
	}
	return string(t.raw[n.start:n.end])
}

// is reports whether string node i equals s, without allocating.
func (t *tape) is(i int32, s string) bool {
	n := &t.nodes[i]
	if n.kind != nString {
		return false
	}
	if n.flags&flagEsc != 0 {
		return unquote(t.raw[n.start:n.end]) == s
	}
	return string(t.raw[n.start:n.end]) == s
}

// member returns the value node of key in object node obj, or -1.
func (t *tape) member(obj int32, key string) int32 {
	end := t.nodes[obj].next
	for k := obj + 1; k < end; k = t.nodes[k+1].next {
		if t.is(k, key) {
			return k + 1
		}
	}
	return -1
}

// toAny converts the subtree at i to the values encoding/json produces with
// UseNumber: map[string]any, []any, string, json.Number, bool and nil.
func (t *tape) toAny(i int32) any {
	n := &t.nodes[i]
	switch n.kind {
	case nNull:
		return nil
	case nFalse:
		return false
	case nTrue:
		return true
	case nNumber:
		return json.Number(t.raw[n.start:n.end])
	case nString:
		return t.str(i)
	case nArray:
		out := make([]any, 0, n.count)
		for e := i + 1; e < n.next; e = t.nodes[e].next {
			out = append(out, t.toAny(e))
		}
		return out
	}
	out := make(map[string]any, n.count)
	for k := i + 1; k < n.next; k = t.nodes[k+1].next {
		out[t.str(k)] = t.toAny(k + 1)
	}
	return out
}

// int returns the value of an integer number node.
func (t *tape) int(i int32) (int64, bool) {
	n := &t.nodes[i]
	if n.kind != nNumber || n.flags&flagInt == 0 {
		return 0, false
	}
	// A valid integer literal: optional minus and digits. More than 16
	// digits exceeds the 2^53 range STIX allows anyway.
	b := t.raw[n.start:n.end]
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) > 16 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

// float returns the value of a number node.
func (t *tape) float(i int32) (float64, bool) {
	n := &t.nodes[i]
	if n.kind != nNumber {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(t.raw[n.start:n.end]), 64)
	return v, err == nil
}
