// Package sqlstore implements store.Store once over database/sql for the
// SQL back-ends (sqlite, postgres). A back-end supplies its connections,
// its schema and a Dialect; queries, write planning and scanning are shared,
// so both back-ends behave alike by construction and the conformance suite
// checks the rest.
//
// It must never hold state outside the database that a second process
// sharing the database would need: everything a reader sees is in the
// tables.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/audit"
	"github.com/fusion-cti/fusion/internal/store"
)

// Dialect is what differs between SQL back-ends.
type Dialect struct {
	// Name prefixes errors ("sqlite store: …").
	Name string
	// Dollar selects $n placeholders instead of ?.
	Dollar bool
	// Lock runs first in every write transaction to serialise writers
	// across processes; "" when BEGIN already does.
	Lock string
	// SearchColumn says objects has a "search" column (names, descriptions,
	// values) under a full-text index; otherwise rows go to the fts table.
	SearchColumn bool
	// TextMatch appends, to "SELECT … FROM objects o", what restricts o to
	// rows matching all words: a join, then " WHERE …".
	TextMatch func(q *SQL, words []string)
	// TextOrder is the column full-text results are ordered by, newest
	// first: one the full-text index can deliver in order (so a query
	// stops at its limit however many rows match), equal to o.added.
	TextOrder string
	// RecentWindow, when not zero, splits a full-text search in two: the
	// newest RecentWindow rows walked in order, then the rest through the
	// index. For an index that cannot return matches newest first
	// (PostgreSQL's GIN), this bounds both a common word (found among the
	// newest rows) and a rare one (few index hits to sort).
	RecentWindow int
	// Analyze, when set, runs after a commit that wrote analyzeAfter
	// versions or more, to refresh the planner's statistics.
	Analyze string
	// IgnoreVerb and IgnoreSuffix make an INSERT that skips rows
	// conflicting with a unique key instead of failing:
	// IgnoreVerb + " t (cols) VALUES (…)" + IgnoreSuffix. Every insert
	// uses them: the planner already keeps versions unique, and an insert
	// that cannot fail needs no statement journal in SQLite.
	IgnoreVerb, IgnoreSuffix string
}

// DB is a store over SQL connections.
type DB struct {
	w, r *sql.DB
	d    Dialect
}

var _ store.Store = (*DB)(nil)

// New returns a store that writes through w and reads through r (which may
// be the same pool). The schema must exist. Close closes both.
func New(w, r *sql.DB, d Dialect) *DB {
	return &DB{w: w, r: r, d: d}
}

func (db *DB) sql() *SQL { return NewSQL(db.d.Dollar) }

func (db *DB) errorf(format string, args ...any) error {
	return fmt.Errorf(db.d.Name+" store: "+format, args...)
}

// Close closes the connections.
func (db *DB) Close() error {
	if db.r == db.w {
		return db.w.Close()
	}
	return errors.Join(db.r.Close(), db.w.Close())
}

// Ping checks the connections.
func (db *DB) Ping(ctx context.Context) error {
	return errors.Join(db.w.PingContext(ctx), db.r.PingContext(ctx))
}

// Begin starts a write transaction.
func (db *DB) Begin(ctx context.Context) (store.Tx, error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, db.errorf("begin: %w", err)
	}
	if db.d.Lock != "" {
		if _, err := tx.ExecContext(ctx, db.d.Lock); err != nil {
			tx.Rollback()
			return nil, db.errorf("begin: lock: %w", err)
		}
	}
	var last sql.NullInt64
	// Dates added to collections come from the same clock as the objects'.
	if err := tx.QueryRowContext(ctx, lastAdded).Scan(&last); err != nil {
		tx.Rollback()
		return nil, db.errorf("begin: %w", err)
	}
	return &writeTx{db: db, tx: tx, planner: store.NewPlanner(store.NewClock(last.Int64)), by: actorOf(ctx)}, nil
}

// analyzeAfter is the write size after which Dialect.Analyze runs.
const analyzeAfter = 10000

// batchSize is how many records a transaction buffers before writing them.
const batchSize = 1000

type writeTx struct {
	db      *DB
	tx      *sql.Tx
	planner *store.Planner
	buf     []*store.Record
	stmts   map[string]*sql.Stmt // bulk inserts prepared in this transaction
	done    bool
	by      access.Actor // for the audit entry
	target  string
	puts    int
}

func (t *writeTx) Describe(target string) { t.target = target }

func (t *writeTx) Put(ctx context.Context, rec *store.Record) error {
	if t.done {
		return store.ErrClosed
	}
	t.buf = append(t.buf, rec)
	t.puts++
	if len(t.buf) >= batchSize {
		return t.flush(ctx)
	}
	return nil
}

func (t *writeTx) Commit(ctx context.Context) (store.Summary, error) {
	if t.done {
		return store.Summary{}, store.ErrClosed
	}
	if err := t.flush(ctx); err != nil {
		return store.Summary{}, err
	}
	t.done = true
	if t.puts > 0 {
		sum := t.planner.Summary()
		detail := auditDetail("%d object(s): %d new, %d new version(s), %d duplicate(s), %d conflict(s)", t.puts, sum.New, sum.NewVersions, sum.Duplicates, len(sum.Conflicts))
		if err := t.db.appendAudit(ctx, t.tx, []audit.Record{Record(t.by, "object.write", t.target, detail)}); err != nil {
			t.tx.Rollback()
			return store.Summary{}, err
		}
	}
	if err := t.tx.Commit(); err != nil {
		return store.Summary{}, t.db.errorf("commit: %w", err)
	}
	sum := t.planner.Summary()
	if t.db.d.Analyze != "" && sum.New+sum.NewVersions >= analyzeAfter {
		// Statistics only speed up later queries (and autovacuum refreshes
		// them anyway): a failure here must not turn a commit into an error.
		t.db.w.ExecContext(ctx, t.db.d.Analyze)
	}
	return sum, nil
}

func (t *writeTx) Rollback() error {
	if t.done {
		return nil
	}
	t.done = true
	return t.tx.Rollback()
}

func (t *writeTx) flush(ctx context.Context) error {
	if len(t.buf) == 0 {
		return nil
	}
	if err := t.write(ctx); err != nil {
		t.Rollback()
		return t.db.errorf("%w", err)
	}
	clear(t.buf)
	t.buf = t.buf[:0]
	return nil
}

func (t *writeTx) write(ctx context.Context) error {
	stored, err := t.existing(ctx, t.planner.IDs(t.buf))
	if err != nil {
		return err
	}
	plan := t.planner.Plan(t.buf, stored)
	if len(plan.Unlatest) > 0 {
		q := In(t.db.sql().S("UPDATE objects SET latest = 0 WHERE added IN "), plan.Unlatest)
		if _, err := t.tx.ExecContext(ctx, q.String(), q.Args...); err != nil {
			return fmt.Errorf("update latest: %w", err)
		}
	}
	const objectCols = "objects (added, idh, id, type, version, spec_version, revoked, latest, source, owner, tlp, grp, hash, raw"
	var objects, fts *bulkInsert
	if t.db.d.SearchColumn {
		objects = t.bulk(objectCols+", search)", 15)
	} else {
		objects = t.bulk(objectCols+")", 14)
		fts = t.bulk("fts (rowid, name, description, value)", 4)
	}
	obs := t.bulk("observables (vh, added, kind, value)", 4)
	refs := t.bulk("refs (src, dst, kind, added)", 4)
	groups := t.bulk("object_groups (added, grp)", 2)
	warned := t.bulk("warned (added, list)", 2)
	var values strings.Builder
	for _, row := range plan.Rows {
		r := row.Rec
		values.Reset()
		for i, o := range r.Observables {
			if slices.Contains(r.Observables[:i], o) {
				continue // a set: stored once
			}
			if err := obs.add(ctx, Key(o.Value), row.Added, o.Kind, o.Value); err != nil {
				return err
			}
			values.WriteString(o.Value)
			values.WriteByte(' ')
		}
		for i, w := range r.Warnings {
			if slices.Contains(r.Warnings[:i], w) {
				continue
			}
			if err := warned.add(ctx, row.Added, w); err != nil {
				return err
			}
		}
		var grp int64
		switch l := r.Label; len(l.Groups) {
		case 0:
		case 1:
			grp = l.Groups[0]
		default:
			grp = -1
			for _, g := range l.Groups {
				if err := groups.add(ctx, row.Added, g); err != nil {
					return err
				}
			}
		}
		var err error
		if fts != nil {
			err = objects.add(ctx, row.Added, Key(r.ID), r.ID, r.Type, row.Version, r.SpecVersion, boolInt(r.Revoked), boolInt(row.Latest), r.Source, r.Label.Owner, int64(r.Label.TLP), grp, row.Hash, r.Raw)
			if err == nil {
				err = fts.add(ctx, row.Added, r.Name, r.Description, values.String())
			}
		} else {
			search := r.Name + " " + r.Description + " " + values.String()
			err = objects.add(ctx, row.Added, Key(r.ID), r.ID, r.Type, row.Version, r.SpecVersion, boolInt(r.Revoked), boolInt(row.Latest), r.Source, r.Label.Owner, int64(r.Label.TLP), grp, row.Hash, r.Raw, search)
		}
		if err != nil {
			return err
		}
		for _, ref := range r.Refs {
			from := ref.From
			if from == "" {
				from = r.ID
			}
			if err := refs.add(ctx, from, ref.Target, ref.Kind, row.Added); err != nil {
				return err
			}
		}
	}
	senders := t.bulk("senders (added, org)", 2)
	for _, r := range plan.Senders {
		if err := senders.add(ctx, r.Added, r.Org); err != nil {
			return err
		}
	}
	members := t.bulk("collection_objects (coll, seq, ver)", 3)
	for _, m := range plan.Members {
		if err := members.add(ctx, m.Coll, m.Seq, m.Ver); err != nil {
			return err
		}
	}
	for _, b := range []*bulkInsert{objects, fts, obs, refs, groups, warned, senders, members} {
		if b == nil {
			continue
		}
		if err := b.flush(ctx); err != nil {
			return err
		}
	}
	for _, p := range plan.Provenance {
		q := t.db.sql()
		stmt := t.db.d.IgnoreVerb + " provenance (added, source, at) VALUES (" + q.A(p.Added).S(", ").A(p.Source).S(", ").A(p.At).String() + ")" + t.db.d.IgnoreSuffix
		if _, err := t.tx.ExecContext(ctx, stmt, q.Args...); err != nil {
			return fmt.Errorf("provenance: %w", err)
		}
	}
	return nil
}

// existing reads the stored versions of ids.
func (t *writeTx) existing(ctx context.Context, ids []string) (map[string][]store.Existing, error) {
	out := map[string][]store.Existing{}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		keys := make([]int64, n)
		for i, id := range ids[:n] {
			keys[i] = Key(id)
		}
		q := In(t.db.sql().S("SELECT id, version, hash, added, latest, source, owner FROM objects WHERE idh IN "), keys)
		ids = ids[n:]
		rows, err := t.tx.QueryContext(ctx, q.String(), q.Args...)
		if err != nil {
			return nil, fmt.Errorf("look up stored versions: %w", err)
		}
		for rows.Next() {
			var id string
			var e store.Existing
			var latest int
			if err := rows.Scan(&id, &e.Version, &e.Hash, &e.Added, &latest, &e.Source, &e.Owner); err != nil {
				rows.Close()
				return nil, err
			}
			e.Latest = latest == 1
			out[id] = append(out[id], e)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// bulkInsert batches rows into multi-row INSERT statements.
type bulkInsert struct {
	t      *writeTx
	target string
	cols   int
	args   []any
}

// bulkRows is how many rows one INSERT statement carries.
const bulkRows = 200

func (t *writeTx) bulk(target string, cols int) *bulkInsert {
	return &bulkInsert{t: t, target: target, cols: cols, args: make([]any, 0, cols*bulkRows)}
}

func (b *bulkInsert) add(ctx context.Context, vals ...any) error {
	b.args = append(b.args, vals...)
	if len(b.args) == cap(b.args) {
		return b.flush(ctx)
	}
	return nil
}

func (b *bulkInsert) flush(ctx context.Context) error {
	n := len(b.args) / b.cols
	if n == 0 {
		return nil
	}
	stmt, err := b.t.insertStmt(ctx, b.target, b.cols, n)
	if err != nil {
		return err
	}
	if _, err := stmt.ExecContext(ctx, b.args...); err != nil {
		return fmt.Errorf("insert into %s: %w", b.target, err)
	}
	clear(b.args)
	b.args = b.args[:0]
	return nil
}

// insertStmt returns the prepared INSERT of n rows into target.
func (t *writeTx) insertStmt(ctx context.Context, target string, cols, n int) (*sql.Stmt, error) {
	q := t.db.sql().S(t.db.d.IgnoreVerb + " " + target + " VALUES ")
	for i := range n {
		if i > 0 {
			q.S(",")
		}
		q.S("(")
		for j := range cols {
			if j > 0 {
				q.S(",")
			}
			q.A(nil)
		}
		q.S(")")
	}
	q.S(t.db.d.IgnoreSuffix)
	text := q.String()
	if s, ok := t.stmts[text]; ok {
		return s, nil
	}
	s, err := t.tx.PrepareContext(ctx, text)
	if err != nil {
		return nil, fmt.Errorf("prepare insert into %s: %w", target, err)
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[text] = s // closed with the transaction
	return s, nil
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (db *DB) query(ctx context.Context, q *SQL) ([]store.Stored, error) {
	rows, err := db.r.QueryContext(detach(ctx), q.String(), q.Args...)
	if err != nil {
		return nil, db.errorf("%w", err)
	}
	defer rows.Close()
	var out []store.Stored
	for rows.Next() {
		if len(out)%256 == 255 && ctx.Err() != nil {
			return nil, db.errorf("%w", ctx.Err())
		}
		var s store.Stored
		var added, version, tlp int64
		var revoked int
		if err := rows.Scan(&added, &s.ID, &s.Type, &s.SpecVersion, &version, &revoked, &tlp, &s.Raw); err != nil {
			return nil, db.errorf("%w", err)
		}
		s.Added, s.Version, s.Revoked, s.TLP = store.FromMicros(added), store.FromMicros(version), revoked == 1, access.TLP(tlp)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, db.errorf("%w", err)
	}
	return out, nil
}

// Get returns the selected versions of id.
func (db *DB) Get(ctx context.Context, v access.Viewer, id string, sel store.Versions) ([]store.Stored, error) {
	q := db.sql().S("SELECT " + StoredColumns + " FROM objects o WHERE o.idh = ").A(Key(id)).S(" AND o.id = ").A(id).S(" AND ")
	visible(q, "o", v).S(" ORDER BY o.version")
	all, err := db.query(ctx, q)
	if err != nil {
		return nil, err
	}
	out := sel.Select(all)
	if len(out) == 0 {
		return nil, fmt.Errorf("object %s: %w", id, store.ErrNotFound)
	}
	return out, nil
}

// List pages through versions by date added.
func (db *DB) List(ctx context.Context, v access.Viewer, f store.Filter) (store.Page, error) {
	items, err := db.query(ctx, ListSQL(f, v, db.d.Dollar))
	if err != nil {
		return store.Page{}, err
	}
	limit := store.ClampLimit(f.Limit)
	if len(items) > limit {
		return store.Page{Items: items[:limit], More: true}, nil
	}
	return store.Page{Items: items}, nil
}

// ListRaw streams what List returns, reading only dates added and JSON.
func (db *DB) ListRaw(ctx context.Context, v access.Viewer, f store.Filter, fn func(added time.Time, raw []byte) error) (bool, error) {
	q := listSQL(f, v, db.d.Dollar, "o.added, o.raw")
	rows, err := db.r.QueryContext(detach(ctx), q.String(), q.Args...)
	if err != nil {
		return false, db.errorf("%w", err)
	}
	defer rows.Close()
	limit := store.ClampLimit(f.Limit)
	n := 0
	for rows.Next() {
		if n == limit {
			return true, nil
		}
		if n%256 == 255 && ctx.Err() != nil {
			return false, db.errorf("%w", ctx.Err())
		}
		var added int64
		var raw sql.RawBytes
		if err := rows.Scan(&added, &raw); err != nil {
			return false, db.errorf("%w", err)
		}
		if err := fn(store.FromMicros(added), raw); err != nil {
			return false, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return false, db.errorf("%w", err)
	}
	return false, nil
}

// Search finds objects by exact observable value, then by full text.
func (db *DB) Search(ctx context.Context, v access.Viewer, sq store.Query) ([]store.Stored, error) {
	limit := store.ClampLimit(sq.Limit)
	var exact []store.Stored
	if t := strings.TrimSpace(sq.Text); t != "" {
		for _, value := range uniq(t, strings.ToLower(t)) {
			found, err := db.query(ctx, lookupSQL(db.sql(), v, "", value, sq.Types, limit))
			if err != nil {
				return nil, err
			}
			exact = append(exact, found...)
		}
	}
	text, err := db.textSearch(ctx, v, MatchQuery(sq.Text), sq.Types, limit)
	if err != nil {
		return nil, err
	}
	// Exact hits first, then the rest, each object once.
	seen := map[int64]bool{}
	var out []store.Stored
	for _, s := range append(exact, text...) {
		k := s.Added.UnixMicro()
		if seen[k] || len(out) == limit {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out, nil
}

// textSearch returns the newest latest versions matching all words (all
// latest versions when there are none).
func (db *DB) textSearch(ctx context.Context, v access.Viewer, words []string, types []string, limit int) ([]store.Stored, error) {
	// where renders the query; bound is a condition on the date added
	// that the placeholder for at completes, and order the ORDER BY key.
	where := func(bound string, at int64, order string, n int) *SQL {
		q := db.sql().S("SELECT " + StoredColumns + " FROM objects o")
		if len(words) > 0 {
			db.d.TextMatch(q, words)
			q.S(" AND ")
		} else {
			q.S(" WHERE ")
		}
		latest(q, "o", v, 0)
		if len(types) > 0 {
			In(q.S(" AND o.type IN "), types)
		}
		if bound != "" {
			q.S(" AND " + bound).A(at)
		}
		return q.S(" ORDER BY " + order + " DESC LIMIT ").A(n)
	}
	if len(words) == 0 {
		return db.query(ctx, where("", 0, "o.added", limit))
	}
	if db.d.RecentWindow == 0 {
		return db.query(ctx, where("", 0, db.d.TextOrder, limit))
	}
	// First among the RecentWindow newest rows (a short walk that a common
	// word fills at once), then, if that was not enough, the older rows
	// through the full-text index alone ("o.added + 0" is not indexable, so
	// the planner neither walks the whole table newest first nor combines
	// the text index with a range over a million rows).
	var edge sql.NullInt64
	err := db.r.QueryRowContext(detach(ctx), "SELECT added FROM objects ORDER BY added DESC LIMIT 1 OFFSET "+strconv.Itoa(db.d.RecentWindow)).Scan(&edge)
	if errors.Is(err, sql.ErrNoRows) {
		return db.query(ctx, where("", 0, db.d.TextOrder, limit))
	}
	if err != nil {
		return nil, db.errorf("%w", err)
	}
	recent, err := db.query(ctx, where("o.added >= ", edge.Int64, "o.added", limit))
	if err != nil || len(recent) == limit {
		return recent, err
	}
	older, err := db.query(ctx, where("o.added + 0 < ", edge.Int64, "o.added + 0", limit-len(recent)))
	return append(recent, older...), err
}

func uniq(a, b string) []string {
	if a == b {
		return []string{a}
	}
	return []string{a, b}
}

// Lookup finds the latest versions of objects carrying an exact value.
func (db *DB) Lookup(ctx context.Context, v access.Viewer, kind, value string) ([]store.Stored, error) {
	return db.query(ctx, lookupSQL(db.sql(), v, kind, value, nil, store.MaxLimit))
}

func lookupSQL(q *SQL, v access.Viewer, kind, value string, types []string, limit int) *SQL {
	q.S("SELECT " + StoredColumns + " FROM observables b JOIN objects o ON o.added = b.added WHERE b.vh = ").A(Key(value)).S(" AND b.value = ").A(value)
	if kind != "" {
		q.S(" AND b.kind = ").A(kind)
	}
	latest(q.S(" AND "), "o", v, 0)
	if len(types) > 0 {
		In(q.S(" AND o.type IN "), types)
	}
	return q.S(" ORDER BY o.added LIMIT ").A(limit)
}

// Related returns the edges touching id carried by latest versions.
func (db *DB) Related(ctx context.Context, v access.Viewer, id string) ([]store.Edge, error) {
	q := db.sql()
	q.S("SELECT r.src, r.dst, r.kind, o.id, o.type FROM refs r JOIN objects o ON o.added = r.added WHERE r.src = ").A(id).S(" AND ")
	latest(q, "o", v, 0)
	q.S(" UNION SELECT r.src, r.dst, r.kind, o.id, o.type FROM refs r JOIN objects o ON o.added = r.added WHERE r.dst = ").A(id).S(" AND ")
	latest(q, "o", v, 0)
	q.S(" ORDER BY 3, 1, 2, 4")
	rows, err := db.r.QueryContext(detach(ctx), q.String(), q.Args...)
	if err != nil {
		return nil, db.errorf("%w", err)
	}
	defer rows.Close()
	var out []store.Edge
	for rows.Next() {
		var e store.Edge
		if err := rows.Scan(&e.From, &e.To, &e.Kind, &e.Via, &e.ViaType); err != nil {
			return nil, db.errorf("%w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Correlate finds other objects sharing observable values with id.
func (db *DB) Correlate(ctx context.Context, v access.Viewer, id string, limit int) ([]store.Correlation, error) {
	q := db.sql().S("SELECT b2.kind, b2.value, " + strings.ReplaceAll(StoredColumns, "o.", "o2.") +
		" FROM objects o JOIN observables b ON b.added = o.added" +
		" JOIN observables b2 ON b2.vh = b.vh AND b2.value = b.value AND b2.added <> b.added" +
		" JOIN objects o2 ON o2.added = b2.added" +
		" WHERE o.idh = ").A(Key(id)).S(" AND o.id = ").A(id).S(" AND o2.id <> o.id AND ")
	latest(q, "o", v, 0).S(" AND ")
	latest(q, "o2", v, 0).S(" ORDER BY o2.added, b2.kind LIMIT ").A(store.ClampLimit(limit))
	rows, err := db.r.QueryContext(detach(ctx), q.String(), q.Args...)
	if err != nil {
		return nil, db.errorf("%w", err)
	}
	defer rows.Close()
	var out []store.Correlation
	for rows.Next() {
		var c store.Correlation
		var added, version, tlp int64
		var revoked int
		s := &c.Object
		if err := rows.Scan(&c.Kind, &c.Value, &added, &s.ID, &s.Type, &s.SpecVersion, &version, &revoked, &tlp, &s.Raw); err != nil {
			return nil, db.errorf("%w", err)
		}
		s.Added, s.Version, s.Revoked, s.TLP = store.FromMicros(added), store.FromMicros(version), revoked == 1, access.TLP(tlp)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Sources returns the provenance of one version: its first sender, then
// the others in the order they sent it.
func (db *DB) Sources(ctx context.Context, v access.Viewer, id string, version time.Time) ([]store.Provenance, error) {
	q := db.sql().S("SELECT o.source, o.added FROM objects o WHERE o.idh = ").A(Key(id)).S(" AND o.id = ").A(id).S(" AND o.version = ").A(store.Micros(version)).S(" AND ")
	visible(q, "o", v)
	q.S(" UNION ALL SELECT p.source, p.at FROM provenance p JOIN objects o ON o.added = p.added WHERE o.idh = ").A(Key(id)).S(" AND o.id = ").A(id).S(" AND o.version = ").A(store.Micros(version)).S(" AND ")
	visible(q, "o", v)
	q.S(" ORDER BY 2")
	rows, err := db.r.QueryContext(detach(ctx), q.String(), q.Args...)
	if err != nil {
		return nil, db.errorf("%w", err)
	}
	defer rows.Close()
	var out []store.Provenance
	for rows.Next() {
		var p store.Provenance
		var at int64
		if err := rows.Scan(&p.Source, &at); err != nil {
			return nil, db.errorf("%w", err)
		}
		p.At = store.FromMicros(at)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, db.errorf("%w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("object %s version %s: %w", id, version.Format(time.RFC3339Nano), store.ErrNotFound)
	}
	return out, nil
}

const lastAdded = "SELECT max(m) FROM (SELECT max(added) AS m FROM objects UNION ALL SELECT max(seq) FROM collection_objects) t"

// Last returns the greatest date added committed.
func (db *DB) Last(ctx context.Context) (time.Time, error) {
	var last sql.NullInt64
	if err := db.r.QueryRowContext(detach(ctx), lastAdded).Scan(&last); err != nil {
		return time.Time{}, db.errorf("%w", err)
	}
	return store.FromMicros(last.Int64), nil
}

// Stats counts objects and versions.
func (db *DB) Stats(ctx context.Context) (store.Stats, error) {
	st := store.Stats{ByType: map[string]int64{}}
	if err := db.r.QueryRowContext(detach(ctx), "SELECT count(*) FROM objects").Scan(&st.Versions); err != nil {
		return st, db.errorf("%w", err)
	}
	rows, err := db.r.QueryContext(detach(ctx), "SELECT type, count(*) FROM objects WHERE latest = 1 GROUP BY type")
	if err != nil {
		return st, db.errorf("%w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var typ string
		var n int64
		if err := rows.Scan(&typ, &n); err != nil {
			return st, db.errorf("%w", err)
		}
		st.ByType[typ] = n
		st.Objects += n
	}
	return st, rows.Err()
}
