package csv_test

import (
	"context"
	"io"
	"strings"
	"testing"

	fcsv "github.com/fusion-cti/fusion/internal/formats/csv"
	"github.com/fusion-cti/fusion/internal/stix"
)

// FuzzCSV: any input and mapping, no panic, and every object the importer
// writes is a valid STIX indicator.
func FuzzCSV(f *testing.F) {
	f.Add("type,value\nip-dst,198.51.100.7\n", "type=1,value=2")
	f.Add("value\n\"a,b\"\n2001:db8::1\n", "")
	f.Add("x,y\n\"unterminated\n", "value=x")
	f.Fuzz(func(t *testing.T, input, mapping string) {
		c := fcsv.Codec{Map: mapping}
		c.Import(context.Background(), strings.NewReader(input), func(name string, bundle io.Reader) error {
			br := stix.NewBundleReader(bundle)
			for {
				raw, err := br.Next()
				if err != nil {
					return nil
				}
				if _, rep := stix.Validate(raw); len(rep.Errors) > 0 {
					t.Fatalf("invalid object from %q: %s: %v", input, raw, rep.Errors)
				}
			}
		})
	})
}
