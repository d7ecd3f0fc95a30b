package stix

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestDump(t *testing.T) {
	files, _ := filepath.Glob("testdata/" + os.Getenv("DUMPDIR") + "/*.json")
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		_, r := Validate(raw)
		fmt.Printf("== %s\n", filepath.Base(f))
		for _, e := range r.Errors {
			fmt.Printf("  E %s\n", e)
		}
		for _, e := range r.Warnings {
			fmt.Printf("  W %s\n", e)
		}
	}
}
