package pattern

import "testing"

var benchPatterns = []struct{ name, pattern string }{
	{"ipv4", "[ipv4-addr:value = '198.51.100.7']"},
	{"hashes", "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']"},
	{"long", "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4' AND file:name IN ('invoice.exe', 'invoice.scr')] " +
		"FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\Software\\\\Run' AND windows-registry-key:values[*].data LIKE '%evil%'] " +
		"FOLLOWEDBY [network-traffic:dst_ref.value ISSUBSET '198.51.100.0/24' AND network-traffic:dst_port IN (80, 443, 8443)]) " +
		"WITHIN 300 SECONDS START t'2024-01-01T00:00:00Z' STOP t'2024-02-01T00:00:00.000Z'"},
}

func BenchmarkParse(b *testing.B) {
	for _, bp := range benchPatterns {
		b.Run(bp.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bp.pattern)))
			for b.Loop() {
				if _, err := Parse(bp.pattern); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkString(b *testing.B) {
	p, err := Parse(benchPatterns[2].pattern)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = p.String()
	}
}

func BenchmarkObservables(b *testing.B) {
	p, err := Parse(benchPatterns[1].pattern)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = p.Observables()
	}
}
