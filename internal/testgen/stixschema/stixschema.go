// Package stixschema loads the OASIS STIX 2.1 JSON Schemas from a local copy of
// the cti-stix2-json-schemas "schemas" directory and validates decoded STIX
// objects against the schema of their type. It exists for tests: it never
// touches the network (every schema is registered under its own $id) and it is
// not an input validator for untrusted data in production code.
package stixschema

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// DefaultRelDir is where the shared schemas live relative to a package directory
// two levels below the module root (internal/<pkg>): go test runs there.
const DefaultRelDir = "../../../shared/data/stix2-json-schemas/schemas"

// Set holds the compiled schemas, one per STIX object type plus the bundle.
type Set struct {
	byType map[string]*jsonschema.Schema
	bundle *jsonschema.Schema
}

// Load compiles every schema under dir (the "schemas" directory, holding common/,
// sdos/, sros/ and observables/). Each file is registered under its "$id" so that
// their relative references resolve without network access. String formats
// (uri, email, …) are asserted.
func Load(dir string) (*Set, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseLoader(noLoader{})

	ids := map[string]string{} // type name -> $id
	var bundleID string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".json") {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		m, ok := doc.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: schema is not a JSON object", path)
		}
		id, _ := m["$id"].(string)
		if id == "" {
			return fmt.Errorf("%s: schema has no $id", path)
		}
		if err := c.AddResource(id, doc); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		switch filepath.Base(filepath.Dir(path)) {
		case "sdos", "sros", "observables":
			ids[name] = id
		case "common":
			switch name {
			case "marking-definition", "extension-definition", "language-content":
				ids[name] = id
			case "bundle":
				bundleID = id
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stixschema: load %s: %w", dir, err)
	}
	if bundleID == "" || len(ids) == 0 {
		return nil, fmt.Errorf("stixschema: %s holds no STIX 2.1 schemas (want common/bundle.json, sdos/, sros/, observables/)", dir)
	}
	s := &Set{byType: map[string]*jsonschema.Schema{}}
	for typ, id := range ids {
		sch, err := c.Compile(id)
		if err != nil {
			return nil, fmt.Errorf("stixschema: compile %s: %w", typ, err)
		}
		s.byType[typ] = sch
	}
	if s.bundle, err = c.Compile(bundleID); err != nil {
		return nil, fmt.Errorf("stixschema: compile bundle: %w", err)
	}
	return s, nil
}

// Types lists the object types the set has a schema for, sorted.
func (s *Set) Types() []string {
	types := make([]string, 0, len(s.byType))
	for t := range s.byType {
		types = append(types, t)
	}
	sort.Strings(types)
	return types
}

// Validate checks one decoded STIX object (a map from jsonschema.UnmarshalJSON or
// encoding/json) against the schema of its "type".
func (s *Set) Validate(obj any) error {
	m, ok := obj.(map[string]any)
	if !ok {
		return errors.New("stixschema: object is not a JSON object")
	}
	typ, _ := m["type"].(string)
	sch, ok := s.byType[typ]
	if !ok {
		return fmt.Errorf("stixschema: no schema for type %q", typ)
	}
	return sch.Validate(obj)
}

// ValidateBundle checks a decoded bundle against common/bundle.json.
//
// Note that this OASIS schema lists only some object types in its choice of
// known types; a grouping, incident, location, note, opinion or
// extension-definition falls through to the custom-object branch, which matches
// both core and cyber-observable-core and so fails its oneOf. Validate each
// object with Validate for bundles holding those types.
func (s *Set) ValidateBundle(bundle any) error {
	return s.bundle.Validate(bundle)
}

// Dir returns the schema directory rel (relative to the test's package
// directory, such as DefaultRelDir) if it holds schemas. When it does not, the
// test fails if the environment variable CI is "true" and is skipped otherwise.
func Dir(tb testing.TB, rel string) string {
	tb.Helper()
	dir, err := filepath.Abs(rel)
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "common", "bundle.json"))
	}
	if err != nil {
		msg := fmt.Sprintf("STIX 2.1 JSON schemas not found at %s (%v); they are part of the shared data checkout", rel, err)
		if os.Getenv("CI") == "true" {
			tb.Fatal(msg)
		}
		tb.Skip(msg + "; skipping schema validation")
	}
	return dir
}

// noLoader refuses every URL: all schemas must come from the directory.
type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("schema %s is not in the local schema directory (network loading is disabled)", url)
}
