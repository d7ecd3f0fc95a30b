// Package layering holds the test that keeps Fusion's import arrows
// pointing one way (docs/ARCHITECTURE.md, "Layering"): a wrong import fails
// CI instead of slowly eroding the design.
package layering

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/fusion-cti/fusion/"

// forbidden maps a package (prefix) to packages (prefixes) it must never
// depend on, directly or not.
var forbidden = map[string][]string{
	"internal/stix/pattern": {"internal/"},
	"internal/stix":         {"internal/store", "internal/intel", "internal/api", "internal/cli", "internal/demo", "internal/testgen"},
	"internal/store":        {"internal/stix", "internal/intel", "internal/api", "internal/cli", "internal/taxii"},
	"internal/access":       {"internal/stix", "internal/store", "internal/intel", "internal/api", "internal/cli", "internal/taxii"},
	"internal/audit":        {"internal/"},
	"internal/warninglist":  {"internal/"},
	"internal/country":      {"internal/"},
	"internal/pull":         {"internal/cli", "internal/api", "internal/store/sqlite", "internal/store/postgres", "internal/store/sqlstore"},
	"internal/formats":      {"internal/store", "internal/intel", "internal/api", "internal/cli", "internal/taxii"},
	"internal/taxii":        {"internal/cli", "internal/api", "internal/store/sqlite", "internal/store/postgres"},
	"internal/intel":        {"internal/api", "internal/cli", "internal/store/sqlite", "internal/store/postgres", "internal/store/sqlstore"},
	"internal/api":          {"internal/cli", "internal/store/sqlite", "internal/store/postgres", "internal/store/sqlstore"},
	"internal/demo":         {"internal/store", "internal/intel", "internal/api", "internal/cli"},
}

// onlyFrom lists packages that only the named importers may use.
var onlyFrom = map[string][]string{
	"internal/cli":     {"cmd/fusion"},
	"internal/testgen": {"internal/cli"},
}

type pkg struct {
	ImportPath string
	Deps       []string
	Imports    []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", "-deps=false", module+"...")
	cmd.Dir = "../.."
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(out)
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("go list: %v", err)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

func within(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

func TestLayering(t *testing.T) {
	pkgs := listPackages(t)
	checked := 0
	for _, p := range pkgs {
		self := strings.TrimPrefix(p.ImportPath, module)
		for owner, bans := range forbidden {
			if !within(self, owner) {
				continue
			}
			checked++
			for _, dep := range p.Deps {
				d := strings.TrimPrefix(dep, module)
				if d == dep || within(d, owner) {
					continue
				}
				for _, ban := range bans {
					if within(d, ban) && !(owner == "internal/stix" && within(d, "internal/stix")) {
						t.Errorf("%s depends on %s: %s must not depend on %s", self, d, owner, ban)
					}
				}
			}
		}
		for _, imp := range p.Imports {
			d := strings.TrimPrefix(imp, module)
			for target, allowed := range onlyFrom {
				if !within(d, target) || within(self, target) {
					continue
				}
				ok := false
				for _, a := range allowed {
					ok = ok || within(self, a)
				}
				if !ok {
					t.Errorf("%s imports %s: only %v may", self, d, allowed)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no package was checked: the rules name nothing that exists")
	}
}
