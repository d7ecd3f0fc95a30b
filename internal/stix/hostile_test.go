package stix

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Hostile inputs must be handled in bounded time and memory.
func TestValidateHostile(t *testing.T) {
	head := `{"type":"x-h","spec_version":"2.1","id":"x-h--1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","created":"2024-03-01T10:00:00.000Z","modified":"2024-03-01T10:00:00.000Z"`
	var many strings.Builder
	many.WriteString(head)
	for i := range 100000 {
		fmt.Fprintf(&many, `,"x_k%d":%d`, i, i)
	}
	many.WriteString(`,"x_k7":1}`)
	start := time.Now()
	_, rep := Validate([]byte(many.String()))
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("100k keys took %v", d)
	}
	if !strings.Contains(rep.Err().Error(), "$.x_k7: duplicate property") {
		t.Errorf("duplicate among many keys not found: %v", rep.Err())
	}

	// Issues are capped.
	var bad strings.Builder
	bad.WriteString(head + `,"labels":[`)
	for i := range 5000 {
		if i > 0 {
			bad.WriteByte(',')
		}
		bad.WriteString("1")
	}
	bad.WriteString("]}")
	_, rep = Validate([]byte(bad.String()))
	if n := len(rep.Errors); n != maxIssues+1 || !strings.Contains(rep.Errors[n-1].Msg, "too many issues") {
		t.Errorf("%d errors", n)
	}

	// Selector resolution is bounded.
	var sel strings.Builder
	sel.WriteString(head + `,"x_big":{`)
	for i := range 20000 {
		if i > 0 {
			sel.WriteByte(',')
		}
		fmt.Fprintf(&sel, `"k%d":1`, i)
	}
	sel.WriteString(`},"granular_markings":[{"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","selectors":[`)
	for i := range 20000 {
		if i > 0 {
			sel.WriteByte(',')
		}
		sel.WriteString(`"x_big.k19999"`)
	}
	sel.WriteString("]}]}")
	start = time.Now()
	Validate([]byte(sel.String()))
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("selectors took %v", d)
	}

	// Too many values: an error, but the object is still reported.
	huge := head + `,"x_list":[` + strings.Repeat("0,", maxNodes) + `0]}`
	o, rep := Validate([]byte(huge))
	if o == nil || o.Type != "x-h" || rep.OK() || !strings.Contains(rep.Errors[0].Msg, "too many JSON values") {
		t.Errorf("huge: %v %v", o, rep.Errors)
	}
}

func TestIntegerRange(t *testing.T) {
	// autonomous-system number is an unbounded STIX integer; file size a
	// non-negative one.
	cases := []struct{ prop, num, want string }{
		{"number", "9007199254740991", ""},
		{"number", "-9007199254740991", ""},
		{"number", "9007199254740992", "integer out of range"},
		{"number", "12345678901234567", "integer out of range"},
		{"number", "-12345678901234567", "integer out of range"},
		{"number", "1e3", "expected integer, got number"},
		{"number", "1.0", "expected integer, got number"},
		{"size", "-1", "must not be negative"},
	}
	for _, c := range cases {
		var obj string
		if c.prop == "number" {
			obj = `{"type":"autonomous-system","id":"autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff","number":` + c.num + `}`
		} else {
			obj = `{"type":"file","id":"file--949eb97a-da1e-5292-8959-03c4249dc9f3","name":"foo.dll","size":` + c.num + `}`
		}
		_, rep := Validate([]byte(obj))
		got := ""
		if len(rep.Errors) > 0 {
			got = rep.Errors[0].String()
		}
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, "$."+c.prop+": "+c.want) {
			t.Errorf("%s %s: got %q, want %q", c.prop, c.num, got, c.want)
		}
	}
}
