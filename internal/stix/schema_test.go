package stix

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaDir locates the OASIS STIX 2.1 JSON schemas relative to this file.
func schemaDir(t *testing.T) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test source file")
	}
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "data", "stix2-json-schemas", "schemas")
	if _, err := os.Stat(filepath.Join(dir, "common", "core.json")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("OASIS schemas missing at %s: %v", dir, err)
		}
		t.Skipf("OASIS schemas not found at %s (set CI=true to make this fatal)", dir)
	}
	return dir
}

// stixSchemas compiles the OASIS schemas, registering every file under its
// $id so that their relative references resolve without network access.
type stixSchemas struct {
	c     *jsonschema.Compiler
	byRel map[string]string // "sdos/indicator.json" -> $id
	cache map[string]*jsonschema.Schema
}

func loadSchemas(t *testing.T) *stixSchemas {
	dir := schemaDir(t)
	s := &stixSchemas{c: jsonschema.NewCompiler(), byRel: map[string]string{}, cache: map[string]*jsonschema.Schema{}}
	s.c.DefaultDraft(jsonschema.Draft2020)
	s.c.UseLoader(noNetwork{})
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			return err
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		if id == "" {
			t.Fatalf("%s has no $id", path)
		}
		if err := s.c.AddResource(id, doc); err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		s.byRel[filepath.ToSlash(rel)] = id
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type noNetwork struct{}

func (noNetwork) Load(url string) (any, error) {
	return nil, &os.PathError{Op: "load", Path: url, Err: os.ErrNotExist}
}

func (s *stixSchemas) schema(t *testing.T, rel string) *jsonschema.Schema {
	if sch := s.cache[rel]; sch != nil {
		return sch
	}
	id, ok := s.byRel[rel]
	if !ok {
		t.Fatalf("no schema %s", rel)
	}
	sch, err := s.c.Compile(id)
	if err != nil {
		t.Fatalf("compile %s: %v", rel, err)
	}
	s.cache[rel] = sch
	return sch
}

// schemaFor picks the OASIS schema of an object's type; custom types use
// the common core of SDOs or SCOs.
func schemaFor(obj map[string]any) string {
	typ, _ := obj["type"].(string)
	switch Kind(typ) {
	case SDO:
		return "sdos/" + typ + ".json"
	case SRO:
		return "sros/" + typ + ".json"
	case SCO:
		return "observables/" + typ + ".json"
	case Meta:
		return "common/" + typ + ".json"
	}
	if _, versioned := obj["created"]; versioned {
		return "common/core.json"
	}
	return "common/cyber-observable-core.json"
}

func TestOASISSchemas(t *testing.T) {
	s := loadSchemas(t)
	check := func(name string, raw []byte) {
		t.Helper()
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		obj, ok := doc.(map[string]any)
		if !ok {
			t.Fatalf("%s: not an object", name)
		}
		rel := schemaFor(obj)
		if err := s.schema(t, rel).Validate(doc); err != nil {
			t.Errorf("%s does not validate against %s:\n%v", name, rel, err)
		}
	}
	files, err := filepath.Glob("testdata/valid/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no valid testdata: %v", err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		check(f, raw)
	}
	for _, raw := range TLPDefinitions() {
		var probe struct{ ID string }
		if err := json.Unmarshal(raw, &probe); err != nil {
			t.Fatal(err)
		}
		check("TLPDefinitions() "+probe.ID, raw)
	}
}
