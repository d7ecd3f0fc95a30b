// Package demo holds Fusion's built-in demo data set: one STIX 2.1 bundle that
// "fusion serve --demo" loads so that a newcomer sees a living system.
//
// The bundle is synthetic from end to end. It tells a made-up story (the crew
// "DEMO Sandcastle Spider", its loader "DEMO-LoaderX", the campaign
// "DEMO Operation Tidewater", a fictional Fusion Demo Centre with partners and
// member-country units) and uses only values that cannot belong to anyone:
// documentation address ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
// 2001:db8::/32), reserved names (.example, .test, example.com, example.net),
// CVE-2099 identifiers, "ZZ" bank accounts and hashes of made-up strings.
// Every object carries a statement marking that says so.
//
// The data must never be used as intelligence: not for detection, blocking,
// attribution, enrichment or any decision, and never merged into, exported to or
// shared with a real deployment's store or its partners. Nor is it a corpus for
// tests that need realistic volumes; see package testgen for that.
//
// demo.json is written by the generator in ./gen; edit the generator, not the
// file, and run "go generate ./internal/demo/".
package demo

import _ "embed"

//go:generate go run ./gen -o demo.json

//go:embed demo.json
var bundle []byte

// BundleID is the id of the demo bundle.
const BundleID = "bundle--50affd06-9f07-4359-a33a-e28fb6c73196"

// Bundle returns the demo STIX 2.1 bundle as pretty-printed JSON. The caller
// gets its own copy and may modify it.
func Bundle() []byte {
	return append([]byte(nil), bundle...)
}
