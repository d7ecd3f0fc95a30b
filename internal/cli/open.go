package cli

import (
	"context"
	"fmt"

	"github.com/fusion-cti/fusion/internal/access"

	"github.com/fusion-cti/fusion/internal/store/postgres"
	"github.com/fusion-cti/fusion/internal/store/sqlite"
	"github.com/fusion-cti/fusion/internal/store/sqlstore"
)

// openStore opens PostgreSQL when a DSN is configured, else the embedded
// store in the data directory.
func (e *env) openStore(ctx context.Context) (*sqlstore.DB, error) {
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

// viewer returns who a read command acts as: the organisation named by
// --as, or the local operator, who sees everything.
func (e *env) viewer(ctx context.Context, db *sqlstore.DB) (access.Viewer, error) {
	if e.as == "" {
		return access.Operator, nil
	}
	o, err := db.OrgByName(ctx, e.as)
	if err != nil {
		return access.Viewer{}, usageError{fmt.Errorf("--as: %w", err)}
	}
	groups, err := db.GroupsOf(ctx, o.ID)
	if err != nil {
		return access.Viewer{}, err
	}
	return access.Viewer{Org: o.ID, Centre: o.Kind == access.Centre, Groups: groups, Role: access.Admin}, nil
}
