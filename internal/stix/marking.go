package stix

import "encoding/json"

// TLP 2.0 marking definitions, published by OASIS as a STIX 2.1 extension
// (cti-stix-common-objects, extension-definition-specifications/tlp-2.0).
const (
	TLPv2Clear       = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
	TLPv2Green       = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
	TLPv2Amber       = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
	TLPv2AmberStrict = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
	TLPv2Red         = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"

	// TLPv2ExtensionID is the extension-definition the TLP 2.0 marking
	// definitions use.
	TLPv2ExtensionID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
)

// TLP 1.0 marking definitions of STIX 2.1 section 7.2.1.4.
const (
	TLPWhite = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"
	TLPGreen = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
	TLPAmber = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"
	TLPRed   = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"
)

const (
	tlp1Created = "2017-01-20T00:00:00.000Z"
	tlp2Created = "2022-10-01T00:00:00.000Z"
)

type tlpDef struct{ name, level string }

var tlp1ByID = map[string]tlpDef{
	TLPWhite: {"TLP:WHITE", "white"},
	TLPGreen: {"TLP:GREEN", "green"},
	TLPAmber: {"TLP:AMBER", "amber"},
	TLPRed:   {"TLP:RED", "red"},
}

var tlp2ByID = map[string]tlpDef{
	TLPv2Clear:       {"TLP:CLEAR", "clear"},
	TLPv2Green:       {"TLP:GREEN", "green"},
	TLPv2Amber:       {"TLP:AMBER", "amber"},
	TLPv2AmberStrict: {"TLP:AMBER+STRICT", "amber+strict"},
	TLPv2Red:         {"TLP:RED", "red"},
}

// tlpDefinitions holds the published objects verbatim (compacted): the four
// TLP 1.0 definitions of section 7.2.1.4, the five TLP 2.0 definitions and
// the TLP 2.0 extension-definition they refer to.
var tlpDefinitions = []string{
	`{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:WHITE","definition":{"tlp":"white"}}`,
	`{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:GREEN","definition":{"tlp":"green"}}`,
	`{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:AMBER","definition":{"tlp":"amber"}}`,
	`{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:RED","definition":{"tlp":"red"}}`,
	`{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487","created":"2022-10-01T00:00:00.000Z","name":"TLP:CLEAR","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"clear"}}}`,
	`{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb","created":"2022-10-01T00:00:00.000Z","name":"TLP:GREEN","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"green"}}}`,
	`{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421","created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"amber"}}}`,
	`{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003","created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER+STRICT","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"amber+strict"}}}`,
	`{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1","created":"2022-10-01T00:00:00.000Z","name":"TLP:RED","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"red"}}}`,
	`{"id":"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d","type":"extension-definition","spec_version":"2.1","name":"TLP 2.0","description":"This defines TLP 2.0 as a STIX extension","created":"2022-10-01T00:00:00.000Z","modified":"2022-10-01T00:00:00.000Z","created_by_ref":"identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01","schema":"https://github.com/oasis-open/cti-stix-common-objects/tree/master/extension-definition-specifications/tlp-2.0","version":"1.0.0","extension_types":["property-extension"]}`,
}

// TLPDefinitions returns the standard marking-definition objects ready to
// store: TLP 1.0 (white, green, amber, red) as published in STIX 2.1 section
// 7.2.1.4, TLP 2.0 (clear, green, amber, amber+strict, red) as published by
// OASIS, and the TLP 2.0 extension-definition object. Each call returns
// fresh slices.
func TLPDefinitions() []json.RawMessage {
	out := make([]json.RawMessage, len(tlpDefinitions))
	for i, s := range tlpDefinitions {
		out[i] = json.RawMessage(s)
	}
	return out
}

// TLPLevel returns the TLP 2.0 level ("clear", "green", "amber",
// "amber+strict", "red") that a standard marking-definition id stands for.
// TLP 1.0 ids map to their 2.0 meaning: white is clear.
func TLPLevel(id string) (level string, ok bool) {
	if d, ok := tlp2ByID[id]; ok {
		return d.level, true
	}
	if d, ok := tlp1ByID[id]; ok {
		if d.level == "white" {
			return "clear", true
		}
		return d.level, true
	}
	return "", false
}
