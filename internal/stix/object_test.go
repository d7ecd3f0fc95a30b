package stix

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// jsonEqual compares two JSON texts as values (numbers kept exact).
func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	dec := func(b []byte) any {
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
		return v
	}
	return reflect.DeepEqual(dec(a), dec(b))
}

func TestParseRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.json")
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		o, err := Parse(raw)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if !jsonEqual(t, o.Raw, raw) {
			t.Errorf("%s: Parse changed the object:\n%s", f, o.Raw)
		}
		if bytes.ContainsAny(o.Raw, "\n\t") {
			t.Errorf("%s: Raw not compacted", f)
		}
		v, rep := Validate(raw)
		if !jsonEqual(t, v.Raw, raw) {
			t.Errorf("%s: Validate changed the object", f)
		}
		if v.Type != o.Type || v.ID != o.ID || v.SpecVersion != o.SpecVersion ||
			!v.Created.Equal(o.Created) || !v.Modified.Equal(o.Modified) || v.Revoked != o.Revoked {
			t.Errorf("%s: Parse and Validate disagree: %+v vs %+v", f, o, v)
		}
		if !rep.OK() {
			t.Errorf("%s: %v", f, rep.Err())
		}
	}
}

func TestParseCommonProperties(t *testing.T) {
	raw := []byte(` {"type":"indicator","id":"indicator--e2e1a340-4415-4ba8-9671-f7343fbf0836","spec_version":"2.1",
	"created":"2024-03-01T10:00:00.000Z","modified":"2024-03-02T11:30:00.123456Z","revoked":true,
	"x_custom":{"nested":[1,2.50,"\u00e9"]},"name":"a \"quoted\" name"} `)
	o, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := Object{Type: "indicator", ID: "indicator--e2e1a340-4415-4ba8-9671-f7343fbf0836", SpecVersion: "2.1",
		Created:  time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC),
		Modified: time.Date(2024, 3, 2, 11, 30, 0, 123456000, time.UTC), Revoked: true}
	if o.Type != want.Type || o.ID != want.ID || o.SpecVersion != want.SpecVersion || !o.Created.Equal(want.Created) ||
		!o.Modified.Equal(want.Modified) || !o.Revoked {
		t.Errorf("got %+v", o)
	}
	if !o.Version().Equal(want.Modified) {
		t.Errorf("Version = %v", o.Version())
	}
	if !strings.Contains(string(o.Raw), `"nested":[1,2.50,"\u00e9"]`) {
		t.Errorf("custom content not preserved exactly: %s", o.Raw)
	}
	if !jsonEqual(t, o.Raw, raw) {
		t.Error("round trip differs")
	}
}

func TestParseErrors(t *testing.T) {
	cases := map[string]string{
		`[]`:                                     "not a JSON object",
		`{"id":"indicator--x"}`:                  `no "type"`,
		`{"type":"indicator"}`:                   `no "id"`,
		`{"type":1,"id":"x"}`:                    `"type" must be a string`,
		`{"type":"a","id":"b","created":"2020"}`: `"created"`,
		`{"type":"a","id":"b","revoked":"no"}`:   `must be a boolean`,
		`{"type":"a","type":"b","id":"c"}`:       `duplicate property "type"`,
		"{\"type\":\"a\",\n\"id\":}":             "line 2 col 6",
		`{"type":"a","id":"b"} x`:                "after top-level value",
		``:                                       "unexpected end",
	}
	for in, want := range cases {
		_, err := Parse([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want error containing %q", in, err, want)
		}
	}
	var se *SyntaxError
	if _, err := Parse([]byte("{\"type\":\"a\",\n\"id\":}")); !errors.As(err, &se) || se.Line != 2 || se.Col != 6 || se.Offset != 18 {
		t.Errorf("SyntaxError = %+v", se)
	}
}

func TestVersionAndKind(t *testing.T) {
	c := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if v := (&Object{Created: c}).Version(); !v.Equal(c) {
		t.Error("Version without modified")
	}
	if v := (&Object{}).Version(); !v.IsZero() {
		t.Error("Version of SCO")
	}
	kinds := map[string]Category{"indicator": SDO, "vulnerability": SDO, "relationship": SRO, "sighting": SRO,
		"ipv4-addr": SCO, "x509-certificate": SCO, "marking-definition": Meta, "language-content": Meta,
		"extension-definition": Meta, "x-foo": Unknown, "bundle": Unknown}
	for typ, want := range kinds {
		if got := Kind(typ); got != want {
			t.Errorf("Kind(%s) = %v, want %v", typ, got, want)
		}
	}
	n := map[Category]int{}
	for typ := range typeSpecs {
		n[Kind(typ)]++
	}
	if n[SDO] != 19 || n[SRO] != 2 || n[SCO] != 18 || n[Meta] != 3 {
		t.Errorf("type counts %v, want 19 SDOs, 2 SROs, 18 SCOs, 3 meta", n)
	}
}

func TestValidateEdgeCases(t *testing.T) {
	if o, rep := Validate([]byte(`"x"`)); o != nil || rep.OK() {
		t.Error("non-object accepted")
	}
	if o, rep := Validate([]byte(`{`)); o != nil || rep.OK() {
		t.Error("truncated object accepted")
	}
	if o, rep := Validate([]byte(`{}`)); o == nil || rep.OK() {
		t.Error("empty object: want Object and errors")
	}
	// Deep nesting inside an otherwise sane object still yields the Object.
	deep := `{"type":"x-deep","id":"x-deep--1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","x_deep":` +
		strings.Repeat("[", 300) + strings.Repeat("]", 300) + `}`
	o, rep := Validate([]byte(deep))
	if rep.OK() || o == nil || o.Type != "x-deep" {
		t.Errorf("deep nesting: %v %v", o, rep.Errors)
	}
	// A language granular marking (valid per the specification, absent
	// from the OASIS schema).
	raw, _ := os.ReadFile("testdata/valid/indicator.json")
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	m["granular_markings"] = []any{map[string]any{"lang": "de", "selectors": []any{"name"}}}
	raw, _ = json.Marshal(m)
	if _, rep := Validate(raw); !rep.OK() || len(rep.Warnings) != 0 {
		t.Errorf("lang granular marking: %v %v", rep.Errors, rep.Warnings)
	}
	// Report.Err
	_, rep = Validate([]byte(`{"type":"indicator"}`))
	if err := rep.Err(); err == nil || !strings.Contains(err.Error(), "$.id: required property missing") {
		t.Errorf("Err() = %v", err)
	}
	if err := (&Report{}).Err(); err != nil {
		t.Error(err)
	}
}

func TestTLPDefinitions(t *testing.T) {
	defs := TLPDefinitions()
	if len(defs) != 10 {
		t.Fatalf("%d definitions", len(defs))
	}
	ids := map[string]bool{}
	for _, raw := range defs {
		o, rep := Validate(raw)
		if !rep.OK() || len(rep.Warnings) != 0 {
			t.Errorf("%s: %v %v", raw, rep.Errors, rep.Warnings)
		}
		ids[o.ID] = true
	}
	for _, id := range []string{TLPWhite, TLPGreen, TLPAmber, TLPRed, TLPv2Clear, TLPv2Green, TLPv2Amber, TLPv2AmberStrict, TLPv2Red, TLPv2ExtensionID} {
		if !ids[id] {
			t.Errorf("missing %s", id)
		}
	}
	defs[0][0] = 'X' // callers get their own copies
	if TLPDefinitions()[0][0] != '{' {
		t.Error("TLPDefinitions shares memory between calls")
	}
}
