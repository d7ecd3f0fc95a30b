package intel_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/store/sqlite"
	"github.com/fusion-cti/fusion/internal/testgen"
)

// BenchmarkIngestSQLite ingests a generated bundle of 50,000 indicators
// into a new embedded store per iteration; see objects/s.
func BenchmarkIngestSQLite(b *testing.B) {
	const n = 50_000
	var buf bytes.Buffer
	if err := testgen.Indicators(&buf, n, 1); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		b.StopTimer()
		st, err := sqlite.Open(context.Background(), b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		in := &intel.Ingester{Store: st}
		b.StartTimer()
		res, err := in.Bundle(context.Background(), "bench", bytes.NewReader(buf.Bytes()), intel.Options{Source: "bench"})
		if err != nil || res.New != n {
			b.Fatalf("ingest: %v (%+v)", err, res.Summary)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "objects/s")
}
