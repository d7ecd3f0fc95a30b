package stix_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/fusion-cti/fusion/internal/stix"
)

func Example() {
	bundle := `{
  "type": "bundle",
  "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
  "objects": [
    {
      "type": "ipv4-addr",
      "spec_version": "2.1",
      "id": "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4",
      "value": "198.51.100.3"
    },
    {
      "type": "indicator",
      "spec_version": "2.1",
      "id": "indicator--e2e1a340-4415-4ba8-9671-f7343fbf0836",
      "created": "2024-03-01T10:00:00.000Z",
      "modified": "2024-03-01T10:00:00.000Z",
      "pattern": "[ipv4-addr:value = '198.51.100.3']",
      "pattern_type": "stix",
      "valid_from": "2024-03-01T10:00:00Z",
      "indicator_types": ["made-up"]
    }
  ]
}`
	r := stix.NewBundleReader(strings.NewReader(bundle))
	for {
		raw, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		obj, report := stix.Validate(raw)
		fmt.Printf("%d %s %s ok=%v version=%s\n", r.Index(), stix.Kind(obj.Type), obj.ID, report.OK(),
			stix.FormatTime(obj.Version()))
		for _, w := range report.Warnings {
			fmt.Println("  warning", w)
		}
	}
	id, _ := stix.DeterministicID([]byte(`{"type":"ipv4-addr","value":"198.51.100.3"}`))
	fmt.Println(id)
	// Output:
	// 0 SCO ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4 ok=true version=0001-01-01T00:00:00.000Z
	// 1 SDO indicator--e2e1a340-4415-4ba8-9671-f7343fbf0836 ok=true version=2024-03-01T10:00:00.000Z
	//   warning $.indicator_types[0]: value "made-up" is not in open vocabulary indicator-type-ov
	// ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4
}
