package storetest

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/audit"
	"github.com/fusion-cti/fusion/internal/store/sqlstore"
)

// AuditOpener returns a new, empty SQL store and a second connection to
// the same database that the test uses as an attacker would, behind the
// store's back.
type AuditOpener func(t *testing.T) (*sqlstore.DB, *sql.DB)

// AuditTamper writes an audit log through the store, tampers with it
// through raw SQL — an edited field, a deleted entry, a forged insertion, a
// reordering, a truncated tail — and checks that verification names each.
func AuditTamper(t *testing.T, open AuditOpener) {
	cases := []struct {
		name string
		sql  []string // placeholders: none; entries are 1…8
		want audit.Kind
		seq  int64
	}{
		{"edit", []string{"UPDATE audit SET detail = 'nothing happened' WHERE seq = 4"}, audit.Changed, 4},
		{"delete", []string{"DELETE FROM audit WHERE seq = 5"}, audit.Removed, 5},
		// A forged entry with the next seq, linking to entry 3, and every
		// later entry pushed up by one.
		{"insert", []string{
			"UPDATE audit SET seq = seq + 100 WHERE seq > 3",
			"UPDATE audit SET seq = seq - 99 WHERE seq > 100",
			"INSERT INTO audit (seq, at, actor, org, action, target, detail, remote, prev, hash) SELECT 4, at, 'intruder', '', 'key.create', 'k', '', 'x', hash, hash FROM audit WHERE seq = 3",
		}, audit.Inserted, 4},
		// Entries 6 and 7 swap places (their rows trade sequence numbers).
		{"reorder", []string{
			"UPDATE audit SET seq = 1006 WHERE seq = 6",
			"UPDATE audit SET seq = 6 WHERE seq = 7",
			"UPDATE audit SET seq = 7 WHERE seq = 1006",
		}, audit.Reordered, 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db, raw := open(t)
			defer db.Close()
			defer raw.Close()
			writeAuditLog(t, db)
			for _, q := range c.sql {
				if _, err := raw.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			rep, err := audit.Verify(db.AuditLog(context.Background(), sqlstore.AuditFilter{}))
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range rep.Findings {
				if f.Kind == c.want && f.Seq <= c.seq && c.seq <= max(f.Last, f.Seq) {
					found = true
				}
			}
			if !found {
				t.Fatalf("findings %+v, want %s naming entry %d", rep.Findings, c.want, c.seq)
			}
		})
	}
	t.Run("truncate", func(t *testing.T) {
		db, raw := open(t)
		defer db.Close()
		defer raw.Close()
		writeAuditLog(t, db)
		head, ok, err := db.AuditHead(context.Background())
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		if _, err := raw.Exec("DELETE FROM audit WHERE seq >= 7"); err != nil {
			t.Fatal(err)
		}
		rep, err := audit.Verify(db.AuditLog(context.Background(), sqlstore.AuditFilter{}))
		if err != nil || len(rep.Findings) != 0 {
			t.Fatalf("the chain alone: %+v, %v (a truncated tail is invisible to it)", rep.Findings, err)
		}
		fs := audit.VerifyHead(rep, head)
		if len(fs) != 1 || fs[0].Kind != audit.Removed {
			t.Fatalf("against the anchor %d:%s: %+v, want one Removed", head.Seq, hex.EncodeToString(head.Hash), fs)
		}
	})
	t.Run("intact", func(t *testing.T) {
		db, raw := open(t)
		defer db.Close()
		defer raw.Close()
		writeAuditLog(t, db)
		rep, err := audit.Verify(db.AuditLog(context.Background(), sqlstore.AuditFilter{}))
		if err != nil || len(rep.Findings) != 0 || rep.Entries != 8 || rep.Head.Seq != 8 {
			t.Fatalf("intact log: %+v, %v", rep, err)
		}
	})
}

// writeAuditLog makes eight entries the way Fusion does: organisation,
// key and group changes, an object write, a bulk read.
func writeAuditLog(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	ctx := context.Background()
	by := access.Actor{ID: "test", Remote: "local"}
	var orgs []int64
	for i := range 4 {
		o, err := db.AddOrg(ctx, by, access.Org{Name: fmt.Sprint("org", i), Kind: access.Partner})
		if err != nil {
			t.Fatal(err)
		}
		orgs = append(orgs, o.ID)
	}
	k, _, _ := access.NewKey(orgs[0], access.Reader, "", base, 0)
	if err := db.AddKey(ctx, by, k); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddGroup(ctx, by, access.Group{UUID: "11111111-2222-4333-8444-555555555555", Name: "g", Orgs: orgs[:2]}); err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin(access.NewContext(ctx, access.Operator, by))
	if err != nil {
		t.Fatal(err)
	}
	tx.Describe("test bundle")
	if err := tx.Put(ctx, rec("tool", 1, 0, "t")); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Audit(ctx, sqlstore.Record(by, "read.bulk", "collection x", "")); err != nil {
		t.Fatal(err)
	}
}
