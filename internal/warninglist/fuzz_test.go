package warninglist_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/fusion-cti/fusion/internal/warninglist"
)

// FuzzMatch matches arbitrary kinds and values against the built-in set:
// no panic, and hits are sorted, distinct, deterministic and name a
// built-in list and one of its entries.
func FuzzMatch(f *testing.F) {
	for _, s := range [][2]string{
		{"ipv4-addr:value", "192.0.2.1"}, {"ipv4-addr:value", "10.0.0.1|80"}, {"ipv4-addr:value", "8.8.8.8:53"},
		{"ipv4-addr:value", "198.51.100.0/24"}, {"ipv6-addr:value", "[2001:db8::1]:443"}, {"ipv6-addr:value", "fe80::1%eth0"},
		{"ipv6-addr:value", "::ffff:127.0.0.1"}, {"domain-name:value", "WWW.Example.COM."}, {"url:value", "https://u@example.org:1/p?q#f"},
		{"url:value", "//[::1]:80/"}, {"email-addr:value", "a@b.test"}, {"file:hashes.'SHA-256'", "e3b0"}, {"", ""}, {":", "|"},
	} {
		f.Add(s[0], s[1])
	}
	set := warninglist.Builtin()
	entries := make(map[string][]string)
	for _, l := range set.Lists() {
		entries[l.ID] = l.Values
	}
	f.Fuzz(func(t *testing.T, kind, value string) {
		hits := set.Match(kind, value)
		if again := set.Match(kind, value); !slices.Equal(hits, again) {
			t.Fatalf("not deterministic: %v then %v", hits, again)
		}
		for i, h := range hits {
			if !slices.Contains(entries[h.List], h.Entry) {
				t.Fatalf("hit %v names no built-in entry", h)
			}
			if i > 0 && hits[i-1] == h {
				t.Fatalf("duplicate hit %v in %v", h, hits)
			}
		}
	})
}

// FuzzParse parses arbitrary bytes as a list: no panic, and every usable
// entry of a string, hostname, substring or cidr list that applies to every
// kind matches itself.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/load/*/list.json")
	seeds = append(seeds, "testdata/load/extra.json")
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"type":"string","list":[".a.example","*.b","A.","1.2.3.4","FE80::1%ETH0"]}`))
	f.Add([]byte(`{"type":"hostname","list":["..a..","x y"]}`))
	f.Add([]byte(`{"type":"substring","list":["ab","b",""]}`))
	f.Add([]byte(`{"type":"cidr","list":["::ffff:1.2.3.0/120","10.1.2.3/8","0.0.0.0/0"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := warninglist.Parse("fuzz", bytes.NewReader(data))
		if err != nil {
			return
		}
		var s warninglist.Set
		s.Add(l)
		if l.Entries+len(l.Skipped) < len(l.Values) {
			t.Fatalf("%d entries + %d skipped < %d values", l.Entries, len(l.Skipped), len(l.Values))
		}
		skipped := make(map[string]bool)
		for _, sk := range l.Skipped {
			skipped[sk.Entry] = true
		}
		kind := "x-fuzz:value"
		switch l.Type {
		case warninglist.TypeRegex:
			for _, v := range l.Values {
				s.Match(kind, v)
			}
			return
		case warninglist.TypeCIDR:
			kind = "ipv6-addr:value"
		}
		if len(l.Attributes) > 0 {
			return
		}
		for _, v := range l.Values {
			if skipped[v] {
				continue
			}
			if !slices.Contains(s.Match(kind, v), warninglist.Hit{List: "fuzz", Entry: v}) {
				t.Fatalf("%s entry %q does not match itself: %v", l.Type, v, s.Match(kind, v))
			}
		}
	})
}
