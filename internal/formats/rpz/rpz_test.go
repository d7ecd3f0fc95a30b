package rpz

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/formats/ioc/ioctest"
)

var exportTime = time.Date(2026, 3, 4, 13, 47, 0, 0, time.UTC)

func TestGolden(t *testing.T) {
	input := ioctest.ReadFile(t, "testdata/indicators.jsonl")
	for _, c := range []struct {
		name, zone string
		e          Exporter
	}{
		{name: "default", zone: "rpz.fusion.local."},
		{name: "options", zone: "blocklist.example.", e: Exporter{
			Zone: "Blocklist.Example", TTL: 60, NS: "ns1.example.", Contact: "dns-admin.example.",
			SerialStyle: SerialDate, Policy: Drop, NoWildcards: true, NoComments: true,
		}},
		{name: "serial", zone: "rpz.fusion.local.", e: Exporter{Serial: 42, Policy: NODATA}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var st Stats
			c.e.Stats = &st
			if c.e.Now == nil {
				c.e.Now = func() time.Time { return exportTime }
			}
			var out bytes.Buffer
			if err := c.e.Export(context.Background(), &out, ioctest.Seq(input)); err != nil {
				t.Fatal(err)
			}
			path := "testdata/" + c.name + ".rpz"
			ioctest.Golden(t, path, out.Bytes())
			ioctest.Golden(t, "testdata/"+c.name+".stats", []byte(st.String()+"\n"))
			checkZone(t, c.zone, path)
		})
	}
}

// checkZone runs BIND's named-checkzone on a zone file. Without the tool the
// check is skipped, except in CI (CI=true), where it fails: install the
// Debian package bind9-utils.
func checkZone(t *testing.T, zone, path string) {
	t.Helper()
	bin, err := exec.LookPath("named-checkzone")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("named-checkzone not found: CI must install the Debian package bind9-utils")
		}
		t.Skip("named-checkzone not installed (Debian package bind9-utils)")
	}
	out, err := exec.Command(bin, "-k", "fail", "-n", "fail", "-i", "full", zone, path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "OK") {
		t.Fatalf("named-checkzone %s %s: %v\n%s", zone, path, err, out)
	}
}

func TestNamedCheckzoneGenerated(t *testing.T) {
	// 20,000 generated indicators of every kind: IPv6 prefixes, IDNs,
	// duplicates; the zone must load.
	path := filepath.Join(t.TempDir(), "gen.rpz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	var st Stats
	if err := (Exporter{Stats: &st}).Export(context.Background(), f, ioctest.Generate(20_000)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if st.Written < 10_000 || st.Duplicates == 0 {
		t.Errorf("stats %s", st)
	}
	checkZone(t, "rpz.fusion.local.", path)
}

func TestIPTrigger(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.1/32":             "32.1.2.0.192.rpz-ip",
		"10.0.0.0/8":               "8.0.0.0.10.rpz-ip",
		"2001:db8::1/128":          "128.1.zz.db8.2001.rpz-ip",
		"2001:db8::/32":            "32.zz.db8.2001.rpz-ip",
		"2001:db8:0:0:1:0:0:1/128": "128.1.0.0.1.zz.db8.2001.rpz-ip",  // equal runs: the first in address order
		"2001:db8:0:1:0:0:0:1/128": "128.1.zz.1.0.db8.2001.rpz-ip",    // the longer run
		"2001:db8:1:0:1:1:1:1/128": "128.1.1.1.1.0.1.db8.2001.rpz-ip", // a single zero word stays
		"::1/128":                  "128.1.zz.rpz-ip",
		"::/1":                     "1.zz.rpz-ip",
		"8000::/1":                 "1.zz.8000.rpz-ip",
		"2001:db8:1:2:3:4:5:6/127": "127.6.5.4.3.2.1.db8.2001.rpz-ip",
		"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128": "128.ffff.ffff.ffff.ffff.ffff.ffff.ffff.ffff.rpz-ip",
	} {
		if got := IPTrigger(netip.MustParsePrefix(in)); got != want {
			t.Errorf("IPTrigger(%s) = %s; want %s", in, got, want)
		}
	}
}

func TestSerial(t *testing.T) {
	for _, c := range []struct {
		e    Exporter
		want string
	}{
		{Exporter{}, " 1772632020 "},
		{Exporter{SerialStyle: SerialDate}, " 2026030455 "},
		{Exporter{SerialStyle: SerialDate, Now: func() time.Time { return time.Date(2099, 12, 31, 23, 59, 0, 0, time.UTC) }}, " 2099123195 "},
		{Exporter{Serial: 7}, " 7 "},
	} {
		if c.e.Now == nil {
			c.e.Now = func() time.Time { return exportTime }
		}
		var out bytes.Buffer
		if err := c.e.Export(context.Background(), &out, ioctest.Seq(nil)); err != nil {
			t.Fatal(err)
		}
		soa := strings.Split(out.String(), "\n")[3]
		if !strings.Contains(soa, c.want) {
			t.Errorf("%+v: SOA %q, want serial%s", c.e, soa, c.want)
		}
	}
}

func TestBadOptions(t *testing.T) {
	for _, e := range []Exporter{
		{Zone: "bad zone."}, {Zone: "a..b"}, {NS: "ns;1."}, {Contact: "x y"}, {Policy: 9}, {SerialStyle: 5}, {TTL: 1 << 31},
	} {
		if err := e.Export(context.Background(), io.Discard, ioctest.Seq(nil)); err == nil || !strings.HasPrefix(err.Error(), "rpz zone: ") {
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
	var st Stats
	if err := (Exporter{Stats: &st}).Export(context.Background(), io.Discard, src); !errors.Is(err, boom) || st.Written != 2 {
		t.Errorf("source error: %v, %s", err, st)
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
	b.ReportMetric(float64(st.Written), "records")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/indicator")
}
