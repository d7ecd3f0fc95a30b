package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/audit"
	"github.com/fusion-cti/fusion/internal/store"
)

// This file keeps the audit log: entries are appended inside the write
// transaction they describe (so a change and its entry commit together),
// under the write lock (so the chain is linear across processes).

const auditColumns = "seq, at, actor, org, action, target, detail, remote, prev, hash"

// appendAudit chains recs after the last entry and inserts them.
func (db *DB) appendAudit(ctx context.Context, tx *sql.Tx, recs []audit.Record) error {
	if len(recs) == 0 {
		return nil
	}
	var prev *audit.Entry
	row := tx.QueryRowContext(ctx, "SELECT "+auditColumns+" FROM audit ORDER BY seq DESC LIMIT 1")
	if e, err := scanAudit(row); err == nil {
		prev = &e
	} else if !errors.Is(err, sql.ErrNoRows) {
		return db.errorf("audit: %w", err)
	}
	for _, r := range recs {
		if err := r.Validate(); err != nil {
			return err
		}
		e := audit.Next(prev, r)
		q := db.sql().S("INSERT INTO audit (" + auditColumns + ") VALUES (").A(e.Seq).S(", ").A(store.Micros(e.Time)).S(", ").A(e.Actor).S(", ").A(e.Org).S(", ").A(e.Action).S(", ").A(e.Target).S(", ").A(e.Detail).S(", ").A(e.Remote).S(", ").A(e.Prev).S(", ").A(e.Hash).S(")")
		if _, err := tx.ExecContext(ctx, q.String(), q.Args...); err != nil {
			return db.errorf("audit: %w", err)
		}
		prev = &e
	}
	return nil
}

func scanAudit(row interface{ Scan(...any) error }) (audit.Entry, error) {
	var e audit.Entry
	var at int64
	err := row.Scan(&e.Seq, &at, &e.Actor, &e.Org, &e.Action, &e.Target, &e.Detail, &e.Remote, &e.Prev, &e.Hash)
	e.Time = store.FromMicros(at)
	if e.Prev == nil {
		e.Prev = []byte{}
	}
	return e, err
}

// Record makes the audit record of what by does now.
func Record(by access.Actor, action, target, detail string) audit.Record {
	return audit.Record{Time: time.Now(), Actor: by.ID, Org: by.Org, Action: action, Target: target, Detail: detail, Remote: by.Remote}
}

// Audit appends one entry on its own: reads and exports, which write
// nothing else.
func (db *DB) Audit(ctx context.Context, r audit.Record) error {
	return db.audited(ctx, []audit.Record{r}, func(*sql.Tx) error { return nil })
}

// AuditFilter narrows AuditLog.
type AuditFilter struct {
	Since time.Time // entries at or after
	Org   string    // entries by this organisation's keys
	Limit int       // 0: no limit
}

// AuditLog returns entries in chain order (ascending seq), as stored: the
// verifier must see what is there, not a cleaned-up view.
func (db *DB) AuditLog(ctx context.Context, f AuditFilter) iter.Seq2[audit.Entry, error] {
	return func(yield func(audit.Entry, error) bool) {
		q := db.sql().S("SELECT " + auditColumns + " FROM audit WHERE 1 = 1")
		if !f.Since.IsZero() {
			q.S(" AND at >= ").A(store.Micros(f.Since))
		}
		if f.Org != "" {
			q.S(" AND org = ").A(f.Org)
		}
		q.S(" ORDER BY seq")
		if f.Limit > 0 {
			q.S(" LIMIT ").A(f.Limit)
		}
		rows, err := db.r.QueryContext(detach(ctx), q.String(), q.Args...)
		if err != nil {
			yield(audit.Entry{}, db.errorf("audit: %w", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				yield(audit.Entry{}, db.errorf("audit: %w", err))
				return
			}
			if !yield(e, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(audit.Entry{}, db.errorf("audit: %w", err))
		}
	}
}

// AuditHead returns the last entry, or false when the log is empty.
func (db *DB) AuditHead(ctx context.Context) (audit.Entry, bool, error) {
	e, err := scanAudit(db.r.QueryRowContext(detach(ctx), "SELECT "+auditColumns+" FROM audit ORDER BY seq DESC LIMIT 1"))
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, nil
	}
	if err != nil {
		return e, false, db.errorf("audit: %w", err)
	}
	return e, true, nil
}

func auditDetail(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// actorOf returns the actor of an authenticated request's context, or the
// local operator.
func actorOf(ctx context.Context) access.Actor {
	if _, a, ok := access.FromContext(ctx); ok {
		return a
	}
	return access.Local
}
