package taxii

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzServerEnvelope checks that reading a POSTed body never panics and
// that, when it is accepted, every span is one well-formed element of the
// objects array.
func FuzzServerEnvelope(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join("testdata", "server", "mixed-envelope.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	for _, s := range []string{`{}`, `{"objects":[]}`, `{"objects":null}`, `{"objects":[1, "a" ,{}]}`, `[]`, `{"objects":{}}`, `{"objects":[} `, " {\"objects\" : [ {\"a\":[1,2]} , 3 ] } "} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		objects, spans, err := srvEnvelope(body)
		if err != nil {
			if _, ok := err.(*srvError); !ok {
				t.Fatalf("error %v is not a TAXII error", err)
			}
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted malformed JSON %q", body)
		}
		var want []json.RawMessage
		if objects != nil {
			if err := json.Unmarshal(objects, &want); err != nil {
				t.Fatalf("objects %q: %v", objects, err)
			}
		}
		if len(want) != len(spans) {
			t.Fatalf("%d spans for %d elements", len(spans), len(want))
		}
		for i, sp := range spans {
			if got := objects[sp.start:sp.end]; string(got) != string(want[i]) {
				t.Fatalf("span %d is %q, want %q", i, got, want[i])
			}
		}
	})
}

// FuzzServerAccept checks that any Accept value is judged without a
// panic, and that adding a range for TAXII 2.1 to an acceptable value
// keeps it acceptable.
func FuzzServerAccept(f *testing.F) {
	for _, s := range []string{"", "*/*", "application/taxii+json;version=2.1", "application/json", "text/html;q=0.9, */*;q=0.1", `a/b;q="x"`, ";;;,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, accept string) {
		ok := srvAcceptable([]string{accept})
		if ok && !srvAcceptable([]string{accept, srvMediaType}) {
			t.Fatalf("%q acceptable, but not with %s added", accept, srvMediaType)
		}
	})
}

func TestServerAppendString(t *testing.T) {
	for _, s := range []string{"", "indicator--1", "a\"b\\c", "tab\there\nnl\x00\x1f", "é😀"} {
		got := srvAppendString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil || back != s {
			t.Errorf("%q → %s → %q (%v)", s, got, back, err)
		}
	}
}
