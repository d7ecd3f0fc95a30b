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

// AddCollection stores a new collection and returns it with its id.
func (db *DB) AddCollection(ctx context.Context, by access.Actor, c store.Collection) (store.Collection, error) {
	if c.Name == "" || c.UUID == "" {
		return c, fmt.Errorf("collection: a name and a UUID are needed")
	}
	if c.Created.IsZero() {
		c.Created = time.Now().UTC()
	}
	rec := Record(by, "collection.create", c.Name, auditDetail("id %s, read all %v, readers %v, writers %v, view %v", c.UUID, c.ReadAll, c.Readers, c.Writers, c.View))
	err := db.audited(ctx, []audit.Record{rec}, func(tx *sql.Tx) error {
		q := db.sql().S("INSERT INTO collections (uuid, name, description, read_all, view, created) VALUES (").A(c.UUID).S(", ").A(c.Name).S(", ").A(c.Description).S(", ").A(boolInt(c.ReadAll)).S(", ").A(boolInt(c.View)).S(", ").A(store.Micros(c.Created)).S(") RETURNING id")
		if err := tx.QueryRowContext(ctx, q.String(), q.Args...).Scan(&c.ID); err != nil {
			if isUnique(err) {
				return fmt.Errorf("collection %s: %w", c.Name, access.ErrExists)
			}
			return db.errorf("add collection %s: %w", c.Name, err)
		}
		rights := map[int64][2]bool{}
		for _, o := range c.Readers {
			r := rights[o]
			r[0] = true
			rights[o] = r
		}
		for _, o := range c.Writers {
			r := rights[o]
			r[1] = true
			rights[o] = r
		}
		for org, r := range rights {
			q := db.sql().S("INSERT INTO collection_orgs (coll, org, can_read, can_write) VALUES (").A(c.ID).S(", ").A(org).S(", ").A(boolInt(r[0])).S(", ").A(boolInt(r[1])).S(")")
			if _, err := tx.ExecContext(ctx, q.String(), q.Args...); err != nil {
				return db.errorf("add collection %s: %w", c.Name, err)
			}
		}
		return nil
	})
	return c, err
}

// Collections lists collections by name.
func (db *DB) Collections(ctx context.Context) ([]store.Collection, error) {
	return db.collections(ctx, "")
}

// Collection returns the collection whose UUID or name is key.
func (db *DB) Collection(ctx context.Context, key string) (store.Collection, error) {
	cs, err := db.collections(ctx, key)
	if err != nil {
		return store.Collection{}, err
	}
	if len(cs) == 0 {
		return store.Collection{}, fmt.Errorf("collection %s: %w", key, store.ErrNotFound)
	}
	return cs[0], nil
}

func (db *DB) collections(ctx context.Context, key string) ([]store.Collection, error) {
	q := db.sql().S("SELECT c.id, c.uuid, c.name, c.description, c.read_all, c.view, c.created, a.org, a.can_read, a.can_write FROM collections c LEFT JOIN collection_orgs a ON a.coll = c.id")
	if key != "" {
		q.S(" WHERE c.uuid = ").A(key).S(" OR c.name = ").A(key)
	}
	q.S(" ORDER BY c.name, a.org")
	rows, err := db.r.QueryContext(detach(ctx), q.String(), q.Args...)
	if err != nil {
		return nil, db.errorf("%w", err)
	}
	defer rows.Close()
	var out []store.Collection
	for rows.Next() {
		var c store.Collection
		var readAll, view int
		var created int64
		var org sql.NullInt64
		var canRead, canWrite sql.NullInt64
		if err := rows.Scan(&c.ID, &c.UUID, &c.Name, &c.Description, &readAll, &view, &created, &org, &canRead, &canWrite); err != nil {
			return nil, db.errorf("%w", err)
		}
		if n := len(out); n == 0 || out[n-1].ID != c.ID {
			c.ReadAll, c.View, c.Created = readAll == 1, view == 1, store.FromMicros(created)
			out = append(out, c)
		}
		last := &out[len(out)-1]
		if org.Valid && canRead.Int64 == 1 {
			last.Readers = append(last.Readers, org.Int64)
		}
		if org.Valid && canWrite.Int64 == 1 {
			last.Writers = append(last.Writers, org.Int64)
		}
	}
	return out, rows.Err()
}

// RemoveFromCollection takes the versions of id that sel selects (among
// those v may see) out of a collection; the store keeps them. It returns
// how many it removed.
// The audit entry names the actor in ctx (access.FromContext), else the
// local operator.
func (db *DB) RemoveFromCollection(ctx context.Context, v access.Viewer, coll int64, id string, sel store.Versions) (int, error) {
	by := actorOf(ctx)
	page, err := db.List(ctx, v, store.Filter{Collection: coll, IDs: []string{id}, Versions: sel, Limit: store.MaxLimit})
	if err != nil {
		return 0, err
	}
	if len(page.Items) == 0 {
		return 0, fmt.Errorf("object %s in collection %d: %w", id, coll, store.ErrNotFound)
	}
	n := 0
	rec := Record(by, "collection.remove", id, auditDetail("collection %d, %d version(s)", coll, len(page.Items)))
	err = db.audited(ctx, []audit.Record{rec}, func(tx *sql.Tx) error {
		for _, s := range page.Items {
			q := db.sql().S("DELETE FROM collection_objects WHERE coll = ").A(coll).S(" AND seq = ").A(store.Micros(s.Added))
			res, err := tx.ExecContext(ctx, q.String(), q.Args...)
			if err != nil {
				return db.errorf("remove %s from collection %d: %w", id, coll, err)
			}
			k, _ := res.RowsAffected()
			n += int(k)
		}
		return nil
	})
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return n, err
}
