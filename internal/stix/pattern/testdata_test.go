package pattern

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// readLines returns the non-blank, non-comment lines of a testdata file.
func readLines(tb testing.TB, name string) []string {
	tb.Helper()
	f, err := os.Open(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		lines = append(lines, line)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return lines
}

func validPatterns(tb testing.TB) []string {
	return readLines(tb, "testdata/valid.txt")
}

type invalidCase struct {
	pattern   string
	line, col int
	msg       string
}

// invalidCases reads testdata/invalid.txt: pattern<TAB>line:col<TAB>message.
func invalidCases(tb testing.TB) []invalidCase {
	tb.Helper()
	var cases []invalidCase
	for _, l := range readLines(tb, "testdata/invalid.txt") {
		fields := strings.Split(l, "\t")
		if len(fields) != 3 {
			tb.Fatalf("malformed line in invalid.txt: %q", l)
		}
		ls, cs, ok := strings.Cut(fields[1], ":")
		line, err1 := strconv.Atoi(ls)
		col, err2 := strconv.Atoi(cs)
		if !ok || err1 != nil || err2 != nil {
			tb.Fatalf("malformed position in invalid.txt: %q", l)
		}
		cases = append(cases, invalidCase{fields[0], line, col, fields[2]})
	}
	return cases
}
