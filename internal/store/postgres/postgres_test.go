package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"testing"

	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/store/postgres"
	"github.com/fusion-cti/fusion/internal/store/sqlstore"
	"github.com/fusion-cti/fusion/internal/store/storetest"
)

// DSNEnv names the variable holding the test database's DSN. Each test runs
// in a schema of its own, dropped afterwards.
const DSNEnv = "FUSION_TEST_POSTGRES"

func TestConformance(t *testing.T) {
	dsn := os.Getenv(DSNEnv)
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL conformance suite", DSNEnv)
		}
		t.Skipf("%s is not set (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", DSNEnv)
	}
	storetest.Run(t, func(t *testing.T) store.Store {
		return openSchema(t, dsn)
	})
}

// testDSN returns the test database's DSN, skipping (failing under CI)
// when there is none.
func testDSN(t *testing.T) string {
	dsn := os.Getenv(DSNEnv)
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests", DSNEnv)
		}
		t.Skipf("%s is not set (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", DSNEnv)
	}
	return dsn
}

func TestAuditTamper(t *testing.T) {
	dsn := testDSN(t)
	storetest.AuditTamper(t, func(t *testing.T) (*sqlstore.DB, *sql.DB) {
		db, schemaDSN := openSchemaDSN(t, dsn)
		raw, err := sql.Open("pgx", schemaDSN)
		if err != nil {
			t.Fatal(err)
		}
		return db, raw
	})
}

// openSchema opens a store in a new schema that is dropped when t ends.
func openSchema(t *testing.T, dsn string) store.Store {
	db, _ := openSchemaDSN(t, dsn)
	return db
}

// openSchemaDSN is openSchema that also returns the schema's DSN.
func openSchemaDSN(t *testing.T, dsn string) (*sqlstore.DB, string) {
	t.Helper()
	ctx := context.Background()
	schema := fmt.Sprintf("fusion_test_%d", rand.Uint64())
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE")
		admin.Close()
	})
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := postgres.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	return db, u.String()
}
