package misp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/fusion-cti/fusion/internal/stix"
)

func TestMalformedPaths(t *testing.T) {
	data, err := os.ReadFile("testdata/events/malformed.json")
	if err != nil {
		t.Fatal(err)
	}
	units, err := importAll(t, nil, data)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{
		1:  "response[1].Event.Attribute[1].type",
		2:  "response[2].Event.Attribute[0].type",
		3:  "response[3].Event.Attribute[0].value",
		4:  "response[4].Event.Attribute[0].timestamp",
		5:  "response[5].Event.Attribute[0].distribution",
		6:  "response[6].Event.distribution",
		7:  "response[7].Event.Attribute",
		8:  "response[8].Event.uuid",
		9:  "response[9].Event.date",
		10: "response[10].Event.Attribute[0].to_ids",
		11: "response[11].Event.Object[0].Attribute[0].type",
		12: "response[12].Event.Attribute[1].timestamp",
		13: "response[13].Event.Attribute[0].Tag",
	}
	if len(units) != 15 {
		t.Fatalf("%d units, want 15 (a bad event must not stop the list)", len(units))
	}
	for i, u := range units {
		p, bad := want[i]
		switch {
		case !bad && u.err != nil:
			t.Errorf("unit %d: %v", i, u.err)
		case bad && !isPathError(u.err, p):
			t.Errorf("unit %d: error %v, want a PathError at %s", i, u.err, p)
		case bad && len(u.objects) != 0:
			t.Errorf("unit %d: rejected but %d objects kept", i, len(u.objects))
		}
	}
}

func TestUnitErrorStops(t *testing.T) {
	data, _ := os.ReadFile("testdata/events/distribution.json")
	stop := errors.New("stop")
	n := 0
	err := (&Importer{}).Import(context.Background(), bytes.NewReader(data), func(name string, r io.Reader) error {
		n++
		return stop // without reading: the producer must not leak
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("err %v after %d units", err, n)
	}
}

func TestTruncated(t *testing.T) {
	data, _ := os.ReadFile("testdata/events/truncated.json")
	units, err := importAll(t, nil, data)
	if err == nil || len(units) != 1 || units[0].err == nil {
		t.Fatalf("truncated input: %v %+v", err, units)
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{`{"Event": {"uuid": "x"}}`, true},
		{"\ufeff  {\n \"response\": [", true},
		{`[{"Event": {}}]`, true},
		{`{"0b7a8c1e-1111-4a2b-8c3d-000000000001": {"info": "x", "Orgc": {}, "timestamp": "1"}}`, true},
		{`{"type": "bundle", "objects": []}`, false},
		{`[{"type": "indicator"}]`, false},
		{`ip,port`, false},
		{``, false},
	} {
		if got := Detect([]byte(c.in)); got != c.want {
			t.Errorf("Detect(%q) = %v", c.in, got)
		}
	}
}

// TestExportForeign exports STIX that did not come from MISP: a plain
// indicator, malware related to it, a sighting, an attack pattern on its
// own and objects MISP cannot hold.
func TestExportForeign(t *testing.T) {
	objs := []string{
		`{"type":"identity","spec_version":"2.1","id":"identity--2a9a8c5b-1111-4c2e-9d3f-000000000001","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"ACME CERT","identity_class":"organization"}`,
		`{"type":"indicator","spec_version":"2.1","id":"indicator--2a9a8c5b-1111-4c2e-9d3f-000000000002","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-02T00:00:00.000Z","pattern":"[ipv4-addr:value = '203.0.113.9']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z","object_marking_refs":["` + stix.TLPv2Red + `"],"labels":["c2"]}`,
		`{"type":"malware","spec_version":"2.1","id":"malware--2a9a8c5b-1111-4c2e-9d3f-000000000003","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Emotet","is_family":true}`,
		`{"type":"relationship","spec_version":"2.1","id":"relationship--2a9a8c5b-1111-4c2e-9d3f-000000000004","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"indicates","source_ref":"indicator--2a9a8c5b-1111-4c2e-9d3f-000000000002","target_ref":"malware--2a9a8c5b-1111-4c2e-9d3f-000000000003"}`,
		`{"type":"sighting","spec_version":"2.1","id":"sighting--2a9a8c5b-1111-4c2e-9d3f-000000000005","created":"2024-01-03T00:00:00.000Z","modified":"2024-01-03T00:00:00.000Z","count":3,"first_seen":"2024-01-03T00:00:00Z","last_seen":"2024-01-04T00:00:00Z","sighting_of_ref":"indicator--2a9a8c5b-1111-4c2e-9d3f-000000000002","where_sighted_refs":["identity--2a9a8c5b-1111-4c2e-9d3f-000000000001"]}`,
		`{"type":"attack-pattern","spec_version":"2.1","id":"attack-pattern--2a9a8c5b-1111-4c2e-9d3f-000000000006","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Phishing","external_references":[{"source_name":"mitre-attack","external_id":"T1566"}]}`,
		`{"type":"indicator","spec_version":"2.1","id":"indicator--2a9a8c5b-1111-4c2e-9d3f-000000000007","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [domain-name:value = 'x.example']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}`,
		`{"type":"file","spec_version":"2.1","id":"file--2a9a8c5b-1111-5c2e-9d3f-000000000008","name":"a.exe","hashes":{"SHA-256":"ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"}}`,
		`{"type":"location","spec_version":"2.1","id":"location--2a9a8c5b-1111-4c2e-9d3f-000000000009","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","country":"LU"}`,
	}
	raws := make([]json.RawMessage, len(objs))
	for i, o := range objs {
		raws[i] = json.RawMessage(o)
	}
	var skipped []string
	var buf bytes.Buffer
	err := ExportEvent(context.Background(), &buf, seqOf(raws), EventOptions{
		UUID: "2a9a8c5b-1111-4c2e-9d3f-0000000000ff", Info: "foreign", Orgc: Org{Name: "Fusion"},
		OnSkip: func(id, why string) { skipped = append(skipped, id) },
	})
	if err != nil {
		t.Fatal(err)
	}
	checkMISPKeys(t, buf.Bytes())
	var ev struct {
		Event struct {
			UUID, Info, Distribution string
			Orgc                     Org
			Tag                      []struct{ Name string }
			Attribute                []struct {
				UUID, Type, Value string
				ToIDs             bool `json:"to_ids"`
				Tag               []struct{ Name string }
				Sighting          []struct{ Organisation Org }
			}
			Object []struct {
				Name      string
				Attribute []struct{ ObjectRelation, Type, Value string } `json:"Attribute"`
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &ev); err != nil {
		t.Fatal(err)
	}
	e := ev.Event
	if e.UUID != "2a9a8c5b-1111-4c2e-9d3f-0000000000ff" || e.Info != "foreign" || e.Distribution != "0" || e.Orgc.Name != "Fusion" {
		t.Errorf("event meta: %s", buf.Bytes())
	}
	if len(e.Attribute) != 2 {
		t.Fatalf("attributes: %s", buf.Bytes())
	}
	ip := e.Attribute[0]
	tags := ""
	for _, tg := range ip.Tag {
		tags += tg.Name + ";"
	}
	if ip.Type != "ip-dst" || ip.Value != "203.0.113.9" || !ip.ToIDs || ip.UUID != "2a9a8c5b-1111-4c2e-9d3f-000000000002" ||
		tags != `c2;tlp:red;misp-galaxy:malpedia="Emotet";` || len(ip.Sighting) != 3 || ip.Sighting[0].Organisation.Name != "ACME CERT" {
		t.Errorf("indicator attribute: %+v", ip)
	}
	if f := e.Attribute[1]; f.Type != "filename|sha256" || f.ToIDs || !strings.HasPrefix(f.Value, "a.exe|") {
		t.Errorf("file attribute: %+v", f)
	}
	found := false
	for _, tg := range e.Tag {
		found = found || tg.Name == `misp-galaxy:mitre-attack-pattern="Phishing - T1566"`
	}
	if !found {
		t.Errorf("event tags %+v lack the attack pattern", e.Tag)
	}
	if strings.Join(skipped, ",") != "indicator--2a9a8c5b-1111-4c2e-9d3f-000000000007,location--2a9a8c5b-1111-4c2e-9d3f-000000000009" {
		t.Errorf("skipped %v", skipped)
	}
}

// TestReportParts: an event with more objects than one report may refer to
// gets groupings of them, and export reads the event back from the report.
func TestReportParts(t *testing.T) {
	old := maxReportRefs
	maxReportRefs = 10
	defer func() { maxReportRefs = old }()
	data, _ := os.ReadFile("testdata/events/attribute_types.json")
	units, err := importAll(t, nil, data)
	if err != nil || units[0].err != nil {
		t.Fatal(err, units[0].err)
	}
	objs := units[0].objects
	checkObjects(t, objs)
	var rep struct {
		Type       string   `json:"type"`
		ObjectRefs []string `json:"object_refs"`
	}
	json.Unmarshal(objs[len(objs)-1], &rep)
	if rep.Type != "report" || len(rep.ObjectRefs) != 16 || !strings.HasPrefix(rep.ObjectRefs[0], "grouping--") {
		t.Fatalf("report refers to %d objects: %v", len(rep.ObjectRefs), rep.ObjectRefs)
	}
	var buf bytes.Buffer
	if err := ExportEvent(context.Background(), &buf, seqOf(objs), EventOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"info":"Fixture: attribute types"`)) {
		t.Errorf("export did not take the event from the report")
	}
}

// TestLateTLP: a Tag list that would make already written objects wider
// than the event rejects the unit.
func TestLateTLP(t *testing.T) {
	in := `{"Event":{"uuid":"5f2c1a3e-0c4b-4b8e-9a4f-1e2d3c4b5a69","timestamp":"1617875568","published":true,"distribution":"3",
"Orgc":{"uuid":"55f6ea5e-2c60-40e5-964f-47a8950d210f","name":"CIRCL"},"Tag":[],
"Attribute":[{"type":"domain","value":"a.example","to_ids":true,"uuid":"c99506a6-1255-4b71-afa5-7b8ba48c3b1b"}],
"Tag":[{"name":"tlp:red"}]}}`
	units, _ := importAll(t, nil, []byte(in))
	if len(units) != 1 || !isPathError(units[0].err, "Event.Tag[0]") {
		t.Fatalf("%+v", units)
	}
}
