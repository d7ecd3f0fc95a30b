package ioc

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestDomainName(t *testing.T) {
	long63 := strings.Repeat("a", 63)
	for _, c := range []struct{ in, want string }{
		{"Example.COM", "example.com"},
		{"example.com.", "example.com"},
		{" www.example.com ", "www.example.com"},
		{"_dmarc.example.com", "_dmarc.example.com"},
		{"bücher.example", "xn--bcher-kva.example"},
		{"MÜNCHEN.de", "xn--mnchen-3ya.de"},
		{"例え.テスト", "xn--r8jz45g.xn--zckzah"},
		{"пример.испытание", "xn--e1afmkfd.xn--80akhbyknj4f"},
		{"例え。テスト", "xn--r8jz45g.xn--zckzah"},
		{"xn--bcher-kva.example", "xn--bcher-kva.example"},
		{long63 + ".example", long63 + ".example"},
		{"", ""},
		{"com", ""},
		{"localhost.", ""},
		{"a..example", ""},
		{".example.com", ""},
		{long63 + "a.example", ""},
		{strings.Repeat("abcdefghi.", 25) + "example", ""}, // 257 characters
		{`ev"il.example`, ""},
		{"evil;.example", ""},
		{"ev il.example", ""},
		{"evil|x.example", ""},
		{"ev\\il.example", ""},
		{"*.example.com", ""},
		{"exa\x00mple.com", ""},
		{"bad\xffutf8.example", ""},
		{"ex☃mple.com", ""}, // a symbol, not a letter
	} {
		got, err := DomainName(c.in)
		if c.want == "" {
			if err == nil || !errors.Is(err, ErrInvalid) {
				t.Errorf("DomainName(%q) = %q, %v; want an ErrInvalid", c.in, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("DomainName(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestPunycodeRFC3492(t *testing.T) {
	// RFC 3492 section 7.1, samples (A), (B) and (L), lower-cased.
	for _, c := range []struct{ in, want string }{
		{"\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F", "egbpdaj6bu4bxfgehfvwxn"},
		{"\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587", "ihqwcrb4cv8a8dqg056pqjye"},
		{"3\u5E74b\u7D44\u91D1\u516B\u5148\u751F", "3b-ww4c5e180e575a65lsy2b"},
	} {
		got, err := punycode(c.in)
		if err != nil || got != c.want {
			t.Errorf("punycode(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestPrefix(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"192.0.2.7", "192.0.2.7"},
		{"192.0.2.7/32", "192.0.2.7"},
		{"192.0.2.7/24", "192.0.2.0/24"},
		{"2001:DB8::1", "2001:db8::1"},
		{"2001:db8::1/128", "2001:db8::1"},
		{"2001:db8:1:2:3::/48", "2001:db8:1::/48"},
		{"::ffff:192.0.2.1", "192.0.2.1"},
		{"::ffff:192.0.2.0/120", "192.0.2.0/24"},
		{"0.0.0.0/0", ""},
		{"::/0", ""},
		{"fe80::1%eth0", ""},
		{"192.0.2.256", ""},
		{"192.0.2.1/33", ""},
		{"evil.example", ""},
		{"", ""},
	} {
		p, err := Prefix(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("Prefix(%q) = %v; want an error", c.in, p)
			}
			continue
		}
		if err != nil || PrefixString(p) != c.want {
			t.Errorf("Prefix(%q) = %v, %v; want %s", c.in, p, err, c.want)
		}
	}
}

func TestParseURL(t *testing.T) {
	for _, c := range []struct{ in, host, port, target, str string }{
		{"http://Evil.Example/a/b?x=1#frag", "evil.example", "", "/a/b?x=1", "http://evil.example/a/b?x=1"},
		{"HTTPS://user:pw@evil.example:8443", "evil.example", "8443", "/", "https://evil.example:8443/"},
		{"http://evil.example:80/", "evil.example", "80", "/", "http://evil.example/"},
		{"http://bücher.example/straße", "xn--bcher-kva.example", "", "/stra%C3%9Fe", "http://xn--bcher-kva.example/stra%C3%9Fe"},
		{"http://[2001:db8::1]:8080/x", "2001:db8::1", "8080", "/x", "http://[2001:db8::1]:8080/x"},
		{"http://192.0.2.1/a;b|c\"d", "192.0.2.1", "", "/a;b%7Cc%22d", "http://192.0.2.1/a;b%7Cc%22d"},
		{"http://evil.example/?", "evil.example", "", "/?", "http://evil.example/?"},
		{"http://evil.example/%7e%2F", "evil.example", "", "/%7e%2F", "http://evil.example/%7e%2F"},
		{"ftp://files.example/pub/x.exe", "files.example", "", "/pub/x.exe", "ftp://files.example/pub/x.exe"},
	} {
		u, err := ParseURL(c.in)
		if err != nil {
			t.Errorf("ParseURL(%q): %v", c.in, err)
			continue
		}
		if u.Host != c.host || u.Port != c.port || u.Target != c.target || u.String() != c.str {
			t.Errorf("ParseURL(%q) = %+v (%s); want host %q port %q target %q, %s", c.in, u, u, c.host, c.port, c.target, c.str)
		}
	}
	for _, in := range []string{
		"", "evil.example/path", "/just/a/path", "mailto:a@b.example", "http://", "http://evil example/",
		"http://evil.example/a b", "http://evil.example/\x00", "http://localhost/", "http://[::1/", "http://evil.example:8x/",
		"http://evil.example/%zz",
	} {
		if u, err := ParseURL(in); err == nil {
			t.Errorf("ParseURL(%q) = %+v; want an error", in, u)
		}
	}
}

func TestHash(t *testing.T) {
	md5 := "D41D8CD98F00B204E9800998ECF8427E"
	if got, err := Hash(MD5, md5); err != nil || got != strings.ToLower(md5) {
		t.Errorf("Hash(MD5) = %q, %v", got, err)
	}
	for _, c := range []struct{ algo, v string }{
		{MD5, md5[:31]}, {MD5, md5 + "0"}, {SHA1, md5}, {MD5, "g" + md5[1:]}, {"CRC32", "00000000"},
	} {
		if _, err := Hash(c.algo, c.v); err == nil {
			t.Errorf("Hash(%s, %q): want an error", c.algo, c.v)
		}
	}
	for kind, want := range map[string]string{
		KindMD5: MD5, KindSHA1: SHA1, KindSHA256: SHA256, KindSHA512: SHA512,
		"file:hashes.'MD5'": MD5, "file:hashes.SHA256": SHA256, "file:hashes.'SHA3-256'": "", "file:name": "",
		KindCertSHA1: "",
	} {
		got, ok := FileHash(kind)
		if got != want || ok != (want != "") {
			t.Errorf("FileHash(%q) = %q, %v; want %q", kind, got, ok, want)
		}
	}
	if a, ok := CertHash(KindCertSHA1); !ok || a != SHA1 {
		t.Errorf("CertHash = %q, %v", a, ok)
	}
}

func TestEmail(t *testing.T) {
	for in, want := range map[string]string{
		"Phish@Bücher.Example":  "Phish@xn--bcher-kva.example",
		"a.b+c@mail.example":    "a.b+c@mail.example",
		"@mail.example":         "",
		"no-at.example":         "",
		"a b@mail.example":      "",
		"a\"b@mail.example":     "",
		"a@b@mail.example":      "",
		"user@localhost":        "",
		"user@bad;name.example": "",
	} {
		got, err := Email(in)
		if (err != nil) != (want == "") || got != want {
			t.Errorf("Email(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestSet(t *testing.T) {
	var s Set
	const n = 100_000
	for i := range n {
		if !s.Add(strconv.Itoa(i)) {
			t.Fatalf("Add(%d) on first sight = false", i)
		}
	}
	for i := range n {
		if s.Add(strconv.Itoa(i)) {
			t.Fatalf("Add(%d) on second sight = true", i)
		}
	}
	if s.Len() != n {
		t.Fatalf("Len = %d", s.Len())
	}
	if len(s.slots) != 1<<18 {
		t.Errorf("%d slots for %d values, want %d", len(s.slots), n, 1<<18)
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"plain":           "plain",
		"tab\tx\n y\r ":   "tab x y",
		"bad\xffbyte":     "bad\uFFFDbyte",
		"\u2028sep\u0085": "sep",
		"abcdefghijk":     "abcdefghij…",
		"abcdefghi jk":    "abcdefghi…",
	} {
		if got := Text(in, 10); got != want {
			t.Errorf("Text(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestStatsString(t *testing.T) {
	var s Stats
	s.Read, s.Written, s.Duplicates = 5, 2, 1
	s.Unsupport("x-fusion-iban:value")
	s.Invalidate(KindDomain)
	s.Invalidate(KindDomain)
	want := "read 5, written 2, duplicates 1, unsupported x-fusion-iban:value=1, invalid domain-name:value=2"
	if s.String() != want || s.Skipped() != 3 {
		t.Errorf("String = %q, Skipped = %d", s.String(), s.Skipped())
	}
}

func FuzzDomainName(f *testing.F) {
	for _, s := range []string{"example.com", "bücher.example", "例え.テスト", "a..b", "xn--bcher-kva.example", "x.y.z."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := DomainName(s)
		if err != nil {
			return
		}
		if len(d) > MaxNameLen || !isASCII(d) {
			t.Fatalf("DomainName(%q) = %q: too long or not ASCII", s, d)
		}
		again, err := DomainName(d)
		if err != nil || again != d {
			t.Fatalf("DomainName(%q) = %q, but DomainName of that = %q, %v", s, d, again, err)
		}
	})
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"http://evil.example/a?b", "https://[2001:db8::1]:8443/", "http://bücher.example/ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseURL(s)
		if err != nil {
			return
		}
		again, err := ParseURL(u.String())
		if err != nil || again.String() != u.String() {
			t.Fatalf("ParseURL(%q) = %s, but parsing that gives %s, %v", s, u, again, err)
		}
	})
}
