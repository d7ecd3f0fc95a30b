package country

import (
	"strings"
	"testing"
)

func TestAssigned(t *testing.T) {
	for _, cc := range []string{"FR", "DE", "US", "AX", "ZW", "SS", "BQ"} {
		if !Assigned(cc) {
			t.Errorf("%s not assigned", cc)
		}
	}
	for _, cc := range []string{"XK", "EU", "UK", "fr", "F", "FRA", "R ", " F", "", "DE FR"} {
		if Assigned(cc) {
			t.Errorf("%q assigned", cc)
		}
	}
	if n := len(strings.Fields(countries)); n != 249 {
		t.Errorf("%d codes, want the 249 assigned", n)
	}
}
