package freetext

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readExpected reads a corpus .expected file: one "kind value" per line,
// '#' comments.
func readExpected(t *testing.T, path string) map[string]bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, value, ok := strings.Cut(line, " ")
		if !ok {
			t.Fatalf("%s: bad line %q", path, line)
		}
		want[kind+" "+strings.TrimSpace(value)] = true
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return want
}

func corpusFiles(t testing.TB) []string {
	docs, err := filepath.Glob("testdata/corpus/*")
	if err != nil {
		t.Fatal(err)
	}
	docs = slices.DeleteFunc(docs, func(p string) bool { return strings.HasSuffix(p, ".expected") })
	if len(docs) < 12 {
		t.Fatalf("corpus has %d documents, want at least 12", len(docs))
	}
	return docs
}

// TestCorpusQuality measures recall and precision over the corpus: each
// document's distinct (kind, value) pairs against its .expected file.
func TestCorpusQuality(t *testing.T) {
	var tp, fp, fn int
	for _, doc := range corpusFiles(t) {
		want := readExpected(t, doc+".expected")
		text, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, f := range ExtractBytes(text) {
			got[f.Kind+" "+f.Value] = true
		}
		name := filepath.Base(doc)
		for k := range got {
			if want[k] {
				tp++
			} else {
				fp++
				t.Logf("%s: false positive %s", name, k)
			}
		}
		for k := range want {
			if !got[k] {
				fn++
				t.Logf("%s: missed %s", name, k)
			}
		}
	}
	recall := float64(tp) / float64(tp+fn)
	precision := float64(tp) / float64(tp+fp)
	t.Logf("corpus: %d expected, %d found, %d correct: recall %.3f, precision %.3f", tp+fn, tp+fp, tp, recall, precision)
	if recall < 0.95 {
		t.Errorf("recall %.3f < 0.95", recall)
	}
	if precision < 0.97 {
		t.Errorf("precision %.3f < 0.97", precision)
	}
}
