package sqlstore

import (
	"github.com/fusion-cti/fusion/internal/access"
)

// This file is the visibility policy (access.Viewer.Sees) as SQL, so that a
// page of results is filtered in the database. Its rules must stay those of
// Sees, line for line; storetest checks every read path against Sees.

// visible appends the condition that v may see the version aliased a.
func visible(q *SQL, a string, v access.Viewer) *SQL {
	if v.System {
		return q.S("1 = 1")
	}
	q.S("(")
	if v.Org != 0 {
		q.S(a + ".owner = ").A(v.Org).S(" OR ")
	}
	q.S("(" + a + ".grp = 0 AND " + a + ".tlp <= ").A(int64(access.Green)).S(")")
	if v.Centre {
		q.S(" OR " + a + ".tlp < ").A(int64(access.Red))
	}
	if len(v.Groups) > 0 {
		In(q.S(" OR "+a+".grp IN "), v.Groups)
		In(q.S(" OR ("+a+".grp = -1 AND EXISTS (SELECT 1 FROM object_groups g WHERE g.added = "+a+".added AND g.grp IN "), v.Groups).S("))")
	}
	if v.Org != 0 {
		q.S(" OR EXISTS (SELECT 1 FROM senders s WHERE s.added = " + a + ".added AND s.org = ").A(v.Org).S(")")
	}
	return q.S(")")
}

// latest appends the condition that the version aliased a is the newest
// one of its object that v may see (in collection coll when not 0). The
// latest column answers at once for the common case; only an older
// version looks further.
func latest(q *SQL, a string, v access.Viewer, coll int64) *SQL {
	if v.System && coll == 0 {
		return q.S(a + ".latest = 1")
	}
	q.S("(")
	visible(q, a, v)
	q.S(" AND ")
	return newest(q, a, v, coll).S(")")
}

// newest is latest for a caller that has already required visible(a).
func newest(q *SQL, a string, v access.Viewer, coll int64) *SQL {
	if v.System && coll == 0 {
		return q.S(a + ".latest = 1")
	}
	q.S("(" + a + ".latest = 1 OR ")
	return noOther(q, a, ">", v, coll).S(")")
}

// first appends the condition that the version aliased a is the oldest one
// v may see (in collection coll when not 0).
func first(q *SQL, a string, v access.Viewer, coll int64) *SQL {
	return noOther(q, a, "<", v, coll)
}

// noOther appends "no version of a's object with a version cmp a's is
// visible to v (in collection coll)".
func noOther(q *SQL, a, cmp string, v access.Viewer, coll int64) *SQL {
	q.S("NOT EXISTS (SELECT 1 FROM objects p")
	if coll != 0 {
		q.S(" JOIN collection_objects pc ON pc.ver = p.added AND pc.coll = ").A(coll)
	}
	q.S(" WHERE p.idh = " + a + ".idh AND p.id = " + a + ".id AND p.version " + cmp + " " + a + ".version AND ")
	visible(q, "p", v)
	return q.S(")")
}
