package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fusion-cti/fusion/internal/store"
)

// This file keeps TAXII status resources (the answers to POSTed envelopes)
// in the statuses table. The store does not read the body: the TAXII server
// writes and serves it as it is.

// PutStatus stores the status resource id of organisation org, replacing
// the one stored under the same id: a status is written again as the
// request it describes completes.
func (db *DB) PutStatus(ctx context.Context, id string, org int64, created time.Time, body []byte) error {
	if id == "" {
		return fmt.Errorf("status: no id")
	}
	return db.change(ctx, func(tx *sql.Tx) error {
		del := db.sql().S("DELETE FROM statuses WHERE id = ").A(id)
		if _, err := tx.ExecContext(ctx, del.String(), del.Args...); err != nil {
			return db.errorf("put status %s: %w", id, err)
		}
		ins := db.sql().S("INSERT INTO statuses (id, org, created, body) VALUES (").A(id).S(", ").A(org).S(", ").A(store.Micros(created)).S(", ").A(body).S(")")
		if _, err := tx.ExecContext(ctx, ins.String(), ins.Args...); err != nil {
			return db.errorf("put status %s: %w", id, err)
		}
		return nil
	})
}

// StatusByID returns the organisation a status resource belongs to and its
// body, or an error wrapping store.ErrNotFound when no status has that id.
func (db *DB) StatusByID(ctx context.Context, id string) (org int64, body []byte, err error) {
	q := db.sql().S("SELECT org, body FROM statuses WHERE id = ").A(id)
	err = db.r.QueryRowContext(detach(ctx), q.String(), q.Args...).Scan(&org, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, fmt.Errorf("status %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return 0, nil, db.errorf("status %s: %w", id, err)
	}
	return org, body, nil
}
