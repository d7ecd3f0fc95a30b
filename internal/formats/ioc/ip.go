package ioc

import (
	"net/netip"
	"strings"
)

// Prefix parses an IPv4 or IPv6 address or CIDR block into a masked prefix:
// "192.0.2.7" is 192.0.2.7/32, "192.0.2.7/24" is 192.0.2.0/24, an
// IPv4-mapped IPv6 address is its IPv4 address. Zones ("fe80::1%eth0") and a
// zero prefix length (a block of the whole address family) are refused.
func Prefix(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	var p netip.Prefix
	if strings.IndexByte(s, '/') >= 0 {
		q, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, errorf("CIDR block %q: %v", clip(s), err)
		}
		p = q
	} else {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, errorf("IP address %q: %v", clip(s), err)
		}
		if a.Zone() != "" {
			return netip.Prefix{}, errorf("IP address %q has a zone", clip(s))
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	if a := p.Addr(); a.Is4In6() {
		bits := p.Bits() - 96
		if bits < 0 {
			return netip.Prefix{}, errorf("CIDR block %q mixes IPv4-mapped and IPv6 addresses", clip(s))
		}
		p = netip.PrefixFrom(a.Unmap(), bits)
	}
	if p.Bits() == 0 {
		return netip.Prefix{}, errorf("CIDR block %q covers every address", clip(s))
	}
	return p.Masked(), nil
}

// IsHost reports whether p is a single address (/32 or /128).
func IsHost(p netip.Prefix) bool { return p.Bits() == p.Addr().BitLen() }

// PrefixString writes p as a tool wants it: a single address without its
// length, a block as address/length.
func PrefixString(p netip.Prefix) string {
	if IsHost(p) {
		return p.Addr().String()
	}
	return p.String()
}

// IPKind reports whether kind is one of the IP address kinds.
func IPKind(kind string) bool { return kind == KindIPv4 || kind == KindIPv6 }
