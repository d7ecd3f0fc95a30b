// Package sqlite is Fusion's embedded store: one SQLite database file in WAL
// mode under the data directory, through the pure-Go modernc.org/sqlite
// driver, so the default build needs no C compiler and no server.
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

	"github.com/fusion-cti/fusion/internal/store/sqlstore"
)

//go:embed schema.sql
var schema string

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
	TextOrder: "fts.rowid",
	InsertIgnore: func(table, cols, values string) string {
		return "INSERT OR IGNORE INTO " + table + " (" + cols + ") VALUES (" + values + ")"
	},
}

// Open opens (creating if needed) the store in dir.
func Open(ctx context.Context, dir string) (*sqlstore.DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("sqlite store: %w", err)
	}
	path := filepath.Join(dir, FileName)
	w, err := sql.Open(driverName, dsn(path))
	if err != nil {
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if _, err := w.ExecContext(ctx, schema); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite store %s: create schema: %w", path, err)
	}
	r, err := sql.Open(driverName, dsn(path, "query_only(1)"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	return sqlstore.New(w, r, dialect), nil
}
