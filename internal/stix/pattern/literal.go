package pattern

import (
	"math"
	"net/netip"
	"regexp/syntax"
	"strconv"
	"time"
)

// literal converts the current token into a Literal. ok is false when the
// token is not a constant at all; err reports a constant that is malformed.
func (p *parser) literal() (lit Literal, ok bool, err error) {
	t := p.tok
	switch t.kind {
	case tokString:
		lit = Literal{Kind: KindString, Text: t.val}
	case tokInt:
		lit, err = p.intLiteral(t)
	case tokFloat:
		lit, err = p.floatLiteral(t)
	case tokTrue, tokFalse:
		lit = Literal{Kind: KindBool, Bool: t.kind == tokTrue}
	case tokBinary:
		if msg := checkBase64(t.val); msg != "" {
			err = p.errAt(t.pos, msg)
		}
		lit = Literal{Kind: KindBinary, Text: t.val}
	case tokHex:
		if msg := checkHex(t.val); msg != "" {
			err = p.errAt(t.pos, msg)
		}
		lit = Literal{Kind: KindHex, Text: t.val}
	case tokTimestamp:
		lit, err = p.timestampLiteral(t)
	default:
		return Literal{}, false, nil
	}
	if err != nil {
		return Literal{}, true, err
	}
	return lit, true, p.advance()
}

func (p *parser) intLiteral(t token) (Literal, error) {
	n, err := strconv.ParseInt(t.text, 10, 64)
	if err != nil {
		return Literal{}, p.errAt(t.pos, "integer "+t.text+" is out of range")
	}
	return Literal{Kind: KindInt, Int: n}, nil
}

func (p *parser) floatLiteral(t token) (Literal, error) {
	f, err := strconv.ParseFloat(t.text, 64)
	if err != nil || math.IsInf(f, 0) {
		return Literal{}, p.errAt(t.pos, "float "+t.text+" is out of range")
	}
	text := t.text
	if text[0] == '+' {
		text = text[1:]
	}
	return Literal{Kind: KindFloat, Float: f, Text: text}, nil
}

func (p *parser) timestampLiteral(t token) (Literal, error) {
	ts, msg := parseTimestamp(t.val)
	if msg != "" {
		return Literal{}, p.errAt(t.pos, "invalid timestamp "+t.text+": "+msg)
	}
	return Literal{Kind: KindTimestamp, Text: t.val, Time: ts}, nil
}

// parseTimestamp parses the RFC 3339 form the grammar allows:
// YYYY-MM-DDTHH:MM:SS[.fraction]Z, in UTC, with upper-case T and Z. A
// second of 60 (a leap second) is allowed, as in the grammar; time.Date
// then normalises it to the next minute. It returns a message on failure.
func parseTimestamp(s string) (time.Time, string) {
	const layout = "want YYYY-MM-DDTHH:MM:SS[.fraction]Z"
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[len(s)-1] != 'Z' {
		return time.Time{}, layout
	}
	year, ok1 := digitsAt(s, 0, 4)
	month, ok2 := digitsAt(s, 5, 2)
	day, ok3 := digitsAt(s, 8, 2)
	hour, ok4 := digitsAt(s, 11, 2)
	minute, ok5 := digitsAt(s, 14, 2)
	sec, ok6 := digitsAt(s, 17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return time.Time{}, layout
	}
	nsec, ok := fraction(s[19 : len(s)-1])
	if !ok {
		return time.Time{}, layout
	}
	switch {
	case month < 1 || month > 12:
		return time.Time{}, "month out of range"
	case day < 1 || day > daysIn(year, month):
		return time.Time{}, "day out of range"
	case hour > 23:
		return time.Time{}, "hour out of range"
	case minute > 59:
		return time.Time{}, "minute out of range"
	case sec > 60:
		return time.Time{}, "second out of range"
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC), ""
}

// fraction parses "" or "." followed by one or more digits into
// nanoseconds; digits past the ninth are kept in the text but ignored here.
func fraction(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	if s[0] != '.' || len(s) < 2 {
		return 0, false
	}
	n, scale := 0, 100_000_000
	for i := 1; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n += int(s[i]-'0') * scale
		scale /= 10
	}
	return n, true
}

func digitsAt(s string, at, n int) (int, bool) {
	v := 0
	for i := at; i < at+n; i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// checkBase64 validates the body of a b'…' constant: standard alphabet,
// one or more 4-character groups, '=' padding only at the end.
func checkBase64(s string) string {
	if s == "" || len(s)%4 != 0 {
		return "invalid base64 in binary constant: length must be a non-zero multiple of 4"
	}
	pad := 0
	if s[len(s)-1] == '=' {
		pad++
		if s[len(s)-2] == '=' {
			pad++
		}
	}
	for i := 0; i < len(s)-pad; i++ {
		c := s[i]
		if !(isLetter(c) || isDigit(c) || c == '+' || c == '/') {
			return "invalid base64 in binary constant: unexpected " + quoteRune(s[i:])
		}
	}
	return ""
}

// checkHex validates the body of an h'…' constant: pairs of hex digits.
func checkHex(s string) string {
	if len(s)%2 != 0 {
		return "invalid hex constant: odd number of digits"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return "invalid hex constant: unexpected " + quoteRune(s[i:])
		}
	}
	return ""
}

// checkRegexp reports a MATCHES operand that is not a plausible regular
// expression. STIX specifies PCRE; Go's regexp/syntax parses RE2, which
// lacks PCRE features such as lookaround ((?=, (?<!), backreferences (\1),
// atomic groups ((?>), possessive quantifiers (a*+) and some escapes (\Z,
// \h). Errors that may only mean "PCRE feature RE2 lacks" are therefore
// ignored; only errors that are errors in every flavour (unbalanced
// parentheses or brackets, a repetition with nothing to repeat, a trailing
// backslash, a reversed character range) reject the pattern.
func checkRegexp(expr string) string {
	_, err := syntax.Parse(expr, syntax.Perl)
	if err == nil {
		return ""
	}
	serr, ok := err.(*syntax.Error)
	if !ok {
		return ""
	}
	switch serr.Code {
	case syntax.ErrMissingParen, syntax.ErrUnexpectedParen, syntax.ErrMissingBracket,
		syntax.ErrMissingRepeatArgument, syntax.ErrTrailingBackslash, syntax.ErrInvalidCharRange:
		msg := "invalid regular expression for MATCHES: " + serr.Code.String()
		if serr.Expr != "" {
			msg += ": `" + serr.Expr + "`"
		}
		return msg
	}
	return ""
}

// checkSubnet validates the operand of ISSUBSET and ISSUPERSET: an IPv4 or
// IPv6 subnet in CIDR notation, or a single address (a /32 or /128).
func checkSubnet(s string) bool {
	if _, err := netip.ParsePrefix(s); err == nil {
		return true
	}
	addr, err := netip.ParseAddr(s)
	return err == nil && addr.Zone() == ""
}
