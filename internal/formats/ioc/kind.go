package ioc

import "strings"

// The STIX object paths the tool exporters know (codec.Indicator.Kind).
const (
	KindIPv4     = "ipv4-addr:value"
	KindIPv6     = "ipv6-addr:value"
	KindDomain   = "domain-name:value"
	KindURL      = "url:value"
	KindEmail    = "email-addr:value"
	KindFileName = "file:name"
	KindMD5      = "file:hashes.MD5"
	KindSHA1     = "file:hashes.'SHA-1'"
	KindSHA256   = "file:hashes.'SHA-256'"
	KindSHA512   = "file:hashes.'SHA-512'"
	KindCertSHA1 = "x509-certificate:hashes.'SHA-1'"
)

// The hash algorithms FileHash and CertHash name, as STIX spells them.
const (
	MD5    = "MD5"
	SHA1   = "SHA-1"
	SHA256 = "SHA-256"
	SHA512 = "SHA-512"
)

// FileHash reports the algorithm of a file-hash kind ("file:hashes.MD5",
// "file:hashes.'SHA-256'", also the spellings "'MD5'", "SHA256", "sha-1"), or
// ok false when kind is not a file hash of a known algorithm.
func FileHash(kind string) (algorithm string, ok bool) {
	rest, found := strings.CutPrefix(kind, "file:hashes.")
	if !found {
		return "", false
	}
	return hashAlgorithm(rest)
}

// CertHash is FileHash for "x509-certificate:hashes.…" kinds.
func CertHash(kind string) (algorithm string, ok bool) {
	rest, found := strings.CutPrefix(kind, "x509-certificate:hashes.")
	if !found {
		return "", false
	}
	return hashAlgorithm(rest)
}

func hashAlgorithm(name string) (string, bool) {
	name = strings.Trim(name, "'")
	switch strings.ToUpper(name) {
	case "MD5", "MD-5":
		return MD5, true
	case "SHA-1", "SHA1":
		return SHA1, true
	case "SHA-256", "SHA256":
		return SHA256, true
	case "SHA-512", "SHA512":
		return SHA512, true
	}
	return "", false
}

// HexLen is the length in hex digits of a digest of the algorithm (0 for an
// unknown one).
func HexLen(algorithm string) int {
	switch algorithm {
	case MD5:
		return 32
	case SHA1:
		return 40
	case SHA256:
		return 64
	case SHA512:
		return 128
	}
	return 0
}

// Hash checks a digest of the algorithm: exactly HexLen hex digits, returned
// in lower case.
func Hash(algorithm, value string) (string, error) {
	n := HexLen(algorithm)
	if n == 0 {
		return "", errorf("unknown hash algorithm %q", algorithm)
	}
	value = strings.TrimSpace(value)
	if len(value) != n {
		return "", errorf("%s digest has %d characters, want %d", algorithm, len(value), n)
	}
	b := []byte(value)
	for i, c := range b {
		switch {
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f':
		case 'A' <= c && c <= 'F':
			b[i] = c + ('a' - 'A')
		default:
			return "", errorf("%s digest: character %d is not a hex digit", algorithm, i+1)
		}
	}
	return string(b), nil
}
