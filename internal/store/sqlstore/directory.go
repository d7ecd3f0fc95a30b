package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/audit"
	"github.com/fusion-cti/fusion/internal/store"
)

// This file keeps organisations, keys and groups (access.Directory).

var _ access.Directory = (*DB)(nil)

// change runs fn in a write transaction (serialised with ingest like every
// write) and commits.
func (db *DB) change(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.audited(ctx, nil, fn)
}

// audited is change that also appends recs to the audit log.
func (db *DB) audited(ctx context.Context, recs []audit.Record, fn func(tx *sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return db.errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if db.d.Lock != "" {
		if _, err := tx.ExecContext(ctx, db.d.Lock); err != nil {
			return db.errorf("lock: %w", err)
		}
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := db.appendAudit(ctx, tx, recs); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return db.errorf("commit: %w", err)
	}
	return nil
}

// isUnique reports whether err is a unique-constraint violation.
func isUnique(err error) bool {
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

const orgColumns = "id, name, kind, country, tlp, created"

func scanOrg(row interface{ Scan(...any) error }) (access.Org, error) {
	var o access.Org
	var kind string
	var tlp, created int64
	err := row.Scan(&o.ID, &o.Name, &kind, &o.Country, &tlp, &created)
	o.Kind, o.TLP, o.Created = access.Kind(kind), access.TLP(tlp), store.FromMicros(created)
	return o, err
}

// AddOrg stores a new organisation.
func (db *DB) AddOrg(ctx context.Context, by access.Actor, o access.Org) (access.Org, error) {
	if err := o.Validate(); err != nil {
		return access.Org{}, err
	}
	if o.Created.IsZero() {
		o.Created = time.Now().UTC()
	}
	rec := Record(by, "org.add", o.Name, auditDetail("kind %s, country %q, tlp %s", o.Kind, o.Country, o.TLP))
	err := db.audited(ctx, []audit.Record{rec}, func(tx *sql.Tx) error {
		q := db.sql().S("INSERT INTO orgs (name, kind, country, tlp, created) VALUES (").A(o.Name).S(", ").A(string(o.Kind)).S(", ").A(o.Country).S(", ").A(int64(o.TLP)).S(", ").A(store.Micros(o.Created)).S(") RETURNING id")
		if err := tx.QueryRowContext(ctx, q.String(), q.Args...).Scan(&o.ID); err != nil {
			if isUnique(err) {
				if o.Kind == access.Centre {
					var name string
					if tx.QueryRowContext(ctx, "SELECT name FROM orgs WHERE kind = 'centre'").Scan(&name) == nil && name != o.Name {
						return fmt.Errorf("organisation %s: there is already a centre (%s): %w", o.Name, name, access.ErrExists)
					}
				}
				return fmt.Errorf("organisation %s: %w", o.Name, access.ErrExists)
			}
			return db.errorf("add organisation %s: %w", o.Name, err)
		}
		return nil
	})
	return o, err
}

// Orgs lists organisations by name.
func (db *DB) Orgs(ctx context.Context) ([]access.Org, error) {
	rows, err := db.r.QueryContext(detach(ctx), "SELECT "+orgColumns+" FROM orgs ORDER BY name")
	if err != nil {
		return nil, db.errorf("%w", err)
	}
	defer rows.Close()
	var out []access.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, db.errorf("%w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func (db *DB) org(ctx context.Context, what string, q *SQL) (access.Org, error) {
	o, err := scanOrg(db.r.QueryRowContext(detach(ctx), q.String(), q.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return o, fmt.Errorf("organisation %s: %w", what, access.ErrNotFound)
	}
	if err != nil {
		return o, db.errorf("%w", err)
	}
	return o, nil
}

// OrgByName returns an organisation by name.
func (db *DB) OrgByName(ctx context.Context, name string) (access.Org, error) {
	return db.org(ctx, name, db.sql().S("SELECT "+orgColumns+" FROM orgs WHERE name = ").A(name))
}

// OrgByID returns an organisation by id.
func (db *DB) OrgByID(ctx context.Context, id int64) (access.Org, error) {
	return db.org(ctx, fmt.Sprint(id), db.sql().S("SELECT "+orgColumns+" FROM orgs WHERE id = ").A(id))
}

const keyColumns = "id, org, role, name, hash, created, expires, revoked"

func scanKey(row interface{ Scan(...any) error }) (access.Key, error) {
	var k access.Key
	var role string
	var created, expires, revoked int64
	err := row.Scan(&k.ID, &k.Org, &role, &k.Name, &k.Hash, &created, &expires, &revoked)
	k.Role, k.Created, k.Expires, k.Revoked = access.Role(role), store.FromMicros(created), store.FromMicros(expires), store.FromMicros(revoked)
	return k, err
}

// AddKey stores a key's hash.
func (db *DB) AddKey(ctx context.Context, by access.Actor, k access.Key) error {
	if len(k.Hash) == 0 {
		return fmt.Errorf("key %s: no hash", k.ID)
	}
	rec := Record(by, "key.create", k.ID, auditDetail("organisation %d, role %s, name %q, expires %s", k.Org, k.Role, k.Name, timeOrNever(k.Expires)))
	return db.audited(ctx, []audit.Record{rec}, func(tx *sql.Tx) error {
		var n int
		c := db.sql().S("SELECT count(*) FROM orgs WHERE id = ").A(k.Org)
		if err := tx.QueryRowContext(ctx, c.String(), c.Args...).Scan(&n); err != nil {
			return db.errorf("%w", err)
		}
		if n == 0 {
			return fmt.Errorf("key %s: organisation %d: %w", k.ID, k.Org, access.ErrNotFound)
		}
		q := db.sql().S("INSERT INTO keys (" + keyColumns + ") VALUES (").A(k.ID).S(", ").A(k.Org).S(", ").A(string(k.Role)).S(", ").A(k.Name).S(", ").A(k.Hash).S(", ").A(store.Micros(k.Created)).S(", ").A(store.Micros(k.Expires)).S(", ").A(store.Micros(k.Revoked)).S(")")
		if _, err := tx.ExecContext(ctx, q.String(), q.Args...); err != nil {
			if isUnique(err) {
				return fmt.Errorf("key %s: %w", k.ID, access.ErrExists)
			}
			return db.errorf("add key: %w", err)
		}
		return nil
	})
}

// Keys lists keys oldest first; org 0 lists all.
func (db *DB) Keys(ctx context.Context, org int64) ([]access.Key, error) {
	q := db.sql().S("SELECT " + keyColumns + " FROM keys")
	if org != 0 {
		q.S(" WHERE org = ").A(org)
	}
	q.S(" ORDER BY created, id")
	rows, err := db.r.QueryContext(detach(ctx), q.String(), q.Args...)
	if err != nil {
		return nil, db.errorf("%w", err)
	}
	defer rows.Close()
	var out []access.Key
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, db.errorf("%w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// KeyByID returns one key.
func (db *DB) KeyByID(ctx context.Context, id string) (access.Key, error) {
	q := db.sql().S("SELECT " + keyColumns + " FROM keys WHERE id = ").A(id)
	k, err := scanKey(db.r.QueryRowContext(detach(ctx), q.String(), q.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return k, fmt.Errorf("key %s: %w", id, access.ErrNotFound)
	}
	if err != nil {
		return k, db.errorf("%w", err)
	}
	return k, nil
}

// RevokeKey marks a key revoked.
func (db *DB) RevokeKey(ctx context.Context, by access.Actor, id string, at time.Time) error {
	return db.audited(ctx, []audit.Record{Record(by, "key.revoke", id, "")}, func(tx *sql.Tx) error {
		q := db.sql().S("UPDATE keys SET revoked = CASE WHEN revoked = 0 THEN ").A(store.Micros(at)).S(" ELSE revoked END WHERE id = ").A(id)
		res, err := tx.ExecContext(ctx, q.String(), q.Args...)
		if err != nil {
			return db.errorf("revoke key %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("key %s: %w", id, access.ErrNotFound)
		}
		return nil
	})
}

// AddGroup stores a sharing group and its members.
func (db *DB) AddGroup(ctx context.Context, by access.Actor, g access.Group) (access.Group, error) {
	if g.Created.IsZero() {
		g.Created = time.Now().UTC()
	}
	g.Orgs = slices.Compact(slices.Sorted(slices.Values(g.Orgs)))
	rec := Record(by, "group.create", g.Name, auditDetail("uuid %s, organisations %v", g.UUID, g.Orgs))
	err := db.audited(ctx, []audit.Record{rec}, func(tx *sql.Tx) error {
		q := db.sql().S("INSERT INTO groups (uuid, name, created) VALUES (").A(g.UUID).S(", ").A(g.Name).S(", ").A(store.Micros(g.Created)).S(") RETURNING id")
		if err := tx.QueryRowContext(ctx, q.String(), q.Args...).Scan(&g.ID); err != nil {
			if isUnique(err) {
				return fmt.Errorf("group %s: %w", g.Name, access.ErrExists)
			}
			return db.errorf("add group %s: %w", g.Name, err)
		}
		for _, org := range g.Orgs {
			q := db.sql().S("INSERT INTO group_members (grp, org) VALUES (").A(g.ID).S(", ").A(org).S(")")
			if _, err := tx.ExecContext(ctx, q.String(), q.Args...); err != nil {
				return db.errorf("add group %s: %w", g.Name, err)
			}
		}
		return nil
	})
	return g, err
}

// Groups lists sharing groups by name, with their members.
func (db *DB) Groups(ctx context.Context) ([]access.Group, error) {
	q := db.sql().S("SELECT g.id, g.uuid, g.name, g.created, m.org FROM groups g LEFT JOIN group_members m ON m.grp = g.id ORDER BY g.name, m.org")
	rows, err := db.r.QueryContext(detach(ctx), q.String(), q.Args...)
	if err != nil {
		return nil, db.errorf("%w", err)
	}
	defer rows.Close()
	var out []access.Group
	for rows.Next() {
		var g access.Group
		var created int64
		var org sql.NullInt64
		if err := rows.Scan(&g.ID, &g.UUID, &g.Name, &created, &org); err != nil {
			return nil, db.errorf("%w", err)
		}
		if n := len(out); n == 0 || out[n-1].ID != g.ID {
			g.Created = store.FromMicros(created)
			out = append(out, g)
		}
		if org.Valid {
			last := &out[len(out)-1]
			last.Orgs = append(last.Orgs, org.Int64)
		}
	}
	return out, rows.Err()
}

// GroupsOf returns the groups org belongs to.
func (db *DB) GroupsOf(ctx context.Context, org int64) ([]int64, error) {
	q := db.sql().S("SELECT grp FROM group_members WHERE org = ").A(org).S(" ORDER BY grp")
	rows, err := db.r.QueryContext(detach(ctx), q.String(), q.Args...)
	if err != nil {
		return nil, db.errorf("%w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var g int64
		if err := rows.Scan(&g); err != nil {
			return nil, db.errorf("%w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

func timeOrNever(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}
