package blocklist

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
		list func(*Stats) codec.Exporter
	}{
		{"ip", func(s *Stats) codec.Exporter { return IP{Options: Options{Stats: s}} }},
		{"ip6", func(s *Stats) codec.Exporter { return IP{Family: 6, Options: Options{Stats: s}} }},
		{"domain", func(s *Stats) codec.Exporter { return Domain{Options{Stats: s}} }},
		{"domain-hosts", func(s *Stats) codec.Exporter {
			return Domain{Options{Stats: s, Prefix: "0.0.0.0 ", Comment: "Fusion blocklist\nhosts format\n"}}
		}},
		{"url", func(s *Stats) codec.Exporter { return URL{Options{Stats: s}} }},
		{"hash", func(s *Stats) codec.Exporter { return Hash{Options: Options{Stats: s}} }},
		{"hash-sha1-sha256", func(s *Stats) codec.Exporter {
			return Hash{Algorithms: []string{"SHA-256", "sha1"}, Options: Options{Stats: s}}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var st Stats
			var out bytes.Buffer
			if err := c.list(&st).Export(context.Background(), &out, ioctest.Seq(input)); err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, l := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
				if seen[l] {
					t.Errorf("line %q twice", l)
				}
				seen[l] = true
			}
			ioctest.Golden(t, "testdata/"+c.name+".txt", out.Bytes())
			ioctest.Golden(t, "testdata/"+c.name+".stats", []byte(st.String()+"\n"))
		})
	}
}

func TestBadOptions(t *testing.T) {
	for _, e := range []codec.Exporter{
		IP{Family: 5}, Hash{Algorithms: []string{"CRC32"}}, Domain{Options{Prefix: "a\nb"}}, URL{Options{Suffix: "\r"}},
	} {
		if err := e.Export(context.Background(), io.Discard, ioctest.Seq(nil)); err == nil || !strings.HasPrefix(err.Error(), "blocklist/") {
			t.Errorf("%+v: %v", e, err)
		}
	}
}

func TestSourceError(t *testing.T) {
	boom := errors.New("boom")
	src := func(yield func(codec.Indicator, error) bool) {
		if yield(codec.Indicator{Kind: "ipv4-addr:value", Value: "192.0.2.1"}, nil) {
			yield(codec.Indicator{}, boom)
		}
	}
	var out bytes.Buffer
	if err := (IP{}).Export(context.Background(), &out, src); !errors.Is(err, boom) || out.String() != "192.0.2.1\n" {
		t.Errorf("source error: %v, %q", err, out.String())
	}
}

func TestMillionDistinctValues(t *testing.T) {
	if testing.Short() {
		t.Skip("a million values")
	}
	// A million distinct IPv4 addresses, each twice: a million lines.
	src := func(yield func(codec.Indicator, error) bool) {
		for i := range 2_000_000 {
			if !yield(codec.Indicator{Kind: "ipv4-addr:value", Value: "10." + itoa(uint32(i/2)>>16) + "." + itoa(uint32(i/2)>>8&255) + "." + itoa(uint32(i/2)&255)}, nil) {
				return
			}
		}
	}
	var st Stats
	var out ioctest.Discard
	if err := (IP{Options: Options{Stats: &st}}).Export(context.Background(), &out, src); err != nil {
		t.Fatal(err)
	}
	if st.Written != 1_000_000 || st.Duplicates != 1_000_000 {
		t.Errorf("stats %s", st)
	}
}

func itoa(v uint32) string {
	var b [10]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}

func BenchmarkExport(b *testing.B) {
	const n = 1_000_000
	for _, c := range []struct {
		name string
		list func(*Stats) codec.Exporter
	}{
		{"ip", func(s *Stats) codec.Exporter { return IP{Options: Options{Stats: s}} }},
		{"domain", func(s *Stats) codec.Exporter { return Domain{Options{Stats: s}} }},
		{"url", func(s *Stats) codec.Exporter { return URL{Options{Stats: s}} }},
		{"hash", func(s *Stats) codec.Exporter { return Hash{Options: Options{Stats: s}} }},
	} {
		b.Run(c.name, func(b *testing.B) {
			var st Stats
			for b.Loop() {
				if err := c.list(&st).Export(context.Background(), io.Discard, ioctest.Generate(n)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(st.Written), "lines")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/indicator")
		})
	}
}
