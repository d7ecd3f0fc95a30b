package warninglist_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/fusion-cti/fusion/internal/warninglist"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		name, in string
		check    func(t *testing.T, l *warninglist.List)
		err      string
	}{
		{name: "full", in: `{"name":"N","version":20260811,"description":"D","matching_attributes":["ip-src","phone-number"],"type":"cidr","category":"false_positive","list":["10.0.0.0/8"]}`,
			check: func(t *testing.T, l *warninglist.List) {
				if l.ID != "full" || l.Name != "N" || l.Description != "D" || l.Type != "cidr" || l.Version != 20260811 ||
					l.Category != "false_positive" || l.Entries != 1 || !slices.Equal(l.Unmapped, []string{"phone-number"}) {
					t.Errorf("%+v", l)
				}
			}},
		{name: "defaults", in: `{"list":["a"]}`,
			check: func(t *testing.T, l *warninglist.List) {
				if l.Name != "defaults" || l.Type != "string" || l.Version != 1 || len(l.Attributes) != 0 {
					t.Errorf("%+v", l)
				}
			}},
		{name: "type array, version string", in: `{"name":"x","type":["hostname","string"],"version":"7","list":[]}`,
			check: func(t *testing.T, l *warninglist.List) {
				if l.Type != "hostname" || l.Version != 7 {
					t.Errorf("%+v", l)
				}
			}},
		{name: "list with comments", in: `{"name":"x","type":"string","list":{"b.example":"second","a.example":"first"}}`,
			check: func(t *testing.T, l *warninglist.List) {
				if !slices.Equal(l.Values, []string{"a.example", "b.example"}) || l.Entries != 2 {
					t.Errorf("%+v", l)
				}
			}},
		{name: "odd entries", in: `{"name":"x","type":"string","list":["a", 42, {"v":1}, null, ""]}`,
			check: func(t *testing.T, l *warninglist.List) {
				if !slices.Equal(l.Values, []string{"a", "42", ""}) || l.Entries != 2 || len(l.Skipped) != 3 {
					t.Errorf("values %q, entries %d, skipped %v", l.Values, l.Entries, l.Skipped)
				}
			}},
		{name: "syntax", in: "{\n  \"name\": \"x\",\n  \"list\": [\"a\" \"b\"]\n}", err: `warninglist syntax: line 3 col 16: invalid character '"' after array element`},
		{name: "truncated", in: `{"name":"x","list":["a"`, err: "warninglist truncated: line 1 col 24: unexpected end of JSON input"},
		{name: "wrong member type", in: `{"name":"x","matching_attributes":"ip-src","list":[]}`, err: "line 1 col 43: json: cannot unmarshal string into Go struct field file.matching_attributes of type []string"},
		{name: "no list", in: `{"name":"x","type":"string"}`, err: `warninglist no list: no "list" of entries`},
		{name: "list not array", in: `{"name":"x","list":"a"}`, err: `warninglist list not array: list: want an array of entries, got "a"`},
		{name: "unknown type", in: `{"name":"x","type":"glob","list":[]}`, err: `warninglist unknown type: type "glob": want one of string, substring, hostname, cidr, regex`},
		{name: "bad version", in: `{"name":"x","version":1.5,"list":[]}`, err: "warninglist bad version: version: want an integer, got 1.5"},
		{name: "not an object", in: `["a"]`, err: "warninglist not an object: line 1 col 2: json: cannot unmarshal array into Go value of type warninglist.file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			l, err := warninglist.Parse(c.name, strings.NewReader(c.in))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, l)
		})
	}
}

// TestSkippedEntries: entries a list cannot use are reported, with the
// reason, and the rest still match.
func TestSkippedEntries(t *testing.T) {
	for _, c := range []struct {
		typ     string
		values  []string
		skipped []string // reasons, in order
	}{
		{warninglist.TypeCIDR, []string{"10.0.0.0/8", "10.0.0.0/33", "fe80::1%eth0", "1.2.3", "10.1.2.3/8"},
			[]string{`netip.ParsePrefix("10.0.0.0/33"): prefix length out of range`, "an address with a zone is not a range", `ParseAddr("1.2.3"): IPv4 address too short`}},
		{warninglist.TypeHostname, []string{"ok", "", "...", "a/b", "x y", "[::1]"},
			[]string{"empty entry", "empty entry", `'/' is not part of a host name`, `' ' is not part of a host name`, `':' is not part of a host name`}},
		{warninglist.TypeString, []string{"ok", " ", "."}, []string{"empty entry", "empty entry"}},
		{warninglist.TypeSubstring, []string{"ok", ""}, []string{"empty entry (would match every value)"}},
		{warninglist.TypeRegex, []string{"/ok/", `/(a)\1/`, "/(?<=a)b/", "/a++/", `/a\Z/`, "/x/x", "/x/q", "abc", "/abc", "//"},
			[]string{
				`RE2 rejects it: invalid escape sequence: ` + "`\\1`",
				"RE2 rejects it: invalid named capture: `(?<=a)b`",
				"RE2 rejects it: invalid nested repetition operator: `++`",
				"RE2 rejects it: invalid escape sequence: `\\Z`",
				"modifier x (extended syntax) is not supported by RE2",
				"unknown modifier 'q'",
				"delimiter must not be alphanumeric or backslash (PCRE is written /expression/flags), got 'a'",
				`no ending delimiter '/'`,
				"empty expression (would match every value)",
			}},
	} {
		l := &warninglist.List{ID: "t", Type: c.typ, Values: c.values}
		var s warninglist.Set
		s.Add(l)
		var reasons []string
		for _, sk := range l.Skipped {
			reasons = append(reasons, sk.Reason)
		}
		if !slices.Equal(reasons, c.skipped) {
			t.Errorf("%s: skipped\n%q\nwant\n%q", c.typ, reasons, c.skipped)
		}
		if l.Entries != len(c.values)-len(c.skipped) {
			t.Errorf("%s: %d entries", c.typ, l.Entries)
		}
		if got := s.Match("x-any:value", "ok"); c.typ != warninglist.TypeCIDR && len(got) != 1 {
			t.Errorf("%s: the usable entry does not match: %v", c.typ, got)
		}
	}
}

// TestRegexFlags checks how PCRE delimiters and modifiers are read.
func TestRegexFlags(t *testing.T) {
	for _, c := range []struct {
		entry, value string
		match        bool
	}{
		{"/^abuse@/i", "ABUSE@x.org", true},
		{"/^abuse@/", "ABUSE@x.org", false},
		{"#^a/b$#", "a/b", true},
		{`/^a\/b$/`, "a/b", true},
		{"{^a{2}$}", "aa", true},
		{"((a)b)", "xab", true},
		{"/^b/m", "a\nb", true},
		{"/a.b/s", "a\nb", true},
		{"/a.b/", "a\nb", false},
		{"/b/A", "ab", false},
		{"/a/A", "ab", true},
		{"/a+/U", "aaa", true},
		{"/((?:\\+|00)1)?55501([0-9]{2})/g", "+1 5550299", false},
		{"/((?:\\+|00)1)?55501([0-9]{2})/g", "+155501 99 5550199", true},
		{"  /x/ \n", "x", true},
	} {
		var s warninglist.Set
		l := &warninglist.List{ID: "r", Type: warninglist.TypeRegex, Values: []string{c.entry}}
		s.Add(l)
		if len(l.Skipped) > 0 {
			t.Errorf("%q skipped: %v", c.entry, l.Skipped)
			continue
		}
		if got := len(s.Match("x-any:value", c.value)) == 1; got != c.match {
			t.Errorf("%q on %q: match %v, want %v", c.entry, c.value, got, c.match)
		}
	}
}

// TestMatchRules pins the per-type rules on hand-made lists.
func TestMatchRules(t *testing.T) {
	var s warninglist.Set
	for _, l := range []*warninglist.List{
		{ID: "str", Type: "string", Values: []string{"Exact.Example", ".sub.example", "*.star.example", "2001:DB8:0::1", "Trailing.example.."}},
		{ID: "host", Type: "hostname", Values: []string{".Apex.Example.", "*.wild.example"}},
		{ID: "sub", Type: "substring", Values: []string{"Needle", "dle"}},
		{ID: "mapped", Type: "cidr", Values: []string{"::ffff:192.0.2.0/120", "::ffff:0:0/96"}},
		{ID: "emails", Type: "hostname", Attributes: []string{"email-src"}, Values: []string{"mail.example"}},
		{ID: "urls", Type: "string", Attributes: []string{"url"}, Values: []string{"https://x.example/a", "y.example"}},
	} {
		s.Add(l)
	}
	runMatchCases(t, &s, []matchCase{
		{kind: "domain-name:value", value: "exact.example.", want: []warninglist.Hit{hit("str", "Exact.Example")}, exact: true},
		{kind: "domain-name:value", value: "a.exact.example", exact: true},
		{kind: "domain-name:value", value: "sub.example", exact: true},
		{kind: "domain-name:value", value: "a.b.sub.example", want: []warninglist.Hit{hit("str", ".sub.example")}, exact: true},
		{kind: "domain-name:value", value: "a.star.example", want: []warninglist.Hit{hit("str", "*.star.example")}, exact: true},
		{kind: "domain-name:value", value: "trailing.example", want: []warninglist.Hit{hit("str", "Trailing.example..")}, exact: true},
		{kind: "ipv6-addr:value", value: "2001:db8::1", want: []warninglist.Hit{hit("str", "2001:DB8:0::1")}, exact: true},
		{kind: "domain-name:value", value: "apex.example", want: []warninglist.Hit{hit("host", ".Apex.Example.")}, exact: true},
		{kind: "domain-name:value", value: "x.apex.example", want: []warninglist.Hit{hit("host", ".Apex.Example.")}, exact: true},
		{kind: "domain-name:value", value: "wild.example", want: []warninglist.Hit{hit("host", "*.wild.example")}, exact: true},
		{kind: "domain-name:value", value: "xapex.example", exact: true},
		{kind: "file:name", value: "HayNEEDLEstack", want: []warninglist.Hit{hit("sub", "Needle"), hit("sub", "dle")}, exact: true},
		{kind: "ipv4-addr:value", value: "192.0.2.77", want: []warninglist.Hit{hit("mapped", "::ffff:192.0.2.0/120")}, exact: true},
		{kind: "ipv6-addr:value", value: "::ffff:192.0.2.77", want: []warninglist.Hit{hit("mapped", "::ffff:0:0/96"), hit("mapped", "::ffff:192.0.2.0/120")}, exact: true},
		{kind: "ipv4-addr:value", value: "198.51.100.1", exact: true}, // ::ffff:0:0/96 stays IPv6-only
		{kind: "email-addr:value", value: "bob@mx.mail.example", want: []warninglist.Hit{hit("emails", "mail.example")}, exact: true},
		{kind: "domain-name:value", value: "mail.example", exact: true},
		{kind: "url:value", value: "HTTPS://X.EXAMPLE/A", want: []warninglist.Hit{hit("urls", "https://x.example/a")}, exact: true},
		{kind: "url:value", value: "ftp://y.example/", want: []warninglist.Hit{hit("urls", "y.example")}, exact: true},
		{kind: "url:value", value: "http://1.2.3.4:80/", exact: true},
	})
}

func TestLoadFixtures(t *testing.T) {
	s, rep, err := warninglist.Load("testdata/load")
	if err != nil {
		t.Fatal(err)
	}
	var broken []string
	for _, p := range rep.Broken {
		broken = append(broken, p.Error())
	}
	wantBroken := []string{
		"testdata/load/broken/list.json: line 4 col 37: invalid character ']' looking for beginning of value",
		`testdata/load/nolist/list.json: no "list" of entries`,
	}
	if !slices.Equal(broken, wantBroken) {
		t.Errorf("broken:\n%s\nwant:\n%s", strings.Join(broken, "\n"), strings.Join(wantBroken, "\n"))
	}
	if rep.Files != 6 || rep.Lists != 4 {
		t.Errorf("files %d, lists %d; want 6 and 4", rep.Files, rep.Lists)
	}
	var ids []string
	for _, l := range s.Lists() {
		ids = append(ids, l.ID)
	}
	if want := []string{"badregex", "extra", "hosts", "resolvers"}; !slices.Equal(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
	var skipped []string
	for _, sk := range rep.Skipped {
		skipped = append(skipped, sk.List+" "+sk.Entry)
	}
	wantSkipped := []string{
		`badregex /^(\w+)@\1\./`, `badregex /^(?!noreply)\w+@example\.org$/`, "badregex /a++/",
		"hosts bad entry", "hosts ",
		"resolvers 203.0.113.300", "resolvers not-an-ip",
	}
	if !slices.Equal(skipped, wantSkipped) {
		t.Errorf("skipped %q\nwant %q", skipped, wantSkipped)
	}
	wantEntries := map[string]int{"regex": 1, "string": 2, "hostname": 2, "cidr": 3}
	for typ, n := range wantEntries {
		if rep.Entries[typ] != n {
			t.Errorf("%s entries %d, want %d", typ, rep.Entries[typ], n)
		}
	}
	runMatchCases(t, s, []matchCase{
		{kind: "email-addr:value", value: "PostMaster@example.org", want: []warninglist.Hit{hit("badregex", "/^(postmaster|hostmaster)@/i")}, exact: true},
		{kind: "file:hashes.MD5", value: "d41d8cd98f00b204e9800998ecf8427e", want: []warninglist.Hit{hit("extra", "D41D8CD98F00B204E9800998ECF8427E")}, exact: true},
		{kind: "ipv6-addr:value", value: "2001:db8::53", want: []warninglist.Hit{hit("resolvers", "2001:DB8::53")}, exact: true},
		{kind: "ipv4-addr:value", value: "198.51.100.127", want: []warninglist.Hit{hit("resolvers", "198.51.100.0/25")}, exact: true},
		{kind: "ipv4-addr:value", value: "198.51.100.128", exact: true},
		{kind: "url:value", value: "https://cdn.example.net/x.js", want: []warninglist.Hit{hit("hosts", "cdn.example.net")}, exact: true},
	})
	if l := s.List("hosts"); l.Category != "known" {
		t.Errorf("hosts category %q", l.Category)
	}
}

func TestLoadErrors(t *testing.T) {
	if _, _, err := warninglist.Load("testdata/does-not-exist"); err == nil || !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("missing dir: %v", err)
	}
	dir := t.TempDir()
	if _, _, err := warninglist.Load(dir); err == nil || !strings.Contains(err.Error(), "hint:") {
		t.Errorf("empty dir: %v", err)
	}
}
