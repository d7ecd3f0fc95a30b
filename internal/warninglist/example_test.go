package warninglist_test

import (
	"fmt"

	"github.com/fusion-cti/fusion/internal/warninglist"
)

func ExampleBuiltin() {
	set := warninglist.Builtin()
	for _, v := range []struct{ kind, value string }{
		{"ipv4-addr:value", "8.8.8.8"},
		{"ipv6-addr:value", "[2001:DB8::1]:443"},
		{"url:value", "https://www.Example.COM./login"},
		{"domain-name:value", "fusion-cti.org"},
	} {
		fmt.Println(v.value, set.Match(v.kind, v.value))
	}
	// Output:
	// 8.8.8.8 [{builtin-public-resolvers 8.8.8.8}]
	// [2001:DB8::1]:443 [{builtin-documentation-ip 2001:db8::/32}]
	// https://www.Example.COM./login [{builtin-special-domains example.com}]
	// fusion-cti.org []
}

func ExampleLoad() {
	set, rep, err := warninglist.Load("testdata/load")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Lists, "lists loaded")
	for _, p := range rep.Broken {
		fmt.Println("broken:", p)
	}
	fmt.Println(set.Match("domain-name:value", "WWW.corp.example"))
	// Output:
	// 4 lists loaded
	// broken: testdata/load/broken/list.json: line 4 col 37: invalid character ']' looking for beginning of value
	// broken: testdata/load/nolist/list.json: no "list" of entries
	// [{hosts .Corp.Example.}]
}
