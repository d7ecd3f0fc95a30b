package cli_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/fusion-cti/fusion/internal/cli"
	"github.com/fusion-cti/fusion/internal/store/sqlite"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"fusion": func() { os.Exit(cli.Run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs testdata/script/*.txtar: each command's output and exit
// status, pinned down.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("FUSION_DATA", env.WorkDir+"/data")
			env.Setenv("FUSION_DB", "")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){"sql": sqlCmd},
	})
}

// sqlCmd runs SQL statements on the data directory's database behind
// Fusion's back, as an intruder would: sql STATEMENT...
func sqlCmd(ts *testscript.TestScript, neg bool, args []string) {
	driver := ""
	for _, d := range sql.Drivers() {
		if d == "sqlite3" || d == "sqlite" {
			driver = d
		}
	}
	if driver == "" {
		ts.Fatalf("no SQLite driver in this build (%v)", sql.Drivers())
	}
	db, err := sql.Open(driver, filepath.Join(ts.Getenv("FUSION_DATA"), sqlite.FileName))
	ts.Check(err)
	defer db.Close()
	for _, q := range args {
		_, err := db.Exec(q)
		if neg != (err != nil) {
			ts.Fatalf("sql %q: %v", q, err)
		}
	}
}
