package misp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fusion-cti/fusion/internal/stix"
)

// writeBigEvent writes one MISP event of n attributes of mixed types, 40%
// with to_ids, in MISP's own key order (Tag after Attribute, so the
// attributes are spooled) or, with tagFirst, with the tags first (so they
// are converted as they stream by).
func writeBigEvent(tb testing.TB, path string, n int, tagFirst ...bool) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprint(w, `{"Event":{"id":"1","orgc_id":"1","org_id":"1","date":"2021-04-08","threat_level_id":"2","info":"benchmark event","published":true,`+
		`"uuid":"5f2c1a3e-0c4b-4b8e-9a4f-1e2d3c4b5a69","attribute_count":"`+strconv.Itoa(n)+`","analysis":"2","timestamp":"1617875568","distribution":"1",`+
		`"publish_timestamp":"1617875600","sharing_group_id":"0","Org":{"id":"1","name":"CIRCL","uuid":"55f6ea5e-2c60-40e5-964f-47a8950d210f"},`+
		`"Orgc":{"id":"1","name":"CIRCL","uuid":"55f6ea5e-2c60-40e5-964f-47a8950d210f"},`)
	tags := `"Tag":[{"name":"tlp:amber"},{"name":"benchmark"}]`
	if len(tagFirst) > 0 && tagFirst[0] {
		fmt.Fprint(w, tags+",")
		tags = `"Tag":[]`
	}
	fmt.Fprint(w, `"Attribute":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			w.WriteByte(',')
		}
		var typ, val, cat string
		switch i % 10 {
		case 0:
			typ, val, cat = "ip-dst", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255), "Network activity"
		case 1:
			typ, val, cat = "domain", fmt.Sprintf("host%d.example.com", i), "Network activity"
		case 2:
			typ, val, cat = "url", fmt.Sprintf("https://site%d.example/path?q=%d", i, i), "Network activity"
		case 3:
			typ, val, cat = "md5", fmt.Sprintf("%032x", i), "Payload delivery"
		case 4:
			typ, val, cat = "sha256", fmt.Sprintf("%064x", i), "Payload delivery"
		case 5:
			typ, val, cat = "filename|md5", fmt.Sprintf("file%d.exe|%032x", i, i), "Payload delivery"
		case 6:
			typ, val, cat = "email-src", fmt.Sprintf("user%d@evil.example", i), "Payload delivery"
		case 7:
			typ, val, cat = "ip-dst|port", fmt.Sprintf("192.0.%d.%d|%d", i>>8&255, i&255, 1024+i%60000), "Network activity"
		case 8:
			typ, val, cat = "hostname", fmt.Sprintf("c2-%d.evil.example", i), "Network activity"
		default:
			typ, val, cat = "sha1", fmt.Sprintf("%040x", i), "Payload delivery"
		}
		fmt.Fprintf(w, `{"id":"%d","type":"%s","category":"%s","to_ids":%t,"uuid":"%08x-0000-4000-8000-%012x","event_id":"1","distribution":"5",`+
			`"timestamp":"1617875568","comment":"","sharing_group_id":"0","deleted":false,"disable_correlation":false,"object_id":"0",`+
			`"object_relation":null,"first_seen":null,"last_seen":null,"value":"%s","Galaxy":[],"ShadowAttribute":[]}`,
			i, typ, cat, i%5 < 2, i, i, val)
	}
	fmt.Fprint(w, `],"ShadowAttribute":[],"RelatedEvent":[],"Galaxy":[],"Object":[],"EventReport":[],`+tags+`}}`)
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// peakRSS is the process's peak resident set (VmHWM), in bytes.
func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// BenchmarkImport500k imports one event of 500,000 attributes, draining
// its bundle through stix.BundleReader, and reports attributes/s, STIX
// objects/s, the peak heap in use (sampled), the runtime's Sys and the
// process's peak RSS.
func BenchmarkImport500k(b *testing.B) {
	b.Run("misp-order", func(b *testing.B) { benchImport(b, false) })
	b.Run("tags-first", func(b *testing.B) { benchImport(b, true) })
}

func benchImport(b *testing.B, tagFirst bool) {
	const n = 500_000
	dir := b.TempDir()
	path := filepath.Join(dir, "event.json")
	writeBigEvent(b, path, n, tagFirst)
	st, _ := os.Stat(path)
	runtime.GC()
	var peakHeap uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peakHeap {
					peakHeap = ms.HeapInuse
				}
			}
		}
	}()
	imp := &Importer{TempDir: dir}
	var objects int
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		objects = 0
		err = imp.Import(context.Background(), f, func(name string, r io.Reader) error {
			br := stix.NewBundleReader(r)
			for {
				_, err := br.Next()
				if err == io.EOF {
					return nil
				}
				if err != nil {
					return err
				}
				objects++
			}
		})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	close(stop)
	wg.Wait()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	perRun := elapsed.Seconds() / float64(b.N)
	b.ReportMetric(float64(n)/perRun, "attrs/s")
	b.ReportMetric(float64(objects)/perRun, "objects/s")
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MiB")
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-rss-MiB")
	b.Logf("%d attributes (%d MiB of JSON) -> %d STIX objects in %.2fs", n, st.Size()>>20, objects, perRun)
}

// BenchmarkExport500k exports the STIX of the 500,000-attribute event back
// to MISP JSON, reading the objects from a file one at a time.
func BenchmarkExport500k(b *testing.B) {
	const n = 500_000
	dir := b.TempDir()
	path := filepath.Join(dir, "event.json")
	writeBigEvent(b, path, n)
	in, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	stixPath := filepath.Join(dir, "bundle.json")
	out, err := os.Create(stixPath)
	if err != nil {
		b.Fatal(err)
	}
	err = (&Importer{TempDir: dir}).Import(context.Background(), in, func(_ string, r io.Reader) error {
		_, err := io.Copy(out, r)
		return err
	})
	in.Close()
	out.Close()
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	var objects int
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		f, err := os.Open(stixPath)
		if err != nil {
			b.Fatal(err)
		}
		objects = 0
		br := stix.NewBundleReader(f)
		seq := func(yield func(json.RawMessage, error) bool) {
			for {
				raw, err := br.Next()
				if err == io.EOF {
					return
				}
				objects++
				if !yield(raw, err) || err != nil {
					return
				}
			}
		}
		if err := ExportEvent(context.Background(), io.Discard, seq, EventOptions{TempDir: dir}); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	perRun := time.Since(start).Seconds() / float64(b.N)
	b.StopTimer()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(objects)/perRun, "objects/s")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MiB")
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-rss-MiB")
}
