package freetext

import (
	"bytes"
	"cmp"
	"slices"
)

// Sizes of the streaming window. The buffer must hold lookBehind bytes of
// context before the token being read, the token (at most maxToken bytes) and
// lookAhead bytes after it.
const (
	bufSize    = 256 << 10
	lookBehind = 2048 // hash keywords are looked for up to 1 KiB back
	lookAhead  = 512  // hash keywords up to 256 bytes ahead; card and IBAN groups
	maxToken   = 8192 // longer tokens (base64 blobs) are skipped
)

// Byte classes.
const (
	cSep    uint16 = 1 << iota // token separator
	cDigit                     // 0-9
	cUpper                     // A-Z
	cLower                     // a-z
	cDot                       // .
	cColon                     // :
	cAt                        // @
	cOpen                      // [ ( {
	cDash                      // -
	cPunct                     // other ASCII punctuation
	cHigh                      // >= 0x80
	cTrail                     // punctuation that ends sentences and brackets: . : ; ! ? ) ] } *
	cHex                       // 0-9 a-f A-F
	cDomain                    // letters, digits, '-', '.'
	cLocal                     // e-mail local part: letters, digits, . _ % + -
)

var class = func() (t [256]uint16) {
	for c := 0; c < 256; c++ {
		switch {
		case c < 0x20 || c == 0x7f:
			t[c] = cSep
		case c >= 0x80:
			t[c] = cHigh
		case c >= '0' && c <= '9':
			t[c] = cDigit | cHex | cDomain | cLocal
		case c >= 'A' && c <= 'Z':
			t[c] = cUpper | cDomain | cLocal
		case c >= 'a' && c <= 'z':
			t[c] = cLower | cDomain | cLocal
		}
	}
	for _, c := range " \"'<>`,|" {
		t[c] = cSep
	}
	for _, c := range "abcdefABCDEF" {
		t[c] |= cHex
	}
	for _, c := range "!#$%&*+/;=?\\^_~)]}" {
		t[c] = cPunct
	}
	t['.'] = cDot | cDomain | cLocal
	t[':'] = cColon
	t['@'] = cAt
	t['['], t['('], t['{'] = cOpen, cOpen, cOpen
	t['-'] = cDash | cDomain | cLocal
	t['_'] |= cLocal
	t['%'] |= cLocal
	t['+'] |= cLocal
	for _, c := range ".:;!?)]}*" {
		t[c] |= cTrail
	}
	return t
}()

func isDigit(c byte) bool { return c-'0' < 10 }
func isAlpha(c byte) bool { return class[c]&(cUpper|cLower) != 0 }
func isAlnum(c byte) bool { return class[c]&(cUpper|cLower|cDigit) != 0 }
func isHex(c byte) bool   { return class[c]&cHex != 0 }
func lowerByte(c byte) byte {
	if c-'A' < 26 {
		return c + 'a' - 'A'
	}
	return c
}

// hit is a finding before it becomes a Found; s and e index the buffer.
type hit struct {
	kind  string
	value string
	s, e  int
	flags Flag
}

// scanner holds the state of one extraction. Token-local fields are reset for
// each token; the rest carries context across tokens and buffer refills.
type scanner struct {
	buf      []byte // window of the input; buf[0] is at offset base
	base     int64
	eof      bool // buf ends at the end of the input
	pos      int  // next byte to scan
	skipLong bool // inside a token longer than maxToken

	lineIdx   int   // newlines in buf[:lineIdx] have been counted
	line      int   // line number at lineIdx
	lineStart int64 // offset of the start of that line

	claimEnd       int64 // offset before which new findings are dropped (card/IBAN groups)
	lastVersionEnd int64 // end offset of the last version string, or -1
	lastHashEnd    int64 // end offset of the last accepted hash, or -1

	// token-local
	ts     int     // buffer index of the token
	r      []byte  // the token, refanged when mapped
	m, me  []int32 // when mapped: token offsets of the start and end of the raw bytes behind r[j]
	mapped bool
	claims [][2]int // spans of r taken by URLs, e-mail and IP addresses
	hits   []hit
	claim  int64 // claimEnd to set after this token

	emit func(Found) error
	err  error
}

func newScanner(fn func(Found) error) *scanner {
	return &scanner{emit: fn, line: 1, lastVersionEnd: -1, lastHashEnd: -1}
}

// boring are the bytes that cannot make a token worth a look on their own:
// separators, lower-case letters, '-' and non-ASCII bytes. Most prose is
// made of them, so process skips them in a tight loop and looks only at
// tokens holding some other byte.
var boring = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = class[c]&(cSep|cLower|cHigh) != 0 || c == '-'
	}
	return t
}()

// process scans the tokens of buf from pos. Unless eof, it stops before a
// token whose end, plus lookAhead bytes, is not yet in the buffer.
func (s *scanner) process() {
	buf := s.buf
	n := len(buf)
	p := s.pos
	if s.skipLong {
		for p < n && class[buf[p]]&cSep == 0 {
			p++
		}
		if p == n && !s.eof {
			s.pos = p
			return
		}
		s.skipLong = false
	}
	floor := p // tokens before floor have been dealt with
	for s.err == nil {
		for p < n && boring[buf[p]] {
			p++
		}
		if p >= n {
			if !s.eof {
				// the last token may go on in the next block
				for p > floor && class[buf[p-1]]&cSep == 0 {
					p--
				}
				if n-p > maxToken {
					p, s.skipLong = n, true
				}
			}
			break
		}
		ts := p
		for ts > floor && class[buf[ts-1]]&cSep == 0 {
			ts--
		}
		// "evil [.]com": the word before a spaced marker joins it.
		if ts-2 >= floor && buf[ts-1] == ' ' && class[buf[ts]]&cOpen != 0 && class[buf[ts-2]]&cSep == 0 {
			if _, l := marker(buf[ts:], true); l > 0 {
				ts -= 2
				for ts > floor && class[buf[ts-1]]&cSep == 0 {
					ts--
				}
			}
		}
		te, acc, complete := s.tokenEnd(ts)
		if te-ts > maxToken {
			if te == n && !s.eof {
				s.skipLong = true
			}
			p, floor = te, te
			continue
		}
		if !complete || (!s.eof && te+lookAhead > n) {
			p = ts
			break
		}
		p, floor = te, te
		if gate(acc, buf[ts:te]) {
			s.token(ts, te, acc)
		}
	}
	s.pos = p
}

// tokenEnd returns the end of the token at ts and the union of its byte
// classes. A bracketed dot or at with single spaces around it joins the
// tokens on either side. complete is false when more input is needed to
// decide where the token ends.
func (s *scanner) tokenEnd(ts int) (te int, acc uint16, complete bool) {
	buf := s.buf
	n := len(buf)
	p := ts
	for {
		for p < n {
			c := class[buf[p]]
			if c&cSep != 0 {
				break
			}
			acc |= c
			p++
		}
		if p+16 > n && !s.eof {
			return p, acc, false
		}
		if p+1 >= n || buf[p] != ' ' || p-ts > maxToken ||
			(class[buf[p+1]]&cOpen == 0 && class[buf[p-1]]&cTrail == 0) {
			return p, acc, true
		}
		q := s.spacedMarker(ts, p)
		if q < 0 {
			return p, acc, true
		}
		for i := p; i < q; i++ {
			acc |= class[buf[i]] &^ cSep
		}
		acc |= cOpen
		p = q
	}
}

// spacedMarker reports where the token continues when the space at p is next
// to a bracketed dot or at ("evil [.] com", "user [at]example"), or -1.
func (s *scanner) spacedMarker(ts, p int) int {
	buf := s.buf
	n := len(buf)
	if p+1 < n && class[buf[p+1]]&cOpen != 0 {
		if _, l := marker(buf[p+1:], true); l > 0 {
			k := p + 1 + l
			if k < n && buf[k] == ' ' {
				k++
			}
			if k < n && class[buf[k]]&cSep == 0 {
				return k
			}
			return -1
		}
	}
	if p-ts >= 3 && (buf[p-1] == ']' || buf[p-1] == ')' || buf[p-1] == '}') && p+1 < n && class[buf[p+1]]&cSep == 0 {
		for l := 3; l <= 5 && p-l >= ts; l++ {
			if _, ml := marker(buf[p-l:p], true); ml == l {
				return p + 1
			}
		}
	}
	return -1
}

// gate is the cheap test that most prose tokens fail: only tokens with a
// digit, '@', an opening bracket, an inner '.' or ':', or all-capital words of
// BIC length are looked at further.
func gate(acc uint16, tok []byte) bool {
	if acc&(cDigit|cAt|cOpen) != 0 {
		return true
	}
	if acc&(cUpper|cLower) == 0 {
		return false
	}
	e := len(tok)
	for e > 0 && class[tok[e-1]]&cTrail != 0 {
		e--
	}
	if acc&(cDot|cColon) != 0 {
		for _, c := range tok[:e] {
			if c == '.' || c == ':' {
				return true
			}
		}
	}
	if acc&cLower == 0 {
		b := 0
		for b < e && class[tok[b]]&(cUpper|cLower) == 0 {
			b++
		}
		return e-b == 8 || e-b == 11
	}
	return false
}

// token finds the indicators in buf[ts:te].
func (s *scanner) token(ts, te int, acc uint16) {
	raw := s.buf[ts:te]
	s.ts = ts
	s.mapped = false
	r := raw
	if acc&cOpen != 0 || (acc&cColon != 0 && hasHxxp(raw)) {
		if s.refang(raw) {
			r = s.r
			s.mapped = true
			acc = 0
			for _, c := range r {
				acc |= class[c]
			}
		}
	}
	s.claims = s.claims[:0]
	s.hits = s.hits[:0]
	s.claim = s.claimEnd
	if acc&cColon != 0 {
		s.findURLs(r)
		s.findIPv6(r)
	}
	if acc&cAt != 0 {
		s.findEmails(r)
	}
	if acc&cDot != 0 {
		if acc&cDigit != 0 {
			s.findIPv4(r)
		}
		s.findDomains(r)
	}
	if acc&(cDigit|cUpper) != 0 {
		s.findWords(r)
	}
	s.flush()
}

// bs and be turn positions in r into buffer indexes: bs(j) is where the raw
// bytes behind r[j] start, be(j) where those behind r[j-1] end.
func (s *scanner) bs(j int) int {
	if s.mapped {
		if j == len(s.r) {
			return s.ts + int(s.me[j-1])
		}
		return s.ts + int(s.m[j])
	}
	return s.ts + j
}

func (s *scanner) be(j int) int {
	if s.mapped {
		if j == 0 {
			return s.ts + int(s.m[0])
		}
		return s.ts + int(s.me[j-1])
	}
	return s.ts + j
}

// defanged reports whether r[a:b] differs from the raw bytes behind it.
func (s *scanner) defanged(a, b int) bool {
	return s.mapped && !bytes.Equal(s.buf[s.bs(a):s.be(b)], s.r[a:b])
}

// add records a finding spanning r[a:b].
func (s *scanner) add(kind, value string, a, b int, flags Flag) {
	if s.defanged(a, b) {
		flags |= Defanged
	}
	s.hits = append(s.hits, hit{kind, value, s.bs(a), s.be(b), flags})
}

// claimSpan marks r[a:b] as taken so that later finders skip it.
func (s *scanner) claimSpan(a, b int) { s.claims = append(s.claims, [2]int{a, b}) }

func (s *scanner) claimed(a, b int) bool {
	for _, c := range s.claims {
		if a < c[1] && c[0] < b {
			return true
		}
	}
	return false
}

func (s *scanner) abs(i int) int64 { return s.base + int64(i) }

// flush sorts, de-duplicates and emits the token's findings.
func (s *scanner) flush() {
	hs := s.hits
	if len(hs) == 0 {
		s.claimEnd = s.claim
		return
	}
	if len(hs) > 1 {
		slices.SortFunc(hs, func(a, b hit) int {
			return cmp.Or(cmp.Compare(a.s, b.s), cmp.Compare(a.kind, b.kind), cmp.Compare(a.value, b.value), cmp.Compare(b.e, a.e))
		})
	}
	for i, h := range hs {
		if i > 0 && h.s == hs[i-1].s && h.kind == hs[i-1].kind && h.value == hs[i-1].value {
			continue
		}
		if s.abs(h.s) < s.claimEnd {
			continue
		}
		line, col := s.position(h.s)
		err := s.emit(Found{
			Kind:   h.kind,
			Value:  h.value,
			Raw:    string(s.buf[h.s:h.e]),
			Line:   line,
			Col:    col,
			Offset: s.abs(h.s),
			Flags:  h.flags,
		})
		if err != nil {
			s.err = err
			return
		}
	}
	s.claimEnd = s.claim
}

// position returns the line and column of buffer index i, which must not be
// before the last position asked for.
func (s *scanner) position(i int) (line, col int) {
	if i > s.lineIdx {
		seg := s.buf[s.lineIdx:i]
		if c := bytes.Count(seg, []byte{'\n'}); c > 0 {
			s.line += c
			s.lineStart = s.abs(s.lineIdx + bytes.LastIndexByte(seg, '\n') + 1)
		}
		s.lineIdx = i
	}
	return s.line, int(s.abs(i)-s.lineStart) + 1
}

// discard drops buf[:k] before the window moves on.
func (s *scanner) discard(k int) {
	if s.lineIdx < k {
		s.position(k)
	}
	s.lineIdx -= k
	s.pos -= k
	s.base += int64(k)
}

// lineBounds returns the bounds of the line around buf[i:j], at most w bytes
// either side, within the buffer.
func (s *scanner) lineBounds(i, j, w int) (lo, hi int) {
	lo = max(i-w, 0)
	if k := bytes.LastIndexByte(s.buf[lo:i], '\n'); k >= 0 {
		lo += k + 1
	}
	hi = min(j+w, len(s.buf))
	if k := bytes.IndexByte(s.buf[j:hi], '\n'); k >= 0 {
		hi = j + k
	}
	return lo, hi
}

// hasWord reports whether b holds one of words (lower case) at the start of
// a word, case-insensitively; a word ending in '*' may go on with letters,
// the others must not be followed by a lower-case letter.
func hasWord(b []byte, words []string) bool {
	for i := 0; i < len(b); i++ {
		if !isAlpha(b[i]) || (i > 0 && isAlnum(b[i-1])) {
			continue
		}
		c := lowerByte(b[i])
		for _, w := range words {
			if w[0] != c {
				continue
			}
			open := w[len(w)-1] == '*'
			if open {
				w = w[:len(w)-1]
			}
			if len(b)-i < len(w) {
				continue
			}
			ok := true
			for k := 1; k < len(w); k++ {
				if lowerByte(b[i+k]) != w[k] {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			if open || i+len(w) == len(b) || !isAlpha(b[i+len(w)]) {
				return true
			}
		}
	}
	return false
}
