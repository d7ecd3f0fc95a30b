package ruletext

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

func TestAppendContent(t *testing.T) {
	for in, want := range map[string]string{
		"evil.example":      "evil.example",
		`a;b"c\d|e:f`:       "a|3B|b|22|c|5C|d|7C|e|3A|f",
		";\"":               "|3B 22|",
		"tab\there\x00\xff": "tab|09|here|00 FF|",
		"bücher":            "b|C3 BC|cher",
		"":                  "",
	} {
		if got := string(AppendContent(nil, in)); got != want {
			t.Errorf("AppendContent(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestAppendMsg(t *testing.T) {
	for in, want := range map[string]string{
		`Emotet "C2"; a\b|c`: `Emotet \"C2\"\; a\\b\|c`,
		"line\nbreak\ttab":   "line break tab",
		"bad\xffbyte":        "bad?byte",
		"Кампания 例":         "Кампания 例",
	} {
		if got := string(AppendMsg(nil, in)); got != want {
			t.Errorf("AppendMsg(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestAppendWireName(t *testing.T) {
	if got := string(AppendWireName(nil, "www.evil.example")); got != "|03|www|04|evil|07|example|00|" {
		t.Errorf("AppendWireName = %q", got)
	}
	long := strings.Repeat("a", 63) + ".b_c"
	if got := string(AppendWireName(nil, long)); got != "|3F|"+strings.Repeat("a", 63)+"|03|b_c|00|" {
		t.Errorf("AppendWireName(long) = %q", got)
	}
}

func TestSIDs(t *testing.T) {
	a, err := NewSIDs(9_000_000, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewSIDs(9_000_000, 1_000_000)
	x1, _ := a.Assign("indicator--1|domain|evil.example")
	_, _ = b.Assign("something else first")
	x2, _ := b.Assign("indicator--1|domain|evil.example")
	if x1 != x2 || x1 < 9_000_000 || x1 >= 10_000_000 {
		t.Errorf("same key gave %d and %d", x1, x2)
	}

	// A range of 10 ids: ten keys get ten distinct ids, the eleventh fails.
	s, _ := NewSIDs(100, 10)
	seen := map[uint32]bool{}
	for i := range 10 {
		id, err := s.Assign(strings.Repeat("k", i+1))
		if err != nil || id < 100 || id >= 110 || seen[id] {
			t.Fatalf("Assign %d = %d, %v (seen %v)", i, id, err, seen)
		}
		seen[id] = true
	}
	if _, err := s.Assign("one too many"); !errors.Is(err, ErrSIDsExhausted) {
		t.Errorf("Assign past the range: %v", err)
	}

	for _, c := range [][2]uint32{{0, 10}, {1, 0}, {4_294_967_295, 2}} {
		if _, err := NewSIDs(c[0], c[1]); err == nil {
			t.Errorf("NewSIDs(%d, %d): want an error", c[0], c[1])
		}
	}
	if _, err := NewSIDs(4_294_967_295, 1); err != nil {
		t.Errorf("NewSIDs(max, 1): %v", err)
	}
}

func TestLint(t *testing.T) {
	good := []string{
		`alert ip $HOME_NET any -> 192.0.2.1 any (msg:"FUSION IP 192.0.2.1 \"x\"\; y"; classtype:trojan-activity; sid:9000001; rev:1; metadata:stix_id indicator--1, tlp amber;)`,
		`alert dns $HOME_NET any -> any any (msg:"m"; dns.query; dotprefix; content:".evil|3B 22|x"; nocase; endswith; sid:1; rev:2;)`,
		`alert udp $HOME_NET any -> any 53 (msg:"m"; content:"|04|evil|07|example|00|", nocase; sid:3; rev:1;)`,
		`alert ip [10.0.0.0/8,192.0.2.1] any <> 2001:db8::/32 any (msg:"m"; sid:4; rev:1;)`,
	}
	for _, l := range good {
		if _, err := Lint(l); err != nil {
			t.Errorf("Lint(%s): %v", l, err)
		}
	}
	r, _ := Lint(good[0])
	if r.SID != 9000001 || r.Rev != 1 || r.Msg != `FUSION IP 192.0.2.1 "x"; y` || r.Dst != "192.0.2.1" || len(r.Options) != 5 {
		t.Errorf("Lint parsed %+v", r)
	}
	bad := []string{
		``,
		`# alert ip any any -> any any (msg:"m"; sid:1; rev:1;)`,
		`alert ip any any -> any any (msg:"m"; sid:1; rev:1;`,
		`alert ip any any any any (msg:"m"; sid:1; rev:1;)`,
		`alert ip any any => any any (msg:"m"; sid:1; rev:1;)`,
		`alert ip any any -> any any (msg:"m; sid:1; rev:1;)`,
		`alert ip any any -> any any (msg:"m;"; sid:1; rev:1;)`,
		`alert ip any any -> any any (msg:"m"; sid:1; rev:1)`,
		`alert ip any any -> any any (msg:"m"; sid:x; rev:1;)`,
		`alert ip any any -> any any (msg:"m"; sid:0; rev:1;)`,
		`alert ip any any -> any any (msg:"m"; rev:1;)`,
		`alert ip any any -> any any (msg:"m"; sid:1;)`,
		`alert ip any any -> any any (sid:1; rev:1;)`,
		`alert ip any any -> any any (msg:""; sid:1; rev:1;)`,
		`alert ip any any -> any any (msg:"m"; content:"|3B"; sid:1; rev:1;)`,
		`alert ip any any -> any any (msg:"m"; content:"|3B 2|"; sid:1; rev:1;)`,
		`alert ip any any -> any any (msg:"m"; content:"|3G|"; sid:1; rev:1;)`,
		`alert ip any any -> any any (msg:"m"; content:"a"b"; sid:1; rev:1;)`,
		`alert ip any any -> any any (msg:"m"; sid:1; rev:1; sid:2;)`,
		"alert ip any any -> any any (msg:\"m\tx\"; sid:1; rev:1;)",
		`alert ip any any -> any any (msg:"m"; sid:1; rev:1;) ` + strings.Repeat("x", MaxRuleLen),
	}
	for _, l := range bad {
		if _, err := Lint(l); err == nil {
			t.Errorf("Lint(%s): want an error", l)
		}
	}
}

func FuzzEscapes(f *testing.F) {
	f.Add("Emotet \"C2\"; a\\b|c", "ev;il\"x|\\:\x00\xff")
	f.Fuzz(func(t *testing.T, msg, content string) {
		if strings.TrimSpace(msg) == "" {
			msg = "m"
		}
		line := `alert ip any any -> any any (msg:"` + string(AppendMsg(nil, msg)) + `"; content:"` + string(AppendContent(nil, content)) + `"; sid:1; rev:1;)`
		if len(line) > MaxRuleLen {
			return
		}
		r, err := Lint(line)
		if err != nil {
			t.Fatalf("Lint(%s): %v", line, err)
		}
		var want strings.Builder
		for i, c := range msg {
			switch {
			case c == '\uFFFD' && isBadByte(msg, i):
				want.WriteByte('?')
			case unicode.IsControl(c) || c == '\u2028' || c == '\u2029':
				want.WriteByte(' ')
			default:
				want.WriteRune(c)
			}
		}
		if r.Msg != want.String() {
			t.Fatalf("msg %q came back as %q", msg, r.Msg)
		}
	})
}
