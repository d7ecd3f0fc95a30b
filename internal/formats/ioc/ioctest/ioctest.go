// Package ioctest holds what the tool exporters' tests share: reading
// indicators from JSON lines, golden files with an -update flag, and a
// streaming generator of many indicators of mixed kinds for benchmarks.
// Only tests import it.
package ioctest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fusion-cti/fusion/internal/formats/codec"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ with the current output")

// Update reports whether the test run was asked to rewrite golden files.
func Update() bool { return *update }

type line struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Kind       string    `json:"kind"`
	Value      string    `json:"value"`
	Confidence *int      `json:"confidence"`
	TLP        string    `json:"tlp"`
	Created    time.Time `json:"created"`
	Modified   time.Time `json:"modified"`
	ValidUntil time.Time `json:"valid_until"`
	Labels     []string  `json:"labels"`
}

// ReadFile reads indicators from a file of JSON lines with the keys id,
// name, kind, value, confidence (absent: -1), tlp, created, modified,
// valid_until and labels. Blank lines and lines starting with "//" are
// skipped.
func ReadFile(t testing.TB, path string) []codec.Indicator {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []codec.Indicator
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "//") {
			continue
		}
		var l line
		dec := json.NewDecoder(strings.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		conf := -1
		if l.Confidence != nil {
			conf = *l.Confidence
		}
		out = append(out, codec.Indicator{
			ID: l.ID, Name: l.Name, Kind: l.Kind, Value: l.Value, Confidence: conf, TLP: l.TLP,
			Created: l.Created, Modified: l.Modified, ValidUntil: l.ValidUntil, Labels: l.Labels,
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// Seq streams a slice.
func Seq(inds []codec.Indicator) iter.Seq2[codec.Indicator, error] {
	return func(yield func(codec.Indicator, error) bool) {
		for _, ind := range inds {
			if !yield(ind, nil) {
				return
			}
		}
	}
}

// Golden compares got with the file at path, or rewrites the file when the
// test runs with -update.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("%s: line %d differs (run with -update if the change is meant)\n got: %q\nwant: %q", path, i+1, g, w)
		}
	}
	t.Fatalf("%s differs (run with -update if the change is meant)", path)
}

// Generate streams n indicators of mixed kinds, deterministic for an index:
// 30% IPv4 (1 in 10 of them a CIDR block), 10% IPv6 (half CIDR), 20%
// domains (1 in 50 an IDN), 10% URLs, 8% MD5, 7% SHA-256, 5% SHA-1, 4%
// e-mail addresses, 3% file names, 3% of a kind no tool format takes. About
// one in 20 values repeats an earlier one. Nothing is kept between
// indicators, so n can be in the millions.
func Generate(n int) iter.Seq2[codec.Indicator, error] {
	return func(yield func(codec.Indicator, error) bool) {
		base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		var buf []byte
		for i := range n {
			v := i
			if i%20 == 19 {
				v = i / 2 // a duplicate of an earlier value
			}
			kind, value := generated(v, buf[:0])
			ind := codec.Indicator{
				ID:         fmt.Sprintf("indicator--00000000-0000-4000-8000-%012x", i),
				Name:       "Generated indicator " + strconv.Itoa(i),
				Kind:       kind,
				Value:      value,
				Confidence: i % 101,
				TLP:        [...]string{"clear", "green", "amber", "amber+strict", "red"}[i%5],
				Created:    base.Add(time.Duration(i) * time.Second),
				Modified:   base.Add(time.Duration(i) * time.Second),
			}
			if !yield(ind, nil) {
				return
			}
		}
	}
}

func generated(i int, b []byte) (kind, value string) {
	x := uint64(i)*0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019 // spreads i over 64 bits, a bijection
	switch r := i % 100; {
	case r < 30:
		ip := uint32(x >> 32)
		b = fmt.Appendf(b, "%d.%d.%d.%d", byte(ip>>24), byte(ip>>16), byte(ip>>8), byte(ip))
		if r < 3 {
			b = append(b, "/24"...)
		}
		return "ipv4-addr:value", string(b)
	case r < 40:
		b = fmt.Appendf(b, "2001:db8:%x:%x::%x", uint16(x>>48), uint16(x>>32), uint16(x))
		if r < 35 {
			b = fmt.Appendf(b[:0], "2001:db8:%x:%x::/64", uint16(x>>48), uint16(x>>32))
		}
		return "ipv6-addr:value", string(b)
	case r < 60:
		if r == 40 {
			return "domain-name:value", "bücher-" + strconv.FormatUint(x>>20, 36) + ".example"
		}
		return "domain-name:value", "d" + strconv.FormatUint(x>>8, 36) + ".example.com"
	case r < 70:
		return "url:value", "http://h" + strconv.FormatUint(x>>24, 36) + ".example.net/path/" + strconv.Itoa(i) + "?q=" + strconv.FormatUint(x&0xffff, 16)
	case r < 78:
		return "file:hashes.MD5", hexOf(b, x, 32)
	case r < 85:
		return "file:hashes.'SHA-256'", hexOf(b, x, 64)
	case r < 90:
		return "file:hashes.'SHA-1'", hexOf(b, x, 40)
	case r < 94:
		return "email-addr:value", "user" + strconv.Itoa(i) + "@mail" + strconv.FormatUint(x>>40, 36) + ".example.org"
	case r < 97:
		return "file:name", "payload-" + strconv.FormatUint(x>>16, 36) + ".exe"
	default:
		return "x-fusion-iban:value", "DE89370400440532" + strconv.Itoa(i%100000)
	}
}

func hexOf(b []byte, x uint64, digits int) string {
	const hexdigits = "0123456789abcdef"
	for len(b) < digits {
		x = x*6364136223846793005 + 1442695040888963407
		for k := 0; k < 16 && len(b) < digits; k++ {
			b = append(b, hexdigits[(x>>(4*k))&15])
		}
	}
	return string(b)
}

// Discard is io.Discard as a writer that also counts bytes.
type Discard struct{ N int64 }

func (d *Discard) Write(p []byte) (int, error) { d.N += int64(len(p)); return len(p), nil }

var _ io.Writer = (*Discard)(nil)
