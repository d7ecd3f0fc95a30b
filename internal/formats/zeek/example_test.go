package zeek_test

import (
	"context"
	"fmt"
	"os"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/formats/zeek"
)

func Example() {
	inds := []codec.Indicator{
		{ID: "indicator--1", Name: "Phish\tkit", Kind: "url:value", Value: "https://Login.Example:443/a%20b?x=1#top"},
		{ID: "indicator--2", Kind: "ipv4-addr:value", Value: "198.51.100.7/24"},
	}
	err := zeek.Exporter{}.Export(context.Background(), os.Stdout, func(yield func(codec.Indicator, error) bool) {
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
	// #fields	indicator	indicator_type	meta.source	meta.desc	meta.url
	// login.example/a b?x=1	Intel::URL	fusion	Phish kit (indicator--1)	-
	// 198.51.100.0/24	Intel::SUBNET	fusion	(indicator--2)	-
}
