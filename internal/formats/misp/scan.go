package misp

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// jreader is a small streaming JSON reader: MISP events are walked member
// by member and their elements are cut out as raw values, validated, in
// bounded memory (the buffer holds at most one element). It is several
// times faster than encoding/json's Decoder on MISP's flat attributes,
// which matters at half a million of them.
type jreader struct {
	r   io.Reader
	buf []byte
	pos int   // next unread byte
	end int   // end of valid data
	off int64 // input offset of buf[0]
	pin int64 // input offset from which data must be kept on refill, or -1
	eof bool
	err error // read error other than EOF
}

// maxDepth bounds nesting, as encoding/json does.
const maxDepth = 10000

// errSyntax is malformed JSON at an input offset.
type errSyntax struct {
	off int64
	msg string
}

func (e *errSyntax) Error() string { return fmt.Sprintf("invalid JSON at byte %d: %s", e.off, e.msg) }

func newJReader(r io.Reader) *jreader {
	return &jreader{r: r, buf: make([]byte, 256<<10), pin: -1}
}

// bytesReader reads values held in memory.
func bytesReader(b []byte) *jreader {
	return &jreader{buf: b, end: len(b), eof: true, pin: -1}
}

func (j *jreader) offset() int64 { return j.off + int64(j.pos) }

func (j *jreader) syntax(msg string) error { return &errSyntax{off: j.offset(), msg: msg} }

// hold pins the input from the current position (unless an outer pin
// already holds it) and returns the function that releases it.
func (j *jreader) hold() (start int64, release func()) {
	start = j.offset()
	if j.pin >= 0 {
		return start, func() {}
	}
	j.pin = start
	return start, func() { j.pin = -1 }
}

// since returns the bytes from input offset start to the current position.
func (j *jreader) since(start int64) []byte { return j.buf[start-j.off : j.pos] }

// fill reads more input, keeping what is pinned. It returns false at the
// end of the input.
func (j *jreader) fill() bool {
	if j.eof || j.r == nil {
		return false
	}
	keep := j.pos
	if j.pin >= 0 {
		keep = int(j.pin - j.off)
	}
	if keep > 0 {
		j.end = copy(j.buf, j.buf[keep:j.end])
		j.off += int64(keep)
		j.pos -= keep
	}
	if j.end == len(j.buf) {
		nb := make([]byte, 2*len(j.buf))
		copy(nb, j.buf[:j.end])
		j.buf = nb
	}
	for {
		n, err := j.r.Read(j.buf[j.end:])
		j.end += n
		if err != nil {
			j.eof = true
			if err != io.EOF {
				j.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

func (j *jreader) unexpectedEnd() error {
	if j.err != nil {
		return j.err
	}
	return j.syntax("unexpected end of input")
}

// ws skips white space and returns the next byte without consuming it.
func (j *jreader) ws() (byte, error) {
	for {
		for j.pos < j.end {
			switch c := j.buf[j.pos]; c {
			case ' ', '\t', '\n', '\r':
				j.pos++
			default:
				return c, nil
			}
		}
		if !j.fill() {
			return 0, j.unexpectedEnd()
		}
	}
}

func (j *jreader) expect(c byte) error {
	got, err := j.ws()
	if err != nil {
		return err
	}
	if got != c {
		return j.syntax(fmt.Sprintf("expected %q, found %q", c, got))
	}
	j.pos++
	return nil
}

// open consumes '{' or '[' and reports whether the container is empty
// (then its closing byte is consumed too).
func (j *jreader) open(c byte) (empty bool, err error) {
	if err := j.expect(c); err != nil {
		return false, err
	}
	n, err := j.ws()
	if err != nil {
		return false, err
	}
	if n == closing(c) {
		j.pos++
		return true, nil
	}
	return false, nil
}

func closing(c byte) byte {
	if c == '[' {
		return ']'
	}
	return '}'
}

// more is called after a member or element: it consumes a ',' (true) or
// the container's closing byte (false).
func (j *jreader) more(close byte) (bool, error) {
	c, err := j.ws()
	if err != nil {
		return false, err
	}
	switch c {
	case ',':
		j.pos++
		return true, nil
	case close:
		j.pos++
		return false, nil
	}
	return false, j.syntax(fmt.Sprintf("expected ',' or %q, found %q", close, c))
}

// key reads a member name and its ':'.
func (j *jreader) key() (string, error) {
	c, err := j.ws()
	if err != nil {
		return "", err
	}
	if c != '"' {
		return "", j.syntax(fmt.Sprintf("expected a member name, found %q", c))
	}
	k, err := j.str()
	if err != nil {
		return "", err
	}
	return k, j.expect(':')
}

// keyRaw reads a member name and its ':' without allocating: the bytes
// are valid until the next read. Names with escapes are unescaped.
func (j *jreader) keyRaw() ([]byte, error) {
	c, err := j.ws()
	if err != nil {
		return nil, err
	}
	if c != '"' {
		return nil, j.syntax(fmt.Sprintf("expected a member name, found %q", c))
	}
	start, release := j.hold()
	escaped, err := j.scanString()
	if err != nil {
		release()
		return nil, err
	}
	raw := j.since(start)
	var k []byte
	if escaped {
		s, err := unescape(raw)
		if err != nil {
			release()
			return nil, &errSyntax{off: start, msg: err.Error()}
		}
		k = []byte(s)
	} else {
		k = raw[1 : len(raw)-1]
	}
	// The ':' may need a refill, which would move the name: keep the pin.
	err = j.expect(':')
	release()
	return k, err
}

// str reads a string; the reader is at its opening quote.
func (j *jreader) str() (string, error) {
	start, release := j.hold()
	defer release()
	escaped, err := j.scanString()
	if err != nil {
		return "", err
	}
	raw := j.since(start)
	if !escaped {
		return string(raw[1 : len(raw)-1]), nil
	}
	s, err := unescape(raw)
	if err != nil {
		return "", &errSyntax{off: start, msg: err.Error()}
	}
	return s, nil
}

// scanString moves past a string, reporting whether it has escapes.
func (j *jreader) scanString() (escaped bool, err error) {
	j.pos++ // opening quote
	for {
		for j.pos < j.end {
			switch c := j.buf[j.pos]; {
			case c == '"':
				j.pos++
				return escaped, nil
			case c == '\\':
				escaped = true
				j.pos++
				if j.pos >= j.end && !j.fill() {
					return false, j.unexpectedEnd()
				}
				switch j.buf[j.pos] {
				case '"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u':
				default:
					return false, j.syntax("invalid escape in string")
				}
				j.pos++
			case c < 0x20:
				return false, j.syntax("control character in string")
			default:
				j.pos++
			}
		}
		if !j.fill() {
			return false, j.unexpectedEnd()
		}
	}
}

// unescape decodes a quoted JSON string with escapes; invalid surrogates
// become U+FFFD, as encoding/json does.
func unescape(q []byte) (string, error) {
	b := make([]byte, 0, len(q))
	for i := 1; i < len(q)-1; i++ {
		c := q[i]
		if c != '\\' {
			b = append(b, c)
			continue
		}
		i++
		switch q[i] {
		case '"', '\\', '/':
			b = append(b, q[i])
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := hex4(q[i+1 : len(q)-1])
			if !ok {
				return "", errors.New("invalid \\u escape in string")
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2, ok := hex4(q[min(i+3, len(q)-1) : len(q)-1])
				if d := utf16.DecodeRune(r, r2); ok && q[i+1] == '\\' && q[i+2] == 'u' && d != utf8.RuneError {
					r = d
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b), nil
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// literal reads true, false or null.
func (j *jreader) literal() (string, error) {
	for _, lit := range [...]string{"true", "false", "null"} {
		if j.has(lit) {
			j.pos += len(lit)
			return lit, nil
		}
	}
	return "", j.syntax("invalid literal")
}

// has reports whether the input continues with s.
func (j *jreader) has(s string) bool {
	if j.end-j.pos < len(s) {
		_, release := j.hold()
		for j.end-j.pos < len(s) && j.fill() {
		}
		release()
	}
	return j.end-j.pos >= len(s) && string(j.buf[j.pos:j.pos+len(s)]) == s
}

// number reads a number's text.
func (j *jreader) number() (string, error) {
	start, release := j.hold()
	defer release()
	for {
		for j.pos < j.end {
			c := j.buf[j.pos]
			if c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
				j.pos++
				continue
			}
			return j.checkNumber(start)
		}
		if !j.fill() {
			return j.checkNumber(start)
		}
	}
}

func (j *jreader) checkNumber(start int64) (string, error) {
	s := string(j.since(start))
	if !validNumber(s) {
		return "", &errSyntax{off: start, msg: "invalid number " + strconv.Quote(s)}
	}
	return s, nil
}

func validNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		d := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		d := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	return i == len(s)
}

// skip validates and skips one value, iteratively (hostile nesting cannot
// exhaust the stack).
func (j *jreader) skip() error {
	var stack []byte // open containers: '{' or '['
	for {
		c, err := j.ws()
		if err != nil {
			return err
		}
		switch {
		case c == '{' || c == '[':
			if len(stack) >= maxDepth {
				return j.syntax("nested too deeply")
			}
			j.pos++
			n, err := j.ws()
			if err != nil {
				return err
			}
			if n == closing(c) {
				j.pos++
				break
			}
			stack = append(stack, c)
			if c == '{' {
				if err := j.skipKey(); err != nil {
					return err
				}
			}
			continue
		case c == '"':
			if _, err := j.scanString(); err != nil {
				return err
			}
		case c == 't' || c == 'f' || c == 'n':
			if _, err := j.literal(); err != nil {
				return err
			}
		case c == '-' || c >= '0' && c <= '9':
			if _, err := j.number(); err != nil {
				return err
			}
		default:
			return j.syntax(fmt.Sprintf("unexpected %q", c))
		}
		// After a value: close containers, or go on to the next member.
		for len(stack) > 0 {
			top := stack[len(stack)-1]
			more, err := j.more(closing(top))
			if err != nil {
				return err
			}
			if !more {
				stack = stack[:len(stack)-1]
				continue
			}
			if top == '{' {
				if err := j.skipKey(); err != nil {
					return err
				}
			}
			break
		}
		if len(stack) == 0 {
			return nil
		}
	}
}

func (j *jreader) skipKey() error {
	c, err := j.ws()
	if err != nil {
		return err
	}
	if c != '"' {
		return j.syntax(fmt.Sprintf("expected a member name, found %q", c))
	}
	if _, err := j.scanString(); err != nil {
		return err
	}
	return j.expect(':')
}

// raw reads one value and returns a copy of its bytes.
func (j *jreader) raw() ([]byte, error) {
	v, err := j.view()
	return append([]byte(nil), v...), err
}

// view reads one value and returns its bytes in the reader's buffer: they
// are valid until the next read.
func (j *jreader) view() ([]byte, error) {
	if _, err := j.ws(); err != nil {
		return nil, err
	}
	start, release := j.hold()
	defer release()
	if err := j.skip(); err != nil {
		return nil, err
	}
	return j.since(start), nil
}

// scalar reads a value as MISP text (see mstr). ok is false, with the
// value skipped, when it is an object or an array.
func (j *jreader) scalar() (s string, ok bool, err error) {
	c, err := j.ws()
	if err != nil {
		return "", false, err
	}
	switch {
	case c == '"':
		s, err = j.str()
		return s, true, err
	case c == 't' || c == 'f' || c == 'n':
		lit, err := j.literal()
		switch lit {
		case "true":
			return "1", true, err
		case "false":
			return "0", true, err
		}
		return "", true, err
	case c == '{' || c == '[':
		return "", false, j.skip()
	}
	s, err = j.number()
	return s, true, err
}
