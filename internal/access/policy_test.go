package access_test

import (
	"fmt"
	"testing"

	"github.com/fusion-cti/fusion/internal/access"
)

// TestSeesTable checks Sees against the table in docs/SHARING.md, row by
// row and column by column.
func TestSeesTable(t *testing.T) {
	const (
		owner  = 1
		named  = 2 // in group 10
		centre = 3
		other  = 4
		sender = 5 // sent the version again later
	)
	viewers := map[string]access.Viewer{
		"operator": access.Operator,
		"owner":    {Org: owner, Role: access.Reader},
		"sender":   {Org: sender, Role: access.Reader},
		"named":    {Org: named, Groups: []int64{10}, Role: access.Reader},
		"centre":   {Org: centre, Centre: true, Role: access.Admin},
		"other":    {Org: other, Groups: []int64{11}, Role: access.Admin},
	}
	rows := []struct {
		tlps   []access.TLP
		groups []int64
		sees   map[string]bool // "named" is irrelevant without groups
	}{
		{[]access.TLP{access.Clear, access.Green}, nil, map[string]bool{"operator": true, "owner": true, "sender": true, "centre": true, "other": true, "named": true}},
		{[]access.TLP{access.Clear, access.Green}, []int64{10}, map[string]bool{"operator": true, "owner": true, "sender": true, "named": true, "centre": true, "other": false}},
		{[]access.TLP{access.Amber, access.AmberStrict}, nil, map[string]bool{"operator": true, "owner": true, "sender": true, "named": false, "centre": true, "other": false}},
		{[]access.TLP{access.Amber, access.AmberStrict}, []int64{10}, map[string]bool{"operator": true, "owner": true, "sender": true, "named": true, "centre": true, "other": false}},
		{[]access.TLP{access.Red}, nil, map[string]bool{"operator": true, "owner": true, "sender": true, "named": false, "centre": false, "other": false}},
		{[]access.TLP{access.Red}, []int64{10}, map[string]bool{"operator": true, "owner": true, "sender": true, "named": true, "centre": false, "other": false}},
	}
	for _, row := range rows {
		for _, tlp := range row.tlps {
			l := access.Label{Owner: owner, TLP: tlp, Groups: row.groups, Senders: []int64{sender}}
			for who, want := range row.sees {
				if got := viewers[who].Sees(l); got != want {
					t.Errorf("%s, groups %v: %s sees = %v, want %v", tlp, row.groups, who, got, want)
				}
			}
		}
	}
	// The centre named in a RED group sees it; several groups are a union.
	red := access.Label{Owner: owner, TLP: access.Red, Groups: []int64{7, 10}}
	if !(access.Viewer{Org: centre, Centre: true, Groups: []int64{7}}).Sees(red) {
		t.Error("the centre named in a RED group's members does not see it")
	}
	if !viewers["named"].Sees(red) {
		t.Error("a member of the second of two groups does not see it")
	}
	// No organisation: sees only what the whole community sees.
	none := access.Viewer{Role: access.Reader}
	if none.Sees(access.Label{TLP: access.Amber}) || !none.Sees(access.Label{TLP: access.Green}) {
		t.Error("a viewer without organisation: wrong on AMBER or GREEN without owner")
	}
}

func TestParseTLP(t *testing.T) {
	for in, want := range map[string]access.TLP{"clear": access.Clear, "TLP:WHITE": access.Clear, "green": access.Green, "Amber": access.Amber, "amber+strict": access.AmberStrict, "tlp:red": access.Red} {
		got, err := access.ParseTLP(in)
		if err != nil || got != want {
			t.Errorf("ParseTLP(%q) = %v, %v; want %v", in, got, err, want)
		}
		if back, err := access.ParseTLP(got.String()); err != nil || back != got {
			t.Errorf("%v does not round-trip through String: %v, %v", got, back, err)
		}
	}
	if _, err := access.ParseTLP("amber-strict"); err == nil {
		t.Error("ParseTLP accepted amber-strict")
	}
}

func TestOrgValidate(t *testing.T) {
	for _, c := range []struct {
		o  access.Org
		ok bool
	}{
		{access.Org{Name: "centre", Kind: access.Centre}, true},
		{access.Org{Name: "cert-fr", Kind: access.Member, Country: "FR"}, true},
		{access.Org{Name: "x", Kind: access.Member, Country: "XX"}, false}, // not assigned
		{access.Org{Name: "x", Kind: access.Member, Country: "fr"}, false}, // lower case
		{access.Org{Name: "x", Kind: access.Member}, false},
		{access.Org{Name: "bank", Kind: access.Partner, Country: "DE"}, false},
		{access.Org{Name: "", Kind: access.Partner}, false},
		{access.Org{Name: "a b", Kind: access.Partner}, false},
		{access.Org{Name: "ok", Kind: "country"}, false},
	} {
		if err := c.o.Validate(); (err == nil) != c.ok {
			t.Errorf("%+v: Validate() = %v, want ok %v", c.o, err, c.ok)
		}
	}
}

func ExampleViewer_Sees() {
	member := access.Viewer{Org: 2, Groups: []int64{10}, Role: access.Reader}
	fmt.Println(member.Sees(access.Label{Owner: 1, TLP: access.Green}))
	fmt.Println(member.Sees(access.Label{Owner: 1, TLP: access.Amber}))
	fmt.Println(member.Sees(access.Label{Owner: 1, TLP: access.Red, Groups: []int64{10}}))
	// Output:
	// true
	// false
	// true
}
