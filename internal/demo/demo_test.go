package demo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/fusion-cti/fusion/internal/stix"
	"github.com/fusion-cti/fusion/internal/testgen/stixschema"
)

var (
	sdoTypes = []string{
		"attack-pattern", "campaign", "course-of-action", "grouping", "identity", "incident", "indicator",
		"infrastructure", "intrusion-set", "location", "malware", "malware-analysis", "note", "observed-data",
		"opinion", "report", "threat-actor", "tool", "vulnerability",
	}
	sroTypes = []string{"relationship", "sighting"}
	scoTypes = []string{
		"artifact", "autonomous-system", "directory", "domain-name", "email-addr", "email-message", "file",
		"ipv4-addr", "ipv6-addr", "mac-addr", "mutex", "network-traffic", "process", "software", "url",
		"user-account", "windows-registry-key", "x509-certificate",
	}
)

// TLP marking-definition ids: TLP 2.0 as published with the TLP 2.0 extension,
// TLP 1.0 as in the STIX 2.1 specification.
var (
	tlp2 = map[string]string{
		"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": "clear",
		"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": "green",
		"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": "amber",
		"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": "amber+strict",
		"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": "red",
	}
	tlp1 = []string{
		"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
		"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
		"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
		"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
	}
	tlp2Extension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
)

func isStandardTLP(id string) bool {
	_, ok := tlp2[id]
	return ok || slices.Contains(tlp1, id)
}

func isSCO(typ string) bool { return stix.Kind(typ) == stix.SCO }

type bundleDoc struct {
	Type        string           `json:"type"`
	ID          string           `json:"id"`
	SpecVersion *string          `json:"spec_version"`
	Objects     []map[string]any `json:"objects"`
}

// load decodes the bundle with numbers kept as json.Number.
func load(t *testing.T) bundleDoc {
	t.Helper()
	var b bundleDoc
	dec := json.NewDecoder(bytes.NewReader(Bundle()))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		t.Fatalf("demo bundle does not parse: %v", err)
	}
	return b
}

func str(o map[string]any, k string) string { s, _ := o[k].(string); return s }

func label(o map[string]any) string {
	if m := str(o, "modified"); m != "" {
		return str(o, "id") + " (" + m + ")"
	}
	return str(o, "id")
}

func TestBundleParses(t *testing.T) {
	b := load(t)
	if b.Type != "bundle" {
		t.Errorf("type = %q, want bundle", b.Type)
	}
	if b.ID != BundleID {
		t.Errorf("id = %q, want BundleID %q", b.ID, BundleID)
	}
	if b.SpecVersion != nil {
		t.Error("a STIX 2.1 bundle has no spec_version")
	}
	if n := len(b.Objects); n < 300 || n > 520 {
		t.Errorf("bundle holds %d objects, want a few hundred (300-520)", n)
	}
	if !json.Valid(Bundle()) || !bytes.HasPrefix(Bundle(), []byte("{\n  \"type\": \"bundle\"")) {
		t.Error("bundle is not pretty-printed JSON starting with its type")
	}
	// Bundle returns a copy.
	c := Bundle()
	c[0] = 'x'
	if Bundle()[0] != '{' {
		t.Error("Bundle returns the embedded bytes themselves; callers could change them")
	}
}

func TestObjectVersionsAreUnique(t *testing.T) {
	seen := map[string]bool{}
	versions := map[string]int{}
	for _, o := range load(t).Objects {
		k := label(o)
		if seen[k] {
			t.Errorf("duplicate object %s", k)
		}
		seen[k] = true
		versions[str(o, "id")]++
	}
	multi := 0
	for _, n := range versions {
		if n > 1 {
			multi++
		}
	}
	if multi < 3 {
		t.Errorf("%d objects have several versions, want at least 3", multi)
	}
}

// walkRefs calls fn for every *_ref and *_refs value anywhere in v, with the path
// that leads to it.
func walkRefs(path string, v any, fn func(path, key string, ref any)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			p := path + "." + k
			switch {
			case strings.HasSuffix(k, "_ref"):
				fn(p, k, x)
			case strings.HasSuffix(k, "_refs"):
				list, ok := x.([]any)
				if !ok {
					fn(p, k, x) // reported as malformed by the caller
					continue
				}
				for i, r := range list {
					fn(fmt.Sprintf("%s[%d]", p, i), k, r)
				}
			default:
				walkRefs(p, x, fn)
			}
		}
	case []any:
		for i, x := range v {
			walkRefs(fmt.Sprintf("%s[%d]", path, i), x, fn)
		}
	}
}

func TestReferencesResolve(t *testing.T) {
	b := load(t)
	ids := map[string]bool{}
	for _, o := range b.Objects {
		ids[str(o, "id")] = true
	}
	n := 0
	for _, o := range b.Objects {
		walkRefs(label(o), o, func(path, _ string, ref any) {
			n++
			s, ok := ref.(string)
			switch {
			case !ok:
				t.Errorf("%s: reference is %T, want a string", path, ref)
			case !ids[s] && !isStandardTLP(s):
				t.Errorf("%s: %s is not in the bundle", path, s)
			}
		})
		// Extension keys name extension definitions: in the bundle, or the
		// standard TLP 2.0 extension.
		if ext, ok := o["extensions"].(map[string]any); ok {
			for k := range ext {
				if strings.HasPrefix(k, "extension-definition--") && !ids[k] && k != tlp2Extension {
					t.Errorf("%s: extension %s is not defined in the bundle", label(o), k)
				}
			}
		}
	}
	if n < 500 {
		t.Errorf("found only %d references; the walk is probably broken", n)
	}
}

func TestEveryTypeIsPresent(t *testing.T) {
	counts := map[string]int{}
	for _, o := range load(t).Objects {
		counts[str(o, "type")]++
	}
	var want []string
	want = append(want, sdoTypes...)
	want = append(want, sroTypes...)
	for _, typ := range scoTypes {
		if !isSCO(typ) {
			t.Errorf("%s: package stix does not know it as an SCO type", typ)
		}
	}
	want = append(want, scoTypes...)
	want = append(want, "marking-definition", "extension-definition", "language-content")
	if len(want) != 19+2+18+3 {
		t.Fatalf("test lists %d types, want 42", len(want))
	}
	for _, typ := range want {
		if counts[typ] == 0 {
			t.Errorf("no %s object in the demo bundle", typ)
		}
	}
	if n := counts["indicator"]; n < 140 || n > 170 {
		t.Errorf("%d indicators, want about 150", n)
	}
	for typ := range counts {
		if !slices.Contains(want, typ) {
			t.Errorf("unexpected object type %q", typ)
		}
	}
}

func TestSchemas(t *testing.T) {
	set, err := stixschema.Load(stixschema.Dir(t, stixschema.DefaultRelDir))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Bundle()))
	if err != nil {
		t.Fatal(err)
	}
	objects := doc.(map[string]any)["objects"].([]any)
	for _, o := range objects {
		if err := set.Validate(o); err != nil {
			t.Errorf("%s: %v", label(o.(map[string]any)), err)
		}
	}
	// The bundle envelope itself, with one object of a type that
	// common/bundle.json knows (see stixschema.Set.ValidateBundle).
	env := map[string]any{"type": "bundle", "id": BundleID, "objects": objects[:1]}
	if err := set.ValidateBundle(env); err != nil {
		t.Errorf("bundle envelope: %v", err)
	}
}

func TestSCOIDsAreDeterministic(t *testing.T) {
	n := 0
	for _, o := range load(t).Objects {
		typ := str(o, "type")
		if !isSCO(typ) {
			continue
		}
		n++
		id := str(o, "id")
		want, err := stix.SCOID(typ, o)
		if errors.Is(err, stix.ErrNotDeterministic) {
			// No ID Contributing Properties (process): the id is a UUIDv4.
			if u, err := uuid.Parse(strings.TrimPrefix(id, typ+"--")); err != nil || u.Version() != 4 {
				t.Errorf("%s: want a UUIDv4 id for a %s", id, typ)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		if id != want {
			t.Errorf("%s: deterministic id is %s", id, want)
		}
		// The demo's hashed SCOs carry one hash each, so their ids do not depend on
		// which hash an implementation prefers.
		if h, ok := o["hashes"].(map[string]any); ok && len(h) != 1 {
			t.Errorf("%s: carries %d hashes; keep one so every implementation derives the same id", id, len(h))
		}
	}
	if n < 18 {
		t.Errorf("checked %d SCOs, want at least 18", n)
	}
}

func TestSDOAndSROIDsAreUUIDv4(t *testing.T) {
	for _, o := range load(t).Objects {
		typ, id := str(o, "type"), str(o, "id")
		if isSCO(typ) {
			continue
		}
		u, err := uuid.Parse(strings.TrimPrefix(id, typ+"--"))
		if !strings.HasPrefix(id, typ+"--") || err != nil || u.Version() != 4 || u.Variant() != uuid.RFC4122 {
			t.Errorf("%s: want %s--<UUIDv4>", id, typ)
		}
	}
}

var timestampRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$`)

func TestTimestamps(t *testing.T) {
	millis := regexp.MustCompile(`^2026-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$`)
	for _, o := range load(t).Objects {
		if isStandardTLP(str(o, "id")) {
			continue // published in 2022
		}
		name := label(o)
		created, modified := str(o, "created"), str(o, "modified")
		if !isSCO(str(o, "type")) {
			if !millis.MatchString(created) {
				t.Errorf("%s: created %q is not a 2026 timestamp with milliseconds", name, created)
			}
			if str(o, "type") != "marking-definition" {
				if !millis.MatchString(modified) {
					t.Errorf("%s: modified %q is not a 2026 timestamp with milliseconds", name, modified)
				}
				if modified < created {
					t.Errorf("%s: modified before created", name)
				}
			}
		}
		// Every other timestamp anywhere in the object is in 2026 too.
		var walk func(path string, v any)
		walk = func(path string, v any) {
			switch v := v.(type) {
			case string:
				if timestampRE.MatchString(v) {
					if tm, err := time.Parse(time.RFC3339Nano, v); err != nil || tm.Year() != 2026 {
						t.Errorf("%s%s: timestamp %q is not in 2026", name, path, v)
					}
				}
			case map[string]any:
				for k, x := range v {
					walk(path+"."+k, x)
				}
			case []any:
				for i, x := range v {
					walk(fmt.Sprintf("%s[%d]", path, i), x)
				}
			}
		}
		walk("", o)
		for _, pair := range [][2]string{{"first_seen", "last_seen"}, {"first_observed", "last_observed"}, {"valid_from", "valid_until"}, {"start", "end"}} {
			if a, z := str(o, pair[0]), str(o, pair[1]); a != "" && z != "" && z < a {
				t.Errorf("%s: %s %s is before %s %s", name, pair[1], z, pair[0], a)
			}
		}
	}
}

func TestMarkings(t *testing.T) {
	b := load(t)
	var statement string
	levels := map[string]int{}
	for _, o := range b.Objects {
		if str(o, "type") != "marking-definition" {
			continue
		}
		id := str(o, "id")
		if lvl, ok := tlp2[id]; ok {
			ext, _ := o["extensions"].(map[string]any)
			def, _ := ext[tlp2Extension].(map[string]any)
			if str(def, "tlp_2_0") != lvl || str(def, "extension_type") != "property-extension" ||
				str(o, "created") != "2022-10-01T00:00:00.000Z" || str(o, "name") != "TLP:"+strings.ToUpper(lvl) {
				t.Errorf("%s: not the published TLP:%s marking definition", id, strings.ToUpper(lvl))
			}
			levels[lvl] = 0
			continue
		}
		if str(o, "definition_type") == "statement" {
			def, _ := o["definition"].(map[string]any)
			if s := str(def, "statement"); !strings.Contains(strings.ToLower(s), "synthetic") {
				t.Errorf("%s: statement %q does not say the data is synthetic", id, s)
			}
			statement = id
		}
	}
	if len(levels) != 5 {
		t.Fatalf("bundle holds %d of the 5 TLP 2.0 marking definitions", len(levels))
	}
	if statement == "" {
		t.Fatal("bundle holds no statement marking")
	}
	for _, o := range b.Objects {
		typ := str(o, "type")
		if typ == "marking-definition" {
			continue
		}
		var tlps []string
		hasStatement := false
		for _, r := range o["object_marking_refs"].([]any) {
			switch {
			case tlp2[r.(string)] != "":
				tlps = append(tlps, tlp2[r.(string)])
			case r == statement:
				hasStatement = true
			}
		}
		if len(tlps) != 1 || !hasStatement {
			t.Errorf("%s: markings %v; want one TLP 2.0 level and the demo statement", label(o), o["object_marking_refs"])
			continue
		}
		levels[tlps[0]]++
	}
	for lvl, n := range levels {
		if n == 0 {
			t.Errorf("no object is marked TLP:%s", strings.ToUpper(lvl))
		}
	}
}

func TestDemoFeatures(t *testing.T) {
	b := load(t)
	var revoked, custom, extended, granular bool
	extDefs := map[string]bool{}
	for _, o := range b.Objects {
		if str(o, "type") == "extension-definition" {
			extDefs[str(o, "id")] = true
		}
	}
	for _, o := range b.Objects {
		if o["revoked"] == true && str(o, "type") == "indicator" {
			revoked = true
		}
		if _, ok := o["x_fusion_demo_score"]; ok {
			custom = true
		}
		if ext, ok := o["extensions"].(map[string]any); ok {
			for k := range ext {
				extended = extended || extDefs[k]
			}
		}
		if _, ok := o["granular_markings"]; ok {
			granular = true
		}
	}
	for what, ok := range map[string]bool{
		"a revoked indicator":                               revoked,
		"an object with the x_fusion_demo_score property":   custom,
		"an object using the bundle's extension-definition": extended,
		"an object with granular markings":                  granular,
	} {
		if !ok {
			t.Errorf("bundle lacks %s", what)
		}
	}
}

// TestDataIsSynthetic checks that every named object says it is demo data and
// that every network value comes from a documentation or reserved range.
func TestDataIsSynthetic(t *testing.T) {
	demoWord := regexp.MustCompile(`(?i)\b(demo|synthetic|fictional)\b`)
	for _, o := range load(t).Objects {
		typ := str(o, "type")
		if isSCO(typ) || isStandardTLP(str(o, "id")) || typ == "observed-data" || typ == "language-content" {
			continue // no name or description properties; the statement marking says it
		}
		text := str(o, "name") + " " + str(o, "description") + " " + str(o, "content") + " " + str(o, "explanation")
		if typ == "relationship" && strings.TrimSpace(text) == "" {
			continue
		}
		if !demoWord.MatchString(text) {
			t.Errorf("%s: neither name nor description says it is demo data: %q", label(o), text)
		}
	}

	nets := []netip.Prefix{
		netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("198.51.100.0/24"),
		netip.MustParsePrefix("203.0.113.0/24"), netip.MustParsePrefix("2001:db8::/32"),
	}
	checkIP := func(where, s string) {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, err2 := netip.ParseAddr(s)
			if err2 != nil {
				t.Errorf("%s: %q is not an IP address", where, s)
				return
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		for _, n := range nets {
			if n.Contains(p.Addr()) && p.Bits() >= n.Bits() {
				return
			}
		}
		t.Errorf("%s: %s is outside the documentation ranges", where, s)
	}
	checkHost := func(where, h string) {
		h = strings.TrimPrefix(h, "%") // LIKE patterns
		for _, s := range []string{".example", ".test", "example.com", "example.net"} {
			if strings.HasSuffix(h, s) {
				return
			}
		}
		t.Errorf("%s: %q is not under a reserved name", where, h)
	}
	checkURL := func(where, s string) {
		u, err := url.Parse(s)
		if err != nil {
			t.Errorf("%s: %q: %v", where, s, err)
			return
		}
		checkHost(where, u.Hostname())
	}
	checkEmail := func(where, s string) {
		_, host, ok := strings.Cut(s, "@")
		if !ok {
			t.Errorf("%s: %q is not an email address", where, s)
			return
		}
		checkHost(where, host)
	}
	comparisons := regexp.MustCompile(`([a-z0-9-]+):([a-z_.\[\]*]+) (?:=|ISSUBSET|LIKE) '((?:[^'\\]|\\.)*)'`)
	for _, o := range load(t).Objects {
		where := label(o)
		switch str(o, "type") {
		case "ipv4-addr", "ipv6-addr":
			checkIP(where, str(o, "value"))
		case "domain-name":
			checkHost(where, str(o, "value"))
		case "url":
			checkURL(where, str(o, "value"))
		case "email-addr":
			checkEmail(where, str(o, "value"))
		case "indicator":
			for _, m := range comparisons.FindAllStringSubmatch(str(o, "pattern"), -1) {
				obj, prop, val := m[1], m[2], m[3]
				switch {
				case obj == "ipv4-addr" || obj == "ipv6-addr" || prop == "dst_ref.value" && strings.Contains(val, "."):
					checkIP(where, val)
				case obj == "domain-name":
					checkHost(where, val)
				case obj == "url":
					checkURL(where, val)
				case obj == "email-addr" || prop == "from_ref.value":
					checkEmail(where, val)
				case obj == "x-fusion-demo-bank-account" && !strings.HasPrefix(val, "ZZ"):
					t.Errorf("%s: bank account %q does not use the non-country code ZZ", where, val)
				}
			}
		}
	}
}

// TestGraphIsConnected checks that the story is one graph: every object except
// the marking and extension definitions is reachable from every other through
// relationships, sightings and object references (created_by_ref and markings
// are left out, as they would connect everything trivially).
func TestGraphIsConnected(t *testing.T) {
	b := load(t)
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if parent[x] != x {
			parent[x] = find(parent[x])
		}
		return parent[x]
	}
	for _, o := range b.Objects {
		switch str(o, "type") {
		case "marking-definition", "extension-definition":
			continue
		}
		parent[str(o, "id")] = str(o, "id")
	}
	for _, o := range b.Objects {
		id := str(o, "id")
		if _, ok := parent[id]; !ok {
			continue
		}
		walkRefs("", o, func(_, key string, ref any) {
			s, _ := ref.(string)
			if _, ok := parent[s]; !ok || key == "created_by_ref" {
				return
			}
			parent[find(s)] = find(id)
		})
	}
	groups := map[string][]string{}
	for id := range parent {
		groups[find(id)] = append(groups[find(id)], id)
	}
	if len(groups) > 1 {
		var small []string
		for _, g := range groups {
			if len(g) < 10 {
				small = append(small, g...)
			}
		}
		sort.Strings(small)
		t.Errorf("the demo graph falls into %d parts; objects outside the main one: %v", len(groups), small)
	}
}
