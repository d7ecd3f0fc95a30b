package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/audit"
	"github.com/fusion-cti/fusion/internal/store"
)

const sourceColumns = "id, name, url, collection, username, password, owner, every, cursor, last_run, last_error"

func scanSource(row interface{ Scan(...any) error }) (store.Source, error) {
	var s store.Source
	var every, cursor, run int64
	err := row.Scan(&s.ID, &s.Name, &s.URL, &s.Collection, &s.User, &s.Password, &s.Owner, &every, &cursor, &run, &s.LastError)
	s.Every, s.Cursor, s.LastRun = time.Duration(every)*time.Second, store.FromMicros(cursor), store.FromMicros(run)
	return s, err
}

// AddSource stores a TAXII source; a taken name wraps access.ErrExists.
func (db *DB) AddSource(ctx context.Context, by access.Actor, s store.Source) (store.Source, error) {
	rec := Record(by, "source.add", s.Name, auditDetail("url %s, collection %s, user %q, owner %d, every %s", s.URL, s.Collection, s.User, s.Owner, s.Every))
	err := db.audited(ctx, []audit.Record{rec}, func(tx *sql.Tx) error {
		q := db.sql().S("INSERT INTO sources (name, url, collection, username, password, owner, every, cursor, last_run, last_error) VALUES (").
			A(s.Name).S(", ").A(s.URL).S(", ").A(s.Collection).S(", ").A(s.User).S(", ").A(s.Password).S(", ").A(s.Owner).S(", ").
			A(int64(s.Every / time.Second)).S(", ").A(store.Micros(s.Cursor)).S(", 0, '') RETURNING id")
		if err := tx.QueryRowContext(ctx, q.String(), q.Args...).Scan(&s.ID); err != nil {
			if isUnique(err) {
				return fmt.Errorf("source %s: %w", s.Name, access.ErrExists)
			}
			return db.errorf("add source %s: %w", s.Name, err)
		}
		return nil
	})
	return s, err
}

// AllSources lists the TAXII sources by name.
func (db *DB) AllSources(ctx context.Context) ([]store.Source, error) {
	rows, err := db.r.QueryContext(detach(ctx), "SELECT "+sourceColumns+" FROM sources ORDER BY name")
	if err != nil {
		return nil, db.errorf("%w", err)
	}
	defer rows.Close()
	var out []store.Source
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return nil, db.errorf("%w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SourceByName returns one source, or an error wrapping store.ErrNotFound.
func (db *DB) SourceByName(ctx context.Context, name string) (store.Source, error) {
	q := db.sql().S("SELECT " + sourceColumns + " FROM sources WHERE name = ").A(name)
	s, err := scanSource(db.r.QueryRowContext(detach(ctx), q.String(), q.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("source %s: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return s, db.errorf("%w", err)
	}
	return s, nil
}

// SaveCursor records a source's progress. The cursor never moves back.
func (db *DB) SaveCursor(ctx context.Context, id int64, cursor, run time.Time, lastError string) error {
	return db.change(ctx, func(tx *sql.Tx) error {
		q := db.sql().S("UPDATE sources SET cursor = CASE WHEN cursor < ").A(store.Micros(cursor)).S(" THEN ").A(store.Micros(cursor)).S(" ELSE cursor END, last_run = ").A(store.Micros(run)).S(", last_error = ").A(lastError).S(" WHERE id = ").A(id)
		_, err := tx.ExecContext(ctx, q.String(), q.Args...)
		if err != nil {
			return db.errorf("save cursor: %w", err)
		}
		return nil
	})
}
