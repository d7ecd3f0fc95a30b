package misp

import (
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Value checks. They mirror the rules internal/stix applies to the
// properties of cyber-observable objects, so that every observable this
// package writes validates; a value that fails is reported and skipped
// rather than written.

// parseIP returns the STIX type ("ipv4-addr" or "ipv6-addr") and the
// canonical text of an address or CIDR block.
func parseIP(s string) (typ, value string, ok bool) {
	s = strings.TrimSpace(s)
	if strings.IndexByte(s, '/') >= 0 {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return "", "", false
		}
		if p.Addr().Is4() {
			return "ipv4-addr", p.String(), true
		}
		return "ipv6-addr", p.String(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return "", "", false
	}
	if a.Is4In6() {
		a = a.Unmap()
	}
	if a.Is4() {
		return "ipv4-addr", a.String(), true
	}
	return "ipv6-addr", a.String(), true
}

func parsePort(s string) (int64, bool) {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 16)
	return int64(n), err == nil
}

// validHostname is the shape internal/stix accepts for domain-name values:
// dot-separated labels of 1-63 bytes, at most 253 bytes, ASCII letters,
// digits, '-', '_' and '*', or non-ASCII (internationalised) labels.
func validHostname(s string, email bool) bool {
	if email && len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' {
		return true
	}
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > 253 || !utf8.ValidString(s) {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if c < 0x80 && !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '*') {
				return false
			}
		}
	}
	return true
}

func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " <>\t\r\n") && validHostname(s[at+1:], true)
}

// validURL: scheme ":" hier-part without spaces, controls, '"', '<', '>'.
func validURL(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 1 || colon == len(s)-1 {
		return false
	}
	for i := 0; i < colon; i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	for i := colon + 1; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f || c == '"' || c == '<' || c == '>' {
			return false
		}
	}
	return true
}

// normMAC lower-cases a MAC-48 address and accepts '-' or no separators.
func normMAC(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, "-", ":")
	if len(s) == 12 && !strings.Contains(s, ":") {
		s = s[0:2] + ":" + s[2:4] + ":" + s[4:6] + ":" + s[6:8] + ":" + s[8:10] + ":" + s[10:12]
	}
	if len(s) != 17 {
		return "", false
	}
	for i := 0; i < 17; i++ {
		c := s[i]
		if i%3 == 2 {
			if c != ':' {
				return "", false
			}
		} else if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return "", false
		}
	}
	return s, true
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func validSSDEEP(s string) bool {
	if i := strings.IndexByte(s, ','); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, ":")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return false
	}
	for i := 0; i < len(parts[0]); i++ {
		if c := parts[0][i]; c < '0' || c > '9' {
			return false
		}
	}
	for _, p := range parts[1:] {
		for i := 0; i < len(p); i++ {
			c := p[i]
			if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
				return false
			}
		}
	}
	return true
}

func validTLSH(s string) bool {
	return isHex(s, 70) || len(s) == 72 && (s[:2] == "T1" || s[:2] == "t1") && isHex(s[2:], 70)
}

// hashAlgos maps MISP hash attribute types to the STIX hashes key and the
// length of the hex digest (0: not a plain hex digest).
var hashAlgos = map[string]struct {
	key string
	hex int
}{
	"md5":     {"MD5", 32},
	"sha1":    {"SHA-1", 40},
	"sha224":  {"SHA224", 56},
	"sha256":  {"SHA-256", 64},
	"sha384":  {"SHA384", 96},
	"sha512":  {"SHA-512", 128},
	"ssdeep":  {"SSDEEP", 0},
	"tlsh":    {"TLSH", 0},
	"imphash": {"IMPHASH", 32},
}

// normHash checks a digest for a MISP hash type and returns it in the form
// stored: hex digests in lower case, ssdeep as given, TLSH upper-case "T1"
// prefix and lower-case digits.
func normHash(mispType, v string) (key, value string, ok bool) {
	a, known := hashAlgos[mispType]
	if !known {
		return "", "", false
	}
	v = strings.TrimSpace(v)
	switch {
	case a.hex > 0:
		if !isHex(v, a.hex) {
			return "", "", false
		}
		return a.key, strings.ToLower(v), true
	case mispType == "ssdeep":
		return a.key, v, validSSDEEP(v)
	default: // tlsh
		if !validTLSH(v) {
			return "", "", false
		}
		if len(v) == 72 {
			return a.key, "T1" + strings.ToLower(v[2:]), true
		}
		return a.key, strings.ToLower(v), true
	}
}

// registryHives expands the abbreviated hive names the STIX validator
// rejects.
var registryHives = map[string]string{
	"HKLM": "HKEY_LOCAL_MACHINE",
	"HKCU": "HKEY_CURRENT_USER",
	"HKCR": "HKEY_CLASSES_ROOT",
	"HKU":  "HKEY_USERS",
	"HKCC": "HKEY_CURRENT_CONFIG",
}

func normRegKey(s string) string {
	s = strings.TrimSpace(s)
	hive, rest, _ := strings.Cut(s, `\`)
	if full, ok := registryHives[strings.ToUpper(hive)]; ok {
		if rest == "" && !strings.Contains(s, `\`) {
			return full
		}
		return full + `\` + rest
	}
	return s
}

// normAS parses "AS64500", "as64500" or "64500".
func normAS(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 2 && (s[:2] == "AS" || s[:2] == "as" || s[:2] == "As") {
		s = s[2:]
	}
	n, err := strconv.ParseUint(s, 10, 32)
	return int64(n), err == nil
}

// compact removes spaces and dashes (IBANs, card numbers) and upper-cases.
func compact(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '-' || c == '\t' {
			continue
		}
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isAlnum(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// validCVE: CVE-YYYY-NNNN… (the validator's rule for source_name "cve").
func validCVE(s string) bool {
	if len(s) < 13 || !strings.HasPrefix(s, "CVE-") || s[8] != '-' || !allDigits(s[4:8]) || !allDigits(s[9:]) {
		return false
	}
	return len(s[9:]) == 4 || s[9] != '0'
}
