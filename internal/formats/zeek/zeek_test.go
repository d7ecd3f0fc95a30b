package zeek

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/formats/ioc/ioctest"
)

func TestGolden(t *testing.T) {
	input := ioctest.ReadFile(t, "testdata/indicators.jsonl")
	for _, c := range []struct {
		name string
		e    Exporter
	}{
		{name: "default"},
		{name: "options", e: Exporter{Source: "acme feed", URL: "https://fusion.example.org/objects/{id}"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var st Stats
			c.e.Stats = &st
			var out bytes.Buffer
			if err := c.e.Export(context.Background(), &out, ioctest.Seq(input)); err != nil {
				t.Fatal(err)
			}
			checkIntel(t, out.String())
			ioctest.Golden(t, "testdata/"+c.name+".intel", out.Bytes())
			ioctest.Golden(t, "testdata/"+c.name+".stats", []byte(st.String()+"\n"))
		})
	}
}

// checkIntel reads the file as Zeek's ASCII reader does: the header, then
// five tab-separated fields per line, none empty, no line a comment.
func checkIntel(t *testing.T, text string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if lines[0]+"\n" != Header {
		t.Fatalf("header %q", lines[0])
	}
	seen := map[string]bool{}
	for i, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != 5 || strings.HasPrefix(l, "#") {
			t.Errorf("line %d: %d fields: %q", i+2, len(f), l)
			continue
		}
		for j, v := range f {
			if v == "" || v == "(empty)" || (j < 3 && v == "-") {
				t.Errorf("line %d field %d: %q", i+2, j+1, v)
			}
		}
		if !strings.HasPrefix(f[1], "Intel::") {
			t.Errorf("line %d: type %q", i+2, f[1])
		}
		key := strings.ToLower(f[0]) + " " + f[1]
		if seen[key] {
			t.Errorf("line %d: %s twice", i+2, key)
		}
		seen[key] = true
	}
}

func TestBadOptions(t *testing.T) {
	for _, e := range []Exporter{{Source: "a\tb"}, {Source: "-"}, {URL: "https://x/{id} y"}, {URL: "a\nb"}} {
		if err := e.Export(context.Background(), io.Discard, ioctest.Seq(nil)); err == nil || !strings.HasPrefix(err.Error(), "zeek intel: ") {
			t.Errorf("%+v: %v", e, err)
		}
	}
}

func TestSourceError(t *testing.T) {
	boom := errors.New("boom")
	src := func(yield func(codec.Indicator, error) bool) {
		if yield(codec.Indicator{Kind: "domain-name:value", Value: "evil.example"}, nil) {
			yield(codec.Indicator{}, boom)
		}
	}
	var out bytes.Buffer
	if err := (Exporter{}).Export(context.Background(), &out, src); !errors.Is(err, boom) {
		t.Errorf("source error: %v", err)
	}
	if !strings.Contains(out.String(), "evil.example\tIntel::DOMAIN") {
		t.Errorf("lines before the error were not flushed: %q", out.String())
	}
}

func BenchmarkExport(b *testing.B) {
	const n = 1_000_000
	var st Stats
	for b.Loop() {
		if err := (Exporter{Stats: &st}).Export(context.Background(), io.Discard, ioctest.Generate(n)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(st.Written), "lines")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/indicator")
}
