// Package pull fetches intelligence from partners' TAXII 2.1 collections
// into the store: page by page, each page stored as one unit (so a bad
// page never loses the good ones before it), resuming from the last date
// added it stored. It must never move a source's cursor past a page that
// was not stored.
package pull

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/bus"
	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/taxii"
	"github.com/fusion-cti/fusion/internal/warninglist"
)

// Source is a partner's TAXII collection (kept by the store).
type Source = store.Source

// Backend is what pulling needs of the store.
type Backend interface {
	store.Store
	OrgByID(ctx context.Context, id int64) (access.Org, error)
	Groups(ctx context.Context) ([]access.Group, error)
	// SaveCursor records a source's progress after each stored page.
	SaveCursor(ctx context.Context, id int64, cursor, run time.Time, lastError string) error
}

// Result says what one pull did.
type Result struct {
	Pages, Objects, New, NewVersions, Duplicates, Rejected int
	Cursor                                                 time.Time
}

// Options tune a pull.
type Options struct {
	HTTP  taxii.ClientOption // extra client option (tests: a transport), may be nil
	Retry taxii.RetryPolicy  // zero: the client's default (3 attempts, back-off)
	Limit int                // page size asked for (default 1000)
	Bus   bus.Bus
	Log   *slog.Logger
	// Warnings flags pulled objects whose values are on these lists.
	Warnings *warninglist.Set
}

// Pull fetches everything added to src's collection after its cursor and
// stores it, page by page. It returns what it stored even when it stops
// on an error; the cursor saved is that of the last page stored.
func Pull(ctx context.Context, b Backend, src Source, opt Options) (Result, error) {
	res := Result{Cursor: src.Cursor}
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	err := pull(ctx, b, src, opt, log, &res)
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	if serr := b.SaveCursor(context.WithoutCancel(ctx), src.ID, res.Cursor, time.Now(), msg); serr != nil && err == nil {
		err = serr
	}
	return res, err
}

func pull(ctx context.Context, b Backend, src Source, opt Options, log *slog.Logger, res *Result) error {
	opts := []taxii.ClientOption{taxii.ClientLogger(log)}
	switch {
	case src.User != "":
		opts = append(opts, taxii.ClientBasicAuth(src.User, src.Password))
	case src.Password != "":
		opts = append(opts, taxii.ClientBearerToken(src.Password))
	}
	if opt.Retry.MaxAttempts > 0 {
		opts = append(opts, taxii.ClientRetry(opt.Retry))
	}
	if opt.HTTP != nil {
		opts = append(opts, opt.HTTP)
	}
	c, err := taxii.NewClient(src.URL, opts...)
	if err != nil {
		return fmt.Errorf("source %s: %w", src.Name, err)
	}
	root := src.URL
	if strings.HasSuffix(strings.TrimSuffix(root, "/"), "/taxii2") {
		d, err := c.Discovery(ctx)
		if err != nil {
			return fmt.Errorf("source %s: discovery: %w", src.Name, err)
		}
		if d.Default == "" {
			return fmt.Errorf("source %s: the server names no default API root; give the API root's URL", src.Name)
		}
		root = d.Default
	}
	ingestOpt := intel.Options{Source: src.Name, Partial: true, Defaults: access.Defaults{Owner: src.Owner, TLP: access.Amber}, Warnings: opt.Warnings}
	if src.Owner != 0 {
		o, err := b.OrgByID(ctx, src.Owner)
		if err != nil {
			return fmt.Errorf("source %s: owner: %w", src.Name, err)
		}
		ingestOpt.Defaults.TLP = o.TLP
	}
	groups, err := b.Groups(ctx)
	if err != nil {
		return err
	}
	ingestOpt.Group = intel.GroupResolver(groups)
	in := &intel.Ingester{Store: b, Bus: opt.Bus}
	limit := opt.Limit
	if limit <= 0 {
		limit = 1000
	}
	pager := c.NewObjectPager(root, src.Collection, taxii.Query{AddedAfter: src.Cursor, Limit: limit})
	for !pager.Done() {
		page, err := pager.Next(ctx)
		if err != nil {
			return fmt.Errorf("source %s: page %d: %w", src.Name, res.Pages+1, err)
		}
		if len(page.Objects) > 0 {
			var buf bytes.Buffer
			bw := codec.NewBundleWriter(&buf, "bundle--"+uuid.NewString())
			for _, o := range page.Objects {
				bw.Object(o)
			}
			bw.Close()
			name := fmt.Sprintf("%s page %d", src.Name, res.Pages+1)
			r, err := in.Bundle(ctx, name, &buf, ingestOpt)
			res.Objects += r.Read
			res.New += r.New
			res.NewVersions += r.NewVersions
			res.Duplicates += r.Duplicates
			res.Rejected += r.RejectedCount
			if err != nil && !r.Stored {
				return fmt.Errorf("source %s: %w", src.Name, err)
			}
			for _, rj := range r.Rejected {
				log.Warn("pulled object rejected", "source", src.Name, "page", res.Pages+1, "index", rj.Index, "id", rj.ID, "err", rj.Err)
			}
		}
		res.Pages++
		if last := pager.DateAddedLast(); last.After(res.Cursor) {
			res.Cursor = last
			if err := b.SaveCursor(ctx, src.ID, res.Cursor, time.Now(), ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// Run pulls, every tick until ctx ends, each source whose schedule is due
// (Every > 0 and LastRun + Every has passed). Sources are read afresh each
// tick, so added sources join without a restart. Errors are logged and
// saved on the source; they never stop the loop.
func Run(ctx context.Context, b Backend, sources func(context.Context) ([]Source, error), tick time.Duration, opt Options) {
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		srcs, err := sources(ctx)
		if err != nil && ctx.Err() == nil {
			log.Error("pull: list sources", "err", err)
		}
		for _, s := range srcs {
			if s.Every <= 0 || time.Since(s.LastRun) < s.Every {
				continue
			}
			res, err := Pull(ctx, b, s, opt)
			if err != nil {
				log.Warn("pull failed", "source", s.Name, "pages", res.Pages, "err", err)
				continue
			}
			log.Info("pulled", "source", s.Name, "pages", res.Pages, "objects", res.Objects, "new", res.New)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
