package ioc

import (
	"context"
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fusion-cti/fusion/internal/formats/codec"
)

// Each calls f for every indicator src yields, in order, counting them in
// st.Read. It stops at the first error from src (returned as it is), from f,
// or from ctx (checked every 1,024 indicators and at the end).
func Each(ctx context.Context, src iter.Seq2[codec.Indicator, error], st *Stats, f func(*codec.Indicator) error) error {
	n := 0
	for ind, err := range src {
		if err != nil {
			return err
		}
		if n++; n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		st.Read++
		if err := f(&ind); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Text makes s safe for a one-line free-text field: control characters
// (tabs and line breaks included) become spaces, invalid UTF-8 becomes
// U+FFFD, runs of spaces shrink to one, and a text longer than max runes is
// cut there with "…" (max <= 0: no limit).
func Text(s string, max int) string {
	if plain(s, max) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	runes, space := 0, true
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				r = '\uFFFD'
			}
		}
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == '\u2028' || r == '\u2029' {
			if space {
				continue
			}
			r, space = ' ', true
		} else {
			space = false
		}
		if max > 0 && runes == max {
			return strings.TrimRight(b.String(), " ") + "…"
		}
		b.WriteRune(r)
		runes++
	}
	return strings.TrimRight(b.String(), " ")
}

// plain reports whether Text would return s as it is: printable ASCII, no
// leading, trailing or double space, at most max bytes.
func plain(s string, max int) bool {
	if max > 0 && len(s) > max || s != "" && (s[0] == ' ' || s[len(s)-1] == ' ') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}
