package stix

import (
	"bytes"
	"fmt"
	"io"
	"testing"
)

// typicalIndicator is a ~500 byte indicator of the kind a feed delivers.
func typicalIndicator(i int) []byte {
	return []byte(fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--%08x-4415-4ba8-9671-f7343fbf0836",`+
		`"created_by_ref":"identity--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","created":"2024-03-01T10:00:00.000Z",`+
		`"modified":"2024-03-01T10:00:00.000Z","name":"Malicious IP 198.51.100.%d","description":"Address observed in test traffic.",`+
		`"indicator_types":["malicious-activity"],"pattern":"[ipv4-addr:value = '198.51.100.%d']","pattern_type":"stix",`+
		`"valid_from":"2024-03-01T10:00:00Z","labels":["test"],"confidence":75,`+
		`"object_marking_refs":["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"]}`, i, i%256, i%256))
}

func benchBundle(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(typicalIndicator(i))
	}
	b.WriteString("]}")
	return b.Bytes()
}

func BenchmarkBundleReader(b *testing.B) {
	const n = 10000
	data := benchBundle(n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	objects := 0
	for range b.N {
		br := NewBundleReader(bytes.NewReader(data))
		for {
			_, err := br.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			objects++
		}
	}
	b.ReportMetric(float64(objects)/b.Elapsed().Seconds(), "objects/s")
}

func BenchmarkValidate(b *testing.B) {
	raw := typicalIndicator(7)
	if _, rep := Validate(raw); !rep.OK() || len(rep.Warnings) > 0 {
		b.Fatalf("benchmark object is not clean: %v %v", rep.Errors, rep.Warnings)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for range b.N {
		Validate(raw)
	}
}

func BenchmarkValidateSCO(b *testing.B) {
	raw := []byte(`{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","value":"198.51.100.3"}`)
	b.ReportAllocs()
	for range b.N {
		Validate(raw)
	}
}

func BenchmarkParse(b *testing.B) {
	raw := typicalIndicator(7)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for range b.N {
		if _, err := Parse(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIngestPipeline reads and fully validates a bundle: the per-core
// cost of the ingest path.
func BenchmarkIngestPipeline(b *testing.B) {
	data := benchBundle(10000)
	b.ReportAllocs()
	b.ResetTimer()
	objects := 0
	for range b.N {
		br := NewBundleReader(bytes.NewReader(data))
		for {
			raw, err := br.Next()
			if err == io.EOF {
				break
			}
			if _, rep := Validate(raw); !rep.OK() {
				b.Fatal(rep.Err())
			}
			objects++
		}
	}
	b.ReportMetric(float64(objects)/b.Elapsed().Seconds(), "objects/s")
}
