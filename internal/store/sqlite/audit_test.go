package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/fusion-cti/fusion/internal/store/sqlstore"
	"github.com/fusion-cti/fusion/internal/store/storetest"
)

func TestAuditTamper(t *testing.T) {
	storetest.AuditTamper(t, func(t *testing.T) (*sqlstore.DB, *sql.DB) {
		dir := t.TempDir()
		db, err := Open(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := sql.Open(driverName, dsn(filepath.Join(dir, FileName)))
		if err != nil {
			t.Fatal(err)
		}
		return db, raw
	})
}
