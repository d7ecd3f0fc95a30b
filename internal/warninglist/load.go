package warninglist

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Report says what Load read.
type Report struct {
	Files   int            // list files found
	Lists   int            // lists loaded
	Entries map[string]int // usable entries per list type
	Broken  []Problem      // files not loaded, with the reason
	Skipped []Skip         // entries of loaded lists that cannot be used
}

// Problem is a list file that could not be loaded.
type Problem struct {
	File string // path as found below the directory given to Load
	Err  error
}

func (p Problem) Error() string { return p.File + ": " + p.Err.Error() }

func (p Problem) Unwrap() error { return p.Err }

// Load reads the warning lists below dir: every file named list.json at any
// depth (MISP's layout; dir may be the repository or its lists directory),
// with the name of its directory as ID, and every other *.json file directly
// in dir, with its base name as ID. A file directly in dir named
// schema.json is MISP's JSON schema and is not read; hidden directories are
// not entered.
//
// A file that cannot be read or parsed, or whose ID repeats an earlier
// one, is reported in Report.Broken and skipped; the others are loaded. The
// error is for a dir that cannot be read, or holds no list file at all.
func Load(dir string) (*Set, Report, error) {
	rep := Report{Entries: make(map[string]int)}
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return err
			}
			rep.Broken = append(rep.Broken, Problem{File: path, Err: err})
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path != dir && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case name == "list.json":
			files = append(files, path)
		case filepath.Dir(path) == filepath.Clean(dir) && strings.HasSuffix(name, ".json") && name != "schema.json":
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, rep, fmt.Errorf("warning lists %s: %w", dir, err)
	}
	if len(files) == 0 {
		return nil, rep, fmt.Errorf("warning lists %s: no list.json below it and no *.json in it\nhint: give the misp-warninglists repository or its lists directory", dir)
	}
	slices.Sort(files)
	rep.Files = len(files)

	set := &Set{}
	seen := make(map[string]string)
	for _, path := range files {
		id := strings.TrimSuffix(filepath.Base(path), ".json")
		if id == "list" {
			id = filepath.Base(filepath.Dir(path))
		}
		if first, dup := seen[id]; dup {
			rep.Broken = append(rep.Broken, Problem{File: path, Err: fmt.Errorf("list id %q already loaded from %s", id, first)})
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			rep.Broken = append(rep.Broken, Problem{File: path, Err: unwrapPath(err)})
			continue
		}
		l, err := parse(id, data)
		if err != nil {
			rep.Broken = append(rep.Broken, Problem{File: path, Err: err})
			continue
		}
		seen[id] = path
		set.Add(l)
		rep.Lists++
		rep.Entries[l.Type] += l.Entries
		rep.Skipped = append(rep.Skipped, l.Skipped...)
	}
	set.compiled() // build now, not on the first Match
	return set, rep, nil
}

// unwrapPath drops the path an *fs.PathError repeats.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
