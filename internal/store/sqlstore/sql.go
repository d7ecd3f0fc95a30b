package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/store"
)

// This file holds the SQL both SQL back-ends share. Their schemas use the
// same table and column names (objects, observables, refs, provenance), so
// a query is written once and rendered with each dialect's placeholders.

// SQL builds one statement and its arguments.
type SQL struct {
	b      strings.Builder
	Args   []any
	dollar bool // PostgreSQL's $n placeholders instead of ?
}

// NewSQL starts a statement; dollar selects $n placeholders.
func NewSQL(dollar bool) *SQL { return &SQL{dollar: dollar} }

// S appends SQL text.
func (q *SQL) S(text string) *SQL { q.b.WriteString(text); return q }

// A appends a placeholder bound to v.
func (q *SQL) A(v any) *SQL {
	q.Args = append(q.Args, v)
	if q.dollar {
		q.b.WriteByte('$')
		q.b.WriteString(strconv.Itoa(len(q.Args)))
	} else {
		q.b.WriteByte('?')
	}
	return q
}

// In appends "(p1, p2, …)" bound to vs.
func In[T any](q *SQL, vs []T) *SQL {
	q.b.WriteByte('(')
	for i, v := range vs {
		if i > 0 {
			q.b.WriteString(", ")
		}
		q.A(v)
	}
	q.b.WriteByte(')')
	return q
}

// String returns the statement text.
func (q *SQL) String() string { return q.b.String() }

// StoredColumns are the columns Scan reads, qualified by the alias o.
const StoredColumns = "o.added, o.id, o.type, o.spec_version, o.version, o.revoked, o.tlp, o.raw"

// ListSQL renders the query for List; it asks for one row more than the
// limit so the caller can tell whether more follow. A collection is listed
// by the dates its versions were added to it.
func ListSQL(f store.Filter, v access.Viewer, dollar bool) *SQL {
	return listSQL(f, v, dollar, StoredColumns)
}

// listSQL is ListSQL selecting cols, which must start with o.added (the
// collection's date added replaces it when listing a collection).
func listSQL(f store.Filter, v access.Viewer, dollar bool, cols string) *SQL {
	q := NewSQL(dollar)
	added := "o.added"
	if f.Collection != 0 {
		added = "c.seq"
		q.S("SELECT c.seq" + strings.TrimPrefix(cols, "o.added") + " FROM collection_objects c JOIN objects o ON o.added = c.ver WHERE c.coll = ").A(f.Collection).S(" AND c.seq > ")
	} else {
		q.S("SELECT " + cols + " FROM objects o WHERE o.added > ")
	}
	after := store.Micros(f.AddedAfter)
	if c := store.Micros(f.After); c > after {
		after = c
	}
	q.A(after)
	if len(f.Types) > 0 {
		In(q.S(" AND o.type IN "), f.Types)
	}
	if len(f.IDs) > 0 {
		keys := make([]int64, len(f.IDs))
		for i, id := range f.IDs {
			keys[i] = Key(id)
		}
		In(q.S(" AND o.idh IN "), keys)
		In(q.S(" AND o.id IN "), f.IDs)
	}
	if len(f.SpecVersions) > 0 {
		In(q.S(" AND o.spec_version IN "), f.SpecVersions)
	}
	if f.SkipWarned {
		q.S(" AND NOT EXISTS (SELECT 1 FROM warned w WHERE w.added = o.added)")
	}
	visible(q.S(" AND "), "o", v)
	versionSQL(q, f.Versions, v, f.Collection)
	q.S(" ORDER BY " + added + " LIMIT ").A(store.ClampLimit(f.Limit) + 1)
	return q
}

// versionSQL appends the condition that selects versions per sel, among
// those v may see in collection coll (every collection when 0). The query
// must already require visible(o).
func versionSQL(q *SQL, sel store.Versions, v access.Viewer, coll int64) {
	if sel.All {
		return
	}
	q.S(" AND (")
	or := ""
	if sel.Last || sel.LatestOnly() {
		newest(q, "o", v, coll)
		or = " OR "
	}
	if sel.First {
		first(q.S(or), "o", v, coll)
		or = " OR "
	}
	if len(sel.At) > 0 {
		us := make([]int64, len(sel.At))
		for i, t := range sel.At {
			us[i] = store.Micros(t)
		}
		In(q.S(or+"o.version IN "), us)
	}
	q.S(")")
}

// MatchQuery turns free text into a full-text query: the words of text,
// each one quoted as a phrase (so punctuation inside a value such as
// 198.51.100.7 is matched as a sequence), all required. Words without a
// letter or digit are dropped; an empty result means "match everything".
func MatchQuery(text string) []string {
	var words []string
	for _, w := range strings.Fields(text) {
		if strings.IndexFunc(w, isWordRune) < 0 {
			continue
		}
		words = append(words, w)
	}
	return words
}

func isWordRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127
}

// Key is the 64-bit FNV-1a hash of s that the schemas index ids and
// observable values by: integer keys keep the indexes small and inserts
// cheap. Queries always compare the text too, so a collision costs a row
// read, never a wrong answer.
func Key(s string) int64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return int64(h)
}

// detach drops ctx's cancellation for a read query. The cgo SQLite driver
// starts a goroutine for every row it returns when the context can be
// cancelled (to interrupt a long step), which cost half the CPU of paging
// through a collection; reads here are bounded by their limits, and the
// row loops check ctx themselves.
func detach(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }
