package warninglist_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/fusion-cti/fusion/internal/warninglist"
)

// TestLoadReal loads the 120 real MISP lists: every one must load, and the
// entries that cannot be used are exactly the known ones.
func TestLoadReal(t *testing.T) {
	s, rep := realSet(t)
	for _, p := range rep.Broken {
		t.Errorf("broken: %v", p)
	}
	if rep.Files != 120 || rep.Lists != 120 || len(s.Lists()) != 120 {
		t.Errorf("files %d, lists %d, set %d; want 120 each", rep.Files, rep.Lists, len(s.Lists()))
	}
	total := 0
	for _, typ := range warninglist.Types() {
		t.Logf("%-9s %6d entries", typ, rep.Entries[typ])
		total += rep.Entries[typ]
		if rep.Entries[typ] == 0 {
			t.Errorf("no %s entries loaded", typ)
		}
	}
	t.Logf("total     %6d entries", total)
	// The one entry of the real data no matcher can use: a phrase in a
	// hostname list.
	wantSkipped := []string{`warninglist covid: entry "corona helden" skipped: ' ' is not part of a host name`}
	var gotSkipped []string
	for _, sk := range rep.Skipped {
		gotSkipped = append(gotSkipped, sk.String())
	}
	if !slices.Equal(gotSkipped, wantSkipped) {
		t.Errorf("skipped:\n%s\nwant:\n%s", strings.Join(gotSkipped, "\n"), strings.Join(wantSkipped, "\n"))
	}
	// Every list's Entries plus Skipped accounts for its values.
	for _, l := range s.Lists() {
		if l.Entries+len(l.Skipped) != len(l.Values) {
			t.Errorf("%s: %d entries + %d skipped != %d values", l.ID, l.Entries, len(l.Skipped), len(l.Values))
		}
	}
	// Lists naming only attribute types Fusion has no kind for.
	for id, want := range map[string][]string{
		"phone_numbers":         {"phone-number", "whois-registrant-phone"},
		"microsoft-azure-appid": {"azure-application-id"},
	} {
		if got := s.List(id).Unmapped; !slices.Equal(got, want) {
			t.Errorf("%s: unmapped %v, want %v", id, got, want)
		}
	}
}

// TestMatchReal matches values against entries taken from the real lists,
// one table per list type.
func TestMatchReal(t *testing.T) {
	s, _ := realSet(t)

	t.Run("cidr", func(t *testing.T) {
		runMatchCases(t, s, []matchCase{
			// rfc1918, rfc5735: plain, ip|port, host:port, a block inside.
			{kind: "ipv4-addr:value", value: "10.1.2.3", want: []warninglist.Hit{hit("rfc1918", "10.0.0.0/8"), hit("rfc5735", "10.0.0.0/8")}, exact: true},
			{kind: "ipv4-addr:value", value: "172.31.255.255|443", want: []warninglist.Hit{hit("rfc1918", "172.16.0.0/12"), hit("rfc5735", "172.16.0.0/12")}, exact: true},
			{kind: "ipv4-addr:value", value: " 192.168.0.1:8080 ", want: []warninglist.Hit{hit("rfc1918", "192.168.0.0/16")}},
			{kind: "ipv4-addr:value", value: "10.20.0.0/16", want: []warninglist.Hit{hit("rfc1918", "10.0.0.0/8")}},
			{kind: "ipv4-addr:value", value: "172.32.0.1", notLists: []string{"rfc1918"}},
			{kind: "ipv4-addr:value", value: "0.0.0.0/0", notLists: []string{"rfc1918", "rfc5735"}},
			{kind: "ipv4-addr:value", value: "100.100.100.100", want: []warninglist.Hit{hit("rfc6598", "100.64.0.0/10")}},
			{kind: "ipv4-addr:value", value: "239.255.255.250", want: []warninglist.Hit{hit("multicast", "239.0.0.0/8")}},
			// public-dns-v6: IPv6 forms of one address.
			{kind: "ipv6-addr:value", value: "2001:148f:fffe::1", want: []warninglist.Hit{hit("public-dns-v6", "2001:148f:fffe::1")}, exact: true},
			{kind: "ipv6-addr:value", value: "2001:148F:FFFE:0:0:0:0:1", want: []warninglist.Hit{hit("public-dns-v6", "2001:148f:fffe::1")}, exact: true},
			{kind: "ipv6-addr:value", value: "[2001:148f:fffe::1]:53", want: []warninglist.Hit{hit("public-dns-v6", "2001:148f:fffe::1")}, exact: true},
			{kind: "ipv6-addr:value", value: "2001:148f:fffe::1|53", want: []warninglist.Hit{hit("public-dns-v6", "2001:148f:fffe::1")}, exact: true},
			{kind: "ipv6-addr:value", value: "2001:148f:fffe::2", notLists: []string{"public-dns-v6"}},
			// Upper-case entries (ipv6-linklocal "FE80::/10", rfc3849
			// "2001:DB8::/32"), a zone in the value.
			{kind: "ipv6-addr:value", value: "fe80::1%eth0", want: []warninglist.Hit{hit("ipv6-linklocal", "FE80::/10")}, exact: true},
			{kind: "ipv6-addr:value", value: "2001:db8:1::/48", want: []warninglist.Hit{hit("rfc3849", "2001:DB8::/32")}, exact: true},
			// umbrella-blockpage-v6 writes IPv4 addresses in mapped form.
			{kind: "ipv4-addr:value", value: "146.112.61.104", want: []warninglist.Hit{
				hit("sinkholes", "146.112.61.104"), hit("umbrella-blockpage-v4", "146.112.61.104"), hit("umbrella-blockpage-v6", "::ffff:9270:3d68")}, exact: true},
			{kind: "ipv6-addr:value", value: "::ffff:146.112.61.104", want: []warninglist.Hit{hit("umbrella-blockpage-v6", "::ffff:9270:3d68"), hit("umbrella-blockpage-v4", "146.112.61.104")}},
			// Bare addresses in a cidr list (bunny-net), a /31 (f6-nt-scanning).
			{kind: "ipv4-addr:value", value: "102.219.126.20", want: []warninglist.Hit{hit("bunny-net", "102.219.126.20")}},
			{kind: "ipv4-addr:value", value: "46.161.50.109", want: []warninglist.Hit{hit("f6-nt-scanning", "46.161.50.108/31")}},
			{kind: "ipv4-addr:value", value: "46.161.50.110", notLists: []string{"f6-nt-scanning"}},
			// matching_attributes: no cidr list names url.
			{kind: "url:value", value: "http://10.0.0.1/admin", notLists: []string{"rfc1918", "rfc5735"}},
			// Not addresses.
			{kind: "ipv4-addr:value", value: "010.0.0.1", exact: true},
			{kind: "ipv4-addr:value", value: "10.0.0", exact: true},
		})
	})

	t.Run("hostname", func(t *testing.T) {
		runMatchCases(t, s, []matchCase{
			// tranco10k: the entry and its subdomains, any case, trailing dot.
			{kind: "domain-name:value", value: "google.com", want: []warninglist.Hit{hit("tranco10k", "google.com"), hit("alexa", "google.com")}},
			{kind: "domain-name:value", value: "Maps.Google.COM.", want: []warninglist.Hit{hit("tranco10k", "google.com"), hit("alexa", "google.com")}},
			{kind: "domain-name:value", value: "notgoogle.com", notLists: []string{"tranco10k", "alexa"}},
			// bank-website: leading dot (MISP trims it: apex matches too),
			// upper case and non-ASCII entries.
			{kind: "domain-name:value", value: "02bancorp.com", want: []warninglist.Hit{hit("bank-website", ".02bancorp.com")}, exact: true},
			{kind: "domain-name:value", value: "online.02bancorp.com", want: []warninglist.Hit{hit("bank-website", ".02bancorp.com")}, exact: true},
			{kind: "domain-name:value", value: "www.eihbank.com", want: []warninglist.Hit{hit("bank-website", ".EihBank.com")}, exact: true},
			{kind: "domain-name:value", value: "VAKIFBANK.com", notLists: []string{"bank-website"}}, // Unicode "ı" is not "i"
			{kind: "domain-name:value", value: "vakıfbank.com", want: []warninglist.Hit{hit("bank-website", ".vakıfbank.com")}},
			// parking-domain-ns: an entry with a trailing dot.
			{kind: "domain-name:value", value: "failed-whois-verification.namecheap.com", want: []warninglist.Hit{hit("parking-domain-ns", "failed-whois-verification.namecheap.com.")}},
			// URL → host (user info, port, path); email → domain.
			{kind: "url:value", value: "HTTPS://user:pw@Api.Ipify.ORG.:8443/?format=json", want: []warninglist.Hit{hit("whats-my-ip", "api.ipify.org")}},
			{kind: "url:value", value: "bit.ly/3xYz", want: []warninglist.Hit{hit("url-shortener", "bit.ly")}},
			// matching_attributes: whats-my-ip names domain, hostname, url, not email.
			{kind: "email-addr:value", value: "someone@api.ipify.org", notLists: []string{"whats-my-ip"}},
			{kind: "file:name", value: "api.ipify.org", exact: true},
		})
	})

	t.Run("string", func(t *testing.T) {
		runMatchCases(t, s, []matchCase{
			// tlds: upper-case entries, exact only.
			{kind: "domain-name:value", value: "com", want: []warninglist.Hit{hit("tlds", "COM")}},
			{kind: "domain-name:value", value: "xn--p1ai", want: []warninglist.Hit{hit("tlds", "XN--P1AI")}, exact: true},
			{kind: "domain-name:value", value: "example.zip", notLists: []string{"tlds"}},
			{kind: "url:value", value: "com", notLists: []string{"tlds"}}, // tlds does not name url
			// google: ".google.ad" matches strict subdomains; the list also
			// has "google.ad" and "www.google.ad".
			{kind: "domain-name:value", value: "mail.google.ad", want: []warninglist.Hit{hit("google", ".google.ad"), hit("tranco10k", "google.ad")}, exact: true},
			{kind: "domain-name:value", value: "google.ad", want: []warninglist.Hit{
				hit("cloudflare-top5k", "google.ad"), hit("google", "google.ad"), hit("tranco10k", "google.ad")}, exact: true},
			{kind: "domain-name:value", value: "www.google.ad", want: []warninglist.Hit{hit("google", ".google.ad"), hit("google", "www.google.ad"), hit("tranco10k", "google.ad")}, exact: true},
			// cisco_top1000 names url: the URL's host is compared.
			{kind: "url:value", value: "https://1.nflxso.net/range/0-100", want: []warninglist.Hit{
				hit("cisco_top1000", "1.nflxso.net"), hit("cisco_top5k", "1.nflxso.net"), hit("tranco10k", "nflxso.net")}, exact: true},
			{kind: "domain-name:value", value: "x.1.nflxso.net", notLists: []string{"cisco_top1000"}}, // exact, no subdomains
			// moz-top500: an entry with trailing dots.
			{kind: "domain-name:value", value: "marketingplatform.google", want: []warninglist.Hit{hit("moz-top500", "marketingplatform.google....")}},
			// rfc6761 reverse zones.
			{kind: "domain-name:value", value: "16.172.in-addr.arpa", want: []warninglist.Hit{hit("rfc6761", "16.172.in-addr.arpa")}, exact: true},
			// Hashes: empty-hashes and common-ioc-false-positive, any case,
			// any spelling of the algorithm.
			{kind: "file:hashes.MD5", value: "D41D8CD98F00B204E9800998ECF8427E", want: []warninglist.Hit{
				hit("common-ioc-false-positive", "d41d8cd98f00b204e9800998ecf8427e"), hit("empty-hashes", "d41d8cd98f00b204e9800998ecf8427e")}, exact: true},
			{kind: "file:hashes.'SHA-256'", value: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", want: []warninglist.Hit{hit("empty-hashes", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")}},
			{kind: "artifact:hashes.'sha_256'", value: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", want: []warninglist.Hit{hit("empty-hashes", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")}},
			{kind: "file:hashes.SSDEEP", value: "3::", want: []warninglist.Hit{hit("empty-hashes", "3::")}, exact: true},
			// Hash lists do not apply to algorithms they do not name, nor to domains.
			{kind: "file:hashes.'SHA3-256'", value: "d41d8cd98f00b204e9800998ecf8427e", exact: true},
			{kind: "domain-name:value", value: "d41d8cd98f00b204e9800998ecf8427e", exact: true},
			// mozilla-CA names x509 fingerprints and file hashes.
			{kind: "x509-certificate:hashes.'SHA-1'", value: "010c0695a6981914ffbf5fc6b0b695ea29e912a6", want: []warninglist.Hit{hit("mozilla-CA", "010c0695a6981914ffbf5fc6b0b695ea29e912a6")}, exact: true},
		})
	})

	t.Run("substring", func(t *testing.T) {
		runMatchCases(t, s, []matchCase{
			// disposable-email: the address contains the entry, as in MISP.
			{kind: "email-addr:value", value: "Someone@0-Mail.com", want: []warninglist.Hit{hit("disposable-email", "0-mail.com")}},
			{kind: "email-addr:value", value: "someone@gmail.com", notLists: []string{"disposable-email"}},
			// automated-malware-analysis: anywhere in a URL.
			{kind: "url:value", value: "https://analyze.intezer.com/files/abc", want: []warninglist.Hit{hit("automated-malware-analysis", "analyze.intezer.com")}},
			// microsoft-attack-simulator names ip-src: an address.
			{kind: "ipv4-addr:value", value: "52.168.52.134", want: []warninglist.Hit{hit("microsoft-attack-simulator", "52.168.52.134")}},
			// Hashes are not among disposable-email's attributes.
			{kind: "file:hashes.MD5", value: "0-mail.com", exact: true},
		})
	})

	t.Run("regex", func(t *testing.T) {
		runMatchCases(t, s, []matchCase{
			// common-contact-emails: /^(security|noc|soc|abuse)\@.*\..*$/i
			{kind: "email-addr:value", value: "Abuse@example.org", want: []warninglist.Hit{hit("common-contact-emails", `/^(security|noc|soc|abuse)\@.*\..*$/i`)}},
			{kind: "email-addr:value", value: "hello@example.org", notLists: []string{"common-contact-emails"}},
			{kind: "domain-name:value", value: "abuse@example.org", notLists: []string{"common-contact-emails"}},
		})
		// phone_numbers compiles (its /g flag is JavaScript's) but names
		// no Fusion kind, so it never matches.
		if l := s.List("phone_numbers"); l.Entries != len(l.Values) {
			t.Errorf("phone_numbers: %d of %d entries usable: %v", l.Entries, len(l.Values), l.Skipped)
		}
		for _, kind := range []string{"x-phone:value", "email-addr:value", "domain-name:value"} {
			for _, h := range s.Match(kind, "+1-202-555-0143 2025550143") {
				if h.List == "phone_numbers" {
					t.Errorf("Match(%q): phone_numbers applied: %v", kind, h)
				}
			}
		}
	})
}
