package cli

import (
	"context"
	"fmt"

	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/store/postgres"
	"github.com/fusion-cti/fusion/internal/store/sqlite"
)

// openStore opens PostgreSQL when a DSN is configured, else the embedded
// store in the data directory.
func (e *env) openStore(ctx context.Context) (store.Store, error) {
	if e.cfg.DB != "" {
		return postgres.Open(ctx, e.cfg.DB)
	}
	s, err := sqlite.Open(ctx, e.cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("%w\nhint: --data DIR (or FUSION_DATA) picks the data directory", err)
	}
	return s, nil
}

// storeName describes the configured store for messages.
func (e *env) storeName() string {
	if e.cfg.DB != "" {
		return "postgres"
	}
	return "sqlite:" + e.cfg.DataDir
}
