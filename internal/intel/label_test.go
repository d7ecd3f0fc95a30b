package intel

import (
	"slices"
	"testing"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/stix"
)

func TestLabelOf(t *testing.T) {
	const groupMarking = "marking-definition--0d6ee5f5-5f0b-4d43-9c8b-2b8f1c1e8a01"
	const other = "marking-definition--1d6ee5f5-5f0b-4d43-9c8b-2b8f1c1e8a02"
	group := func(id string) (int64, bool) {
		switch id {
		case groupMarking:
			return 10, true
		case other:
			return 11, true
		}
		return 0, false
	}
	d := access.Defaults{Owner: 3, TLP: access.Amber, Groups: []int64{5}}
	for _, c := range []struct {
		name string
		refs []string
		want access.Label
	}{
		{"unmarked takes every default", nil, access.Label{Owner: 3, TLP: access.Amber, Groups: []int64{5}}},
		{"TLP 2.0", []string{stix.TLPv2Green}, access.Label{Owner: 3, TLP: access.Green}},
		{"TLP 1.0 white is clear", []string{stix.TLPWhite}, access.Label{Owner: 3, TLP: access.Clear}},
		{"most restrictive wins", []string{stix.TLPv2Green, stix.TLPRed, stix.TLPv2AmberStrict}, access.Label{Owner: 3, TLP: access.Red}},
		{"group without TLP takes the default level only", []string{groupMarking}, access.Label{Owner: 3, TLP: access.Amber, Groups: []int64{10}}},
		{"two groups, repeated", []string{other, groupMarking, other, stix.TLPv2Red}, access.Label{Owner: 3, TLP: access.Red, Groups: []int64{10, 11}}},
		{"a statement marking changes nothing but stops the default groups", []string{"marking-definition--9d6ee5f5-5f0b-4d43-9c8b-2b8f1c1e8a09"}, access.Label{Owner: 3, TLP: access.Amber}},
	} {
		got := LabelOf(c.refs, group, d)
		if got.Owner != c.want.Owner || got.TLP != c.want.TLP || !slices.Equal(got.Groups, c.want.Groups) {
			t.Errorf("%s: LabelOf(%v) = %+v, want %+v", c.name, c.refs, got, c.want)
		}
	}
	// The defaults' slice is not shared with the label.
	l := LabelOf(nil, group, d)
	l.Groups[0] = 99
	if d.Groups[0] != 5 {
		t.Error("LabelOf shares the defaults' groups")
	}
}
