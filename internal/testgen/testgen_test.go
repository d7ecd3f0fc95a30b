package testgen

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/fusion-cti/fusion/internal/testgen/stixschema"
)

type bundle struct {
	Type    string            `json:"type"`
	ID      string            `json:"id"`
	Objects []json.RawMessage `json:"objects"`
}

func generate(t testing.TB, n int, seed int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Indicators(&buf, n, seed); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestIndicatorsBundle(t *testing.T) {
	const n = 2000
	data := generate(t, n, 42)
	if !json.Valid(data) {
		t.Fatal("output is not valid JSON")
	}
	var b bundle
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatal(err)
	}
	if b.Type != "bundle" || !strings.HasPrefix(b.ID, "bundle--") {
		t.Errorf("envelope type %q id %q", b.Type, b.ID)
	}
	if len(b.Objects) != n {
		t.Fatalf("got %d objects, want %d", len(b.Objects), n)
	}

	ids := map[string]bool{}
	patterns := map[string]int{}
	total := 0
	millis := regexp.MustCompile(`^2026-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$`)
	for i, raw := range b.Objects {
		var o struct {
			Type, SpecVersion, ID, Created, Modified, Name, Pattern, PatternType, ValidFrom string
			IndicatorTypes                                                                  []string
		}
		if err := json.Unmarshal(raw, &struct {
			Type           *string   `json:"type"`
			SpecVersion    *string   `json:"spec_version"`
			ID             *string   `json:"id"`
			Created        *string   `json:"created"`
			Modified       *string   `json:"modified"`
			Name           *string   `json:"name"`
			Pattern        *string   `json:"pattern"`
			PatternType    *string   `json:"pattern_type"`
			ValidFrom      *string   `json:"valid_from"`
			IndicatorTypes *[]string `json:"indicator_types"`
		}{&o.Type, &o.SpecVersion, &o.ID, &o.Created, &o.Modified, &o.Name, &o.Pattern, &o.PatternType, &o.ValidFrom, &o.IndicatorTypes}); err != nil {
			t.Fatalf("object %d: %v", i, err)
		}
		if o.Type != "indicator" || o.SpecVersion != "2.1" || o.PatternType != "stix" || len(o.IndicatorTypes) == 0 {
			t.Errorf("object %d: incomplete indicator %s", i, raw)
		}
		u, err := uuid.Parse(strings.TrimPrefix(o.ID, "indicator--"))
		if err != nil || u.Version() != 4 || u.Variant() != uuid.RFC4122 {
			t.Errorf("object %d: id %q is not indicator--<UUIDv4>", i, o.ID)
		}
		if ids[o.ID] {
			t.Errorf("object %d: duplicate id %s", i, o.ID)
		}
		ids[o.ID] = true
		if !millis.MatchString(o.Created) || !millis.MatchString(o.Modified) || o.Modified < o.Created || o.ValidFrom != o.Created {
			t.Errorf("object %d: timestamps created %s modified %s valid_from %s", i, o.Created, o.Modified, o.ValidFrom)
		}
		if !strings.HasPrefix(o.Name, "Generated indicator ") {
			t.Errorf("object %d: name %q", i, o.Name)
		}
		if size := len(raw); size < 400 || size > 700 {
			t.Errorf("object %d is %d bytes, want 400-700: %s", i, size, raw)
		}
		total += len(raw)
		switch {
		case strings.Contains(o.Pattern, " OR "):
			patterns["compound"]++
		default:
			patterns[strings.SplitN(strings.TrimPrefix(o.Pattern, "["), ":", 2)[0]+
				map[bool]string{true: "/sha256", false: ""}[strings.Contains(o.Pattern, "SHA-256")]]++
		}
	}
	t.Logf("%d objects, %d bytes on average, patterns %v", n, total/n, patterns)
	for _, k := range []string{"ipv4-addr", "domain-name", "url", "file", "file/sha256", "email-addr", "compound"} {
		if patterns[k] == 0 {
			t.Errorf("no %s pattern among %d indicators", k, n)
		}
	}
	if c := patterns["compound"]; c < n*3/100 || c > n*7/100 {
		t.Errorf("%d compound patterns among %d, want about 5%%", c, n)
	}
}

func TestIndicatorsDeterministic(t *testing.T) {
	a := generate(t, 500, 7)
	if !bytes.Equal(a, generate(t, 500, 7)) {
		t.Error("same seed, different output")
	}
	if bytes.Equal(a, generate(t, 500, 8)) {
		t.Error("different seeds, same output")
	}
	// Object i does not depend on how many objects follow it.
	short := generate(t, 10, 7)
	if !bytes.HasPrefix(a, short[:len(short)-len("\n]}\n")]) {
		t.Error("the first 10 objects of a 500-object bundle differ from a 10-object bundle")
	}
}

func TestIndicatorsSchema(t *testing.T) {
	set, err := stixschema.Load(stixschema.Dir(t, stixschema.DefaultRelDir))
	if err != nil {
		t.Fatal(err)
	}
	// A small bundle validated whole against common/bundle.json ...
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(generate(t, 50, 3)))
	if err != nil {
		t.Fatal(err)
	}
	if err := set.ValidateBundle(doc); err != nil {
		t.Errorf("bundle: %v", err)
	}
	// ... and a sample of a larger one object by object.
	doc, err = jsonschema.UnmarshalJSON(bytes.NewReader(generate(t, 2000, 42)))
	if err != nil {
		t.Fatal(err)
	}
	objects := doc.(map[string]any)["objects"].([]any)
	for i := 0; i < len(objects); i += 13 {
		if err := set.Validate(objects[i]); err != nil {
			t.Errorf("object %d: %v", i, err)
		}
	}
}

func TestIndicatorsEdgeCases(t *testing.T) {
	var b bundle
	data := generate(t, 0, 1)
	if err := json.Unmarshal(data, &b); err != nil || b.Type != "bundle" || b.Objects != nil {
		t.Errorf("empty bundle %s: %v", data, err)
	}
	if err := Indicators(io.Discard, -1, 1); err == nil {
		t.Error("negative count: want an error")
	}
	if err := Indicators(failAfter{n: 4096}, 1000, 1); !errors.Is(err, errBroken) {
		t.Errorf("broken writer: err = %v, want errBroken", err)
	}
	if err := Indicators(failAfter{n: 0}, 0, 1); !errors.Is(err, errBroken) {
		t.Errorf("broken writer, empty bundle: err = %v, want errBroken", err)
	}
}

var errBroken = errors.New("broken pipe")

type failAfter struct{ n int }

func (f failAfter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		return f.n, errBroken
	}
	return len(p), nil
}

func TestAppendTimestamp(t *testing.T) {
	r := rnd(99)
	for range 10000 {
		ms := int64(r.next() % (200 * 365 * dayMillis)) // 1970 to 2169
		want := time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
		if got := string(appendTimestamp(nil, ms)); got != want {
			t.Fatalf("appendTimestamp(%d) = %s, want %s", ms, got, want)
		}
	}
}

func BenchmarkIndicators(b *testing.B) {
	const n = 10000
	var size countWriter
	if err := Indicators(&size, n, 42); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		if err := Indicators(io.Discard, n, 42); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "objects/s")
}

// countWriter discards what it is given and counts it.
type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}
