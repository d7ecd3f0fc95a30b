package freetext

import (
	"strings"

	"github.com/fusion-cti/fusion/internal/country"
)

// ibanLengths is the length of an IBAN per country, from the SWIFT IBAN
// registry.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
	"BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
	"DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
	"FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
	"GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
	"IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
	"LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
	"MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
	"PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
	"SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
	"SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
	"YE": 30,
}

// ibanValid checks the length and the ISO 7064 mod-97 check digits of an
// upper-case IBAN without spaces.
func ibanValid(v []byte) bool {
	if len(v) < 15 || ibanLengths[string(v[:2])] != len(v) {
		return false
	}
	rem := 0
	for k := 0; k < len(v); k++ {
		c := v[(k+4)%len(v)]
		switch {
		case isDigit(c):
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A'+10)) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// findIBAN reads an IBAN starting with the run r[a:b]: the whole run, or,
// when the run is the first group of four, the groups that follow it.
func (s *scanner) findIBAN(r []byte, a, b int) {
	want := ibanLengths[strings.ToUpper(string(r[a:a+2]))]
	if want == 0 {
		return
	}
	if b-a == want {
		v := []byte(strings.ToUpper(string(r[a:b])))
		if ibanValid(v) {
			s.add(KindIBAN, string(v), a, b, 0)
		}
		return
	}
	if b-a != 4 || s.mapped {
		return
	}
	buf := s.buf
	start, p := s.bs(a), s.be(b)
	v := make([]byte, 0, 34)
	v = append(v, buf[start:p]...)
	for len(v) < want {
		if p+1 >= len(buf) || buf[p] != ' ' || !isAlnum(buf[p+1]) {
			return
		}
		q := p + 1
		for q < len(buf) && isAlnum(buf[q]) {
			q++
		}
		g := q - p - 1
		if g > 4 || (g < 4 && len(v)+g != want) {
			return
		}
		v = append(v, buf[p+1:q]...)
		p = q
	}
	if len(v) != want {
		return
	}
	for k := range v {
		if v[k] >= 'a' && v[k] <= 'z' {
			v[k] -= 'a' - 'A'
		}
	}
	if ibanValid(v) {
		s.addGroup(KindIBAN, string(v), start, p)
	}
}

// addGroup records a finding that may span several tokens, and claims it.
func (s *scanner) addGroup(kind, value string, i, j int) {
	s.hits = append(s.hits, hit{kind, value, i, j, 0})
	s.claim = max(s.claim, s.abs(j))
}

// luhn checks the Luhn check digit.
func luhn(d []byte) bool {
	sum := 0
	for k := 0; k < len(d); k++ {
		v := int(d[len(d)-1-k] - '0')
		if k%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return sum%10 == 0
}

// issuerOK checks a card number's issuer prefix and length:
//
//	Visa           4                      13, 16, 19
//	Mastercard     51–55, 2221–2720       16
//	Amex           34, 37                 15
//	Discover       6011, 644–649, 65      16–19
//	JCB            3528–3589              16–19
//	Diners Club    300–305, 36            14–19
//	Diners Club    3095, 38, 39           16–19
//	UnionPay       62                     16–19
//	Mir            2200–2204              16–19
//	Maestro        50, 56–69 (the rest)   13–19
func issuerOK(d []byte) bool {
	n := len(d)
	p := func(k int) int {
		v := 0
		for _, c := range d[:k] {
			v = v*10 + int(c-'0')
		}
		return v
	}
	p1, p2, p3, p4 := p(1), p(2), p(3), p(4)
	switch {
	case p1 == 4:
		return n == 13 || n == 16 || n == 19
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720:
		return n == 16
	case p2 == 34 || p2 == 37:
		return n == 15
	case p4 == 6011, p3 >= 644 && p3 <= 649, p2 == 65:
		return n >= 16
	case p4 >= 3528 && p4 <= 3589:
		return n >= 16
	case p3 >= 300 && p3 <= 305, p2 == 36:
		return n >= 14
	case p4 == 3095, p2 == 38, p2 == 39:
		return n >= 16
	case p2 == 62:
		return n >= 16
	case p4 >= 2200 && p4 <= 2204:
		return n >= 16
	case p2 == 50, p2 >= 56 && p2 <= 69:
		return n >= 13
	}
	return false
}

// findCard reads a payment card number whose first digits are buf[i:j].
func (s *scanner) findCard(i, j int) {
	buf := s.buf
	if i >= 2 && (buf[i-1] == ' ' || buf[i-1] == '-' || buf[i-1] == '.' || buf[i-1] == '/') && isDigit(buf[i-2]) {
		k := i - 2
		for k > 0 && i-2-k < 7 && isDigit(buf[k-1]) {
			k--
		}
		if i-1-k <= 6 {
			return // a group of a longer number
		}
	}
	if i >= 1 && buf[i-1] == '+' {
		return // phone number
	}
	var d [19]byte
	var groups [8]int
	n := copy(d[:], buf[i:j])
	if j-i > 19 {
		return
	}
	groups[0] = j - i
	ng := 1
	var sep byte
	p := j
	for j-i == 4 && p+1 < len(buf) && (buf[p] == ' ' || buf[p] == '-') && (sep == 0 || buf[p] == sep) && isDigit(buf[p+1]) {
		if ng == len(groups) {
			return
		}
		q := p + 1
		for q < len(buf) && isDigit(buf[q]) {
			q++
		}
		if n+q-p-1 > 19 {
			return
		}
		n += copy(d[n:], buf[p+1:q])
		groups[ng] = q - p - 1
		ng++
		sep = buf[p]
		p = q
	}
	if n < 13 || (p < len(buf) && isAlnum(buf[p])) {
		return
	}
	if ng > 1 && !cardGrouping(groups[:ng]) {
		return
	}
	if !luhn(d[:n]) || !issuerOK(d[:n]) {
		return
	}
	s.addGroup(KindCard, string(d[:n]), i, p)
}

// cardGrouping accepts 4-4-4-4(-3), 4-4-4-1..4, 4-6-4 and 4-6-5.
func cardGrouping(g []int) bool {
	if g[0] != 4 {
		return false
	}
	if len(g) == 3 && g[1] == 6 && (g[2] == 4 || g[2] == 5) {
		return true
	}
	for k := 1; k < len(g)-1; k++ {
		if g[k] != 4 {
			return false
		}
	}
	last := g[len(g)-1]
	return last >= 1 && last <= 4
}

// isCountry accepts the ISO 3166-1 alpha-2 codes, and XK (Kosovo) as IBANs
// and SWIFT use it.
func isCountry(c []byte) bool {
	return len(c) == 2 && (country.Assigned(string(c)) || c[0] == 'X' && c[1] == 'K')
}

var bicWords = []string{"bic", "swift"}

// findBIC accepts a BIC at r[a:b] (8 or 11 capitals and digits) when the
// word BIC or SWIFT is near.
func (s *scanner) findBIC(r []byte, a, b int) {
	w := r[a:b]
	for k := 0; k < 6; k++ {
		if w[k] < 'A' || w[k] > 'Z' {
			return
		}
	}
	if !isCountry(w[4:6]) || w[7] == 'O' {
		return
	}
	if len(w) == 11 && w[8] == 'X' && (w[9] != 'X' || w[10] != 'X') {
		return
	}
	i, j := s.bs(a), s.be(b)
	buf := s.buf
	lo, _ := s.lineBounds(i, j, 48)
	_, hi := s.lineBounds(i, j, 24)
	if !hasWord(buf[lo:i], bicWords) && !hasWord(buf[j:hi], bicWords) {
		return
	}
	s.add(KindBIC, string(w), a, b, 0)
}
