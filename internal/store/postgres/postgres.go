// Package postgres is Fusion's scale-out store on PostgreSQL through pgx.
//
// Several Fusion processes may share one database: each write transaction
// first takes one transaction-level advisory lock, so writers are
// serialised and dates added stay strictly increasing in commit order. It
// must never write outside such a transaction.
package postgres

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"

	"github.com/fusion-cti/fusion/internal/store/sqlstore"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

//go:embed schema.sql
var schema string

// access.sql adds sharing (organisations, keys, labels, collections, audit)
// to a schema.sql database; both are idempotent.
//
//go:embed access.sql
var accessSchema string

//go:embed sources.sql
var sourcesSchema string

//go:embed warnings.sql
var warningsSchema string

// writeLock is the advisory lock key every write transaction holds.
const writeLock = 0x66_75_73_69_6f_6e // "fusion"

var dialect = sqlstore.Dialect{
	Name:         "postgres",
	Dollar:       true,
	Lock:         fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", writeLock),
	SearchColumn: true,
	TextMatch: func(q *sqlstore.SQL, words []string) {
		q.S(" WHERE o.tsv @@ (")
		for i, w := range words {
			if i > 0 {
				q.S(" && ")
			}
			q.S("phraseto_tsquery('simple', ").A(w).S(")")
		}
		q.S(")")
	},
	TextOrder:    "o.added",
	RecentWindow: 5000,
	// Fresh statistics after a large write let the planner choose well
	// between the GIN index and a newest-first walk (autovacuum would get
	// there too, but later).
	Analyze:      "ANALYZE objects, observables",
	IgnoreVerb:   "INSERT INTO",
	IgnoreSuffix: " ON CONFLICT DO NOTHING",
}

// Open connects to the database at dsn (a postgres:// URL or key=value
// string) and creates the schema if needed.
func Open(ctx context.Context, dsn string) (*sqlstore.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(8)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres store: connect: %w", err)
	}
	// Serialise schema creation between processes starting together.
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("SELECT pg_advisory_lock(%d)", writeLock+1)); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	_, err = conn.ExecContext(ctx, schema+"\n"+accessSchema+"\n"+sourcesSchema+"\n"+warningsSchema)
	// Unlock even when ctx is done: the session lock would otherwise stay
	// on the pooled connection and block other processes' Open.
	conn.ExecContext(context.Background(), fmt.Sprintf("SELECT pg_advisory_unlock(%d)", writeLock+1))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres store: create schema: %w", err)
	}
	return sqlstore.New(db, db, dialect), nil
}
