package suricata

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/formats/ioc/ioctest"
	"github.com/fusion-cti/fusion/internal/formats/suricata/ruletext"
)

func TestGolden(t *testing.T) {
	input := ioctest.ReadFile(t, "testdata/indicators.jsonl")
	for _, c := range []struct {
		name  string
		e     Exporter
		lists bool
	}{
		{name: "default"},
		{name: "options", e: Exporter{
			Settings: ruletext.Settings{Action: "drop", SIDBase: 5_000_000, SIDSpan: 1000, ClassType: "bad-unknown", MsgPrefix: "ACME",
				Reference: "fusion.example.org/objects/", RevFromModified: true}, Direction: Both, TLSSNI: true,
		}},
		{name: "hashlists", lists: true, e: Exporter{HashListPrefix: "ioc", FileProtocols: []string{"http", "smtp"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var st Stats
			c.e.Stats = &st
			if c.lists {
				c.e.HashListDir = t.TempDir()
			}
			var out bytes.Buffer
			if err := c.e.Export(context.Background(), &out, ioctest.Seq(input)); err != nil {
				t.Fatal(err)
			}
			checkRules(t, out.String())
			ioctest.Golden(t, "testdata/"+c.name+".rules", out.Bytes())
			ioctest.Golden(t, "testdata/"+c.name+".stats", []byte(st.String()+"\n"))
			if c.lists {
				names, _ := filepath.Glob(filepath.Join(c.e.HashListDir, "*"))
				if len(names) != 3 {
					t.Errorf("hash lists %v, want 3", names)
				}
				for _, n := range names {
					data, err := os.ReadFile(n)
					if err != nil {
						t.Fatal(err)
					}
					ioctest.Golden(t, "testdata/"+c.name+"."+filepath.Base(n), data)
				}
			}
		})
	}
}

// checkRules lints every rule line and checks the sids are unique.
func checkRules(t *testing.T, text string) {
	t.Helper()
	sids := map[uint32]int{}
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		r, err := ruletext.Lint(line)
		if err != nil {
			t.Errorf("line %d: %v\n%s", i+1, err, line)
			continue
		}
		if prev, dup := sids[r.SID]; dup {
			t.Errorf("line %d: sid %d already on line %d", i+1, r.SID, prev)
		}
		sids[r.SID] = i + 1
	}
}

// sidsByMsg maps each rule's msg to its sid.
func sidsByMsg(t *testing.T, text string) map[string]uint32 {
	out := map[string]uint32{}
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		r, err := ruletext.Lint(line)
		if err != nil {
			t.Fatal(err)
		}
		out[r.Msg] = r.SID
	}
	return out
}

func TestSIDsStableAcrossExports(t *testing.T) {
	input := ioctest.ReadFile(t, "testdata/indicators.jsonl")
	var a, b bytes.Buffer
	if err := (Exporter{}).Export(context.Background(), &a, ioctest.Seq(input)); err != nil {
		t.Fatal(err)
	}
	// Another export, other order and only half of the indicators.
	half := slices.Clone(input[:len(input)/2])
	slices.Reverse(half)
	if err := (Exporter{}).Export(context.Background(), &b, ioctest.Seq(half)); err != nil {
		t.Fatal(err)
	}
	all, some := sidsByMsg(t, a.String()), sidsByMsg(t, b.String())
	if len(some) < 10 {
		t.Fatalf("only %d rules in the second export", len(some))
	}
	// A value carried by two indicators is written once, named by the
	// first: the reversed export names it by the other one.
	common := 0
	for msg, sid := range some {
		if prev, ok := all[msg]; ok {
			common++
			if prev != sid {
				t.Errorf("%q: sid %d in one export, %d in the other", msg, prev, sid)
			}
		}
	}
	if common < len(some)-1 {
		t.Errorf("only %d of %d rules in both exports", common, len(some))
	}
}

func TestSIDCollisions(t *testing.T) {
	// 20,000 IP rules in a range of 25,000 sids: many collide, all differ.
	var out bytes.Buffer
	var st Stats
	src := func(yield func(codec.Indicator, error) bool) {
		for i := range 20_000 {
			v := "10." + itoa(i>>16) + "." + itoa(i>>8&255) + "." + itoa(i&255)
			if !yield(codec.Indicator{ID: "indicator--x", Kind: "ipv4-addr:value", Value: v, Confidence: -1}, nil) {
				return
			}
		}
	}
	if err := (Exporter{Settings: ruletext.Settings{SIDBase: 1_000_000, SIDSpan: 25_000}, Stats: &st}).Export(context.Background(), &out, src); err != nil {
		t.Fatal(err)
	}
	checkRules(t, out.String())
	if st.Written != 20_000 {
		t.Errorf("wrote %d rules", st.Written)
	}
	// A range too small fails with ErrSIDsExhausted.
	err := (Exporter{Settings: ruletext.Settings{SIDBase: 1_000_000, SIDSpan: 100}}).Export(context.Background(), io.Discard, src)
	if !errors.Is(err, ruletext.ErrSIDsExhausted) {
		t.Errorf("small range: %v", err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestBadOptions(t *testing.T) {
	for _, e := range []Exporter{
		{Settings: ruletext.Settings{Action: "shout"}}, {Settings: ruletext.Settings{ClassType: "bad type"}}, {Settings: ruletext.Settings{Reference: "http://x/"}}, {Settings: ruletext.Settings{Reference: "a;b"}},
		{Settings: ruletext.Settings{SIDBase: 4_294_967_000, SIDSpan: 1000}}, {Direction: 7}, {FileProtocols: []string{"ht tp"}}, {HashListPrefix: "../x"},
	} {
		if err := e.Export(context.Background(), io.Discard, ioctest.Seq(nil)); err == nil || !strings.HasPrefix(err.Error(), "suricata rules: ") {
			t.Errorf("%+v: %v", e, err)
		}
	}
}

func TestSourceErrorAndCancel(t *testing.T) {
	boom := errors.New("boom")
	src := func(yield func(codec.Indicator, error) bool) {
		yield(codec.Indicator{Kind: "ipv4-addr:value", Value: "192.0.2.1"}, nil)
		yield(codec.Indicator{}, boom)
	}
	var st Stats
	if err := (Exporter{Stats: &st}).Export(context.Background(), io.Discard, src); !errors.Is(err, boom) {
		t.Errorf("source error: %v", err)
	}
	if st.Read != 1 || st.Written != 1 {
		t.Errorf("stats after a source error: %s", st)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (Exporter{}).Export(ctx, io.Discard, ioctest.Generate(5000)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestRealSuricata(t *testing.T) {
	// Suricata is not packaged for Debian 12 (bookworm): run this where it
	// is installed; it is skipped, also in CI, where it is not.
	bin, err := exec.LookPath("suricata")
	if err != nil {
		t.Skip("suricata not installed")
	}
	dir := t.TempDir()
	var out bytes.Buffer
	if err := (Exporter{TLSSNI: true, HashListDir: dir}).Export(context.Background(), &out, ioctest.Seq(ioctest.ReadFile(t, "testdata/indicators.jsonl"))); err != nil {
		t.Fatal(err)
	}
	rules := filepath.Join(dir, "fusion.rules")
	if err := os.WriteFile(rules, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-T", "-S", rules, "-l", dir, "--set", "default-rule-path="+dir)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("suricata -T: %v\n%s", err, msg)
	}
}

func BenchmarkExport(b *testing.B) {
	const n = 1_000_000
	var st Stats
	for b.Loop() {
		if err := (Exporter{TLSSNI: true, Stats: &st}).Export(context.Background(), io.Discard, ioctest.Generate(n)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(st.Written), "rules")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/indicator")
}
