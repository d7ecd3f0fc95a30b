package warninglist

// ipAttributes are the attribute types of the built-in IP lists.
var ipAttributes = []string{"ip-src", "ip-dst", "ip-src|port", "ip-dst|port", "domain|ip"}

// builtinLists are written here from the RFCs and the operators' pages;
// they are not copied from MISP.
var builtinLists = []List{
	{
		ID: "builtin-documentation-ip", Name: "Documentation address ranges",
		Description: "Address blocks reserved for documentation and examples (RFC 5737, RFC 3849)",
		Type:        TypeCIDR, Version: 1, Attributes: ipAttributes,
		Values: []string{"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"},
	},
	{
		ID: "builtin-private-ip", Name: "Private and shared address ranges",
		Description: "Private networks (RFC 1918), carrier-grade NAT shared space (RFC 6598), IPv6 unique local addresses (RFC 4193)",
		Type:        TypeCIDR, Version: 1, Attributes: ipAttributes,
		Values: []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"},
	},
	{
		ID: "builtin-loopback-ip", Name: "Loopback addresses",
		Description: "Loopback (RFC 1122, RFC 4291)",
		Type:        TypeCIDR, Version: 1, Attributes: ipAttributes,
		Values: []string{"127.0.0.0/8", "::1/128"},
	},
	{
		ID: "builtin-link-local-ip", Name: "Link-local addresses",
		Description: "Link-local addresses (RFC 3927, RFC 4291)",
		Type:        TypeCIDR, Version: 1, Attributes: ipAttributes,
		Values: []string{"169.254.0.0/16", "fe80::/10"},
	},
	{
		ID: "builtin-multicast-ip", Name: "Multicast addresses",
		Description: "Multicast (RFC 5771, RFC 4291)",
		Type:        TypeCIDR, Version: 1, Attributes: ipAttributes,
		Values: []string{"224.0.0.0/4", "ff00::/8"},
	},
	{
		ID: "builtin-reserved-ip", Name: "Reserved and special-purpose addresses",
		Description: "\"This network\", IETF protocol assignments, benchmarking, reserved and broadcast space, the IPv6 unspecified address (RFC 6890)",
		Type:        TypeCIDR, Version: 1, Attributes: ipAttributes,
		Values: []string{"0.0.0.0/8", "192.0.0.0/24", "198.18.0.0/15", "240.0.0.0/4", "::/128"},
	},
	{
		ID: "builtin-special-domains", Name: "Special-use and documentation domains",
		Description: "Names reserved for examples, tests and local use (RFC 2606, RFC 6761): they never name real infrastructure",
		Type:        TypeHostname, Version: 1,
		Attributes: []string{"domain", "hostname", "domain|ip", "url", "uri", "email", "email-src", "email-dst", "target-email"},
		Values:     []string{"example.com", "example.net", "example.org", "example", "test", "invalid", "localhost"},
	},
	{
		ID: "builtin-public-resolvers", Name: "Big public DNS resolvers",
		Description: "Service addresses of Google Public DNS, Cloudflare 1.1.1.1, Quad9 and OpenDNS",
		Type:        TypeCIDR, Version: 1, Attributes: ipAttributes,
		Values: []string{
			// Google Public DNS
			"8.8.8.8", "8.8.4.4", "2001:4860:4860::8888", "2001:4860:4860::8844",
			// Cloudflare: standard, malware blocking, malware and adult blocking
			"1.1.1.1", "1.0.0.1", "2606:4700:4700::1111", "2606:4700:4700::1001",
			"1.1.1.2", "1.0.0.2", "2606:4700:4700::1112", "2606:4700:4700::1002",
			"1.1.1.3", "1.0.0.3", "2606:4700:4700::1113", "2606:4700:4700::1003",
			// Quad9: secured, unsecured, secured with ECS
			"9.9.9.9", "149.112.112.112", "2620:fe::fe", "2620:fe::9",
			"9.9.9.10", "149.112.112.10", "2620:fe::10", "2620:fe::fe:10",
			"9.9.9.11", "149.112.112.11", "2620:fe::11", "2620:fe::fe:11",
			// OpenDNS (Cisco Umbrella): standard and FamilyShield
			"208.67.222.222", "208.67.220.220", "2620:119:35::35", "2620:119:53::53",
			"208.67.222.123", "208.67.220.123", "2620:119:35::123", "2620:119:53::123",
		},
	},
}

// Builtin returns a new Set of the lists written in this package:
// documentation, private, loopback, link-local, multicast and reserved IPv4
// and IPv6 ranges, special-use domains (example.com/.net/.org and the
// .example, .test, .invalid and .localhost names), and the service addresses
// of the big public DNS resolvers. IDs start with "builtin-".
func Builtin() *Set {
	s := &Set{}
	for i := range builtinLists {
		l := builtinLists[i] // a copy: callers may not change ours
		l.Attributes = append([]string(nil), l.Attributes...)
		l.Values = append([]string(nil), l.Values...)
		s.Add(&l)
	}
	return s
}
