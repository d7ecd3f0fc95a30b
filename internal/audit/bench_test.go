package audit_test

import (
	"testing"

	"github.com/fusion-cti/fusion/internal/audit"
)

func BenchmarkVerify(b *testing.B) {
	const n = 100_000
	es := chain(n)
	b.ReportAllocs()
	for b.Loop() {
		r, err := audit.Verify(entries(es))
		if err != nil || len(r.Findings) != 0 || r.Entries != n {
			b.Fatalf("Verify = %d entries, %v, %v", r.Entries, r.Findings, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/entry")
}

func BenchmarkNext(b *testing.B) {
	r := record(1)
	prev := audit.Next(nil, r)
	b.ReportAllocs()
	for b.Loop() {
		prev = audit.Next(&prev, r)
	}
}
