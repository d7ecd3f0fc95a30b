package warninglist

import "strings"

// class is what a kind is to matching: values of one class are read the
// same way and lists name them through the same MISP attribute types.
type class uint8

const (
	clOther class = iota // kinds no MISP attribute type maps to
	clIP
	clDomain
	clURL
	clEmail
	clFilename
	clMAC
	clMutex
	clRegKey
	clMD5
	clSHA1
	clSHA224
	clSHA256
	clSHA384
	clSHA512
	clSSDEEP
	clTLSH
	clX509MD5
	clX509SHA1
	clX509SHA256
	numClasses
)

// classMask is a set of classes.
type classMask uint32

const allClasses classMask = 1<<numClasses - 1

func (c class) bit() classMask { return 1 << c }

// attributeClasses maps MISP attribute types to the classes of the Fusion
// kinds they stand for (see the package documentation).
var attributeClasses = map[string]classMask{
	"ip-src":                  clIP.bit(),
	"ip-dst":                  clIP.bit(),
	"ip-src|port":             clIP.bit(),
	"ip-dst|port":             clIP.bit(),
	"domain|ip":               clIP.bit() | clDomain.bit(),
	"domain":                  clDomain.bit(),
	"hostname":                clDomain.bit(),
	"hostname|port":           clDomain.bit(),
	"url":                     clURL.bit(),
	"uri":                     clURL.bit(),
	"link":                    clURL.bit(),
	"email":                   clEmail.bit(),
	"email-src":               clEmail.bit(),
	"email-dst":               clEmail.bit(),
	"target-email":            clEmail.bit(),
	"email-reply-to":          clEmail.bit(),
	"whois-registrant-email":  clEmail.bit(),
	"dns-soa-email":           clEmail.bit(),
	"filename":                clFilename.bit(),
	"mac-address":             clMAC.bit(),
	"mutex":                   clMutex.bit(),
	"regkey":                  clRegKey.bit(),
	"md5":                     clMD5.bit(),
	"filename|md5":            clMD5.bit(),
	"malware-sample":          clMD5.bit(),
	"sha1":                    clSHA1.bit(),
	"filename|sha1":           clSHA1.bit(),
	"sha224":                  clSHA224.bit(),
	"filename|sha224":         clSHA224.bit(),
	"sha256":                  clSHA256.bit(),
	"filename|sha256":         clSHA256.bit(),
	"sha384":                  clSHA384.bit(),
	"filename|sha384":         clSHA384.bit(),
	"sha512":                  clSHA512.bit(),
	"filename|sha512":         clSHA512.bit(),
	"ssdeep":                  clSSDEEP.bit(),
	"filename|ssdeep":         clSSDEEP.bit(),
	"tlsh":                    clTLSH.bit(),
	"filename|tlsh":           clTLSH.bit(),
	"x509-fingerprint-md5":    clX509MD5.bit(),
	"x509-fingerprint-sha1":   clX509SHA1.bit(),
	"x509-fingerprint-sha256": clX509SHA256.bit(),
}

// attributesMask returns the classes a list with these matching_attributes
// applies to, and the attribute types that map to no Fusion kind.
func attributesMask(attrs []string) (classMask, []string) {
	if len(attrs) == 0 {
		return allClasses, nil
	}
	var m classMask
	var unmapped []string
	for _, a := range attrs {
		a = strings.TrimSpace(a)
		if strings.EqualFold(a, "ALL") {
			m = allClasses
			continue
		}
		if c, ok := attributeClasses[strings.ToLower(a)]; ok {
			m |= c
		} else {
			unmapped = append(unmapped, a)
		}
	}
	return m, unmapped
}

// kindClass returns the class of a Fusion kind ("ipv4-addr:value",
// "file:hashes.'SHA-256'", …).
func kindClass(kind string) class {
	switch kind {
	case "ipv4-addr:value", "ipv6-addr:value":
		return clIP
	case "domain-name:value":
		return clDomain
	case "url:value":
		return clURL
	case "email-addr:value":
		return clEmail
	case "file:name":
		return clFilename
	case "mac-addr:value":
		return clMAC
	case "mutex:name":
		return clMutex
	case "windows-registry-key:key":
		return clRegKey
	}
	typ, path, _ := strings.Cut(kind, ":")
	alg, ok := strings.CutPrefix(path, "hashes.")
	if !ok {
		return clOther
	}
	switch typ {
	case "file", "artifact":
		return hashClass(alg)
	case "x509-certificate":
		switch hashClass(alg) {
		case clMD5:
			return clX509MD5
		case clSHA1:
			return clX509SHA1
		case clSHA256:
			return clX509SHA256
		}
	}
	return clOther
}

// hashClass returns the file hash class of an algorithm name, compared with
// quotes, '-', '_' and spaces dropped and case ignored ("'SHA-256'" is
// SHA256), or clOther.
func hashClass(s string) class {
	var buf [8]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '"' || c == '-' || c == '_' || c == ' ':
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		}
		if n == len(buf) {
			return clOther
		}
		buf[n] = c
		n++
	}
	switch string(buf[:n]) {
	case "MD5":
		return clMD5
	case "SHA1":
		return clSHA1
	case "SHA224":
		return clSHA224
	case "SHA256":
		return clSHA256
	case "SHA384":
		return clSHA384
	case "SHA512":
		return clSHA512
	case "SSDEEP":
		return clSSDEEP
	case "TLSH":
		return clTLSH
	}
	return clOther
}
