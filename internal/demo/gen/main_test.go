package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedFileIsCurrent regenerates the bundle and compares it with the
// committed ../demo.json, so the file is never edited by hand or left stale.
func TestCommittedFileIsCurrent(t *testing.T) {
	got, err := build()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../demo.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("demo.json differs from the generator's output; run go generate ./internal/demo/")
	}
	again, err := build()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, again) {
		t.Error("two runs of the generator differ")
	}
}

func TestMainWritesFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "demo.json")
	os.Args = []string{"gen", "-o", out}
	main()
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := build(); !bytes.Equal(data, want) {
		t.Error("main wrote something other than build's output")
	}
}
