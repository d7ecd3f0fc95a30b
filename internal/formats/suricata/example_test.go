package suricata_test

import (
	"context"
	"fmt"
	"os"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/formats/suricata"
)

func Example() {
	ind := codec.Indicator{ID: "indicator--1", Name: `Gate "v2"`, Kind: "url:value", Value: "http://evil.example/gate.php?a=1;b=2", Confidence: -1}
	err := suricata.Exporter{}.Export(context.Background(), os.Stdout, func(yield func(codec.Indicator, error) bool) {
		yield(ind, nil)
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// # Suricata rules written by Fusion (suricata/rules), for Suricata 6.0 or later.
	// # Needs the address groups $HOME_NET and $EXTERNAL_NET; sids 9000000-98999999.
	// alert http $HOME_NET any -> $EXTERNAL_NET any (msg:"FUSION HTTP request http://evil.example/gate.php?a=1\;b=2 - Gate \"v2\" (indicator--1)"; flow:established,to_server; http.host; content:"evil.example"; bsize:12; http.uri; content:"/gate.php?a=1|3B|b=2"; classtype:trojan-activity; sid:36317555; rev:1; metadata:stix_id indicator--1;)
}
