package blocklist_test

import (
	"context"
	"fmt"
	"os"
	"slices"

	"github.com/fusion-cti/fusion/internal/formats/blocklist"
	"github.com/fusion-cti/fusion/internal/formats/codec"
)

func Example() {
	inds := []codec.Indicator{
		{ID: "indicator--1", Kind: "domain-name:value", Value: "Evil.Example."},
		{ID: "indicator--2", Kind: "domain-name:value", Value: "bücher.example"},
		{ID: "indicator--3", Kind: "domain-name:value", Value: "evil.example"},
		{ID: "indicator--4", Kind: "ipv4-addr:value", Value: "192.0.2.1"},
	}
	var st blocklist.Stats
	list := blocklist.Domain{Options: blocklist.Options{Prefix: "0.0.0.0 ", Stats: &st}}
	if err := list.Export(context.Background(), os.Stdout, seq(inds)); err != nil {
		fmt.Println(err)
	}
	fmt.Println(st)
	// Output:
	// 0.0.0.0 evil.example
	// 0.0.0.0 xn--bcher-kva.example
	// read 4, written 2, duplicates 1, unsupported ipv4-addr:value=1
}

func seq(inds []codec.Indicator) func(func(codec.Indicator, error) bool) {
	return func(yield func(codec.Indicator, error) bool) {
		for ind := range slices.Values(inds) {
			if !yield(ind, nil) {
				return
			}
		}
	}
}
