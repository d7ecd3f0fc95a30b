package pattern

import (
	"strings"
	"unicode/utf8"
)

type tokenKind uint8

const (
	tokEOF tokenKind = iota
	tokIdent
	tokString
	tokInt
	tokFloat
	tokBinary
	tokHex
	tokTimestamp

	tokLBrack
	tokRBrack
	tokLParen
	tokRParen
	tokColon
	tokDot
	tokComma
	tokStar
	tokEq
	tokNeq
	tokLt
	tokLe
	tokGt
	tokGe

	// Keywords; keep tokAnd first and tokLast last (see isKeyword).
	tokAnd
	tokOr
	tokNot
	tokFollowedBy
	tokLike
	tokMatches
	tokIsSubset
	tokIsSuperset
	tokExists
	tokIn
	tokStart
	tokStop
	tokSeconds
	tokWithin
	tokRepeats
	tokTimes
	tokTrue
	tokFalse
	tokLast
)

func (k tokenKind) isKeyword() bool { return k >= tokAnd && k <= tokLast }

// keyword returns the token kind of a keyword, or tokIdent. Keywords are
// case-sensitive: the grammar spells them in upper case and the booleans in
// lower case.
func keyword(s string) tokenKind {
	switch s {
	case "AND":
		return tokAnd
	case "OR":
		return tokOr
	case "NOT":
		return tokNot
	case "FOLLOWEDBY":
		return tokFollowedBy
	case "LIKE":
		return tokLike
	case "MATCHES":
		return tokMatches
	case "ISSUBSET":
		return tokIsSubset
	case "ISSUPERSET":
		return tokIsSuperset
	case "EXISTS":
		return tokExists
	case "IN":
		return tokIn
	case "START":
		return tokStart
	case "STOP":
		return tokStop
	case "SECONDS":
		return tokSeconds
	case "WITHIN":
		return tokWithin
	case "REPEATS":
		return tokRepeats
	case "TIMES":
		return tokTimes
	case "true":
		return tokTrue
	case "false":
		return tokFalse
	case "LAST": // reserved by the grammar, used by no rule
		return tokLast
	}
	return tokIdent
}

// token is one lexical token. text is its source text; val is the
// unescaped content of a string, or the body between the quotes of a
// binary, hex or timestamp constant.
type token struct {
	kind tokenKind
	pos  int
	text string
	val  string
}

// lexer splits a pattern into tokens on demand.
type lexer struct {
	src string
	off int
}

func (l *lexer) errAt(off int, msg string) *SyntaxError { return errorAt(l.src, off, msg) }

// next returns the next token, skipping whitespace and comments.
func (l *lexer) next() (token, error) {
	if err := l.skipSpace(); err != nil {
		return token{}, err
	}
	start := l.off
	if start >= len(l.src) {
		return token{kind: tokEOF, pos: start}, nil
	}
	c := l.src[start]
	switch {
	case isIdentStart(c):
		return l.ident(start)
	case isDigit(c), c == '+', c == '-':
		return l.number(start)
	case c == '.' && start+1 < len(l.src) && isDigit(l.src[start+1]):
		return l.number(start)
	case c == '\'':
		return l.str(start)
	}
	return l.punct(start)
}

// punct lexes operators and punctuation.
func (l *lexer) punct(start int) (token, error) {
	c := l.src[start]
	var c1 byte
	if start+1 < len(l.src) {
		c1 = l.src[start+1]
	}
	kind, n := tokEOF, 1
	switch c {
	case '[':
		kind = tokLBrack
	case ']':
		kind = tokRBrack
	case '(':
		kind = tokLParen
	case ')':
		kind = tokRParen
	case ':':
		kind = tokColon
	case '.':
		kind = tokDot
	case ',':
		kind = tokComma
	case '*':
		kind = tokStar
	case '=':
		kind = tokEq
		if c1 == '=' {
			n = 2
		}
	case '!':
		if c1 == '=' {
			kind, n = tokNeq, 2
		}
	case '<':
		switch c1 {
		case '=':
			kind, n = tokLe, 2
		case '>':
			kind, n = tokNeq, 2
		default:
			kind = tokLt
		}
	case '>':
		kind = tokGt
		if c1 == '=' {
			kind, n = tokGe, 2
		}
	}
	if kind == tokEOF {
		return token{}, l.errAt(start, "unexpected character "+quoteRune(l.src[start:]))
	}
	l.off = start + n
	return token{kind: kind, pos: start, text: l.src[start:l.off]}, nil
}

// ident lexes an identifier or keyword, or a b'…', h'…' or t'…' constant.
// Identifiers may contain hyphens so that object types such as ipv4-addr
// are one token; the parser rejects hyphens where they are not allowed.
func (l *lexer) ident(start int) (token, error) {
	i := start + 1
	for i < len(l.src) && isIdentPart(l.src[i]) {
		i++
	}
	if i == start+1 && i < len(l.src) && l.src[i] == '\'' {
		switch l.src[start] {
		case 'b':
			return l.quoted(start, tokBinary, "binary constant")
		case 'h':
			return l.quoted(start, tokHex, "hex constant")
		case 't':
			return l.quoted(start, tokTimestamp, "timestamp")
		}
	}
	l.off = i
	text := l.src[start:i]
	return token{kind: keyword(text), pos: start, text: text}, nil
}

// quoted lexes the body of a binary, hex or timestamp constant. Its content
// is checked by the parser.
func (l *lexer) quoted(start int, kind tokenKind, what string) (token, error) {
	body := start + 2
	end := strings.IndexByte(l.src[body:], '\'')
	if end < 0 {
		return token{}, l.errAt(start, "unterminated "+what+": missing closing quote")
	}
	end += body
	l.off = end + 1
	return token{kind: kind, pos: start, text: l.src[start:l.off], val: l.src[body:end]}, nil
}

// str lexes a string constant. The only escapes are \' and \\; any other
// backslash is an error.
func (l *lexer) str(start int) (token, error) {
	i := start + 1
	escaped := false
	for {
		rest := l.src[i:]
		quote := strings.IndexByte(rest, '\'')
		seg := rest
		if quote >= 0 {
			seg = rest[:quote]
		}
		bs := strings.IndexByte(seg, '\\')
		if bs < 0 {
			if quote < 0 {
				return token{}, l.errAt(start, "unterminated string: missing closing quote")
			}
			l.off = i + quote + 1
			t := token{kind: tokString, pos: start, text: l.src[start:l.off], val: l.src[start+1 : i+quote]}
			if escaped {
				t.val = unescape(t.val)
			}
			return t, nil
		}
		b := i + bs
		if b+1 >= len(l.src) {
			return token{}, l.errAt(start, "unterminated string: missing closing quote")
		}
		if c := l.src[b+1]; c != '\'' && c != '\\' {
			return token{}, l.errAt(b, "invalid escape in string: backslash followed by "+
				quoteRune(l.src[b+1:])+"; only \\' and \\\\ are allowed")
		}
		escaped = true
		i = b + 2
	}
}

// unescape removes the backslashes of \' and \\ from a lexed string body.
func unescape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// number lexes an integer ([+-]? (0 | [1-9][0-9]*)) or a float
// ([+-]? [0-9]* . [0-9]+). There is no exponent form.
func (l *lexer) number(start int) (token, error) {
	i := start
	if l.src[i] == '+' || l.src[i] == '-' {
		i++
	}
	digits := i
	for i < len(l.src) && isDigit(l.src[i]) {
		i++
	}
	intEnd := i
	kind := tokInt
	if i+1 < len(l.src) && l.src[i] == '.' && isDigit(l.src[i+1]) {
		kind = tokFloat
		i += 2
		for i < len(l.src) && isDigit(l.src[i]) {
			i++
		}
	}
	if kind == tokInt {
		switch {
		case intEnd == digits:
			return token{}, l.errAt(start, "unexpected character "+quoteRune(l.src[start:])+": a sign must be followed by a number")
		case intEnd-digits > 1 && l.src[digits] == '0':
			return token{}, l.errAt(start, "invalid number "+l.src[start:i]+": leading zeros are not allowed")
		}
	}
	l.off = i
	return token{kind: kind, pos: start, text: l.src[start:i]}, nil
}

// skipSpace skips whitespace, /* block */ and // line comments, which the
// grammar discards.
func (l *lexer) skipSpace() error {
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch {
		case c == ' ', c == '\t', c == '\n', c == '\r', c == '\v', c == '\f':
			l.off++
		case c == '/' && l.off+1 < len(l.src) && l.src[l.off+1] == '*':
			end := strings.Index(l.src[l.off+2:], "*/")
			if end < 0 {
				return l.errAt(l.off, "unterminated comment: missing */")
			}
			l.off += 2 + end + 2
		case c == '/' && l.off+1 < len(l.src) && l.src[l.off+1] == '/':
			end := strings.IndexByte(l.src[l.off:], '\n')
			if end < 0 {
				l.off = len(l.src)
			} else {
				l.off += end + 1
			}
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(l.src[l.off:])
			if !isUnicodeSpace(r) {
				return nil
			}
			l.off += size
		default:
			return nil
		}
	}
	return nil
}

// isUnicodeSpace reports the non-ASCII whitespace of the grammar's WS rule.
func isUnicodeSpace(r rune) bool {
	switch r {
	case 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isLower(c byte) bool      { return c >= 'a' && c <= 'z' }
func isLetter(c byte) bool     { return isLower(c) || (c >= 'A' && c <= 'Z') }
func isIdentStart(c byte) bool { return isLetter(c) || c == '_' }
func isIdentPart(c byte) bool  { return isIdentStart(c) || isDigit(c) || c == '-' }

// quoteRune quotes the first rune of s for an error message: 'x', or
// U+000A for a control character.
func quoteRune(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && size <= 1 {
		return "byte 0x" + hexByte(s[0])
	}
	if r < ' ' || r == 0x7f {
		return "U+00" + strings.ToUpper(hexByte(byte(r)))
	}
	return "'" + s[:size] + "'"
}

func hexByte(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}
