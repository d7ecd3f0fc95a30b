package intel_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/store/sqlite"
	"github.com/fusion-cti/fusion/internal/testgen"
)

// BenchmarkListPolicy pages through 100,000 indicators, 1,000 a page, as
// the operator (no policy condition) and as organisations: one that sees
// everything through the GREEN rule, one that sees half (the other half is
// AMBER from someone else) and the centre. The generator marks some
// indicators itself (RED among them), so the counts vary by viewer. See
// objects/s; the policy must cost under 2× the operator's path.
func BenchmarkListPolicy(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	st, err := sqlite.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	in := &intel.Ingester{Store: st}
	for i, tlp := range []access.TLP{access.Green, access.Amber} {
		var buf bytes.Buffer
		if err := testgen.Indicators(&buf, n/2, int64(i+1)); err != nil {
			b.Fatal(err)
		}
		if _, err := in.Bundle(ctx, "bench", &buf, intel.Options{Source: "bench", Defaults: access.Defaults{Owner: 1, TLP: tlp}}); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		v    access.Viewer
		want int // 0: any
	}{
		{"operator", access.Operator, n},
		{"owner", access.Viewer{Org: 1}, n},
		{"centre", access.Viewer{Org: 2, Centre: true}, 0},
		{"member", access.Viewer{Org: 3, Groups: []int64{4, 5}}, 0},
	} {
		b.Run(c.name, func(b *testing.B) {
			objects := 0
			for b.Loop() {
				f := store.Filter{Types: []string{"indicator"}, Limit: 1000}
				got := 0
				for {
					page, err := st.List(ctx, c.v, f)
					if err != nil {
						b.Fatal(err)
					}
					got += len(page.Items)
					if !page.More {
						break
					}
					f.After = page.Items[len(page.Items)-1].Added
				}
				if got == 0 || c.want != 0 && got != c.want {
					b.Fatalf("%d objects, want %d", got, c.want)
				}
				objects += got
			}
			b.ReportMetric(float64(objects)/b.Elapsed().Seconds(), "objects/s")
		})
	}
}

// BenchmarkGetPolicy reads one object by id as the operator (no policy
// condition) and as an organisation: the difference is what the policy
// decision adds to a request.
func BenchmarkGetPolicy(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var buf bytes.Buffer
	if err := testgen.Indicators(&buf, 10_000, 1); err != nil {
		b.Fatal(err)
	}
	in := &intel.Ingester{Store: st}
	if _, err := in.Bundle(ctx, "bench", &buf, intel.Options{Source: "bench", Defaults: access.Defaults{Owner: 1, TLP: access.Green}}); err != nil {
		b.Fatal(err)
	}
	page, err := st.List(ctx, access.Operator, store.Filter{Limit: 1000})
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, s := range page.Items {
		ids = append(ids, s.ID)
	}
	for _, c := range []struct {
		name string
		v    access.Viewer
	}{{"operator", access.Operator}, {"member", access.Viewer{Org: 3, Groups: []int64{4}}}} {
		b.Run(c.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				st.Get(ctx, c.v, ids[i%len(ids)], store.Versions{})
				i++
			}
		})
	}
}
