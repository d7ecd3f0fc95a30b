package warninglist

import (
	"fmt"
	"regexp"
	"strings"
)

// compileRegex turns a regex-list entry, a PCRE in PHP's delimited form
// ("/^abuse@/i"), into an RE2 expression. When it cannot, it returns why.
func compileRegex(entry string) (*regexp.Regexp, string) {
	s := strings.TrimLeft(entry, " \t\r\n\v\f")
	if s == "" {
		return nil, "empty entry"
	}
	opening := s[0]
	if opening == '\\' || isAlnum(opening) {
		return nil, fmt.Sprintf("delimiter must not be alphanumeric or backslash (PCRE is written /expression/flags), got %q", opening)
	}
	closing := opening
	switch opening {
	case '(':
		closing = ')'
	case '[':
		closing = ']'
	case '{':
		closing = '}'
	case '<':
		closing = '>'
	}
	// Find the ending delimiter as PHP does: skip escaped characters and,
	// for bracket delimiters, count nesting.
	end, depth := -1, 1
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
		case c == closing && closing != opening:
			depth--
			if depth == 0 {
				end = i
			}
		case c == closing:
			end = i
		case c == opening && closing != opening:
			depth++
		}
		if end >= 0 {
			break
		}
	}
	if end < 0 {
		return nil, fmt.Sprintf("no ending delimiter %q", closing)
	}
	expr, mods := s[1:end], s[end+1:]
	if expr == "" {
		return nil, "empty expression (would match every value)"
	}
	var flags strings.Builder
	anchored := false
	for i := 0; i < len(mods); i++ {
		switch m := mods[i]; m {
		case 'i', 'm', 's', 'U':
			if !strings.ContainsRune(flags.String(), rune(m)) {
				flags.WriteByte(m)
			}
		case 'A':
			anchored = true
		case 'u', 'D', 'S', 'X', 'J', 'n', 'g', ' ', '\t', '\r', '\n':
			// UTF-8 is RE2's only mode; RE2's $ without m already means
			// the very end (D); S, X, J and n change nothing a match can
			// see; g is JavaScript's "global", meaningless for a test.
		case 'x':
			return nil, "modifier x (extended syntax) is not supported by RE2"
		default:
			return nil, fmt.Sprintf("unknown modifier %q", m)
		}
	}
	if anchored {
		expr = `\A(?:` + expr + `)`
	}
	if flags.Len() > 0 {
		expr = "(?" + flags.String() + ")" + expr
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, "RE2 rejects it: " + strings.TrimPrefix(err.Error(), "error parsing regexp: ")
	}
	return re, ""
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
