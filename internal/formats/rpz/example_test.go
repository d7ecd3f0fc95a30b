package rpz_test

import (
	"context"
	"fmt"
	"os"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/formats/rpz"
)

func Example() {
	inds := []codec.Indicator{
		{ID: "indicator--1", Name: "C2", Kind: "domain-name:value", Value: "evil.example"},
		{ID: "indicator--2", Kind: "ipv6-addr:value", Value: "2001:db8::/32"},
	}
	e := rpz.Exporter{Serial: 2026010100}
	err := e.Export(context.Background(), os.Stdout, func(yield func(codec.Indicator, error) bool) {
		for _, ind := range inds {
			if !yield(ind, nil) {
				return
			}
		}
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// ; Response policy zone written by Fusion (rpz/zone).
	// $ORIGIN rpz.fusion.local.
	// $TTL 300
	// @	SOA	localhost. hostmaster.localhost. 2026010100 3600 600 604800 300
	// @	NS	localhost.
	// evil.example	CNAME	.	; indicator--1 C2
	// *.evil.example	CNAME	.
	// 32.zz.db8.2001.rpz-ip	CNAME	.	; indicator--2
}
