// Package sqlite is Fusion's embedded store: one SQLite database file in WAL
// mode under the data directory, no server. Built with cgo and -tags
// sqlite_fts5 it uses the C SQLite of mattn/go-sqlite3; otherwise the
// pure-Go modernc.org/sqlite (driver_*.go).
//
// Writes go through a single connection opened with BEGIN IMMEDIATE, and
// SQLite's file lock serialises processes: that is what keeps dates added
// strictly increasing. It must never open a second writing connection.
package sqlite

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fusion-cti/fusion/internal/store/sqlstore"
)

// migrations[i] takes a database from user_version i to i+1; each sets
// the version it reaches as its last statement.
var migrations = []string{schema, accessSchema, sourcesSchema, warningsSchema}

//go:embed schema.sql
var schema string

//go:embed access.sql
var accessSchema string

//go:embed sources.sql
var sourcesSchema string

//go:embed warnings.sql
var warningsSchema string

// schemaVersion is the user_version the last migration sets.
var schemaVersion = len(migrations)

// FileName is the database file's name inside the data directory.
const FileName = "fusion.db"

var dialect = sqlstore.Dialect{
	Name: "sqlite",
	TextMatch: func(q *sqlstore.SQL, words []string) {
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
		}
		q.S(" JOIN fts ON fts.rowid = o.added WHERE fts MATCH ").A(strings.Join(quoted, " "))
	},
	TextOrder:    "fts.rowid",
	IgnoreVerb:   "INSERT OR IGNORE INTO",
	IgnoreSuffix: "",
}

// Open opens (creating if needed) the store in dir.
func Open(ctx context.Context, dir string) (*sqlstore.DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("sqlite store: %w", err)
	}
	path := filepath.Join(dir, FileName)
	// Both pools connect lazily: a read-only command never opens the writer.
	w, err := sql.Open(driverName, dsn(path))
	if err != nil {
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open(driverName, dsn(path, "query_only(1)"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	fail := func(format string, args ...any) (*sqlstore.DB, error) {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("sqlite store %s: "+format, append([]any{path}, args...)...)
	}
	// Processes opening a new database together may find it locked while
	// one of them creates it: wait for that, as for any busy database.
	var version int
	for wait := 10 * time.Millisecond; ; wait *= 2 {
		err := r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
		if err == nil && version < schemaVersion {
			err = migrate(ctx, w)
			version = schemaVersion
		}
		if err == nil {
			break
		}
		if !strings.Contains(err.Error(), "database is locked") || wait > 5*time.Second {
			return fail("open: %w", err)
		}
		time.Sleep(wait)
	}
	if version > schemaVersion {
		return fail("schema version %d is newer than this build's %d: use a newer fusion", version, schemaVersion)
	}
	return sqlstore.New(w, r, dialect), nil
}

// create makes the schema in one write transaction (BEGIN IMMEDIATE), unless
// another process did first: a database either has every table and its
// version, or neither.
// migrate brings the schema to schemaVersion in one transaction: another
// process doing the same waits for the write lock, then finds nothing to do.
func migrate(ctx context.Context, w *sql.DB) error {
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	for v := version; v < schemaVersion; v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("schema version %d to %d: %w", v, v+1, err)
		}
	}
	return tx.Commit()
}
