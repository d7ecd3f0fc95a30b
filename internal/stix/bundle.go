package stix

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// SyntaxError is malformed JSON. Line and Col are 1-based; Col counts bytes
// (not runes) from the start of the line. Offset is the 0-based byte offset
// of the fault in the whole input.
type SyntaxError struct {
	Line, Col int
	Offset    int64
	Msg       string
}

func (e *SyntaxError) Error() string {
	return "line " + strconv.Itoa(e.Line) + " col " + strconv.Itoa(e.Col) + ": " + e.Msg
}

// newSyntaxError locates offset off of data.
func newSyntaxError(data []byte, off int, msg string) *SyntaxError {
	if off > len(data) {
		off = len(data)
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return &SyntaxError{Line: line, Col: col, Offset: int64(off), Msg: msg}
}

func syntaxErrorAt(data []byte, e *scanError) *SyntaxError {
	return newSyntaxError(data, e.off, e.msg)
}

const (
	readChunk = 64 << 10
	// MaxObjectSize bounds a single STIX object (or a whole bare object) the
	// BundleReader will hold in memory.
	MaxObjectSize = 64 << 20
)

type bundleState uint8

const (
	stStart   bundleState = iota
	stMembers             // inside the top-level object, before a key
	stObjects             // inside the "objects" array
	stArray               // inside a top-level array of objects
	stEnd                 // top-level value finished
	stDone
)

// BundleReader streams the objects of a STIX bundle one at a time without
// holding the whole bundle in memory. It accepts
//
//   - a bundle {"type":"bundle","id":"bundle--…","objects":[…]} with its
//     keys in any order; when "objects" precedes "type" and "id" the objects
//     are still streamed and the bundle's type and id are checked at the end;
//   - a bare STIX object, returned as the only object;
//   - a JSON array of STIX objects.
//
// Each element is checked to be well-formed JSON (including valid UTF-8) and
// to be a JSON object; it is not validated as STIX (see Validate). Malformed
// JSON is reported as a *SyntaxError wrapped with context, e.g.
// "objects[3]: line 7 col 12: invalid character '}' …".
type BundleReader struct {
	r   io.Reader
	buf []byte
	pos int   // next unread byte in buf
	end int   // end of valid data in buf
	off int64 // input offset of buf[0]
	pin int   // buf index that must be kept on refill, or -1

	// Line bookkeeping for bytes already dropped from buf.
	lines  int   // newlines before buf[0]
	lastNL int64 // input offset of the last dropped newline, -1 if none

	eof   bool
	state bundleState
	err   error // sticky error

	sc scanner

	index      int    // index of the last element read
	next       int    // index of the next element in "objects"
	bundleType string // value of the top-level "type", once seen
	typeSeen   bool
	bundleID   string
	idSeen     bool
	bundle     bool // decided: top level is a bundle (or array), not a bare object
	topArray   bool // top level is a JSON array of objects
	objStart   int  // buf index of the top-level object while undecided
}

// NewBundleReader returns a reader of the STIX objects in r.
func NewBundleReader(r io.Reader) *BundleReader {
	return &BundleReader{r: r, pin: -1, lastNL: -1, index: -1}
}

// Index returns the position in "objects" of the element last read by Next,
// whether it was returned or rejected with ErrNotObject (0 for a bare
// object), or -1 before the first.
func (b *BundleReader) Index() int { return b.index }

// BundleID returns the bundle's id once it has been read ("" until then, and
// for bare objects). When "id" follows "objects" it is known only after the
// last object.
func (b *BundleReader) BundleID() string { return b.bundleID }

// Next returns the next STIX object. The returned slice is owned by the
// caller. Whitespace outside strings is removed. At the end of the input Next
// returns io.EOF. An element that is well-formed JSON but not an object
// yields an error wrapping ErrNotObject for that element only; reading may
// continue. Every other error is final and Next keeps returning it:
// malformed JSON (a wrapped *SyntaxError), a read error, an object larger
// than MaxObjectSize, or a bundle whose "type" or "id" is wrong (detected at
// the end when they follow "objects").
func (b *BundleReader) Next() (json.RawMessage, error) {
	if b.err != nil {
		return nil, b.err
	}
	raw, err := b.next1()
	if err != nil && err != io.EOF && !errors.Is(err, ErrNotObject) {
		b.err = err
	}
	if err == io.EOF {
		b.err = io.EOF
	}
	return raw, err
}

// fill reads more input, keeping buf[keep:] (or from pin if earlier).
// It returns false at end of input.
func (b *BundleReader) fill(keep int) (bool, error) {
	if b.eof {
		return false, nil
	}
	if b.pin >= 0 && b.pin < keep {
		keep = b.pin
	}
	if keep > 0 {
		dropped := b.buf[:keep]
		if n := bytes.Count(dropped, []byte{'\n'}); n > 0 {
			b.lines += n
			b.lastNL = b.off + int64(bytes.LastIndexByte(dropped, '\n'))
		}
		copy(b.buf, b.buf[keep:b.end])
		b.end -= keep
		b.pos -= keep
		b.off += int64(keep)
		if b.pin >= 0 {
			b.pin -= keep
		}
		b.objStart -= keep
	}
	if len(b.buf)-b.end < readChunk/2 {
		if b.end >= MaxObjectSize {
			return false, fmt.Errorf("stix: object larger than %d bytes", MaxObjectSize)
		}
		nb := make([]byte, max(2*len(b.buf), readChunk))
		copy(nb, b.buf[:b.end])
		b.buf = nb
	}
	for {
		n, err := b.r.Read(b.buf[b.end:])
		b.end += n
		if err == io.EOF {
			b.eof = true
			return n > 0, nil
		}
		if err != nil {
			return false, err
		}
		if n > 0 {
			return true, nil
		}
	}
}

// syntax converts a fault at buf index i into a *SyntaxError with absolute
// position.
func (b *BundleReader) syntax(i int, msg string) *SyntaxError {
	abs := b.off + int64(i)
	line := b.lines + 1 + bytes.Count(b.buf[:i], []byte{'\n'})
	var col int64
	if k := bytes.LastIndexByte(b.buf[:i], '\n'); k >= 0 {
		col = int64(i - k)
	} else {
		col = abs - b.lastNL
	}
	return &SyntaxError{Line: line, Col: int(col), Offset: abs, Msg: msg}
}

func (b *BundleReader) where() string {
	switch b.state {
	case stObjects:
		return "objects[" + strconv.Itoa(b.next) + "]: "
	case stArray:
		return "[" + strconv.Itoa(b.next) + "]: "
	}
	return "bundle: "
}

func (b *BundleReader) fail(i int, msg string) error {
	return fmt.Errorf("%s%w", b.where(), b.syntax(i, msg))
}

// skipWS advances pos over whitespace, reading more input as needed. It
// returns false at end of input.
func (b *BundleReader) skipWS() (bool, error) {
	for {
		for b.pos < b.end && isSpace(b.buf[b.pos]) {
			b.pos++
		}
		if b.pos < b.end {
			return true, nil
		}
		more, err := b.fill(b.pos)
		if err != nil {
			return false, err
		}
		if !more {
			return false, nil
		}
	}
}

// peek returns the next non-space byte, or an "unexpected end" error.
func (b *BundleReader) peek() (byte, error) {
	ok, err := b.skipWS()
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, b.fail(b.pos, "unexpected end of JSON input")
	}
	return b.buf[b.pos], nil
}

// scanAt runs the validating scanner on the value at pos, reading more input
// until the value is complete. It returns the end index; pos is unchanged.
func (b *BundleReader) scanAt() (int, error) {
	end, err := b.sc.value(b.buf[:b.end], b.pos)
	if err == nil {
		return end, nil
	}
	if !err.short {
		return 0, b.fail(err.off, err.msg)
	}
	if ferr := b.buffer(); ferr != nil {
		return 0, ferr
	}
	if end, err = b.sc.value(b.buf[:b.end], b.pos); err != nil {
		if err.short {
			return 0, b.fail(b.end, "unexpected end of JSON input")
		}
		return 0, b.fail(err.off, err.msg)
	}
	return end, nil
}

// buffer reads input until the value starting at pos is complete in buf (or
// the input ends). It tracks the value's extent with a small resumable state
// machine, so that input arriving in tiny pieces costs linear time; the
// value is validated afterwards.
func (b *BundleReader) buffer() error {
	var f boundary
	for !f.advance(b.buf[b.pos:b.end]) {
		more, err := b.fill(b.pos)
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
	return nil
}

// boundary finds the end of a JSON value incrementally. It trusts the input
// to be well formed; a malformed value simply ends early or late and is then
// rejected by the validating scanner.
type boundary struct {
	off     int // bytes of the value examined so far
	depth   int
	started bool
	scalar  bool // top-level number or literal
	inStr   bool
	esc     bool
}

// advance examines the value in data (which starts at the value) from where
// it stopped last time and reports whether the value's end is in data.
func (f *boundary) advance(data []byte) bool {
	for f.off < len(data) {
		c := data[f.off]
		f.off++
		if f.inStr {
			switch {
			case f.esc:
				f.esc = false
			case c == '\\':
				f.esc = true
			case c == '"':
				f.inStr = false
				if f.depth == 0 {
					return true
				}
			}
			continue
		}
		if !f.started {
			f.started = true
			switch c {
			case '"':
				f.inStr = true
			case '{', '[':
				f.depth = 1
			default:
				f.scalar = true
			}
			continue
		}
		if f.scalar {
			if isSpace(c) || c == ',' || c == ']' || c == '}' {
				return true
			}
			continue
		}
		switch c {
		case '"':
			f.inStr = true
		case '{', '[':
			f.depth++
		case '}', ']':
			f.depth--
			if f.depth <= 0 {
				return true
			}
		}
	}
	return false
}

// readKey reads `"key":` at pos and returns the decoded key.
func (b *BundleReader) readKey() (string, error) {
	c, err := b.peek()
	if err != nil {
		return "", err
	}
	if c != '"' {
		return "", b.fail(b.pos, "invalid character "+quoteChar(c)+" looking for beginning of object key string")
	}
	end, esc, serr := scanString(b.buf[:b.end], b.pos)
	if serr != nil && serr.short {
		if err := b.buffer(); err != nil {
			return "", err
		}
		end, esc, serr = scanString(b.buf[:b.end], b.pos)
	}
	if serr != nil {
		if serr.short {
			return "", b.fail(b.end, "unexpected end of JSON input")
		}
		return "", b.fail(serr.off, serr.msg)
	}
	body := b.buf[b.pos+1 : end-1]
	var key string
	if esc {
		key = unquote(body)
	} else {
		key = string(body)
	}
	b.pos = end
	if c, err = b.peek(); err != nil {
		return "", err
	}
	if c != ':' {
		return "", b.fail(b.pos, "invalid character "+quoteChar(c)+" after object key")
	}
	b.pos++
	return key, nil
}

// readString reads a JSON value at pos that must be a string and returns it
// decoded; ok is false when the value is another JSON type (it is skipped).
func (b *BundleReader) readString() (s string, ok bool, err error) {
	if _, err := b.peek(); err != nil {
		return "", false, err
	}
	end, err := b.scanAt()
	if err != nil {
		return "", false, err
	}
	v := b.buf[b.pos:end]
	b.pos = end
	if v[0] != '"' {
		return "", false, nil
	}
	body := v[1 : len(v)-1]
	if containsBackslash(body) {
		return unquote(body), true, nil
	}
	return string(body), true, nil
}

// afterMember consumes ',' or '}' after a top-level member.
func (b *BundleReader) afterMember() error {
	c, err := b.peek()
	if err != nil {
		return err
	}
	switch c {
	case ',':
		b.pos++
		b.state = stMembers
	case '}':
		b.pos++
		b.state = stEnd
	default:
		return b.fail(b.pos, "invalid character "+quoteChar(c)+" after object key:value pair")
	}
	return nil
}

func (b *BundleReader) next1() (json.RawMessage, error) {
	for {
		switch b.state {
		case stStart:
			c, err := b.peek()
			if err != nil {
				return nil, err
			}
			if c == 0xef && b.off == 0 && b.pos == 0 {
				// Tolerate a UTF-8 byte order mark.
				for b.end < 3 {
					more, err := b.fill(0)
					if err != nil {
						return nil, err
					}
					if !more {
						break
					}
				}
				if bytes.HasPrefix(b.buf[:b.end], []byte("\xef\xbb\xbf")) {
					b.pos += 3
					continue
				}
			}
			switch c {
			case '{':
				b.objStart = b.pos
				b.pin = b.pos
				b.pos++
				if c, err = b.peek(); err != nil {
					return nil, err
				}
				if c == '}' {
					b.pos++
					b.state = stEnd
					continue
				}
				b.state = stMembers
			case '[':
				b.bundle, b.topArray = true, true
				b.pos++
				if c, err = b.peek(); err != nil {
					return nil, err
				}
				if c == ']' {
					b.pos++
					b.state = stEnd
					continue
				}
				b.state = stArray
			default:
				return nil, b.fail(b.pos, "invalid character "+quoteChar(c)+" looking for beginning of value")
			}

		case stMembers:
			key, err := b.readKey()
			if err != nil {
				return nil, err
			}
			switch key {
			case "type":
				s, ok, err := b.readString()
				if err != nil {
					return nil, err
				}
				if b.typeSeen {
					return nil, errors.New(`bundle: duplicate "type"`)
				}
				b.typeSeen, b.bundleType = true, s
				if ok && s == "bundle" {
					b.decideBundle()
				} else if !b.bundle {
					return b.bareObject()
				}
			case "id":
				s, ok, err := b.readString()
				if err != nil {
					return nil, err
				}
				if b.idSeen {
					return nil, errors.New(`bundle: duplicate "id"`)
				}
				b.idSeen = true
				if ok {
					b.bundleID = s
				}
			case "objects":
				c, err := b.peek()
				if err != nil {
					return nil, err
				}
				if c != '[' {
					if b.bundle {
						return nil, errors.New(`bundle: "objects" is not an array`)
					}
					if err := b.skipValue(); err != nil {
						return nil, err
					}
					break
				}
				b.decideBundle()
				b.pos++
				if c, err = b.peek(); err != nil {
					return nil, err
				}
				if c == ']' {
					b.pos++
					break
				}
				b.state = stObjects
				continue
			default:
				if err := b.skipValue(); err != nil {
					return nil, err
				}
			}
			if err := b.afterMember(); err != nil {
				return nil, err
			}

		case stObjects, stArray:
			raw, err := b.element()
			if err != nil {
				if errors.Is(err, ErrNotObject) {
					if aerr := b.afterElement(); aerr != nil {
						b.err = aerr
					}
				}
				return nil, err
			}
			if err := b.afterElement(); err != nil {
				// The element itself is complete; report the fault on the
				// following call.
				b.err = err
			}
			return raw, nil

		case stEnd:
			b.pin = -1
			ok, err := b.skipWS()
			if err != nil {
				return nil, err
			}
			if ok {
				return nil, b.fail(b.pos, "invalid character "+quoteChar(b.buf[b.pos])+" after top-level value")
			}
			b.state = stDone
			if err := b.checkBundle(); err != nil {
				return nil, err
			}
			return nil, io.EOF

		case stDone:
			return nil, io.EOF
		}
	}
}

// decideBundle commits to bundle mode: the top-level object need no longer
// be kept in memory.
func (b *BundleReader) decideBundle() {
	b.bundle = true
	b.pin = -1
}

// skipValue validates and skips the value at pos.
func (b *BundleReader) skipValue() error {
	if _, err := b.peek(); err != nil {
		return err
	}
	end, err := b.scanAt()
	if err != nil {
		return err
	}
	b.pos = end
	return nil
}

// bareObject finishes a top-level object that turned out not to be a
// bundle and returns it whole as the only object.
func (b *BundleReader) bareObject() (json.RawMessage, error) {
	b.pos = b.objStart
	end, err := b.scanAt()
	if err != nil {
		return nil, err
	}
	raw := b.copyOut(b.buf[b.objStart:end], b.sc.ws)
	b.pos = end
	b.pin = -1
	b.state = stEnd
	b.index = 0
	b.bundle = false
	b.bundleID = "" // the "id" read so far was the object's
	return raw, nil
}

func (b *BundleReader) copyOut(v []byte, ws bool) json.RawMessage {
	if ws {
		return appendCompact(make([]byte, 0, len(v)), v)
	}
	return append(json.RawMessage(nil), v...)
}

// element reads one element of the objects array at pos.
func (b *BundleReader) element() (json.RawMessage, error) {
	c, err := b.peek()
	if err != nil {
		return nil, err
	}
	end, err := b.scanAt()
	if err != nil {
		return nil, err
	}
	idx := b.next
	b.next++
	if c != '{' {
		b.pos = end
		b.index = idx
		return nil, fmt.Errorf("%s[%d]: %w", b.arrayName(), idx, ErrNotObject)
	}
	raw := b.copyOut(b.buf[b.pos:end], b.sc.ws)
	b.pos = end
	b.index = idx
	return raw, nil
}

func (b *BundleReader) arrayName() string {
	if b.state == stArray {
		return ""
	}
	return "objects"
}

// afterElement consumes ',' or the closing ']' after an element.
func (b *BundleReader) afterElement() error {
	c, err := b.peek()
	if err != nil {
		return err
	}
	switch c {
	case ',':
		b.pos++
		return nil
	case ']':
		b.pos++
		if b.state == stArray {
			b.state = stEnd
			return nil
		}
		return b.afterMember()
	}
	return b.fail(b.pos, "invalid character "+quoteChar(c)+" after array element")
}

// checkBundle verifies the bundle's type and id once the top level is
// complete.
func (b *BundleReader) checkBundle() error {
	switch {
	case b.topArray:
		return nil
	case !b.bundle:
		if b.index < 0 {
			return errors.New(`bundle: top-level object has no "type"`)
		}
		return nil
	case !b.typeSeen:
		return errors.New(`bundle: missing "type"`)
	case b.bundleType != "bundle":
		return fmt.Errorf(`bundle: "type" is %q, want "bundle"`, b.bundleType)
	case !b.idSeen:
		return errors.New(`bundle: missing "id"`)
	}
	if typ, _, ok := splitID(b.bundleID); !ok || typ != "bundle" {
		return fmt.Errorf(`bundle: "id" %q is not of the form bundle--<UUID>`, b.bundleID)
	}
	return nil
}
