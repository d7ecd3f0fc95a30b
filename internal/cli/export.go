package cli

import (
	"context"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/formats"
	"github.com/fusion-cti/fusion/internal/formats/misp"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/store/sqlstore"
)

func (e *env) exportCommand() *cobra.Command {
	var format, types, since, maxTLP, output string
	var minConfidence int
	var expired, warned bool
	cmd := &cobra.Command{
		Use:   "export --format F",
		Short: "Write intelligence in a format for other tools",
		Long: `Export writes the latest versions of what the viewer may see (--as ORG; the
operator sees everything) in a format: STIX bundles and MISP events carry whole
objects; tool formats (rules, intel files, zones, block lists, CSV) carry the
observable values of indicators and observables. Revoked objects are left out,
and so are expired indicators unless --expired, and objects whose values are
on warning lists unless --include-warned.

Formats: ` + strings.Join(formats.Names(), ", "),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := formats.Lookup(format)
			if err != nil {
				return usageError{fmt.Errorf("--format: %w", err)}
			}
			if f.Feed && (output == "" || output == "-") {
				return usageError{fmt.Errorf("--format %s writes a directory: give -o DIR", f.Name)}
			}
			if f.Objects == nil && f.Indicators == nil && !f.Feed {
				return usageError{fmt.Errorf("--format %s: Fusion reads this format but does not write it", f.Name)}
			}
			filter := intel.ExportFilter{MinConfidence: minConfidence, Expired: expired, Warned: warned}
			for _, t := range strings.Split(types, ",") {
				if t = strings.TrimSpace(t); t != "" {
					filter.Types = append(filter.Types, t)
				}
			}
			if since != "" {
				if filter.Since, err = parseSince(since, time.Now()); err != nil {
					return usageError{fmt.Errorf("--since: %w", err)}
				}
			}
			if maxTLP != "" {
				t, err := access.ParseTLP(maxTLP)
				if err != nil {
					return usageError{fmt.Errorf("--max-tlp: %w", err)}
				}
				filter.MaxTLP = &t
			}
			if os.Getenv("GOGC") == "" {
				// As for ingest: much short-lived garbage, a small live heap.
				defer debug.SetGCPercent(debug.SetGCPercent(400))
			}
			return e.withStore(func(db *sqlstore.DB) error {
				v, err := e.viewer(e.ctx, db)
				if err != nil {
					return err
				}
				var n int
				if f.Feed {
					objs := counting(intel.RawObjects(intel.Objects(e.ctx, db, v, filter)), &n)
					err = misp.WriteFeed(e.ctx, output, misp.FeedSource{Objects: objs})
				} else {
					n, err = writeOutput(e, output, func(w io.Writer) (int, error) {
						return export(e.ctx, db, v, f, filter, w)
					})
				}
				if err != nil {
					return err
				}
				detail := fmt.Sprintf("format %s, %d item(s), as %q", f.Name, n, e.as)
				return db.Audit(e.ctx, sqlstore.Record(access.Actor{ID: "cli", Org: e.as, Remote: "local"}, "export", dash(output), detail))
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "output format (required): "+strings.Join(formats.Names(), ", "))
	cmd.Flags().StringVar(&types, "type", "", "object types, comma-separated (default: all for STIX and MISP; indicators and observables for tool formats)")
	cmd.Flags().StringVar(&since, "since", "", "only versions added since: a timestamp, a date or a duration ago (24h, 7d)")
	cmd.Flags().IntVar(&minConfidence, "min-confidence", 0, "only objects with at least this confidence (0-100)")
	cmd.Flags().StringVar(&maxTLP, "max-tlp", "", "only objects labelled at most this TLP level")
	cmd.Flags().BoolVar(&expired, "expired", false, "include indicators whose valid_until has passed")
	cmd.Flags().BoolVar(&warned, "include-warned", false, "include objects whose values are on warning lists (flagged at ingest)")
	cmd.Flags().StringVarP(&output, "output-file", "o", "", "write to FILE (replaced whole, atomically) instead of standard output")
	cmd.MarkFlagRequired("format")
	return cmd
}

// export writes the export and returns how many items it wrote.
func export(ctx context.Context, db *sqlstore.DB, v access.Viewer, f formats.Format, filter intel.ExportFilter, w io.Writer) (int, error) {
	n := 0
	if f.Objects != nil {
		err := f.Objects.ExportObjects(ctx, w, counting(intel.RawObjects(intel.Objects(ctx, db, v, filter)), &n))
		return n, err
	}
	err := f.Indicators.Export(ctx, w, counting(intel.Indicators(ctx, db, v, filter), &n))
	return n, err
}

// counting counts what seq yields without error.
func counting[T any](seq iter.Seq2[T, error], n *int) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for x, err := range seq {
			if err == nil {
				*n++
			}
			if !yield(x, err) {
				return
			}
		}
	}
}

// writeOutput runs write on standard output, or on a temporary file renamed
// over path when it succeeds (a failed export leaves the old file).
func writeOutput(e *env, path string, write func(io.Writer) (int, error)) (int, error) {
	if path == "" || path == "-" {
		return write(e.stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	n, err := write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, err
	}
	return n, os.Rename(tmp.Name(), path)
}
