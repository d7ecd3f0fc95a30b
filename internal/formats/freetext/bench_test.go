package freetext

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"testing"
)

// prose returns about size bytes of report-like text: mostly words, with
// numbers, dates, file names and version strings, and an indicator every few
// hundred words.
func prose(size int) []byte {
	words := []string{
		"the", "actor", "used", "a", "phishing", "campaign", "to", "deliver", "loader", "which",
		"then", "downloads", "second-stage", "payload", "from", "infrastructure", "hosted", "on",
		"compromised", "servers", "and", "analysts", "observed", "lateral", "movement", "across",
		"network", "using", "stolen", "credentials", "In", "addition", "we", "identified",
		"persistence", "via", "scheduled", "tasks", "registry", "keys", "The", "malware", "is",
		"written", "in", "C++", "communicates", "over", "HTTPS", "with", "its", "command-and-control",
		"(C2)", "servers,", "encrypting", "traffic", "RC4.", "victims", "include", "organisations",
		"finance,", "energy", "government", "sectors", "Europe", "Asia.", "e.g.", "i.e.",
		"Figure", "Table", "shows", "timeline", "of", "activity", "between", "March", "June",
	}
	extras := []string{
		"2023", "14", "3.5", "v1.4.22", "version 2.0.1.7", "report.pdf", "setup.exe", "10%", "(see",
		"Section", "4.2).", "12:30:45", "2024-03-01", "config.json", "System.IO", "README.md",
	}
	iocs := []string{
		"hxxps://update-check[.]example[.]com/gate.php", "198.51.100.23", "evil-cdn[.]example.net",
		"CVE-2023-23397", "T1566.001", "attacker@example.org",
		"MD5 44d88612fea8a8f36de82e1278abb02f", "2001:db8::dead:beef", "11.22.33.44",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.Grow(size + 256)
	col := 0
	for b.Len() < size {
		var w string
		switch x := rng.IntN(400); {
		case x == 0:
			w = iocs[rng.IntN(len(iocs))]
		case x < 12:
			w = extras[rng.IntN(len(extras))]
		default:
			w = words[rng.IntN(len(words))]
		}
		b.WriteString(w)
		col += len(w) + 1
		if col > 90 {
			b.WriteByte('\n')
			col = 0
		} else {
			b.WriteByte(' ')
		}
	}
	return b.Bytes()
}

func BenchmarkExtract(b *testing.B) {
	in := prose(8 << 20)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		err := Extract(context.Background(), bytes.NewReader(in), func(Found) error { n++; return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	if n == 0 {
		b.Fatal("nothing found")
	}
}

// BenchmarkExtractCorpus runs over the quality corpus repeated to 8 MB: text
// far denser in indicators than prose, so most tokens take the slow path.
func BenchmarkExtractCorpus(b *testing.B) {
	var in bytes.Buffer
	for _, doc := range corpusFiles(b) {
		text, err := os.ReadFile(doc)
		if err != nil {
			b.Fatal(err)
		}
		in.Write(text)
	}
	one := bytes.Clone(in.Bytes())
	for in.Len() < 8<<20 {
		in.Write(one)
	}
	b.SetBytes(int64(in.Len()))
	for b.Loop() {
		if err := Extract(context.Background(), bytes.NewReader(in.Bytes()), func(Found) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
