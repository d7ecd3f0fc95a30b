package pattern

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseValid(t *testing.T) {
	patterns := validPatterns(t)
	if len(patterns) < 100 {
		t.Fatalf("only %d valid patterns in testdata", len(patterns))
	}
	for _, s := range patterns {
		if _, err := Parse(s); err != nil {
			t.Errorf("Parse(%q): %v", s, err)
		}
	}
}

func TestParseInvalid(t *testing.T) {
	for _, c := range invalidCases(t) {
		p, err := Parse(c.pattern)
		if err == nil {
			t.Errorf("Parse(%q) = %v, want an error", c.pattern, p)
			continue
		}
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) error %T, want *SyntaxError", c.pattern, err)
			continue
		}
		if se.Line != c.line || se.Col != c.col || !strings.Contains(se.Msg, c.msg) {
			t.Errorf("Parse(%q)\n got: %d:%d %s\nwant: %d:%d …%s…", c.pattern, se.Line, se.Col, se.Msg, c.line, c.col, c.msg)
		}
	}
}

func TestSyntaxErrorString(t *testing.T) {
	_, err := Parse("[file:name = 'a' AND file:size = 1 AND ]")
	const want = "line 1 col 40: expected comparison after AND, found ']'"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
}

func TestErrorPositionsMultiline(t *testing.T) {
	tests := []struct {
		in        string
		line, col int
		msg       string
	}{
		{"[file:name = 'a']\nAND\n  [file:size = ]", 3, 16, "expected constant after =, found ']'"},
		{"[file:name = 'a'\r\n OR file:size = 1\r\n OR ]", 3, 5, "expected comparison after OR"},
		{"[file:name = 'multi\nline\nstring' AND x]", 3, 14, "expected ':' after object type x"},
		{"/* comment\n ☃☃ */ [file:name = 'a'] WITHIN 0 SECONDS", 2, 33, "positive number of seconds"},
		{"[file:name = 'é'] // comment\nFOLLOWEDBY", 2, 11, "after FOLLOWEDBY, found end of pattern"},
		{"[a-b:c = 1]\n\n\n\t\t?", 4, 3, "unexpected character '?'"},
		{"[file:name\n'two\nlines']", 2, 1, `found string 'two\nlines'`},
		{"[file:name = 'bad \\\n escape']", 1, 19, "backslash followed by U+000A"},
		{"[a-b:c = 1] \u3000\u2003 \x01", 1, 16, "unexpected character U+0001"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %v, want *SyntaxError", tt.in, err)
			continue
		}
		if se.Line != tt.line || se.Col != tt.col || !strings.Contains(se.Msg, tt.msg) {
			t.Errorf("Parse(%q) = %d:%d %s, want %d:%d …%s…", tt.in, se.Line, se.Col, se.Msg, tt.line, tt.col, tt.msg)
		}
	}
}

func TestWhitespaceAndComments(t *testing.T) {
	want := "[file:name = 'a'] AND [file:size = 1]"
	inputs := []string{
		"[file:name='a']AND[file:size=1]",
		"\n\t[ file:name\n=\n'a' ]\r\n AND \v\f[file:size = 1]\n",
		"/* leading */[file:name = 'a'] /* mid\n*/ AND [file:size = 1] // trailing",
		"[file:name = 'a'] // to end of line\nAND [file:size = 1]",
		"\u00a0[file:name = 'a']\u2028AND\u3000[file:size = 1]\u0085\u1680\u200a\u202f\u205f\u2029",
	}
	for _, in := range inputs {
		p, err := Parse(in)
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		if got := p.String(); got != want {
			t.Errorf("Parse(%q).String() = %q, want %q", in, got, want)
		}
	}
	// A string keeps its newlines, tabs and comment markers.
	p, err := Parse("[file:name = 'a\n\t/* b */ // c']")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Comparisons()[0].Value.Text; got != "a\n\t/* b */ // c" {
		t.Errorf("string value = %q", got)
	}
}

func TestInvalidUTF8(t *testing.T) {
	_, err := Parse("[file:name = 'é\xff']")
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 1 || se.Col != 16 || se.Msg != "invalid UTF-8 encoding" {
		t.Fatalf("error = %v, want line 1 col 16: invalid UTF-8 encoding", err)
	}
}

func TestMaxLength(t *testing.T) {
	// A long but acceptable pattern: one big IN list.
	var b strings.Builder
	b.WriteString("[file:name IN (")
	for b.Len() < MaxLength-100 {
		b.WriteString("'abcdefghijklmnopqrstuvwxyz', ")
	}
	b.WriteString("'z')]")
	long := b.String()
	p, err := Parse(long)
	if err != nil {
		t.Fatalf("Parse(%d bytes): %v", len(long), err)
	}
	if n := len(p.Observables()); n < MaxLength/40 {
		t.Errorf("got %d observables", n)
	}

	tooLong := "[file:name = '" + strings.Repeat("a", MaxLength) + "']"
	_, err = Parse(tooLong)
	var se *SyntaxError
	if !errors.As(err, &se) || !strings.Contains(se.Msg, "the limit is 1048576") {
		t.Fatalf("Parse(%d bytes) = %v, want a length error", len(tooLong), err)
	}
}

func TestMaxDepth(t *testing.T) {
	nest := func(n int, open, close, inner string) string {
		return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
	}
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"observation parens at limit", nest(MaxDepth-1, "(", ")", "[a-b:c = 1]"), true},
		{"observation parens over limit", nest(MaxDepth, "(", ")", "[a-b:c = 1]"), false},
		{"comparison parens at limit", "[" + nest(MaxDepth-1, "(", ")", "a-b:c = 1") + "]", true},
		{"comparison parens over limit", "[" + nest(MaxDepth, "(", ")", "a-b:c = 1") + "]", false},
		{"mixed over limit", nest(60, "(", ")", "["+nest(60, "(", ")", "a-b:c = 1")+"]"), false},
		{"huge unclosed", strings.Repeat("(", 1_000_000), false},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		if tt.ok && err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if !tt.ok && (err == nil || !strings.Contains(err.Error(), "nesting too deep: more than 100 levels")) {
			t.Errorf("%s: error = %v, want nesting too deep", tt.name, err)
		}
	}
}

func TestLongFlatChains(t *testing.T) {
	// Chains of operators do not recurse, so their length is not limited
	// by MaxDepth.
	const n = 10000
	obs := strings.TrimSuffix(strings.Repeat("[a-b:c = 1] FOLLOWEDBY ", n), " FOLLOWEDBY ")
	p, err := Parse(obs)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(p.Expr.(*CompoundObservation).Operands); got != n {
		t.Errorf("got %d operands, want %d", got, n)
	}
	cmp := "[" + strings.TrimSuffix(strings.Repeat("a-b:c = 1 OR ", n), " OR ") + "]"
	p, err = Parse(cmp)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(p.Comparisons()); got != n {
		t.Errorf("got %d comparisons, want %d", got, n)
	}
}

// Helpers building expected trees.

func obs(c ComparisonExpr) *Observation { return &Observation{Expr: c} }

func cmpd(op LogicalOp, operands ...ObservationExpr) *CompoundObservation {
	return &CompoundObservation{Op: op, Operands: operands}
}

func ccmp(op LogicalOp, operands ...ComparisonExpr) *CompoundComparison {
	return &CompoundComparison{Op: op, Operands: operands}
}

func eq(typ, prop string, v Literal) *Comparison {
	return &Comparison{Path: Path{ObjectType: typ, Steps: []Step{{Kind: KeyStep, Key: prop}}}, Op: Equal, Value: v}
}

func str(s string) Literal  { return Literal{Kind: KindString, Text: s} }
func num(n int64) Literal   { return Literal{Kind: KindInt, Int: n} }
func ts(s string) time.Time { t, _ := time.Parse(time.RFC3339Nano, s); return t }

func TestParseTree(t *testing.T) {
	a := obs(eq("a-b", "c", num(1)))
	b := obs(eq("d-e", "f", num(2)))
	c := obs(eq("g-h", "i", num(3)))
	tests := []struct {
		in   string
		want ObservationExpr
	}{
		{"[a-b:c = 1]", a},
		{"(([a-b:c = 1]))", a},
		// AND binds tighter than OR, OR tighter than FOLLOWEDBY.
		{"[a-b:c = 1] AND [d-e:f = 2] OR [g-h:i = 3]", cmpd(Or, cmpd(And, a, b), c)},
		{"[a-b:c = 1] OR [d-e:f = 2] AND [g-h:i = 3]", cmpd(Or, a, cmpd(And, b, c))},
		{"[a-b:c = 1] FOLLOWEDBY [d-e:f = 2] OR [g-h:i = 3]", cmpd(FollowedBy, a, cmpd(Or, b, c))},
		{"[a-b:c = 1] OR [d-e:f = 2] FOLLOWEDBY [g-h:i = 3]", cmpd(FollowedBy, cmpd(Or, a, b), c)},
		// Chains are flat; parentheses nest.
		{"[a-b:c = 1] AND [d-e:f = 2] AND [g-h:i = 3]", cmpd(And, a, b, c)},
		{"([a-b:c = 1] AND [d-e:f = 2]) AND [g-h:i = 3]", cmpd(And, cmpd(And, a, b), c)},
		{"[a-b:c = 1] AND ([d-e:f = 2] OR [g-h:i = 3])", cmpd(And, a, cmpd(Or, b, c))},
		// Qualifiers bind to the expression just before them.
		{"[a-b:c = 1] AND [d-e:f = 2] WITHIN 5 SECONDS", cmpd(And, a,
			&QualifiedObservation{Expr: b, Qualifiers: []Qualifier{{Kind: Within, Value: num(5)}}})},
		{"([a-b:c = 1] AND [d-e:f = 2]) REPEATS 2 TIMES WITHIN 1.50 SECONDS", &QualifiedObservation{
			Expr: cmpd(And, a, b),
			Qualifiers: []Qualifier{
				{Kind: Repeats, Value: num(2)},
				{Kind: Within, Value: Literal{Kind: KindFloat, Float: 1.5, Text: "1.50"}},
			}}},
		{"([a-b:c = 1] WITHIN 1 SECONDS) WITHIN 2 SECONDS", &QualifiedObservation{
			Expr:       &QualifiedObservation{Expr: a, Qualifiers: []Qualifier{{Kind: Within, Value: num(1)}}},
			Qualifiers: []Qualifier{{Kind: Within, Value: num(2)}}}},
		{"([a-b:c = 1]) WITHIN 1 SECONDS WITHIN 2 SECONDS", &QualifiedObservation{
			Expr:       a,
			Qualifiers: []Qualifier{{Kind: Within, Value: num(1)}, {Kind: Within, Value: num(2)}}}},
		{"[a-b:c = 1] START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00Z'", &QualifiedObservation{
			Expr: a,
			Qualifiers: []Qualifier{{
				Kind:  StartStop,
				Start: Literal{Kind: KindTimestamp, Text: "2016-06-01T01:30:00.123Z", Time: ts("2016-06-01T01:30:00.123Z")},
				Stop:  Literal{Kind: KindTimestamp, Text: "2016-06-01T02:20:00Z", Time: ts("2016-06-01T02:20:00Z")},
			}}}},
		// Inside brackets AND binds tighter than OR too.
		{"[a-b:c = 1 OR d-e:f = 2 AND g-h:i = 3]", obs(ccmp(Or, a.Expr, ccmp(And, b.Expr, c.Expr)))},
		{"[(a-b:c = 1 OR d-e:f = 2) AND g-h:i = 3]", obs(ccmp(And, ccmp(Or, a.Expr, b.Expr), c.Expr))},
		{"[a-b:c = 1 OR (d-e:f = 2 OR g-h:i = 3)]", obs(ccmp(Or, a.Expr, ccmp(Or, b.Expr, c.Expr)))},
	}
	for _, tt := range tests {
		p, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(p.Expr, tt.want) {
			t.Errorf("Parse(%q) = %s, tree differs from the expected one", tt.in, p)
		}
	}
}

func TestParseComparison(t *testing.T) {
	tests := []struct {
		in   string
		want Comparison
	}{
		{"[file:hashes.'SHA-256' NOT != 'ab']", Comparison{
			Path:    Path{ObjectType: "file", Steps: []Step{{Kind: KeyStep, Key: "hashes"}, {Kind: KeyStep, Key: "SHA-256"}}},
			Negated: true, Op: NotEqual, Value: str("ab"),
		}},
		{"[email-message:to_refs[*].value LIKE '%@example.com']", Comparison{
			Path: Path{ObjectType: "email-message", Steps: []Step{
				{Kind: KeyStep, Key: "to_refs"}, {Kind: AnyIndexStep}, {Kind: KeyStep, Key: "value"}}},
			Op: Like, Value: str("%@example.com"),
		}},
		{"[windows-registry-key:values[0].data <> 'x']", Comparison{
			Path: Path{ObjectType: "windows-registry-key", Steps: []Step{
				{Kind: KeyStep, Key: "values"}, {Kind: IndexStep, Index: 0}, {Kind: KeyStep, Key: "data"}}},
			Op: NotEqual, Value: str("x"),
		}},
		{"[x-list:v[-3] >= -.25]", Comparison{
			Path: Path{ObjectType: "x-list", Steps: []Step{{Kind: KeyStep, Key: "v"}, {Kind: IndexStep, Index: -3}}},
			Op:   GreaterOrEqual, Value: Literal{Kind: KindFloat, Float: -0.25, Text: "-.25"},
		}},
		{"[x-a:'it\\'s'.'back\\\\slash' NOT IN (1, true, h'0A', b'AA==')]", Comparison{
			Path:    Path{ObjectType: "x-a", Steps: []Step{{Kind: KeyStep, Key: "it's"}, {Kind: KeyStep, Key: `back\slash`}}},
			Negated: true, Op: In,
			Set: []Literal{num(1), {Kind: KindBool, Bool: true}, {Kind: KindHex, Text: "0A"}, {Kind: KindBinary, Text: "AA=="}},
		}},
		{"[EXISTS file:extensions.'ntfs-ext']", Comparison{
			Path: Path{ObjectType: "file", Steps: []Step{{Kind: KeyStep, Key: "extensions"}, {Kind: KeyStep, Key: "ntfs-ext"}}},
			Op:   Exists,
		}},
		{"[file:created < t'2024-02-29T23:59:59.999999999Z']", Comparison{
			Path:  Path{ObjectType: "file", Steps: []Step{{Kind: KeyStep, Key: "created"}}},
			Op:    Less,
			Value: Literal{Kind: KindTimestamp, Text: "2024-02-29T23:59:59.999999999Z", Time: ts("2024-02-29T23:59:59.999999999Z")},
		}},
		{"[ipv4-addr:value ISSUPERSET '10.0.0.0/8']", Comparison{
			Path: Path{ObjectType: "ipv4-addr", Steps: []Step{{Kind: KeyStep, Key: "value"}}},
			Op:   IsSuperset, Value: str("10.0.0.0/8"),
		}},
		{"[x-n:v = -9223372036854775808]", Comparison{
			Path: Path{ObjectType: "x-n", Steps: []Step{{Kind: KeyStep, Key: "v"}}},
			Op:   Equal, Value: num(-9223372036854775808),
		}},
	}
	for _, tt := range tests {
		p, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		got := p.Comparisons()
		if len(got) != 1 || !reflect.DeepEqual(got[0], tt.want) {
			t.Errorf("Parse(%q) comparisons = %+v\nwant %+v", tt.in, got, tt.want)
		}
	}
}

func TestLiteralValues(t *testing.T) {
	p, err := Parse("[x-v:a IN (b'aGVsbG8=', h'DEADbeef', t'2021-12-31T23:59:60Z', 3.25, false)]")
	if err != nil {
		t.Fatal(err)
	}
	set := p.Comparisons()[0].Set
	if got := string(set[0].Bytes()); got != "hello" {
		t.Errorf("binary Bytes() = %q", got)
	}
	if got := set[1].Bytes(); !reflect.DeepEqual(got, []byte{0xde, 0xad, 0xbe, 0xef}) {
		t.Errorf("hex Bytes() = %x", got)
	}
	// A leap second is accepted and normalised to the next minute.
	if got, want := set[2].Time, time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("timestamp = %v, want %v", got, want)
	}
	if set[3].Float != 3.25 || set[3].Text != "3.25" {
		t.Errorf("float = %v %q", set[3].Float, set[3].Text)
	}
	if set[4].Kind != KindBool || set[4].Bool {
		t.Errorf("bool = %+v", set[4])
	}
	if set[3].Bytes() != nil {
		t.Error("Bytes() of a float is not nil")
	}
}

func TestStringers(t *testing.T) {
	checks := []struct{ got, want string }{
		{And.String(), "AND"}, {Or.String(), "OR"}, {FollowedBy.String(), "FOLLOWEDBY"},
		{LogicalOp(0).String(), "LogicalOp(?)"},
		{Equal.String(), "="}, {NotEqual.String(), "!="}, {In.String(), "IN"}, {Exists.String(), "EXISTS"},
		{Operator(0).String(), "Operator(?)"}, {Operator(99).String(), "Operator(?)"},
		{KindString.String(), "string"}, {KindTimestamp.String(), "timestamp"}, {Kind(0).String(), "Kind(?)"},
		{Within.String(), "WITHIN"}, {Repeats.String(), "REPEATS"}, {StartStop.String(), "START"},
		{QualifierKind(0).String(), "QualifierKind(?)"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
