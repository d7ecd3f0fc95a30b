package warninglist_test

import (
	"strings"
	"testing"

	"github.com/fusion-cti/fusion/internal/warninglist"
)

func TestBuiltinLists(t *testing.T) {
	s := warninglist.Builtin()
	lists := s.Lists()
	if len(lists) != 8 {
		t.Errorf("%d built-in lists, want 8", len(lists))
	}
	for _, l := range lists {
		if !strings.HasPrefix(l.ID, "builtin-") || l.Name == "" || l.Description == "" {
			t.Errorf("list %q: want a builtin- ID, a name and a description", l.ID)
		}
		if len(l.Skipped) != 0 || len(l.Unmapped) != 0 || l.Entries != len(l.Values) {
			t.Errorf("%s: skipped %v, unmapped %v", l.ID, l.Skipped, l.Unmapped)
		}
	}
	// Each call is a fresh set: adding to one does not change another.
	s.Add(&warninglist.List{ID: "builtin-private-ip", Type: warninglist.TypeCIDR})
	if got := warninglist.Builtin().Match("ipv4-addr:value", "10.0.0.1"); len(got) != 1 {
		t.Errorf("a fresh Builtin lost its private ranges: %v", got)
	}
}

func TestMatchBuiltin(t *testing.T) {
	s := warninglist.Builtin()
	doc := func(e string) []warninglist.Hit { return []warninglist.Hit{hit("builtin-documentation-ip", e)} }
	one := func(list, e string) []warninglist.Hit { return []warninglist.Hit{hit(list, e)} }
	runMatchCases(t, s, []matchCase{
		// Documentation ranges, in every value form.
		{kind: "ipv4-addr:value", value: "192.0.2.1", want: doc("192.0.2.0/24"), exact: true},
		{kind: "ipv4-addr:value", value: "198.51.100.7|443", want: doc("198.51.100.0/24"), exact: true},
		{kind: "ipv4-addr:value", value: "203.0.113.9:8080", want: doc("203.0.113.0/24"), exact: true},
		{kind: "ipv4-addr:value", value: "198.51.100.0/28", want: doc("198.51.100.0/24"), exact: true},
		{kind: "ipv4-addr:value", value: "198.51.0.0/16", exact: true}, // wider than the entry
		{kind: "ipv6-addr:value", value: "2001:DB8::1", want: doc("2001:db8::/32"), exact: true},
		{kind: "ipv6-addr:value", value: "2001:0db8:0000:0000:0000:0000:0000:0001", want: doc("2001:db8::/32"), exact: true},
		{kind: "ipv6-addr:value", value: "[2001:db8::1]:443", want: doc("2001:db8::/32"), exact: true},
		{kind: "ipv6-addr:value", value: "2001:db8:abcd::/48", want: doc("2001:db8::/32"), exact: true},
		{kind: "ipv6-addr:value", value: "2001:db9::1", exact: true},
		// Private and shared.
		{kind: "ipv4-addr:value", value: "10.255.255.255", want: one("builtin-private-ip", "10.0.0.0/8"), exact: true},
		{kind: "ipv4-addr:value", value: "172.15.255.255", exact: true},
		{kind: "ipv4-addr:value", value: "100.64.0.1", want: one("builtin-private-ip", "100.64.0.0/10"), exact: true},
		{kind: "ipv4-addr:value", value: "100.128.0.1", exact: true},
		{kind: "ipv6-addr:value", value: "fd12:3456::1", want: one("builtin-private-ip", "fc00::/7"), exact: true},
		// Loopback, including the IPv4-mapped form.
		{kind: "ipv4-addr:value", value: "127.0.0.1", want: one("builtin-loopback-ip", "127.0.0.0/8"), exact: true},
		{kind: "ipv6-addr:value", value: "::1", want: one("builtin-loopback-ip", "::1/128"), exact: true},
		{kind: "ipv6-addr:value", value: "::ffff:127.0.0.1", want: one("builtin-loopback-ip", "127.0.0.0/8"), exact: true},
		// Link-local with a zone, multicast, reserved.
		{kind: "ipv4-addr:value", value: "169.254.169.254", want: one("builtin-link-local-ip", "169.254.0.0/16"), exact: true},
		{kind: "ipv6-addr:value", value: "FE80::1%eth0", want: one("builtin-link-local-ip", "fe80::/10"), exact: true},
		{kind: "ipv4-addr:value", value: "224.0.0.251", want: one("builtin-multicast-ip", "224.0.0.0/4"), exact: true},
		{kind: "ipv6-addr:value", value: "ff02::fb", want: one("builtin-multicast-ip", "ff00::/8"), exact: true},
		{kind: "ipv4-addr:value", value: "0.0.0.0", want: one("builtin-reserved-ip", "0.0.0.0/8"), exact: true},
		{kind: "ipv4-addr:value", value: "255.255.255.255", want: one("builtin-reserved-ip", "240.0.0.0/4"), exact: true},
		{kind: "ipv6-addr:value", value: "::", want: one("builtin-reserved-ip", "::/128"), exact: true},
		// Public resolvers.
		{kind: "ipv4-addr:value", value: "8.8.8.8", want: one("builtin-public-resolvers", "8.8.8.8"), exact: true},
		{kind: "ipv4-addr:value", value: "8.8.8.9", exact: true},
		{kind: "ipv4-addr:value", value: "1.1.1.1|53", want: one("builtin-public-resolvers", "1.1.1.1"), exact: true},
		{kind: "ipv4-addr:value", value: "9.9.9.9", want: one("builtin-public-resolvers", "9.9.9.9"), exact: true},
		{kind: "ipv4-addr:value", value: "208.67.222.222", want: one("builtin-public-resolvers", "208.67.222.222"), exact: true},
		{kind: "ipv6-addr:value", value: "2001:4860:4860:0:0:0:0:8888", want: one("builtin-public-resolvers", "2001:4860:4860::8888"), exact: true},
		{kind: "ipv6-addr:value", value: "2606:4700:4700::1111", want: one("builtin-public-resolvers", "2606:4700:4700::1111"), exact: true},
		// Special-use domains: apex, subdomains, case, trailing dot.
		{kind: "domain-name:value", value: "example.com", want: one("builtin-special-domains", "example.com"), exact: true},
		{kind: "domain-name:value", value: "WWW.Example.ORG.", want: one("builtin-special-domains", "example.org"), exact: true},
		{kind: "domain-name:value", value: "host.test", want: one("builtin-special-domains", "test"), exact: true},
		{kind: "domain-name:value", value: "a.b.invalid", want: one("builtin-special-domains", "invalid"), exact: true},
		{kind: "domain-name:value", value: "localhost", want: one("builtin-special-domains", "localhost"), exact: true},
		{kind: "domain-name:value", value: "foo.example", want: one("builtin-special-domains", "example"), exact: true},
		{kind: "domain-name:value", value: "myexample.com", exact: true},
		{kind: "domain-name:value", value: "example.com.evil.net", exact: true},
		{kind: "domain-name:value", value: "testing", exact: true},
		// URL → host; email → domain.
		{kind: "url:value", value: "https://user@www.example.net:8443/path?q=1#f", want: one("builtin-special-domains", "example.net"), exact: true},
		{kind: "url:value", value: "example.com/path", want: one("builtin-special-domains", "example.com"), exact: true},
		{kind: "url:value", value: "http://evil.net/example.com", exact: true},
		{kind: "url:value", value: "http://[2001:db8::1]/", exact: true}, // the IP lists do not name url
		{kind: "email-addr:value", value: "Alice@Mail.Example.NET", want: one("builtin-special-domains", "example.net"), exact: true},
		// Kinds a list does not name.
		{kind: "file:hashes.MD5", value: "example.com", exact: true},
		{kind: "domain-name:value", value: "8.8.8.8", want: one("builtin-public-resolvers", "8.8.8.8"), exact: true}, // domain|ip
		{kind: "ipv4-addr:value", value: "example.com", exact: true},
		{kind: "x-custom:value", value: "10.0.0.1", exact: true},
		// Not values at all.
		{kind: "ipv4-addr:value", value: "", exact: true},
		{kind: "ipv4-addr:value", value: "999.1.1.1", exact: true},
		{kind: "ipv6-addr:value", value: "[::1", exact: true},
		{kind: "domain-name:value", value: "...", exact: true},
		{kind: "", value: "", exact: true},
	})
}

// TestSetZeroAndReplace covers the zero Set and Add's replacement by ID.
func TestSetZeroAndReplace(t *testing.T) {
	var s warninglist.Set
	if got := s.Match("domain-name:value", "example.com"); got != nil {
		t.Errorf("empty set: %v", got)
	}
	s.Add(&warninglist.List{ID: "a", Type: warninglist.TypeHostname, Values: []string{"example.com"}})
	s.Add(&warninglist.List{ID: "b", Type: warninglist.TypeString, Values: []string{"example.com"}})
	if got := s.Match("domain-name:value", "example.com"); len(got) != 2 || got[0].List != "a" || got[1].List != "b" {
		t.Errorf("two lists: %v", got)
	}
	s.Add(&warninglist.List{ID: "a", Type: warninglist.TypeHostname, Values: []string{"example.net"}})
	if got := s.Match("domain-name:value", "example.com"); len(got) != 1 || got[0].List != "b" {
		t.Errorf("after replacing a: %v", got)
	}
	if l := s.List("a"); l == nil || l.Values[0] != "example.net" || len(s.Lists()) != 2 {
		t.Errorf("List(a) = %v, %d lists", l, len(s.Lists()))
	}
}

// TestConcurrentAddMatch runs look-ups while lists are added (go test -race).
func TestConcurrentAddMatch(t *testing.T) {
	s := warninglist.Builtin()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 50 {
			s.Add(&warninglist.List{ID: "extra", Type: warninglist.TypeString, Values: []string{"v" + string(rune('a'+i%26))}})
		}
	}()
	for range 2000 {
		if got := s.Match("ipv4-addr:value", "10.0.0.1"); len(got) != 1 {
			t.Fatalf("Match during Add: %v", got)
		}
	}
	<-done
}
