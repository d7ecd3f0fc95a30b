package stixschema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// This package sits one level deeper than internal/<pkg>.
const relDir = "../" + DefaultRelDir

func decode(t *testing.T, s string) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestLoadAndValidate(t *testing.T) {
	set, err := Load(Dir(t, relDir))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(set.Types()); n != 42 {
		t.Errorf("got schemas for %d types (%v), want 42 (19 SDOs, 2 SROs, 18 SCOs, marking-definition, extension-definition, language-content)", n, set.Types())
	}

	good := `{"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
		"created":"2026-01-02T03:04:05.678Z","modified":"2026-01-02T03:04:05.678Z",
		"pattern":"[ipv4-addr:value = '198.51.100.1']","pattern_type":"stix","valid_from":"2026-01-02T03:04:05.678Z"}`
	if err := set.Validate(decode(t, good)); err != nil {
		t.Errorf("valid indicator rejected: %v", err)
	}
	bad := strings.Replace(good, `"pattern_type":"stix",`, "", 1)
	if err := set.Validate(decode(t, bad)); err == nil {
		t.Error("indicator without pattern_type accepted")
	}
	noMillis := strings.Replace(good, `"created":"2026-01-02T03:04:05.678Z"`, `"created":"2026-01-02T03:04:05Z"`, 1)
	if err := set.Validate(decode(t, noMillis)); err == nil {
		t.Error("indicator with a created timestamp without milliseconds accepted")
	}
	badURL := `{"type":"url","id":"url--c1477287-23ac-5971-a010-5c287877fa60","value":"not a uri"}`
	if err := set.Validate(decode(t, badURL)); err == nil {
		t.Error("url SCO with a value that is not a URI accepted (formats must be asserted)")
	}
	if err := set.Validate(decode(t, `{"type":"x-unknown"}`)); err == nil {
		t.Error("object of an unknown type accepted")
	}
	if err := set.Validate(decode(t, `[]`)); err == nil {
		t.Error("array accepted as an object")
	}

	bundle := `{"type":"bundle","id":"bundle--0b9c1a2e-7a43-4b57-9f6f-2d4e9e0f1a11","objects":[` + good + `]}`
	if err := set.ValidateBundle(decode(t, bundle)); err != nil {
		t.Errorf("valid bundle rejected: %v", err)
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("Load(empty dir): want an error")
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("Load(missing dir): want an error")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.json"), []byte(`{"type":"object"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil {
		t.Error("Load(schema without $id): want an error")
	}
}

// fakeTB records Skip and Fatal instead of stopping the test.
type fakeTB struct {
	testing.TB
	skipped, failed bool
}

func (f *fakeTB) Helper()             {}
func (f *fakeTB) Skip(args ...any)    { f.skipped = true }
func (f *fakeTB) Fatal(args ...any)   { f.failed = true }
func (f *fakeTB) Logf(string, ...any) {}

func TestDirMissing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-schemas")
	t.Setenv("CI", "")
	tb := &fakeTB{TB: t}
	Dir(tb, missing)
	if !tb.skipped || tb.failed {
		t.Errorf("outside CI: skipped %v failed %v, want a skip", tb.skipped, tb.failed)
	}
	t.Setenv("CI", "true")
	tb = &fakeTB{TB: t}
	Dir(tb, missing)
	if !tb.failed {
		t.Error("with CI=true a missing schema directory must fail the test")
	}
}
