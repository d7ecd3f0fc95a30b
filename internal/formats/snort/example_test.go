package snort_test

import (
	"context"
	"fmt"
	"os"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/formats/snort"
)

func Example() {
	ind := codec.Indicator{ID: "indicator--1", Kind: "domain-name:value", Value: "evil.example", Confidence: 80}
	err := snort.Exporter{}.Export(context.Background(), os.Stdout, func(yield func(codec.Indicator, error) bool) {
		yield(ind, nil)
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// # Snort 3 rules written by Fusion (snort/rules), for Snort 3.1 or later.
	// # Needs the variables $HOME_NET and $EXTERNAL_NET; sids 9000000-98999999.
	// alert udp $HOME_NET any -> any 53 (msg:"FUSION DNS query evil.example (indicator--1)"; flow:to_server; byte_test:1,!&,0xF8,2; content:"|04|evil|07|example|00|", nocase; service:dns; classtype:trojan-activity; sid:69630089; rev:1; metadata:stix_id indicator--1, confidence 80;)
}
