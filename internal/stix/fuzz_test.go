package stix

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzBundle feeds arbitrary input to the BundleReader and validates every
// object it yields. It checks that nothing panics, that every object
// returned is valid JSON, that Validate and Parse agree on the objects, and
// that the reader accepts exactly the well-formed JSON encoding/json accepts
// (for inputs within encoding/json's nesting limit and valid UTF-8).
func FuzzBundle(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.json")
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
		f.Add([]byte(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[` + string(raw) + `]}`))
	}
	f.Add([]byte(`{"objects":[{"a":1},2,[3]],"type":"bundle"}`))
	f.Add([]byte(`[{"type":"x-a","id":"x-a--5d0092c5-5f74-4287-9642-33f4c354e56d"}]`))
	f.Add([]byte("\ufeff{\"type\":\"bundle\",\"objects\":[{\"k\":\"\\ud800\"}]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		br := NewBundleReader(bytes.NewReader(data))
		var final error
		for i := 0; ; i++ {
			if i > len(data)+2 {
				t.Fatal("reader yields more objects than input bytes")
			}
			raw, err := br.Next()
			if err != nil {
				if errors.Is(err, ErrNotObject) {
					continue
				}
				final = err
				break
			}
			if !json.Valid(raw) {
				t.Fatalf("invalid JSON returned: %q", raw)
			}
			if raw[0] != '{' {
				t.Fatalf("non-object returned: %q", raw)
			}
			o, rep := Validate(raw)
			if o == nil {
				t.Fatalf("Validate returned nil for an object: %v", rep.Errors)
			}
			if !json.Valid(o.Raw) {
				t.Fatalf("Validate returned invalid Raw: %q", o.Raw)
			}
			if p, err := Parse(raw); err == nil {
				if p.Type != o.Type || p.ID != o.ID || !json.Valid(p.Raw) {
					t.Fatalf("Parse/Validate disagree: %+v %+v", p, o)
				}
			}
			_, _ = DeterministicID(raw)
		}
		if depth(data) >= 10000 || !utf8.Valid(data) {
			return
		}
		body := bytes.TrimPrefix(data, []byte("\ufeff"))
		if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] != '{' && t[0] != '[' {
			return // only objects and arrays are accepted at the top level
		}
		var se *SyntaxError
		switch {
		case final == io.EOF && !json.Valid(body):
			t.Fatalf("reader accepted malformed JSON %q", data)
		case errors.As(final, &se) && json.Valid(body):
			t.Fatalf("reader rejected well-formed JSON %q: %v", data, final)
		}
	})
}

// depth is an upper bound of the nesting depth of data.
func depth(data []byte) int {
	d, max := 0, 0
	for _, c := range data {
		switch c {
		case '[', '{':
			d++
			if d > max {
				max = d
			}
		case ']', '}':
			d--
		}
	}
	return max
}
