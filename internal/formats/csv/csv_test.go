package csv_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	fcsv "github.com/fusion-cti/fusion/internal/formats/csv"
	"github.com/fusion-cti/fusion/internal/stix"
)

type bad struct {
	line int
	err  string
}

// importCSV runs the importer and returns the STIX objects of its one unit
// (each validated) and the rows it reported.
func importCSV(t *testing.T, mapping, input string) ([]*stix.Object, []bad) {
	t.Helper()
	var bads []bad
	c := fcsv.Codec{Map: mapping, Report: func(line int, err error) { bads = append(bads, bad{line, err.Error()}) },
		Now: func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }}
	var objs []*stix.Object
	units := 0
	err := c.Import(context.Background(), strings.NewReader(input), func(name string, bundle io.Reader) error {
		units++
		br := stix.NewBundleReader(bundle)
		for {
			raw, err := br.Next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			obj, rep := stix.Validate(raw)
			if len(rep.Errors) > 0 {
				t.Errorf("invalid object %s: %v", raw, rep.Errors)
				continue
			}
			objs = append(objs, obj)
		}
	})
	if err != nil || units != 1 {
		t.Fatalf("import: %v (%d units)", err, units)
	}
	return objs, bads
}

func TestImportMapped(t *testing.T) {
	input := `# exported by a partner
type,value,seen,label
ip-dst,198.51.100.7,2026-01-02,c2
domain,Evil.Example.com,2026-01-03T10:00:00Z,phishing
sha256,` + strings.Repeat("ab", 32) + `,1767225600,sample
nonsense,x,2026-01-02,
ip-dst,not-an-ip,2026-01-02,
url,"http://bad.example/a,b",2026-01-04,quoted
`
	objs, bads := importCSV(t, "type=1,value=2,first_seen=3,name=4", input)
	if len(objs) != 4 {
		t.Fatalf("%d objects, want 4", len(objs))
	}
	for i, want := range []string{
		`[ipv4-addr:value = '198.51.100.7']`, `[domain-name:value = 'Evil.Example.com']`,
		`[file:hashes.'SHA-256' = '` + strings.Repeat("ab", 32) + `']`, `[url:value = 'http://bad.example/a,b']`,
	} {
		if !bytes.Contains(objs[i].Raw, []byte(`"pattern":"`+strings.ReplaceAll(want, `'`, `'`)+`"`)) {
			t.Errorf("object %d: %s, want pattern %s", i, objs[i].Raw, want)
		}
	}
	if len(bads) != 2 || bads[0].line != 6 || !strings.Contains(bads[0].err, `unknown type "nonsense"`) || bads[1].line != 7 || !strings.Contains(bads[1].err, "not an IP address") {
		t.Fatalf("reported rows: %+v", bads)
	}
	// The same value twice is the same object (deterministic ids).
	again, _ := importCSV(t, "type=1,value=2,first_seen=3,name=4", input)
	if again[0].ID != objs[0].ID {
		t.Fatal("ids are not deterministic")
	}
}

func TestImportGuessedAndNamedColumns(t *testing.T) {
	input := "indicator,when\n203.0.113.9,2026-01-02\n2001:DB8::1\nbad.example.\nuser@evil.example\n" + strings.Repeat("0f", 16) + "\nhello\n"
	objs, bads := importCSV(t, "value=indicator,first_seen=when", input)
	var patterns []string
	for _, o := range objs {
		var p struct{ Pattern string }
		stixUnmarshal(t, o.Raw, &p)
		patterns = append(patterns, p.Pattern)
	}
	want := []string{"[ipv4-addr:value = '203.0.113.9']", "[ipv6-addr:value = '2001:db8::1']", "[domain-name:value = 'bad.example']",
		"[email-addr:value = 'user@evil.example']", "[file:hashes.MD5 = '" + strings.Repeat("0f", 16) + "']"}
	if strings.Join(patterns, "\n") != strings.Join(want, "\n") {
		t.Fatalf("patterns:\n%s\nwant:\n%s", strings.Join(patterns, "\n"), strings.Join(want, "\n"))
	}
	if len(bads) != 1 || bads[0].line != 7 {
		t.Fatalf("reported: %+v", bads)
	}
}

func TestParseMap(t *testing.T) {
	for _, bad := range []string{"", "type=1", "value=0", "colour=2", "value"} {
		if _, _, err := fcsv.ParseMap(bad); err == nil {
			t.Errorf("ParseMap(%q) accepted", bad)
		}
	}
}

func TestExport(t *testing.T) {
	var b strings.Builder
	src := func(yield func(codec.Indicator, error) bool) {
		yield(codec.Indicator{ID: "indicator--x", Kind: "url:value", Value: `http://a.example/"q",x`, Name: "n", Confidence: 80, TLP: "green"}, nil)
		yield(codec.Indicator{ID: "indicator--y", Kind: "ipv4-addr:value", Value: "198.51.100.1", Confidence: -1, TLP: "amber"}, nil)
	}
	if err := (fcsv.Codec{}).Export(context.Background(), &b, src); err != nil {
		t.Fatal(err)
	}
	want := "kind,value,id,name,confidence,tlp,valid_until\nurl:value,\"http://a.example/\"\"q\"\",x\",indicator--x,n,80,green,\nipv4-addr:value,198.51.100.1,indicator--y,,,amber,\n"
	if b.String() != want {
		t.Fatalf("export:\n%s\nwant:\n%s", b.String(), want)
	}
}
