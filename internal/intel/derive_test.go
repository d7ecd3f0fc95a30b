package intel

import (
	"reflect"
	"testing"

	"github.com/fusion-cti/fusion/internal/stix"
	"github.com/fusion-cti/fusion/internal/store"
)

func TestProps(t *testing.T) {
	var p props
	if err := p.scan([]byte(`{"a":"x\"y","b":["p","q"],"c":-1.5e3,"d":[1,2]}`)); err != nil {
		t.Fatal(err)
	}
	if got := p.str("a"); got != "x\"y" {
		t.Errorf("a = %q", got)
	}
	if got := p.strs("b"); !reflect.DeepEqual(got, []string{"p", "q"}) {
		t.Errorf("b = %q", got)
	}
	if p.str("c") != "" || p.str("missing") != "" || p.strs("a") != nil || p.strs("d") != nil {
		t.Error("wrong-typed or missing members must read as empty")
	}
}

func derive(t *testing.T, raw string) *store.Record {
	t.Helper()
	obj, rep := stix.Validate([]byte(raw))
	if !rep.OK() {
		t.Fatalf("invalid test object: %v", rep.Err())
	}
	rec, err := record(obj, "src")
	if err != nil {
		t.Fatalf("record: %v", err)
	}
	return rec
}

func TestRecordIndicator(t *testing.T) {
	rec := derive(t, `{"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
		"created":"2026-03-01T10:00:00.000Z","modified":"2026-03-02T10:00:00.000Z","name":"N","description":"D",
		"pattern_type":"stix","valid_from":"2026-03-01T10:00:00Z",
		"pattern":"[file:hashes.'SHA-256' = 'AEC070645FE53EE3B3763059376134F058CC337247C978ADD178B6CCDFB0019F' OR domain-name:value IN ('Evil.Example.', 'b.example')] AND [ipv6-addr:value = '2001:DB8:0:0::1'] AND [ipv4-addr:value != '192.0.2.1']"}`)
	want := []store.Observable{
		{Kind: "file:hashes.'SHA-256'", Value: "aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f"},
		{Kind: "domain-name:value", Value: "evil.example"},
		{Kind: "domain-name:value", Value: "b.example"},
		{Kind: "ipv6-addr:value", Value: "2001:db8::1"},
	}
	if !reflect.DeepEqual(rec.Observables, want) {
		t.Errorf("observables =\n%v\nwant\n%v", rec.Observables, want)
	}
	if rec.Name != "N" || rec.Description != "D" || rec.Source != "src" || rec.Version.Format("2006-01-02") != "2026-03-02" {
		t.Errorf("record = %+v", rec)
	}
}

func TestRecordPatternError(t *testing.T) {
	obj, rep := stix.Validate([]byte(`{"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
		"created":"2026-03-01T10:00:00.000Z","modified":"2026-03-01T10:00:00.000Z","pattern_type":"stix","valid_from":"2026-03-01T10:00:00Z",
		"pattern":"[ipv4-addr:value = ]"}`))
	if !rep.OK() {
		t.Fatal(rep.Err())
	}
	_, err := record(obj, "")
	if err == nil || err.Error() != "$.pattern: line 1 col 20: expected constant after =, found ']'" {
		t.Errorf("err = %v", err)
	}
}

func TestRecordSCOAndRefs(t *testing.T) {
	rec := derive(t, `{"type":"file","spec_version":"2.1","id":"file--9a1f834d-2506-5367-baec-7aa63996ac43","name":"Invoice.zip",
		"hashes":{"SHA-256":"AEC070645FE53EE3B3763059376134F058CC337247C978ADD178B6CCDFB0019F","MD5":"D41D8CD98F00B204E9800998ECF8427E"},
		"parent_directory_ref":"directory--5a40d5f7-d0ab-5e19-a1a4-d3a7f2c07a4c"}`)
	want := []store.Observable{
		{Kind: "file:name", Value: "Invoice.zip"},
		{Kind: "file:hashes.MD5", Value: "d41d8cd98f00b204e9800998ecf8427e"},
		{Kind: "file:hashes.'SHA-256'", Value: "aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f"},
	}
	if !reflect.DeepEqual(rec.Observables, want) {
		t.Errorf("observables = %v", rec.Observables)
	}
	if rec.Name != "Invoice.zip" {
		t.Errorf("SCO name = %q", rec.Name)
	}
	if want := []store.Ref{{Kind: "parent_directory_ref", Target: "directory--5a40d5f7-d0ab-5e19-a1a4-d3a7f2c07a4c"}}; !reflect.DeepEqual(rec.Refs, want) {
		t.Errorf("refs = %v", rec.Refs)
	}

	rel := derive(t, `{"type":"relationship","spec_version":"2.1","id":"relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad",
		"created":"2026-03-01T10:00:00.000Z","modified":"2026-03-01T10:00:00.000Z","relationship_type":"indicates",
		"source_ref":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","target_ref":"malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc",
		"created_by_ref":"identity--0f2084b2-75a3-4baa-90c2-ce32f2f893e5",
		"object_marking_refs":["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"]}`)
	if want := []store.Ref{{From: "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", Kind: "indicates", Target: "malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc"}}; !reflect.DeepEqual(rel.Refs, want) {
		t.Errorf("relationship refs = %v", rel.Refs)
	}

	sig := derive(t, `{"type":"sighting","spec_version":"2.1","id":"sighting--ee20065d-2555-424f-ad9e-0f8428623c75",
		"created":"2026-03-01T10:00:00.000Z","modified":"2026-03-01T10:00:00.000Z",
		"sighting_of_ref":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
		"where_sighted_refs":["identity--0f2084b2-75a3-4baa-90c2-ce32f2f893e5","identity--1469fde1-1b60-4ac1-b5ca-e655619cdcdc"]}`)
	want2 := []store.Ref{
		{Kind: "sighting-of", Target: "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"},
		{Kind: "where_sighted_refs", Target: "identity--0f2084b2-75a3-4baa-90c2-ce32f2f893e5"},
		{Kind: "where_sighted_refs", Target: "identity--1469fde1-1b60-4ac1-b5ca-e655619cdcdc"},
	}
	if !reflect.DeepEqual(sig.Refs, want2) {
		t.Errorf("sighting refs = %v", sig.Refs)
	}
}

func TestNormalize(t *testing.T) {
	cases := []struct{ kind, in, want string }{
		{"domain-name:value", "WWW.Example.COM.", "www.example.com"},
		{"email-addr:value", "Bob@Example.com", "bob@example.com"},
		{"ipv6-addr:value", "2001:0DB8::0001", "2001:db8::1"},
		{"ipv6-addr:value", "2001:DB8::/32", "2001:db8::/32"},
		{"ipv6-addr:value", "not an address", "not an address"},
		{"ipv4-addr:value", "198.51.100.7", "198.51.100.7"},
		{"file:hashes.MD5", "D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e"},
		{"url:value", "http://Example.com/A", "http://Example.com/A"},
	}
	for _, c := range cases {
		if got := Normalize(c.kind, c.in); got != c.want {
			t.Errorf("Normalize(%q, %q) = %q, want %q", c.kind, c.in, got, c.want)
		}
	}
}
