package scoid

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestIDKnownValues(t *testing.T) {
	// The ipv4-addr value is the one in the STIX 2.1 specification's identifier
	// example; the others agree with the OASIS reference implementation.
	tests := []struct {
		typ  string
		obj  string
		want string
	}{
		{"ipv4-addr", `{"value":"198.51.100.3"}`, "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"},
		{"ipv6-addr", `{"value":"2001:db8::1"}`, "ipv6-addr--6469e3a9-b053-5e34-a025-9396ae051d26"},
		{"domain-name", `{"value":"example.com","resolves_to_refs":["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"]}`, "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7"},
		{"autonomous-system", `{"number":15139,"name":"ignored"}`, "autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff"},
	}
	for _, tt := range tests {
		var obj map[string]any
		dec := json.NewDecoder(strings.NewReader(tt.obj))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil {
			t.Fatal(err)
		}
		got, err := ID(tt.typ, obj)
		if err != nil {
			t.Fatalf("ID(%s): %v", tt.obj, err)
		}
		if got != tt.want {
			t.Errorf("ID(%s) = %s, want %s", tt.obj, got, tt.want)
		}
	}
}

func TestIDHashChoice(t *testing.T) {
	all := map[string]any{"hashes": map[string]any{"SHA-256": strings.Repeat("a", 64), "MD5": strings.Repeat("b", 32)}}
	md5 := map[string]any{"hashes": map[string]any{"MD5": strings.Repeat("b", 32)}}
	a, err := ID("file", all)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ID("file", md5)
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("file with MD5 and SHA-256 got %s, with MD5 only %s; want the same (MD5 is preferred)", a, b)
	}
}

func TestIDErrors(t *testing.T) {
	if _, err := ID("process", map[string]any{"pid": 4}); !errors.Is(err, ErrNoContributingProperties) {
		t.Errorf("process: err = %v, want ErrNoContributingProperties", err)
	}
	if _, err := ID("software", map[string]any{"languages": []any{"en"}}); !errors.Is(err, ErrNoContributingProperties) {
		t.Errorf("software without contributing properties: err = %v", err)
	}
	if _, err := ID("indicator", map[string]any{}); err == nil {
		t.Error("indicator: want an error for a non-SCO type")
	}
	if _, err := ID("file", map[string]any{"hashes": map[string]any{}}); err == nil {
		t.Error("file with empty hashes: want an error")
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{map[string]any{"b": 1, "a": []any{true, false, nil}}, `{"a":[true,false,null],"b":1}`},
		// Members sort by UTF-16 code units: U+1F600 (surrogates D83D DE00) sorts
		// before U+FB33, unlike a sort by code points (RFC 8785 §3.2.3).
		{map[string]any{"\U0001F600": 1, "\uFB33": 2, "\u20ac": 3, "1": 4, "\r": 5}, "{\"\\r\":5,\"1\":4,\"\u20ac\":3,\"\U0001F600\":1,\"\uFB33\":2}"},
		{"tab\there \"q\" \\ \u0001 é <&>", `"tab\there \"q\" \\ \u0001 é <&>"`},
		{[]string{"x", "y"}, `["x","y"]`},
		{json.Number("4.50"), "4.5"},
		{json.Number("2e-3"), "0.002"},
		{json.Number("1E30"), "1e+30"},
		{json.Number("1e21"), "1e+21"},
		{json.Number("1e20"), "100000000000000000000"},
		{json.Number("0.000001"), "0.000001"},
		{json.Number("1e-7"), "1e-7"},
		{json.Number("-0"), "0"},
		{json.Number("333333333.33333329"), "333333333.3333333"},
		{float64(-1.5e-10), "-1.5e-10"},
		{int64(9007199254740991), "9007199254740991"},
	}
	for _, tt := range tests {
		got, err := Canonical(tt.in)
		if err != nil {
			t.Fatalf("Canonical(%v): %v", tt.in, err)
		}
		if string(got) != tt.want {
			t.Errorf("Canonical(%#v) = %s, want %s", tt.in, got, tt.want)
		}
	}
	if _, err := Canonical(struct{}{}); err == nil {
		t.Error("Canonical(struct{}{}): want an error")
	}
	if _, err := Canonical(json.Number("x")); err == nil {
		t.Error("Canonical(bad number): want an error")
	}
}
