package pattern

import (
	"reflect"
	"testing"
)

// checkRoundTrip parses s, prints it, and checks that the printed text parses
// to an equal tree and prints identically.
func checkRoundTrip(tb testing.TB, s string) {
	tb.Helper()
	p, err := Parse(s)
	if err != nil {
		tb.Fatalf("Parse(%q): %v", s, err)
	}
	printed := p.String()
	q, err := Parse(printed)
	if err != nil {
		tb.Fatalf("Parse(%q) printed %q which does not parse: %v", s, printed, err)
	}
	if !reflect.DeepEqual(p, q) {
		tb.Fatalf("Parse(%q) printed %q which parses to a different tree", s, printed)
	}
	if again := q.String(); again != printed {
		tb.Fatalf("printing is not stable: %q then %q", printed, again)
	}
}

func TestRoundTripValid(t *testing.T) {
	for _, s := range validPatterns(t) {
		checkRoundTrip(t, s)
	}
}

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"[ipv4-addr:value='198.51.100.7']", "[ipv4-addr:value = '198.51.100.7']"},
		{"[file:size==1 OR file:size<>2]", "[file:size = 1 OR file:size != 2]"},
		{"[a-b:c NOT   IN(1,2 ,3)]", "[a-b:c NOT IN (1, 2, 3)]"},
		{"[a-b:c IN ( )]", "[a-b:c IN ()]"},
		{"[  EXISTS a-b:c ]", "[EXISTS a-b:c]"},
		// Numbers: '+' dropped, float text kept.
		{"[a-b:c = +5 AND a-b:d = -0 AND a-b:e = +.50 AND a-b:f = 00.10]",
			"[a-b:c = 5 AND a-b:d = 0 AND a-b:e = .50 AND a-b:f = 00.10]"},
		// Keys: quoted only when needed; case kept.
		{"[file:'name' = 'a']", "[file:name = 'a']"},
		{"[file:hashes.'MD5' = 'a' OR file:hashes.'SHA-256' = 'b' OR file:hashes.sha1 = 'c']",
			"[file:hashes.MD5 = 'a' OR file:hashes.'SHA-256' = 'b' OR file:hashes.sha1 = 'c']"},
		{"[x-a:d.'OR'.'true'.'9lives'.'a b'.'it\\'s' = 1]", "[x-a:d.'OR'.'true'.'9lives'.'a b'.'it\\'s' = 1]"},
		{"[x-a:'_ok'.'with-hyphen'[+1][*] = 1]", "[x-a:_ok.'with-hyphen'[1][*] = 1]"},
		// Strings keep escapes of ' and \ only.
		{`[a-b:c = 'C:\\Windows\\ \'q\'']`, `[a-b:c = 'C:\\Windows\\ \'q\'']`},
		// Parentheses only where the tree needs them.
		{"(([a-b:c = 1]) AND ([d-e:f = 2]))", "[a-b:c = 1] AND [d-e:f = 2]"},
		{"([a-b:c = 1] AND [d-e:f = 2]) OR [g-h:i = 3]", "[a-b:c = 1] AND [d-e:f = 2] OR [g-h:i = 3]"},
		{"[a-b:c = 1] AND ([d-e:f = 2] OR [g-h:i = 3])", "[a-b:c = 1] AND ([d-e:f = 2] OR [g-h:i = 3])"},
		{"([a-b:c = 1] FOLLOWEDBY [d-e:f = 2]) OR [g-h:i = 3]", "([a-b:c = 1] FOLLOWEDBY [d-e:f = 2]) OR [g-h:i = 3]"},
		{"([a-b:c = 1] OR [d-e:f = 2]) OR [g-h:i = 3]", "([a-b:c = 1] OR [d-e:f = 2]) OR [g-h:i = 3]"},
		{"[(a-b:c = 1 AND d-e:f = 2) OR (g-h:i = 3)]", "[a-b:c = 1 AND d-e:f = 2 OR g-h:i = 3]"},
		{"[a-b:c = 1 AND (d-e:f = 2 OR g-h:i = 3)]", "[a-b:c = 1 AND (d-e:f = 2 OR g-h:i = 3)]"},
		// Qualifiers.
		{"([a-b:c = 1]) WITHIN 5 SECONDS", "[a-b:c = 1] WITHIN 5 SECONDS"},
		{"([a-b:c = 1] WITHIN 5 SECONDS)", "[a-b:c = 1] WITHIN 5 SECONDS"},
		{"[a-b:c = 1] REPEATS +3 TIMES WITHIN 0.5 SECONDS", "[a-b:c = 1] REPEATS 3 TIMES WITHIN 0.5 SECONDS"},
		{"([a-b:c = 1]) REPEATS 2 TIMES REPEATS 3 TIMES", "([a-b:c = 1]) REPEATS 2 TIMES REPEATS 3 TIMES"},
		{"([a-b:c = 1] REPEATS 2 TIMES) REPEATS 3 TIMES", "([a-b:c = 1] REPEATS 2 TIMES) REPEATS 3 TIMES"},
		{"([a-b:c = 1] OR [d-e:f = 2]) WITHIN 1 SECONDS", "([a-b:c = 1] OR [d-e:f = 2]) WITHIN 1 SECONDS"},
		{"[a-b:c = t'2020-01-01T00:00:00.000Z'] START t'2020-01-01T00:00:00Z' STOP t'2020-01-01T00:00:00.1Z'",
			"[a-b:c = t'2020-01-01T00:00:00.000Z'] START t'2020-01-01T00:00:00Z' STOP t'2020-01-01T00:00:00.1Z'"},
		{"[a-b:c = h'AbCd' OR a-b:c = b'AA==' OR a-b:c = true]", "[a-b:c = h'AbCd' OR a-b:c = b'AA==' OR a-b:c = true]"},
		{"/* c */ [a-b:c = 1] // c", "[a-b:c = 1]"},
	}
	for _, tt := range tests {
		p, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := p.String(); got != tt.want {
			t.Errorf("Parse(%q).String()\n got %q\nwant %q", tt.in, got, tt.want)
		}
		checkRoundTrip(t, tt.in)
	}
}

func TestStringOfParts(t *testing.T) {
	p, err := Parse("[file:extensions.'windows-pebinary-ext'.sections[*].entropy NOT > 7.0]")
	if err != nil {
		t.Fatal(err)
	}
	c := p.Comparisons()[0]
	if got, want := c.String(), "file:extensions.'windows-pebinary-ext'.sections[*].entropy NOT > 7.0"; got != want {
		t.Errorf("Comparison.String() = %q, want %q", got, want)
	}
	if got, want := c.Path.String(), "file:extensions.'windows-pebinary-ext'.sections[*].entropy"; got != want {
		t.Errorf("Path.String() = %q, want %q", got, want)
	}
	if got, want := c.Path.Property(), "extensions.'windows-pebinary-ext'.sections[*].entropy"; got != want {
		t.Errorf("Path.Property() = %q, want %q", got, want)
	}
	if got, want := c.Value.String(), "7.0"; got != want {
		t.Errorf("Literal.String() = %q, want %q", got, want)
	}
	if got := (*Pattern)(nil).String(); got != "" {
		t.Errorf("nil pattern prints %q", got)
	}
}
