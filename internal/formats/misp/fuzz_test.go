package misp

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fusion-cti/fusion/internal/stix"
)

// FuzzMISPEvent checks that Import never panics, that every unit either
// fails through its bundle reader or yields objects that all validate,
// that the output stays within a bound of the input, and that what was
// imported exports and imports again.
func FuzzMISPEvent(f *testing.F) {
	files, _ := filepath.Glob("testdata/events/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) < 8<<10 {
			f.Add(data)
		}
	}
	for _, s := range []string{
		`{"Event":{"uuid":"5f2c1a3e-0c4b-4b8e-9a4f-1e2d3c4b5a69","timestamp":"1617875568","Attribute":[{"type":"ip-dst|port","value":"1.2.3.4|80","to_ids":true}],"Tag":[{"name":"tlp:red"}]}}`,
		`{"Event":{"uuid":"x","date":"2021-01-01","Object":[{"name":"file","uuid":"y","Attribute":[{"type":"md5","object_relation":"md5","value":"0cc175b9c0f1b6a831c399e269772661"}],"ObjectReference":[{"referenced_uuid":"y","relationship_type":"Self Ref"}]}]}}`,
		`{"response":[{"Event":{"uuid":"a","timestamp":1,"Attribute":[{"type":"domain","value":"a.example","Sighting":[{"date_sighting":"2"}]}]}}]}`,
		`[{"Event":{"uuid":"b","timestamp":"1","Tag":[{"name":"misp-galaxy:threat-actor=\"X\""},{"name":"misp-galaxy:malpedia=\"Y\""}]}}]`,
	} {
		f.Add([]byte(s))
	}
	spoolDir := f.TempDir() // one directory: creating one per run is slow on some file systems
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		imp := &Importer{SpoolMemory: 4 << 10, TempDir: spoolDir}
		var out int
		err := imp.Import(context.Background(), bytes.NewReader(data), func(name string, r io.Reader) error {
			var objs []json.RawMessage
			br := stix.NewBundleReader(r)
			for {
				raw, err := br.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					if strings.Contains(err.Error(), "internal error") {
						t.Fatalf("converter panicked: %v", err)
					}
					return nil // rejected unit: fine
				}
				out += len(raw)
				if out > 512*len(data)+1<<20 {
					t.Fatalf("output of %d bytes for %d bytes of input", out, len(data))
				}
				if _, rep := stix.Validate(raw); !rep.OK() {
					t.Fatalf("invalid object %s: %v", raw, rep.Err())
				}
				objs = append(objs, raw)
			}
			var buf bytes.Buffer
			if err := ExportEvent(context.Background(), &buf, seqOf(objs), EventOptions{}); err != nil {
				t.Fatalf("export of an imported event: %v", err)
			}
			again, err := importAll(t, nil, buf.Bytes())
			if err != nil || len(again) != 1 || again[0].err != nil {
				t.Fatalf("re-import of an export: %v %+v\n%s", err, again, buf.Bytes())
			}
			for _, o := range again[0].objects {
				if _, rep := stix.Validate(o); !rep.OK() {
					t.Fatalf("invalid object after a round trip %s: %v", o, rep.Err())
				}
			}
			return nil
		})
		_ = err // malformed input is an error, never a panic
	})
}
