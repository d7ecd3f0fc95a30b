package stix

import (
	"bytes"
	"net/netip"
	"strings"
	"unicode/utf8"
)

// Format checks for string values. Each reports at the current path.

func checkHex(v *validator, s []byte) {
	if len(s)%2 != 0 {
		v.errorf("hex values must have an even number of digits")
		return
	}
	upper := false
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
		case c >= 'A' && c <= 'F':
			upper = true
		default:
			v.errorf("invalid hex value %q", s)
			return
		}
	}
	if upper {
		v.warnf("hex values should use lower-case a-f")
	}
}

func validBase64(s []byte) bool {
	if len(s)%4 != 0 {
		return false
	}
	pad := 0
	for i, c := range s {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/':
			if pad > 0 {
				return false
			}
		case c == '=':
			pad++
			if pad > 2 || i < len(s)-2 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func isHexDigits(s []byte, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if hexVal[c] < 0 {
			return false
		}
	}
	return true
}

// checkHashValue checks the value of one hash against the format of its
// algorithm when the algorithm is in hash-algorithm-ov.
func checkHashValue(v *validator, alg string, val []byte) {
	var ok bool
	switch alg {
	case "MD5":
		ok = isHexDigits(val, 32)
	case "SHA-1":
		ok = isHexDigits(val, 40)
	case "SHA-256", "SHA3-256":
		ok = isHexDigits(val, 64)
	case "SHA-512", "SHA3-512":
		ok = isHexDigits(val, 128)
	case "SSDEEP":
		ok = validSSDEEP(val)
	case "TLSH":
		// 35 bytes as hex; TLSH 4 prefixes a "T1" version marker.
		ok = isHexDigits(val, 70) || len(val) == 72 && val[0] == 'T' && val[1] == '1' && isHexDigits(val[2:], 70)
	default:
		v.warnf("hash algorithm %q is not in open vocabulary %s", alg, hashAlgorithmOV.name)
		return
	}
	if !ok {
		v.errorf("invalid %s value %q", alg, val)
	}
}

// validSSDEEP accepts blocksize:hash:hash with base64 characters, optionally
// followed by a ,"filename" part.
func validSSDEEP(s []byte) bool {
	if i := bytes.IndexByte(s, ','); i >= 0 {
		s = s[:i]
	}
	parts := bytes.Split(s, []byte{':'})
	if len(parts) != 3 || len(parts[0]) == 0 || len(parts[1]) == 0 {
		return false
	}
	for _, c := range parts[0] {
		if c < '0' || c > '9' {
			return false
		}
	}
	for _, p := range parts[1:] {
		for _, c := range p {
			if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
				return false
			}
		}
	}
	return true
}

// validLangTag checks the RFC 5646 structure: a 2-3 letter language (or a
// registered 4-8 letter one), or a private-use "x-…"/grandfathered "i-…"
// tag, followed by subtags of 1-8 letters or digits.
func validLangTag(s []byte) bool {
	if len(s) == 0 || len(s) > 100 {
		return false
	}
	for i, sub := range bytes.Split(s, []byte{'-'}) {
		if len(sub) == 0 || len(sub) > 8 {
			return false
		}
		for _, c := range sub {
			letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			if !letter && !(i > 0 && c >= '0' && c <= '9') {
				return false
			}
		}
		if i == 0 && len(sub) == 1 && sub[0] != 'x' && sub[0] != 'X' && sub[0] != 'i' && sub[0] != 'I' {
			return false
		}
	}
	return true
}

func checkURL(v *validator, s []byte) {
	if !validURL(s) {
		v.errorf("%q is not a valid URL (RFC 3986)", s)
	}
}

func checkURLWarn(v *validator, s []byte) {
	if !validURL(s) {
		v.warnf("%q is not a valid URL (RFC 3986)", s)
	}
}

// validURL checks the shape of an absolute URI: scheme ":" hier-part, no
// whitespace or control characters.
func validURL(s []byte) bool {
	colon := bytes.IndexByte(s, ':')
	if colon < 1 || colon == len(s)-1 {
		return false
	}
	for i, c := range s[:colon] {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	for _, c := range s[colon+1:] {
		if c <= ' ' || c == 0x7f || c == '"' || c == '<' || c == '>' {
			return false
		}
	}
	return true
}

func checkIPv4(v *validator, s []byte) {
	if !validIP(string(s), true) {
		v.errorf("%q is not an IPv4 address or CIDR block", s)
	}
}

func checkIPv6(v *validator, s []byte) {
	if !validIP(string(s), false) {
		v.errorf("%q is not an IPv6 address or CIDR block", s)
	}
}

func validIP(s string, v4 bool) bool {
	addr := s
	if i := strings.IndexByte(s, '/'); i >= 0 {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return false
		}
		return p.Addr().Is4() == v4
	}
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	if v4 {
		return a.Is4()
	}
	return a.Is6()
}

// checkMAC requires a colon-delimited, lower-case MAC-48 address.
func checkMAC(v *validator, s []byte) {
	ok := len(s) == 17
	for i := 0; ok && i < 17; i++ {
		c := s[i]
		if i%3 == 2 {
			ok = c == ':'
		} else {
			ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f'
		}
	}
	if !ok {
		v.errorf("%q is not a lower-case, colon-delimited MAC-48 address", s)
	}
}

// checkEmailAddr checks an RFC 5322 addr-spec loosely: local@domain without
// a display name.
func checkEmailAddr(v *validator, s []byte) {
	at := bytes.LastIndexByte(s, '@')
	ok := at > 0 && at < len(s)-1 && !bytes.ContainsAny(s, " <>\t\r\n") && validHostname(s[at+1:], true)
	if !ok {
		v.errorf("%q is not an e-mail address (addr-spec, without display name)", s)
	}
}

func checkDomainName(v *validator, s []byte) {
	if !validHostname(s, false) {
		v.errorf("%q is not a valid domain name", s)
	}
}

// validHostname checks RFC 1034 shape: dot-separated labels of 1-63 bytes,
// at most 253 bytes, ASCII labels of letters, digits, '-' and '_' (and '*'
// wildcards), or internationalised labels (RFC 5890 U-labels). An e-mail
// domain may also be an address literal in brackets.
func validHostname(s []byte, email bool) bool {
	if email && len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' {
		return true
	}
	if len(s) > 0 && s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	if len(s) == 0 || len(s) > 253 || !utf8.Valid(s) {
		return false
	}
	for _, label := range bytes.Split(s, []byte{'.'}) {
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if c < 0x80 && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '*') {
				return false
			}
		}
	}
	return true
}

// checkRelationshipType: ASCII a-z, 0-9 and hyphen (section 5.1.2).
func checkRelationshipType(v *validator, s []byte) {
	ok := len(s) > 0
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			ok = false
		}
	}
	if !ok {
		v.errorf("relationship_type must consist of a-z, 0-9 and hyphens, got %q", s)
	}
}

// checkKillChainName: kill chain and phase names SHOULD be lower case with
// hyphens as separators.
func checkKillChainName(v *validator, s []byte) {
	for _, c := range s {
		if c >= 'A' && c <= 'Z' || c == ' ' || c == '_' {
			v.warnf("should be lower case with hyphens as word separators")
			return
		}
	}
}

func checkCountry(v *validator, s []byte) {
	if len(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' {
		v.warnf("country should be an ISO 3166-1 alpha-2 code, got %q", s)
	}
}

func checkProtocol(v *validator, s []byte) {
	for _, c := range s {
		if c >= 'A' && c <= 'Z' {
			v.warnf("protocol names should be lower case (IANA service names)")
			return
		}
	}
}

func checkCPE(v *validator, s []byte) {
	if !bytes.HasPrefix(s, []byte("cpe:2.3:")) {
		v.warnf("cpe should be a CPE 2.3 name (cpe:2.3:...)")
	}
}

func checkPriorityClass(v *validator, s []byte) {
	if !bytes.HasSuffix(s, []byte("_CLASS")) {
		v.warnf("priority should end in _CLASS")
	}
}

// checkRegistryKey: the hive must be spelled out (HKEY_LOCAL_MACHINE, not
// HKLM).
func checkRegistryKey(v *validator, s []byte) {
	hive := s
	if i := bytes.IndexByte(s, '\\'); i >= 0 {
		hive = s[:i]
	}
	switch strings.ToUpper(string(hive)) {
	case "HKLM", "HKCU", "HKCR", "HKU", "HKCC":
		v.errorf("the registry hive must be fully expanded (e.g. HKEY_LOCAL_MACHINE, not HKLM)")
	}
}

func checkExtensionPropertyName(v *validator, s []byte) {
	if !validPropertyName(s) {
		v.errorf("invalid extension property name %q: must be 3-250 characters of a-z, 0-9 and _", s)
	}
}
