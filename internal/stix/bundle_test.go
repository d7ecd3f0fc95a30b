package stix

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// readAll drains a BundleReader, collecting objects and per-element errors
// until io.EOF or a fatal error.
func readAll(t *testing.T, r io.Reader) (objs []json.RawMessage, elemErrs []error, br *BundleReader, final error) {
	t.Helper()
	br = NewBundleReader(r)
	for i := 0; i < 1_000_000; i++ {
		raw, err := br.Next()
		switch {
		case err == nil:
			objs = append(objs, raw)
		case errors.Is(err, ErrNotObject):
			elemErrs = append(elemErrs, err)
		default:
			if err == io.EOF {
				err = nil
			}
			return objs, elemErrs, br, err
		}
	}
	t.Fatal("reader does not terminate")
	return
}

const ind1 = `{"type":"indicator","id":"indicator--e2e1a340-4415-4ba8-9671-f7343fbf0836","pattern":"[x:y = 'a]b}c\"']"}`
const ind2 = `{"type":"ipv4-addr","id":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","value":"198.51.100.3"}`
const bid = "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d"

func TestBundleReaderKeyOrders(t *testing.T) {
	inputs := []string{
		`{"type":"bundle","id":"` + bid + `","objects":[` + ind1 + `,` + ind2 + `]}`,
		`{"objects":[` + ind1 + `,` + ind2 + `],"id":"` + bid + `","type":"bundle"}`,
		`{"id":"` + bid + `","objects":[` + ind1 + `,` + ind2 + `],"type":"bundle","x_extra":{"a":[1,2]}}`,
		"\ufeff" + `{"spec_version":"2.0","type":"bundle","id":"` + bid + `","objects":[` + ind1 + `,` + ind2 + `]}`,
	}
	for k, in := range append(inputs, inputs...) {
		var r io.Reader = strings.NewReader(in)
		if k >= len(inputs) {
			r = iotest.OneByteReader(r)
		}
		objs, elemErrs, br, err := readAll(t, r)
		if err != nil || len(elemErrs) != 0 {
			t.Errorf("%s: %v %v", in, err, elemErrs)
			continue
		}
		if len(objs) != 2 || string(objs[0]) != ind1 || string(objs[1]) != ind2 {
			t.Errorf("%s: got %q", in, objs)
		}
		if br.BundleID() != bid || br.Index() != 1 {
			t.Errorf("BundleID %q Index %d", br.BundleID(), br.Index())
		}
	}
}

func TestBundleReaderStreamsBeforeType(t *testing.T) {
	// "objects" first: the first object must be available before the
	// reader has seen the rest of the input.
	pr, pw := io.Pipe()
	go func() {
		_, _ = pw.Write([]byte(`{"objects":[` + ind1 + `,`))
	}()
	br := NewBundleReader(pr)
	raw, err := br.Next()
	if err != nil || string(raw) != ind1 || br.Index() != 0 {
		t.Fatalf("first object: %s %v", raw, err)
	}
	go func() {
		_, _ = pw.Write([]byte(ind2 + `],"type":"bundle","id":"` + bid + `"}`))
		pw.Close()
	}()
	if raw, err = br.Next(); err != nil || string(raw) != ind2 {
		t.Fatalf("second object: %s %v", raw, err)
	}
	if br.BundleID() != "" {
		t.Error("bundle id known too early")
	}
	if _, err = br.Next(); err != io.EOF {
		t.Fatalf("end: %v", err)
	}
	if br.BundleID() != bid {
		t.Errorf("BundleID = %q", br.BundleID())
	}
}

func TestBundleReaderEndChecks(t *testing.T) {
	cases := map[string]string{
		`{"objects":[` + ind1 + `],"type":"report","id":"report--5d0092c5-5f74-4287-9642-33f4c354e56d"}`: `"type" is "report", want "bundle"`,
		`{"type":"bundle","objects":[` + ind1 + `]}`:                                                     `missing "id"`,
		`{"type":"bundle","id":"bundle--1","objects":[]}`:                                                `is not of the form bundle--<UUID>`,
		`{"type":"bundle","id":"indicator--5d0092c5-5f74-4287-9642-33f4c354e56d"}`:                       `is not of the form bundle--<UUID>`,
		`{"objects":[` + ind1 + `]}`:                                                                     `missing "type"`,
		`{}`:                                                                                             `no "type"`,
		`{"type":"bundle","id":"` + bid + `","objects":{"a":1}}`:                                         `"objects" is not an array`,
	}
	for in, want := range cases {
		_, _, _, err := readAll(t, strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", in, err, want)
		}
	}
	// Valid edge cases.
	for _, in := range []string{
		`{"type":"bundle","id":"` + bid + `"}`,
		`{"type":"bundle","id":"` + bid + `","objects":[]}`,
		` [ ] `,
	} {
		objs, _, _, err := readAll(t, strings.NewReader(in))
		if err != nil || len(objs) != 0 {
			t.Errorf("%s: %v %d", in, err, len(objs))
		}
	}
}

func TestBundleReaderBareObjects(t *testing.T) {
	od := `{"objects":{"0":{"type":"ipv4-addr","value":"198.51.100.1"}},"id":"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf","type":"observed-data"}`
	for _, in := range []string{ind1, "\n  " + ind2 + "\n", od} {
		objs, _, br, err := readAll(t, strings.NewReader(in))
		if err != nil || len(objs) != 1 || string(objs[0]) != strings.TrimSpace(in) || br.Index() != 0 || br.BundleID() != "" {
			t.Errorf("%s: %q %v", in, objs, err)
		}
	}
	// Top-level array of objects.
	objs, _, br, err := readAll(t, strings.NewReader("[ "+ind1+" ,\n"+ind2+" ]"))
	if err != nil || len(objs) != 2 || br.Index() != 1 {
		t.Errorf("array: %q %v", objs, err)
	}
}

func TestBundleReaderSyntaxErrors(t *testing.T) {
	cases := []struct {
		in, prefix string
	}{
		{"{\"type\":\"bundle\",\"id\":\"" + bid + "\",\"objects\":[\n" + ind1 + ",\n{\"type\":\"x\",\n  }]}", "objects[1]: "},
		{"{\"type\":\"bundle\",\"objects\":[" + ind1 + " " + ind2 + "]}", "objects[1]: "},
		{"{\"type\":\"bundle\",\"objects\":[" + ind1 + ",", "objects[1]: "},
		{"{\"type\":\"bundle\",\"objects\":[{\"a\":\"\xff\"}]}", "objects[0]: "},
		{"{\"type\":\"bundle\",\"objects\":[{\"a\":tru}]}", "objects[0]: "},
		{"{\"type\":\"bundle\",\"id\":\"" + bid + "\"} {", "bundle: "},
		{"{\"type\" \"bundle\"}", "bundle: "},
		{"", "bundle: "},
		{"nope", "bundle: "},
	}
	for _, c := range cases {
		_, _, _, err := readAll(t, strings.NewReader(c.in))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: %v is not a *SyntaxError", c.in, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), c.prefix) {
			t.Errorf("%q: %v lacks prefix %q", c.in, err, c.prefix)
		}
		// Position must agree with a whole-input computation.
		want := newSyntaxError([]byte(c.in), int(se.Offset), se.Msg)
		if se.Line != want.Line || se.Col != want.Col {
			t.Errorf("%q: line %d col %d, want %d %d", c.in, se.Line, se.Col, want.Line, want.Col)
		}
	}
	// The example of the brief: the fault in a multi-line bundle.
	in := "{\n \"type\": \"bundle\",\n \"id\": \"" + bid + "\",\n \"objects\": [\n  " + ind1 + ",\n  " + ind2 + ",\n  {\"type\": \"x\",}\n ]\n}"
	_, _, _, err := readAll(t, iotest.OneByteReader(strings.NewReader(in)))
	if err == nil || err.Error() != "objects[2]: line 7 col 16: invalid character '}' looking for beginning of object key string" {
		t.Errorf("got %v", err)
	}
	// Errors are sticky.
	br := NewBundleReader(strings.NewReader("{\"type\":\"bundle\",\"objects\":[{]}"))
	_, err1 := br.Next()
	_, err2 := br.Next()
	if err1 == nil || err1 != err2 {
		t.Errorf("not sticky: %v / %v", err1, err2)
	}
}

func TestBundleReaderNonObjectElement(t *testing.T) {
	in := `{"type":"bundle","id":"` + bid + `","objects":[` + ind1 + `,42,"s",` + ind2 + `]}`
	objs, elemErrs, br, err := readAll(t, strings.NewReader(in))
	if err != nil || len(objs) != 2 || len(elemErrs) != 2 || br.Index() != 3 {
		t.Fatalf("%q %v %v index %d", objs, elemErrs, err, br.Index())
	}
	if elemErrs[0].Error() != "objects[1]: not a JSON object" {
		t.Errorf("element error %v", elemErrs[0])
	}
	br = NewBundleReader(strings.NewReader(in))
	if _, err := br.Next(); err != nil || br.Index() != 0 {
		t.Fatal(err)
	}
	if _, err := br.Next(); !errors.Is(err, ErrNotObject) || br.Index() != 1 {
		t.Errorf("non-object element: %v, Index %d", err, br.Index())
	}
}

func TestBundleReaderChunking(t *testing.T) {
	// Pretty-printed bundle of all valid testdata plus one object far larger
	// than the read chunk, read through readers that return few bytes.
	files, _ := filepath.Glob("testdata/valid/*.json")
	var want [][]byte
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, raw)
	}
	big := fmt.Sprintf(`{"type":"note","id":"note--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061","content":%q}`, strings.Repeat("é\"\\ x", 60000))
	want = append(want, []byte(big))
	var b bytes.Buffer
	b.WriteString("{\n  \"type\": \"bundle\",\n  \"objects\": [\n")
	for i, w := range want {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.Write(w)
	}
	b.WriteString("\n  ],\n  \"id\": \"" + bid + "\"\n}\n")
	input := b.Bytes()

	readers := map[string]func() io.Reader{
		"whole":   func() io.Reader { return bytes.NewReader(input) },
		"onebyte": func() io.Reader { return iotest.OneByteReader(bytes.NewReader(input)) },
		"random":  func() io.Reader { return &randomChunks{data: input, rng: rand.New(rand.NewSource(1))} },
		"halfeof": func() io.Reader { return iotest.DataErrReader(iotest.HalfReader(bytes.NewReader(input))) },
	}
	for name, mk := range readers {
		objs, elemErrs, br, err := readAll(t, mk())
		if err != nil || len(elemErrs) != 0 || len(objs) != len(want) {
			t.Fatalf("%s: %d objects, %v %v", name, len(objs), err, elemErrs)
		}
		for i := range want {
			if !jsonEqual(t, objs[i], want[i]) {
				t.Errorf("%s: object %d differs", name, i)
			}
			if bytes.ContainsAny(objs[i], "\n") {
				t.Errorf("%s: object %d not compacted", name, i)
			}
		}
		if br.BundleID() != bid {
			t.Errorf("%s: BundleID %q", name, br.BundleID())
		}
	}
	// Returned slices are owned by the caller.
	br := NewBundleReader(bytes.NewReader(input))
	first, _ := br.Next()
	keep := string(first)
	second, _ := br.Next()
	for i := range first {
		first[i] = 'x'
	}
	if string(second) == strings.Repeat("x", len(second)) || keep == string(first) {
		t.Error("returned slices share memory")
	}
}

type randomChunks struct {
	data []byte
	rng  *rand.Rand
}

func (r *randomChunks) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := 1 + r.rng.Intn(700)
	n = min(n, len(p), len(r.data))
	copy(p, r.data[:n])
	r.data = r.data[n:]
	return n, nil
}

type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n == 0 {
		return 0, errors.New("disk on fire")
	}
	k := copy(p, `{"type":"bundle","objects":[`[:min(f.n, 28)])
	f.n = 0
	return k, nil
}

func TestBundleReaderReadError(t *testing.T) {
	_, _, _, err := readAll(t, &failingReader{n: 28})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("got %v", err)
	}
}
