package stix

import (
	"strconv"
	"unicode/utf8"
)

// maxDepth bounds the nesting of arrays and objects that Validate accepts
// in one STIX object. Real STIX content nests fewer than a dozen levels; the
// bound keeps hostile input from costing unbounded stack.
const maxDepth = 128

const msgDepth = "exceeded max nesting depth"

// scanError is a JSON syntax fault at a byte offset of the scanned slice.
// short is set when the input ended inside a value, so a streaming caller
// can read more and retry.
type scanError struct {
	off   int
	msg   string
	short bool
}

func errShort(off int) *scanError {
	return &scanError{off: off, msg: "unexpected end of JSON input", short: true}
}

func errChar(off int, c byte, context string) *scanError {
	return &scanError{off: off, msg: "invalid character " + quoteChar(c) + " " + context}
}

// quoteChar formats c the way encoding/json does in its error messages.
func quoteChar(c byte) string {
	switch {
	case c == '\'':
		return `'\''`
	case c == '"':
		return `'"'`
	case c < 0x20 || c >= 0x7f:
		return "'\\x" + strconv.FormatUint(uint64(c)>>4, 16) + strconv.FormatUint(uint64(c)&0xf, 16) + "'"
	}
	return "'" + string(rune(c)) + "'"
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// strPlain marks bytes that need no attention inside a JSON string.
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

var hexVal = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = int8(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = int8(c - 'a' + 10)
		t[c-'a'+'A'] = int8(c - 'a' + 10)
	}
	return t
}()

// scanString validates the JSON string starting at data[i] == '"'. It
// returns the offset just past the closing quote and whether the string
// contains escape sequences. Invalid UTF-8 is rejected (I-JSON, RFC 7493).
func scanString(data []byte, i int) (end int, esc bool, err *scanError) {
	i++
	for {
		for i < len(data) && strPlain[data[i]] {
			i++
		}
		if i >= len(data) {
			return i, esc, errShort(i)
		}
		switch c := data[i]; {
		case c == '"':
			return i + 1, esc, nil
		case c == '\\':
			esc = true
			if i+1 >= len(data) {
				return i, esc, errShort(i + 1)
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for k := 2; k < 6; k++ {
					if i+k >= len(data) {
						return i, esc, errShort(i + k)
					}
					if hexVal[data[i+k]] < 0 {
						return i, esc, errChar(i+k, data[i+k], "in \\u hexadecimal character escape")
					}
				}
				i += 6
			default:
				return i, esc, errChar(i+1, data[i+1], "in string escape code")
			}
		case c < 0x20:
			return i, esc, errChar(i, c, "in string literal")
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				if !utf8.FullRune(data[i:]) {
					return i, esc, errShort(len(data))
				}
				return i, esc, &scanError{off: i, msg: "invalid UTF-8 in string literal"}
			}
			i += size
		}
	}
}

// scanNumber validates the JSON number starting at data[i]. isInt reports a
// literal without fraction or exponent. A number touching the end of data is
// reported short: it might continue.
func scanNumber(data []byte, i int) (end int, isInt bool, err *scanError) {
	isInt = true
	if data[i] == '-' {
		i++
		if i >= len(data) {
			return i, isInt, errShort(i)
		}
	}
	switch c := data[i]; {
	case c == '0':
		i++
	case c >= '1' && c <= '9':
		i++
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	default:
		return i, isInt, errChar(i, c, "in numeric literal")
	}
	if i < len(data) && data[i] == '.' {
		isInt = false
		i++
		if i >= len(data) {
			return i, isInt, errShort(i)
		}
		if data[i] < '0' || data[i] > '9' {
			return i, isInt, errChar(i, data[i], "after decimal point in numeric literal")
		}
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		isInt = false
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) {
			return i, isInt, errShort(i)
		}
		if data[i] < '0' || data[i] > '9' {
			return i, isInt, errChar(i, data[i], "in exponent of numeric literal")
		}
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	}
	if i >= len(data) {
		return i, isInt, errShort(i)
	}
	return i, isInt, nil
}

// scanLiteral validates true, false or null at data[i].
func scanLiteral(data []byte, i int, lit string) (int, *scanError) {
	for k := 0; k < len(lit); k++ {
		if i+k >= len(data) {
			return i, errShort(i + k)
		}
		if data[i+k] != lit[k] {
			return i, errChar(i+k, data[i+k], "in literal "+lit+" (expecting "+quoteChar(lit[k])+")")
		}
	}
	return i + len(lit), nil
}

// scanner validates JSON values without building them. It is reused across
// calls so that its container stack does not allocate.
type scanner struct {
	stack []byte
	// ws records whether insignificant whitespace was seen inside the last
	// value scanned, so callers know whether compaction would change it.
	ws bool
}

func (s *scanner) skipWS(data []byte, i int) int {
	j := i
	for j < len(data) && isSpace(data[j]) {
		j++
	}
	if j != i {
		s.ws = true
	}
	return j
}

// value validates the JSON value starting at data[i] (no leading whitespace
// skipped) and returns the offset just past it. It is iterative and costs one
// byte of stack per nesting level, so it needs no depth limit; Validate,
// which builds a tree, enforces maxDepth.
func (s *scanner) value(data []byte, i int) (int, *scanError) {
	s.ws = false
	stack := s.stack[:0]
	defer func() { s.stack = stack[:0] }()
	var err *scanError
	for {
		// Parse one value at i.
		if i >= len(data) {
			return i, errShort(i)
		}
		switch c := data[i]; {
		case c == '{' || c == '[':
			i = s.skipWS(data, i+1)
			if i >= len(data) {
				return i, errShort(i)
			}
			if c == '{' {
				if data[i] == '}' {
					i++
					break
				}
				stack = append(stack, '{')
				if i, err = s.objectKey(data, i); err != nil {
					return i, err
				}
				continue
			}
			if data[i] == ']' {
				i++
				break
			}
			stack = append(stack, '[')
			continue
		case c == '"':
			if i, _, err = scanString(data, i); err != nil {
				return i, err
			}
		case c == '-' || (c >= '0' && c <= '9'):
			if i, _, err = scanNumber(data, i); err != nil {
				return i, err
			}
		case c == 't':
			if i, err = scanLiteral(data, i, "true"); err != nil {
				return i, err
			}
		case c == 'f':
			if i, err = scanLiteral(data, i, "false"); err != nil {
				return i, err
			}
		case c == 'n':
			if i, err = scanLiteral(data, i, "null"); err != nil {
				return i, err
			}
		default:
			return i, errChar(i, c, "looking for beginning of value")
		}
		// A value ended at i: close containers or move to the next element.
		for {
			if len(stack) == 0 {
				return i, nil
			}
			i = s.skipWS(data, i)
			if i >= len(data) {
				return i, errShort(i)
			}
			top := stack[len(stack)-1]
			c := data[i]
			if c == ',' {
				i = s.skipWS(data, i+1)
				if top == '{' {
					if i, err = s.objectKey(data, i); err != nil {
						return i, err
					}
				}
				break
			}
			if (top == '{' && c == '}') || (top == '[' && c == ']') {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			if top == '{' {
				return i, errChar(i, c, "after object key:value pair")
			}
			return i, errChar(i, c, "after array element")
		}
	}
}

// objectKey validates `"key" :` at data[i] and returns the offset of the
// member value (whitespace skipped).
func (s *scanner) objectKey(data []byte, i int) (int, *scanError) {
	if i >= len(data) {
		return i, errShort(i)
	}
	if data[i] != '"' {
		return i, errChar(i, data[i], "looking for beginning of object key string")
	}
	i, _, err := scanString(data, i)
	if err != nil {
		return i, err
	}
	i = s.skipWS(data, i)
	if i >= len(data) {
		return i, errShort(i)
	}
	if data[i] != ':' {
		return i, errChar(i, data[i], "after object key")
	}
	i = s.skipWS(data, i+1)
	if i >= len(data) {
		return i, errShort(i)
	}
	return i, nil
}

// appendCompact appends src, a valid JSON text, to dst with all whitespace
// outside strings removed.
func appendCompact(dst, src []byte) []byte {
	i := 0
	for i < len(src) {
		c := src[i]
		if isSpace(c) {
			i++
			continue
		}
		if c != '"' {
			// Copy a run of non-space, non-string bytes.
			j := i + 1
			for j < len(src) && !isSpace(src[j]) && src[j] != '"' {
				j++
			}
			dst = append(dst, src[i:j]...)
			i = j
			continue
		}
		j := i + 1
		for j < len(src) {
			if src[j] == '\\' {
				j += 2
				continue
			}
			if src[j] == '"' {
				j++
				break
			}
			j++
		}
		if j > len(src) {
			j = len(src)
		}
		dst = append(dst, src[i:j]...)
		i = j
	}
	return dst
}

// unquote decodes the JSON string body b (without quotes) that is known to
// be valid. Invalid surrogate escapes decode to U+FFFD, as encoding/json does.
func unquote(b []byte) string {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		c := b[i]
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		switch b[i+1] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(b[i+2:])
			i += 6
			if r >= 0xd800 && r < 0xdc00 && i+6 <= len(b) && b[i] == '\\' && b[i+1] == 'u' {
				if r2 := hex4(b[i+2:]); r2 >= 0xdc00 && r2 < 0xe000 {
					r = (r-0xd800)<<10 | (r2 - 0xdc00) + 0x10000
					i += 6
				}
			}
			if r >= 0xd800 && r < 0xe000 {
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
			continue
		default: // '"', '\\', '/'
			out = append(out, b[i+1])
		}
		i += 2
	}
	return string(out)
}

func hex4(b []byte) rune {
	return rune(hexVal[b[0]])<<12 | rune(hexVal[b[1]])<<8 | rune(hexVal[b[2]])<<4 | rune(hexVal[b[3]])
}
