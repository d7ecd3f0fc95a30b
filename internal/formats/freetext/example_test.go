package freetext_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/fusion-cti/fusion/internal/formats/freetext"
)

func ExampleExtract() {
	report := `The loader (SHA-256 275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f)
beacons to hxxps://update-check[.]example[.]com/gate.php and 198.51.100.7.
It exploits CVE-2021-44228 (T1190); version 2.0.1.7 of setup.py is unrelated.`

	err := freetext.Extract(context.Background(), strings.NewReader(report), func(f freetext.Found) error {
		fmt.Printf("%d:%d %s %s", f.Line, f.Col, f.Kind, f.Value)
		if f.Flags != 0 {
			fmt.Printf(" (%v)", f.Flags)
		}
		fmt.Println()
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// 1:21 file:hashes.'SHA-256' 275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f
	// 2:12 url:value https://update-check.example.com/gate.php (defanged)
	// 2:20 domain-name:value update-check.example.com (defanged)
	// 2:62 ipv4-addr:value 198.51.100.7 (private)
	// 3:13 vulnerability:name CVE-2021-44228
	// 3:29 attack-pattern:external_references.external_id T1190
}

func ExampleRefang() {
	fmt.Println(freetext.Refang("hxxps://evil[.]example[.]com/login and admin [at] example [dot] org"))
	// Output: https://evil.example.com/login and admin@example.org
}
