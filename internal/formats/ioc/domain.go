package ioc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of DNS names in presentation form (RFC 1035 section 2.3.4).
const (
	// MaxLabelLen is the longest label, in octets.
	MaxLabelLen = 63
	// MaxNameLen is the longest name without its trailing dot: 255 octets
	// on the wire are 253 characters written out.
	MaxNameLen = 253
)

// DomainName normalises a domain name the way resolvers and sensors see it
// on the wire: lower case, without the trailing dot, each label that is not
// ASCII turned into its A-label ("bücher.example" → "xn--bcher-kva.example",
// RFC 3492 Punycode). The ideographic full stops U+3002, U+FF0E and U+FF61
// separate labels as IDNA says.
//
// It is stricter than DNS in three ways, each to keep a tool from blocking or
// alerting on more than meant: labels hold only letters, digits, '-' and '_'
// (no spaces, quotes or other bytes that tools quote differently); a name of
// one label ("com", "localhost") is refused, since exporting it would cover
// a whole top-level domain; and no Unicode normalisation (IDNA 2008 mapping,
// NFC) is done beyond lower-casing, so a value the store did not normalise
// may give a different A-label than a browser would.
func DomainName(s string) (string, error) { return name(s, false) }

// Name is DomainName that also takes a name of one label ("localhost"), for
// names that are configuration rather than indicators.
func Name(s string) (string, error) { return name(s, true) }

func name(s string, single bool) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > 4*MaxNameLen {
		return "", errorf("domain name of %d bytes is longer than %d", len(s), MaxNameLen)
	}
	ascii := isASCII(s)
	if !ascii {
		s = strings.NewReplacer("\u3002", ".", "\uff0e", ".", "\uff61", ".").Replace(s)
	}
	s = strings.TrimSuffix(s, ".")
	if s == "" {
		return "", errorf("empty domain name")
	}
	if !single && !strings.Contains(s, ".") {
		return "", errorf("domain name %q has one label: a top-level domain is never exported", clip(s))
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for l := range strings.SplitSeq(s, ".") {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		if err := appendLabel(&b, l); err != nil {
			return "", err
		}
	}
	if b.Len() > MaxNameLen {
		return "", errorf("domain name of %d characters is longer than %d", b.Len(), MaxNameLen)
	}
	return b.String(), nil
}

func appendLabel(b *strings.Builder, l string) error {
	if l == "" {
		return errorf("domain name has an empty label")
	}
	if isASCII(l) {
		if len(l) > MaxLabelLen {
			return errorf("label of %d characters is longer than %d", len(l), MaxLabelLen)
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if !ldh(c) {
				return errorf("label %q: character %q is not a letter, digit, '-' or '_'", clip(l), c)
			}
			b.WriteByte(c)
		}
		return nil
	}
	if !utf8.ValidString(l) {
		return errorf("label is not valid UTF-8")
	}
	l = strings.ToLower(l)
	for _, r := range l {
		if r < utf8.RuneSelf {
			if !ldh(byte(r)) {
				return errorf("label %q: character %q is not a letter, digit, '-' or '_'", clip(l), r)
			}
		} else if !unicode.IsLetter(r) && !unicode.IsMark(r) && !unicode.IsDigit(r) {
			return errorf("label %q: character %U is not allowed in a domain name", clip(l), r)
		}
	}
	enc, err := punycode(l)
	if err != nil {
		return err
	}
	if len("xn--")+len(enc) > MaxLabelLen {
		return errorf("label %q is %d characters as an A-label, longer than %d", clip(l), len(enc)+4, MaxLabelLen)
	}
	b.WriteString("xn--")
	b.WriteString(enc)
	return nil
}

func ldh(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// clip shortens s for an error message.
func clip(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Punycode (RFC 3492 section 5 and 6.3).
const (
	pcBase        = 36
	pcTMin        = 1
	pcTMax        = 26
	pcSkew        = 38
	pcDamp        = 700
	pcInitialBias = 72
	pcInitialN    = 128
)

// punycode encodes s (without the "xn--" prefix).
func punycode(s string) (string, error) {
	runes := []rune(s)
	out := make([]byte, 0, len(s)+8)
	var basic int32
	for _, r := range runes {
		if r < 0x80 {
			out = append(out, byte(r))
			basic++
		}
	}
	if basic > 0 {
		out = append(out, '-')
	}
	n, bias, delta := int32(pcInitialN), int32(pcInitialBias), int32(0)
	for h := basic; h < int32(len(runes)); {
		m := int32(0x7fffffff)
		for _, r := range runes {
			if r >= n && r < m {
				m = r
			}
		}
		if (m - n) > (0x7fffffff-delta)/(h+1) {
			return "", errorf("label is too long to encode")
		}
		delta += (m - n) * (h + 1)
		n = m
		for _, r := range runes {
			if r < n {
				delta++
				if delta < 0 {
					return "", errorf("label is too long to encode")
				}
				continue
			}
			if r > n {
				continue
			}
			q := delta
			for k := int32(pcBase); ; k += pcBase {
				t := k - bias
				if t < pcTMin {
					t = pcTMin
				} else if t > pcTMax {
					t = pcTMax
				}
				if q < t {
					break
				}
				out = append(out, pcDigit(t+(q-t)%(pcBase-t)))
				q = (q - t) / (pcBase - t)
			}
			out = append(out, pcDigit(q))
			bias = pcAdapt(delta, h+1, h == basic)
			delta = 0
			h++
		}
		delta++
		n++
	}
	return string(out), nil
}

func pcDigit(d int32) byte {
	if d < 26 {
		return byte('a' + d)
	}
	return byte('0' + d - 26)
}

func pcAdapt(delta, points int32, first bool) int32 {
	if first {
		delta /= pcDamp
	} else {
		delta /= 2
	}
	delta += delta / points
	k := int32(0)
	for delta > ((pcBase-pcTMin)*pcTMax)/2 {
		delta /= pcBase - pcTMin
		k += pcBase
	}
	return k + (pcBase-pcTMin+1)*delta/(delta+pcSkew)
}

// Email normalises an e-mail address: the domain as DomainName does, the
// local part kept as written but refused when empty, longer than 64 octets or
// holding spaces, control characters, quotes or a second '@'.
func Email(s string) (string, error) {
	s = strings.TrimSpace(s)
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return "", errorf("e-mail address %q has no local part and domain", clip(s))
	}
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 {
		return "", errorf("e-mail local part of %d octets is longer than 64", len(local))
	}
	if !utf8.ValidString(local) {
		return "", errorf("e-mail local part is not valid UTF-8")
	}
	for _, r := range local {
		if r <= ' ' || r == 0x7f || r == '"' || r == '@' || r == '\\' || unicode.IsSpace(r) || unicode.IsControl(r) {
			return "", errorf("e-mail local part %q: character %q is not exported", clip(local), r)
		}
	}
	d, err := DomainName(domain)
	if err != nil {
		return "", err
	}
	return local + "@" + d, nil
}
