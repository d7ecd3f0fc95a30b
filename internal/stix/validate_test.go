package stix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readExpect returns the non-empty lines of the expectation file next to a
// testdata object (.err or .warn), or nil when there is none.
func readExpect(t *testing.T, jsonFile, ext string) []string {
	t.Helper()
	b, err := os.ReadFile(strings.TrimSuffix(jsonFile, ".json") + ext)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func issueStrings(is []Issue) []string {
	out := make([]string, len(is))
	for i, x := range is {
		out[i] = x.String()
	}
	return out
}

func containsSub(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestTestdata drives testdata/{valid,invalid,warning}: valid objects must
// have no errors and exactly the warnings listed in a .warn file (if any);
// invalid objects must produce every error substring of their .err file;
// warning objects must be valid and produce every substring of .warn.
func TestTestdata(t *testing.T) {
	for _, dir := range []string{"valid", "invalid", "warning"} {
		files, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no testdata in %s", dir)
		}
		for _, f := range files {
			t.Run(dir+"/"+filepath.Base(f), func(t *testing.T) {
				raw, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				_, rep := Validate(raw)
				errs, warns := issueStrings(rep.Errors), issueStrings(rep.Warnings)
				switch dir {
				case "valid":
					if !rep.OK() {
						t.Errorf("unexpected errors:\n  %s", strings.Join(errs, "\n  "))
					}
					want := readExpect(t, f, ".warn")
					for _, w := range warns {
						if !containsSub([]string{w}, "") || !anyIn(w, want) {
							t.Errorf("unexpected warning: %s", w)
						}
					}
					for _, w := range want {
						if !containsSub(warns, w) {
							t.Errorf("missing warning %q; got %q", w, warns)
						}
					}
				case "invalid":
					want := readExpect(t, f, ".err")
					if len(want) == 0 {
						t.Fatal("invalid case without .err file")
					}
					if rep.OK() {
						t.Fatalf("no errors; warnings: %q", warns)
					}
					for _, w := range want {
						if !containsSub(errs, w) {
							t.Errorf("missing error %q; got:\n  %s", w, strings.Join(errs, "\n  "))
						}
					}
				case "warning":
					want := readExpect(t, f, ".warn")
					if len(want) == 0 {
						t.Fatal("warning case without .warn file")
					}
					if !rep.OK() {
						t.Errorf("unexpected errors:\n  %s", strings.Join(errs, "\n  "))
					}
					for _, w := range want {
						if !containsSub(warns, w) {
							t.Errorf("missing warning %q; got:\n  %s", w, strings.Join(warns, "\n  "))
						}
					}
				}
			})
		}
	}
}

func anyIn(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestValidateConcurrent checks that pooled validator state never leaks
// between goroutines (run with -race).
func TestValidateConcurrent(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.json")
	type result struct{ errs, warns string }
	want := map[string]result{}
	inputs := map[string][]byte{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, rep := Validate(raw)
		inputs[f] = raw
		want[f] = result{strings.Join(issueStrings(rep.Errors), "|"), strings.Join(issueStrings(rep.Warnings), "|")}
	}
	done := make(chan string, 8)
	for g := 0; g < 8; g++ {
		go func() {
			msg := ""
			for i := 0; i < 20 && msg == ""; i++ {
				for f, raw := range inputs {
					_, rep := Validate(raw)
					got := result{strings.Join(issueStrings(rep.Errors), "|"), strings.Join(issueStrings(rep.Warnings), "|")}
					if got != want[f] {
						msg = f + ": results differ under concurrency"
						break
					}
				}
			}
			done <- msg
		}()
	}
	for g := 0; g < 8; g++ {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
}
