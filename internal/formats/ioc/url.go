package ioc

import (
	"net/netip"
	"net/url"
	"strings"
)

// URL is a URL split into the parts sensors match on.
type URL struct {
	// Scheme is in lower case ("http", "https", "ftp", …).
	Scheme string
	// Host is the host name as DomainName returns it, or an IP literal
	// (IPv6 without brackets) when IP is valid.
	Host string
	// IP is the host's address when the host is an IP literal.
	IP netip.Addr
	// Port is the port as written, "" when the URL has none.
	Port string
	// Target is the request target a client sends: the path with its
	// percent-escapes ("/" when the URL has none), then "?" and the query
	// when there is one. The fragment and user information, which never
	// reach the wire, are dropped.
	Target string
}

// ParseURL parses an absolute URL with a host. It refuses values with
// spaces or control characters, opaque URLs ("mailto:…") and hosts that
// DomainName refuses.
func ParseURL(s string) (URL, error) {
	s = strings.TrimSpace(s)
	if len(s) > 16<<10 {
		return URL{}, errorf("URL of %d bytes is too long", len(s))
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f {
			return URL{}, errorf("URL %q has a space or control character", clip(s))
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return URL{}, errorf("URL %q: %v", clip(s), err)
	}
	if u.Scheme == "" || u.Opaque != "" || u.Host == "" {
		return URL{}, errorf("URL %q is not absolute with a host", clip(s))
	}
	out := URL{Scheme: strings.ToLower(u.Scheme), Port: u.Port()}
	host := u.Hostname()
	if a, err := netip.ParseAddr(host); err == nil && a.Zone() == "" {
		out.IP = a.Unmap()
		out.Host = out.IP.String()
	} else {
		if strings.HasPrefix(u.Host, "[") {
			return URL{}, errorf("URL %q: bad IP literal", clip(s))
		}
		h, err := DomainName(host)
		if err != nil {
			return URL{}, errorf("URL %q: host: %v", clip(s), err)
		}
		out.Host = h
	}
	for i := 0; i < len(out.Port); i++ {
		if c := out.Port[i]; c < '0' || c > '9' {
			return URL{}, errorf("URL %q: bad port", clip(s))
		}
	}
	target := u.EscapedPath()
	if target == "" {
		target = "/"
	}
	if u.RawQuery != "" || u.ForceQuery {
		target += "?" + u.RawQuery
	}
	out.Target = target
	return out, nil
}

// HostPort is the host (IPv6 literals in brackets) with ":port" when the
// URL names a port other than its scheme's default.
func (u URL) HostPort() string {
	h := u.Host
	if u.IP.Is6() {
		h = "[" + h + "]"
	}
	if u.Port != "" && u.Port != DefaultPort(u.Scheme) {
		h += ":" + u.Port
	}
	return h
}

// String is the normalised URL: scheme, host (A-label), port when not the
// default, request target.
func (u URL) String() string { return u.Scheme + "://" + u.HostPort() + u.Target }

// DefaultPort is the scheme's well-known port ("" when unknown).
func DefaultPort(scheme string) string {
	switch scheme {
	case "http", "ws":
		return "80"
	case "https", "wss":
		return "443"
	case "ftp":
		return "21"
	}
	return ""
}
