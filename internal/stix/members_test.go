package stix

import (
	"reflect"
	"testing"
)

func TestMembers(t *testing.T) {
	raw := []byte(` { "a" : "x\"y\u00e9" , "b":[ "p", {"n":[1,{"z":"]}"}]} ], "c":-1.5e3,"d":true,"e":null, "f\u0067" : {"g":"}"} } `)
	var keys, vals []string
	if err := Members(raw, func(k string, v []byte) { keys = append(keys, k); vals = append(vals, string(v)) }); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "c", "d", "e", "fg"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys = %q, want %q", keys, want)
	}
	if want := []string{`"x\"y\u00e9"`, `[ "p", {"n":[1,{"z":"]}"}]} ]`, "-1.5e3", "true", "null", `{"g":"}"}`}; !reflect.DeepEqual(vals, want) {
		t.Errorf("values = %q, want %q", vals, want)
	}
	if s, ok := String([]byte(vals[0])); !ok || s != "x\"y\u00e9" {
		t.Errorf("String = %q, %v", s, ok)
	}
	if _, ok := String([]byte("12")); ok {
		t.Error("String accepted a number")
	}
	for _, bad := range []string{`[1]`, `{"a" 1}`, `{"a":1,}`, `{"a":1`, `{"a":tru}`, ``} {
		if err := Members([]byte(bad), func(string, []byte) {}); err == nil {
			t.Errorf("Members(%q) accepted malformed input", bad)
		}
	}
}
