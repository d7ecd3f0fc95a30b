package misp_test

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/fusion-cti/fusion/internal/formats/misp"
	"github.com/fusion-cti/fusion/internal/stix"
)

// Each MISP event becomes one STIX bundle, read while it is produced.
func ExampleImporter_Import() {
	event := `{"Event": {"uuid": "5f2c1a3e-0c4b-4b8e-9a4f-1e2d3c4b5a69", "info": "Phishing wave",
	  "date": "2021-04-08", "timestamp": "1617875568", "published": true, "distribution": "1",
	  "Orgc": {"uuid": "55f6ea5e-2c60-40e5-964f-47a8950d210f", "name": "CIRCL"},
	  "Attribute": [
	    {"uuid": "c99506a6-1255-4b71-afa5-7b8ba48c3b1b", "type": "domain", "value": "login-bank.example", "to_ids": true},
	    {"uuid": "c99506a6-1255-4b71-afa5-7b8ba48c3b1c", "type": "ip-dst", "value": "198.51.100.7", "to_ids": false}],
	  "Tag": [{"name": "tlp:green"}]}}`
	var imp misp.Importer
	err := imp.Import(context.Background(), strings.NewReader(event), func(name string, bundle io.Reader) error {
		br := stix.NewBundleReader(bundle)
		for {
			raw, err := br.Next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			o, _ := stix.Parse(raw)
			fmt.Println(name, o.ID)
		}
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// Event identity--55f6ea5e-2c60-40e5-964f-47a8950d210f
	// Event indicator--c99506a6-1255-4b71-afa5-7b8ba48c3b1b
	// Event ipv4-addr--12592121-be4c-5a93-a813-5a5af16e50db
	// Event observed-data--c99506a6-1255-4b71-afa5-7b8ba48c3b1c
	// Event report--5f2c1a3e-0c4b-4b8e-9a4f-1e2d3c4b5a69
}
