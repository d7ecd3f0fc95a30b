package warninglist_test

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"runtime"
	"testing"

	"github.com/fusion-cti/fusion/internal/warninglist"
)

// benchValues returns look-ups of one kind, about half of them hits for
// domains and hashes, random (mostly misses) for addresses.
func benchValues(s *warninglist.Set, kind string) []string {
	r := rand.New(rand.NewPCG(1, 2))
	var vs []string
	entries := func(id string) []string { return s.List(id).Values }
	switch kind {
	case "domain-name:value":
		for i, e := range entries("tranco10k")[:500] {
			if i%2 == 0 {
				e = "www." + e
			}
			vs = append(vs, e)
		}
		for i := range 500 {
			vs = append(vs, fmt.Sprintf("cdn-%d.edge.fusion-bench-%d.net", i, r.IntN(1000)))
		}
	case "url:value":
		for i, e := range entries("url-shortener")[:200] {
			vs = append(vs, fmt.Sprintf("https://%s/p/%d?utm=x", e, i))
		}
		for i := range 200 {
			vs = append(vs, fmt.Sprintf("http://login.fusion-bench-%d.org/account/verify.php?id=%d", i, r.IntN(1e6)))
		}
	case "email-addr:value":
		for i, e := range entries("disposable-email")[:200] {
			vs = append(vs, fmt.Sprintf("user%d@%s", i, e))
		}
		for i := range 200 {
			vs = append(vs, fmt.Sprintf("first.last%d@mail.fusion-bench-%d.org", i, r.IntN(1000)))
		}
	case "ipv4-addr:value":
		for range 1000 {
			vs = append(vs, netip.AddrFrom4([4]byte{byte(r.Uint32()), byte(r.Uint32()), byte(r.Uint32()), byte(r.Uint32())}).String())
		}
	case "ipv6-addr:value":
		for range 1000 {
			var b [16]byte
			b[0], b[1] = 0x20, byte(r.IntN(16))
			for i := 2; i < 16; i++ {
				b[i] = byte(r.Uint32())
			}
			vs = append(vs, netip.AddrFrom16(b).String())
		}
	case "file:hashes.'SHA-256'":
		for range 500 {
			vs = append(vs, fmt.Sprintf("%016x%016x%016x%016x", r.Uint64(), r.Uint64(), r.Uint64(), r.Uint64()))
		}
		vs = append(vs, entries("common-ioc-false-positive")[:20]...)
	}
	return vs
}

// BenchmarkMatch matches values against all the real lists loaded and
// reports look-ups per second on one goroutine.
func BenchmarkMatch(b *testing.B) {
	s, _ := realSet(b)
	for _, kind := range []string{"domain-name:value", "ipv4-addr:value", "ipv6-addr:value", "url:value", "email-addr:value", "file:hashes.'SHA-256'"} {
		vs := benchValues(s, kind)
		hits := 0
		for _, v := range vs {
			if len(s.Match(kind, v)) > 0 {
				hits++
			}
		}
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				s.Match(kind, vs[i%len(vs)])
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "matches/s")
			b.ReportMetric(100*float64(hits)/float64(len(vs)), "%hits")
		})
	}
}

// BenchmarkLoad loads the real lists and reports the heap they keep.
func BenchmarkLoad(b *testing.B) {
	realSet(b) // skips without the lists
	var kept uint64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		s, _, err := warninglist.Load(realDir())
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		kept = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(s)
	}
	b.ReportMetric(float64(kept)/(1<<20), "MiB-kept")
}
