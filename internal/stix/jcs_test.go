package stix

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestCanonicalJSONRFC8785Example(t *testing.T) {
	// RFC 8785 section 3.2.2 example.
	in := `{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`
	want := `{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`
	dec := json.NewDecoder(strings.NewReader(in))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	got, err := canonicalJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestCanonicalJSONSortUTF16(t *testing.T) {
	// RFC 8785 section 3.2.3: members sorted by UTF-16 code units.
	v := map[string]any{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
		"1": "One", "\U0001F600": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}
	got, err := canonicalJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\U0001F600\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}"
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestES6Numbers(t *testing.T) {
	cases := map[float64]string{
		0: "0", math.Copysign(0, -1): "0", 1: "1", -1: "-1", 0.5: "0.5",
		1e21: "1e+21", 1e20: "100000000000000000000", 123456789012345680000: "123456789012345680000",
		1e-7: "1e-7", 1e-6: "0.000001", 0.000001234: "0.000001234", 1.5e-7: "1.5e-7",
		9007199254740993: "9007199254740992", 4.5: "4.5", 2e-3: "0.002", 1e-15: "1e-15",
		-1.7976931348623157e308: "-1.7976931348623157e+308", 5e-324: "5e-324",
		333333333.33333329: "333333333.3333333", 295147905179352830000: "295147905179352830000",
	}
	for f, want := range cases {
		got, err := appendES6Number(nil, f)
		if err != nil || string(got) != want {
			t.Errorf("%v: got %s (%v), want %s", f, got, err, want)
		}
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1)} {
		if _, err := appendES6Number(nil, bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestCanonicalJSONRejects(t *testing.T) {
	if _, err := canonicalJSON("\xff"); err == nil {
		t.Error("invalid UTF-8 accepted")
	}
	if _, err := canonicalJSON(json.Number("1e999")); err == nil {
		t.Error("overflowing number accepted")
	}
	if _, err := canonicalJSON(struct{}{}); err == nil {
		t.Error("unsupported type accepted")
	}
}
