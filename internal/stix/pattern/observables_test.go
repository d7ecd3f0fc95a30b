package pattern

import (
	"reflect"
	"testing"
)

func TestObservables(t *testing.T) {
	tests := []struct {
		in   string
		want []Observable
	}{
		{"[ipv4-addr:value = '198.51.100.7']", []Observable{{"ipv4-addr", "value", "198.51.100.7"}}},
		{"[file:hashes.'SHA-256' = 'aec0' OR file:hashes.MD5 = 'cead' OR file:hashes.'md5' = 'x']", []Observable{
			{"file", "hashes.'SHA-256'", "aec0"},
			{"file", "hashes.MD5", "cead"},
			{"file", "hashes.md5", "x"},
		}},
		{"[file:name = 'foo.dll' AND file:size = 1024 AND file:magic_number_hex = h'FFD8']", []Observable{
			{"file", "name", "foo.dll"},
			{"file", "size", "1024"},
			{"file", "magic_number_hex", "FFD8"},
		}},
		{"[domain-name:value IN ('a.example', 'b.example', 3, true, 1.5)]", []Observable{
			{"domain-name", "value", "a.example"},
			{"domain-name", "value", "b.example"},
			{"domain-name", "value", "3"},
		}},
		{"[email-message:to_refs[*].value = 'x@example.com' AND windows-registry-key:values[0].data = 'd']", []Observable{
			{"email-message", "to_refs[*].value", "x@example.com"},
			{"windows-registry-key", "values[0].data", "d"},
		}},
		{"[file:extensions.'x'.y = 'v' AND file:'quoted name' = 'q\\'s']", []Observable{
			{"file", "extensions.x.y", "v"},
			{"file", "'quoted name'", "q's"},
		}},
		{"[url:value = 'http://a.example/'] FOLLOWEDBY ([ipv6-addr:value = '2001:db8::1'] OR [mac-addr:value = '00:11:22:33:44:55']) WITHIN 60 SECONDS", []Observable{
			{"url", "value", "http://a.example/"},
			{"ipv6-addr", "value", "2001:db8::1"},
			{"mac-addr", "value", "00:11:22:33:44:55"},
		}},
		// Not simple: negated, other operators, other constant kinds.
		{"[file:name != 'a' OR file:name NOT = 'b' OR file:name NOT IN ('c') OR file:name LIKE 'd%' OR " +
			"file:name MATCHES 'e' OR file:size > 1 OR ipv4-addr:value ISSUBSET '10.0.0.0/8' OR EXISTS file:name OR " +
			"file:is_encrypted = true OR file:ratio = 1.5 OR file:bin = b'AA==' OR file:created = t'2020-01-01T00:00:00Z']", nil},
		{"[file:name IN ()]", nil},
	}
	for _, tt := range tests {
		p, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := p.Observables(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q).Observables()\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestComparisonsOrder(t *testing.T) {
	p, err := Parse("([a-b:c = 1 OR (a-b:d = 2 AND EXISTS a-b:e)] FOLLOWEDBY [f-g:h != 3]) WITHIN 5 SECONDS AND [i-j:k IN (4)]")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range p.Comparisons() {
		got = append(got, c.String())
	}
	want := []string{"a-b:c = 1", "a-b:d = 2", "EXISTS a-b:e", "f-g:h != 3", "i-j:k IN (4)"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Comparisons() = %q, want %q", got, want)
	}
	if (*Pattern)(nil).Comparisons() != nil || (*Pattern)(nil).Observables() != nil {
		t.Error("nil pattern has comparisons")
	}
}
