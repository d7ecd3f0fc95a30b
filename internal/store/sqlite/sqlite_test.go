package sqlite_test

import (
	"context"
	"testing"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/store/sqlite"
	"github.com/fusion-cti/fusion/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		db, err := sqlite.Open(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}

func TestReopenKeepsData(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	tx, _ := db.Begin(ctx)
	tx.Put(ctx, &store.Record{ID: "tool--00000000-0000-4000-8000-000000000001", Type: "tool", Raw: []byte(`{}`)})
	if _, err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Get(ctx, access.Operator, "tool--00000000-0000-4000-8000-000000000001", store.Versions{}); err != nil {
		t.Fatalf("after reopening: %v", err)
	}
}

// TestConcurrentOpen: processes opening a new data directory together all
// see a complete schema.
func TestConcurrentOpen(t *testing.T) {
	for round := range 20 {
		dir := t.TempDir()
		errs := make(chan error, 4)
		for range 4 {
			go func() {
				ctx := context.Background()
				db, err := sqlite.Open(ctx, dir)
				if err != nil {
					errs <- err
					return
				}
				defer db.Close()
				_, err = db.Search(ctx, access.Operator, store.Query{Text: "x"})
				if err == nil {
					var tx store.Tx
					if tx, err = db.Begin(ctx); err == nil {
						_, err = tx.Commit(ctx)
					}
				}
				errs <- err
			}()
		}
		for range 4 {
			if err := <-errs; err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	}
}
