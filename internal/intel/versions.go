package intel

import (
	"fmt"
	"strings"

	"github.com/fusion-cti/fusion/internal/stix"
	"github.com/fusion-cti/fusion/internal/store"
)

// ParseVersions reads a version selector as TAXII's match[version] and
// the CLI's --version write it: comma-separated "all", "first", "last" and
// STIX timestamps; empty means the latest.
func ParseVersions(s string) (store.Versions, error) {
	var v store.Versions
	for _, part := range strings.Split(s, ",") {
		switch part = strings.TrimSpace(part); part {
		case "all":
			v.All = true
		case "first":
			v.First = true
		case "last", "":
			v.Last = true
		default:
			t, err := stix.ParseTime(part)
			if err != nil {
				return v, fmt.Errorf("%q: want all, first, last or a timestamp such as 2026-01-02T03:04:05.000Z", part)
			}
			v.At = append(v.At, t)
		}
	}
	return v, nil
}
