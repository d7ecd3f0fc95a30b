// Package ruletext writes and checks the parts that Suricata and Snort rules
// share: quoted msg text, content strings with |xx| escapes, DNS names in
// wire form, deterministic signature ids, and a syntax check (Lint) of one
// rule line that tests and callers can run without the engines.
//
// It only builds and inspects text; it never decides what a rule matches.
package ruletext

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxRuleLen is the longest rule line written. Suricata refuses signatures
// longer than 8 KiB (DETECT_MAX_RULE_SIZE); Snort takes longer ones, but a
// rule that long is a sign of a value no engine should match on.
const MaxRuleLen = 8192

const hexDigits = "0123456789ABCDEF"

// AppendMsg appends s to b for use inside a double-quoted msg: '\\', '"',
// ';' and '|' are escaped with a backslash (both engines read "\x" as x),
// control characters become spaces and invalid UTF-8 becomes '?'.
func AppendMsg(b []byte, s string) []byte {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && isBadByte(s, i):
			b = append(b, '?')
		case r == '\\' || r == '"' || r == ';' || r == '|':
			b = append(b, '\\', byte(r))
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			b = append(b, ' ')
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

func isBadByte(s string, i int) bool {
	_, size := utf8.DecodeRuneInString(s[i:])
	return size == 1
}

// contentSafe reports whether c may appear literally in a content string.
// The engines need '"', ';', '\\' and '|' escaped; ':' is escaped too, as
// old Snort parsers wanted it, and so is every byte outside printable ASCII.
func contentSafe(c byte) bool {
	return c >= 0x20 && c < 0x7f && c != '"' && c != ';' && c != '\\' && c != '|' && c != ':'
}

// AppendContent appends the bytes of s as the inside of a quoted content
// string: printable ASCII as it is, every other byte as hex between pipes,
// adjacent hex bytes in one group ("a|3B 22|b").
func AppendContent(b []byte, s string) []byte {
	inHex := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if contentSafe(c) {
			if inHex {
				b = append(b, '|')
				inHex = false
			}
			b = append(b, c)
			continue
		}
		if inHex {
			b = append(b, ' ')
		} else {
			b = append(b, '|')
			inHex = true
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&15])
	}
	if inHex {
		b = append(b, '|')
	}
	return b
}

// AppendWireName appends a DNS name (labels separated by dots, no trailing
// dot) as the inside of a content string holding its wire form, ending with
// the root label: "evil.example" → "|04|evil|07|example|00|". Labels must be
// 1 to 63 bytes, as ioc.DomainName guarantees.
func AppendWireName(b []byte, name string) []byte {
	for l := range strings.SplitSeq(name, ".") {
		n := byte(len(l))
		b = append(b, '|', hexDigits[n>>4], hexDigits[n&15], '|')
		b = AppendContent(b, l)
	}
	return append(b, "|00|"...)
}

// SIDs hands out signature ids in [Base, Base+Span) so that the same key
// gets the same id in every export: the id is Base plus a 64-bit FNV-1a
// hash of the key modulo Span. When two keys of one export land on the
// same id, the later one takes the next free id above it (wrapping within
// the range), so only that one differs from what it would get alone. Keep
// Span at least a hundred times the number of rules for collisions to stay
// rare. Memory grows with the ids used: 8 KiB per 65,536-id page touched,
// at most Span/8 bytes.
type SIDs struct {
	base, span uint32
	used       uint32
	pages      map[uint32]*[1024]uint64
}

// NewSIDs checks the range: span at least 1, base at least 1, and
// base+span-1 within 32 bits.
func NewSIDs(base, span uint32) (*SIDs, error) {
	if base == 0 || span == 0 || uint64(base)+uint64(span)-1 > math.MaxUint32 {
		return nil, fmt.Errorf("sid range %d+%d: need base ≥ 1, span ≥ 1 and base+span-1 ≤ %d", base, span, uint32(math.MaxUint32))
	}
	return &SIDs{base: base, span: span, pages: make(map[uint32]*[1024]uint64)}, nil
}

// ErrSIDsExhausted is returned by Assign when every id of the range is taken.
var ErrSIDsExhausted = errors.New("every sid of the range is taken")

// Assign returns the id for key.
func (s *SIDs) Assign(key string) (uint32, error) {
	if s.used == s.span {
		return 0, fmt.Errorf("sid range %d–%d: %w; widen the range", s.base, uint64(s.base)+uint64(s.span)-1, ErrSIDsExhausted)
	}
	h := uint64(14695981039346656037)
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	off := uint32(h % uint64(s.span))
	for {
		p := s.pages[off>>16]
		if p == nil {
			p = new([1024]uint64)
			s.pages[off>>16] = p
		}
		w, bit := (off&0xffff)>>6, uint64(1)<<(off&63)
		if p[w]&bit == 0 {
			p[w] |= bit
			s.used++
			return s.base + off, nil
		}
		if off++; off == s.span {
			off = 0
		}
	}
}

// Option is one option of a rule: its name and its value as written (empty
// for options without one, quotes kept).
type Option struct{ Name, Value string }

// Rule is a rule line as Lint reads it.
type Rule struct {
	Action, Proto, Src, SrcPort, Dir, Dst, DstPort string
	Options                                        []Option
	SID, Rev                                       uint32
	Msg                                            string
}

// Lint checks the syntax of one rule line as both engines read it: the
// header (action, protocol, addresses and ports; Snort 3's header-less
// service rules are not written here and are refused), then options in
// parentheses, each ended by ';', values in double quotes closed, backslash
// escapes complete, |hex| groups of content strings closed and holding hex
// byte pairs, a msg, a numeric sid and rev, no control characters, at most
// MaxRuleLen bytes. It does not know which keywords an engine supports.
func Lint(line string) (Rule, error) {
	var r Rule
	if len(line) > MaxRuleLen {
		return r, fmt.Errorf("rule of %d bytes is longer than %d", len(line), MaxRuleLen)
	}
	for i := 0; i < len(line); i++ {
		if c := line[i]; c < 0x20 || c == 0x7f {
			return r, fmt.Errorf("col %d: control character %q", i+1, c)
		}
	}
	open := strings.IndexByte(line, '(')
	if open < 0 || !strings.HasSuffix(line, ")") {
		return r, errors.New("no option list in parentheses at the end")
	}
	head := strings.Fields(line[:open])
	if len(head) != 7 {
		return r, fmt.Errorf("header %q: want 7 fields (action proto src port dir dst port)", strings.TrimSpace(line[:open]))
	}
	r.Action, r.Proto, r.Src, r.SrcPort, r.Dir, r.Dst, r.DstPort = head[0], head[1], head[2], head[3], head[4], head[5], head[6]
	switch r.Action {
	case "alert", "drop", "reject", "pass", "log", "block":
	default:
		return r, fmt.Errorf("unknown action %q", r.Action)
	}
	if r.Dir != "->" && r.Dir != "<>" {
		return r, fmt.Errorf("direction %q: want -> or <>", r.Dir)
	}
	body := line[open+1 : len(line)-1]
	pos := open + 2 // column of body[0]
	i := 0
	for {
		for i < len(body) && body[i] == ' ' {
			i++
		}
		if i == len(body) {
			break
		}
		start := i
		for i < len(body) && body[i] != ':' && body[i] != ';' {
			if body[i] == '"' || body[i] == '\\' {
				return r, fmt.Errorf("col %d: %q in an option name", pos+i, body[i])
			}
			i++
		}
		if i == len(body) {
			return r, fmt.Errorf("col %d: option %q is not ended by ';'", pos+start, body[start:i])
		}
		opt := Option{Name: strings.TrimSpace(body[start:i])}
		if opt.Name == "" {
			return r, fmt.Errorf("col %d: empty option name", pos+start)
		}
		if body[i] == ':' {
			i++
			vstart := i
			for i < len(body) && body[i] != ';' {
				switch body[i] {
				case '\\':
					if i+1 == len(body) {
						return r, fmt.Errorf("col %d: backslash at the end", pos+i)
					}
					i += 2
				case '"':
					end, err := quoted(body, i, opt.Name)
					if err != nil {
						return r, fmt.Errorf("col %d: option %s: %w", pos+i, opt.Name, err)
					}
					i = end
				default:
					i++
				}
			}
			if i == len(body) {
				return r, fmt.Errorf("col %d: option %q is not ended by ';'", pos+start, opt.Name)
			}
			opt.Value = strings.TrimSpace(body[vstart:i])
		}
		i++ // the ';'
		r.Options = append(r.Options, opt)
		switch opt.Name {
		case "sid", "rev":
			n, err := strconv.ParseUint(opt.Value, 10, 32)
			if err != nil || n == 0 {
				return r, fmt.Errorf("%s %q is not a number from 1 to %d", opt.Name, opt.Value, uint32(math.MaxUint32))
			}
			if opt.Name == "sid" {
				if r.SID != 0 {
					return r, errors.New("two sid options")
				}
				r.SID = uint32(n)
			} else {
				r.Rev = uint32(n)
			}
		case "msg":
			if r.Msg != "" {
				return r, errors.New("two msg options")
			}
			m, err := unquote(opt.Value)
			if err != nil || m == "" {
				return r, fmt.Errorf("msg %s: want a non-empty quoted string", opt.Value)
			}
			r.Msg = m
		}
	}
	switch {
	case r.Msg == "":
		return r, errors.New("no msg")
	case r.SID == 0:
		return r, errors.New("no sid")
	case r.Rev == 0:
		return r, errors.New("no rev")
	}
	return r, nil
}

// quoted reads the quoted string starting at s[i] == '"' and returns the
// index after its closing quote. In a content string it checks |hex| groups.
func quoted(s string, i int, option string) (int, error) {
	hex := option == "content" || option == "uricontent"
	inHex, digits := false, 0
	for j := i + 1; j < len(s); j++ {
		c := s[j]
		switch {
		case c == '\\':
			if j+1 == len(s) {
				return 0, errors.New("backslash at the end")
			}
			if inHex {
				return 0, errors.New("backslash inside |hex|")
			}
			j++
		case c == '"':
			if inHex {
				return 0, errors.New("|hex| group not closed")
			}
			return j + 1, nil
		case hex && c == '|':
			if inHex && digits%2 != 0 {
				return 0, errors.New("odd number of hex digits")
			}
			if inHex && digits == 0 {
				return 0, errors.New("empty |hex| group")
			}
			inHex, digits = !inHex, 0
		case inHex:
			switch {
			case c == ' ':
				if digits%2 != 0 {
					return 0, errors.New("space inside a hex byte")
				}
			case strings.IndexByte("0123456789abcdefABCDEF", c) >= 0:
				digits++
			default:
				return 0, fmt.Errorf("%q inside |hex|", c)
			}
		case c == ';':
			// Suricata ends an option at any ';' without a backslash,
			// inside quotes or not.
			return 0, errors.New("unescaped ';' inside quotes")
		}
	}
	return 0, errors.New("quote not closed")
}

// unquote returns the text of a quoted msg value with its escapes undone.
func unquote(v string) (string, error) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", errors.New("not quoted")
	}
	var b strings.Builder
	for i := 1; i < len(v)-1; i++ {
		c := v[i]
		if c == '\\' {
			i++
			c = v[i]
		} else if c == '"' {
			return "", errors.New("quote inside")
		}
		b.WriteByte(c)
	}
	return b.String(), nil
}
