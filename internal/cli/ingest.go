package cli

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/formats"
	"github.com/fusion-cti/fusion/internal/formats/csv"
	"github.com/fusion-cti/fusion/internal/formats/misp"
	"github.com/fusion-cti/fusion/internal/formats/stixbundle"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/store/sqlstore"
)

// ingestLabels are the flags that label and place what is ingested.
type ingestLabels struct{ tlp, group, collection, format, csvMap, warninglists, since string }

func (e *env) ingestCommand() *cobra.Command {
	var opt intel.Options
	var labels ingestLabels
	var out output
	cmd := &cobra.Command{
		Use:   "ingest FILE|DIR|-...",
		Short: "Store STIX 2.1 bundles",
		Long: `Ingest stores STIX 2.1 bundles (or single objects) from files, directories
(every *.json file below them) or standard input (-), streaming.

Each bundle is one unit: it is stored whole or not at all, unless --partial,
which keeps its valid objects and reports the others. Malformed JSON always
rejects its whole bundle. The summary counts new objects, new versions,
duplicates and rejections; the exit status is 1 when anything was rejected.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.ingest(args, opt, labels, out)
		},
	}
	cmd.Flags().StringVar(&opt.Source, "source", "cli", "name of the source that sent this input (provenance)")
	cmd.Flags().StringVar(&labels.tlp, "tlp", "", "TLP level of objects that carry no marking: clear, green, amber, amber+strict or red (default: the --as organisation's, else amber)")
	cmd.Flags().StringVar(&labels.group, "group", "", "sharing group of objects that carry no marking")
	cmd.Flags().StringVar(&labels.collection, "collection", "", "TAXII collection (name or id) to add every object to")
	cmd.Flags().StringVar(&labels.format, "format", "auto", "input format: auto (detected from the content) or one of "+strings.Join(formats.Names(), ", "))
	cmd.Flags().StringVar(&labels.since, "since", "", "with --format misp-feed: only events whose manifest timestamp is after this (timestamp, date or duration ago)")
	cmd.Flags().StringVar(&labels.warninglists, "warninglists", "", "directory of MISP warning lists to flag values with, besides the built-in ones")
	cmd.Flags().StringVar(&labels.csvMap, "map", "", "CSV column mapping, e.g. value=2,type=1,first_seen=4 (1-based columns or header names)")
	cmd.Flags().BoolVar(&opt.Partial, "partial", false, "keep the valid objects of a bundle that has invalid ones")
	addOutputFlag(cmd, &out)
	return cmd
}

// unitResult is one input unit's outcome, as --output json prints it.
type unitResult struct {
	File        string      `json:"file"`
	Read        int         `json:"read"`
	New         int         `json:"new"`
	NewVersions int         `json:"new_versions"`
	Duplicates  int         `json:"duplicates"`
	Conflicts   []string    `json:"conflicts,omitempty"`
	Rejected    []rejection `json:"rejected,omitempty"` // the first 100
	RejectedN   int         `json:"rejected_count"`
	Warnings    int         `json:"warnings"`
	Stored      bool        `json:"stored"`
	Error       string      `json:"error,omitempty"`
}

type rejection struct {
	Index int    `json:"index"`
	ID    string `json:"id,omitempty"`
	Error string `json:"error"`
}

func (e *env) ingest(args []string, opt intel.Options, labels ingestLabels, out output) error {
	feed := false
	if labels.format != "" && labels.format != "auto" {
		f, err := formats.Lookup(labels.format)
		if err != nil {
			return usageError{fmt.Errorf("--format: %w", err)}
		}
		feed = f.Feed
	}
	files := args
	if !feed {
		var err error
		if files, err = expandInputs(args); err != nil {
			return err
		}
	}
	st, err := e.openStore(e.ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := e.labelOptions(st, labels, &opt); err != nil {
		return err
	}
	if os.Getenv("GOGC") == "" {
		// Ingest makes short-lived garbage fast while its live heap stays
		// small: a GC target of 400% cut a one-million-object ingest from
		// 50 s to 43 s for 24 MB more peak memory (209 MB).
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	// The audit log names who ingests: the operator, for --as ORG.
	e.ctx = access.NewContext(e.ctx, access.Operator, access.Actor{ID: "cli", Org: e.as, Remote: "local"})
	in := &intel.Ingester{Store: st}
	var results []unitResult
	failed := false
	for _, name := range files {
		ingestOne := e.ingestOne
		if feed {
			ingestOne = e.ingestFeed
		}
		units, err := ingestOne(in, name, opt, labels)
		if err != nil {
			failed = true
		}
		for _, r := range units {
			if r.Error == "" && err != nil && len(units) == 1 {
				r.Error = err.Error()
			}
			if r.Error != "" && out == outputTable {
				for _, rj := range r.Rejected {
					fmt.Fprintf(e.stderr, "fusion: ingest %s: %s\n", r.File, rejectionText(rj))
				}
				if len(r.Rejected) == 0 || r.Stored {
					fmt.Fprintf(e.stderr, "fusion: ingest %s\n", r.Error)
				} else {
					fmt.Fprintf(e.stderr, "fusion: ingest %s: bundle rejected, nothing stored (use --partial to keep its valid objects)\n", r.File)
				}
			}
			results = append(results, r)
		}
	}
	if out == outputJSON {
		if err := writeJSON(e.stdout, results); err != nil {
			return err
		}
	} else {
		t := newTable(e.stdout, "FILE", "OBJECTS", "NEW", "VERSIONS", "DUPLICATES", "CONFLICTS", "REJECTED", "STORED")
		for _, r := range results {
			t.row(r.File, strconv.Itoa(r.Read), strconv.Itoa(r.New), strconv.Itoa(r.NewVersions), strconv.Itoa(r.Duplicates),
				strconv.Itoa(len(r.Conflicts)), strconv.Itoa(r.RejectedN), yesNo(r.Stored))
		}
		if err := t.flush(); err != nil {
			return err
		}
	}
	if failed {
		return silentError{ExitError}
	}
	return nil
}

func rejectionText(r rejection) string {
	s := "objects[" + strconv.Itoa(r.Index) + "]"
	if r.ID != "" {
		s += " (" + r.ID + ")"
	}
	return s + ": " + r.Error
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// ingestOne ingests one file (or stdin for "-") in the given format
// ("auto" detects it): one result per unit the file holds.
func (e *env) ingestOne(in *intel.Ingester, name string, opt intel.Options, l ingestLabels) ([]unitResult, error) {
	var r io.Reader
	size := int64(-1)
	if name == "-" {
		r = e.stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return []unitResult{{File: name}}, err
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		r = f
	}
	br := bufio.NewReaderSize(r, 64<<10)
	format, err := e.inputFormat(name, br, l)
	if err != nil {
		return []unitResult{{File: name}}, err
	}
	if format.Name != stixbundle.Info.Name {
		size = -1 // the bar counts converted bytes
	}
	if isTerminal(e.stderr) {
		bar := progressbar.NewOptions64(size,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription(name),
			progressbar.OptionShowBytes(true),
			progressbar.OptionThrottle(100_000_000),
			progressbar.OptionClearOnFinish(),
		)
		opt.Progress = func(_, n int64) { bar.Set64(n) }
		defer bar.Finish()
	}
	var results []unitResult
	var firstErr error
	err = format.Importer.Import(e.ctx, br, func(unit string, bundle io.Reader) error {
		label := name
		if format.Name != stixbundle.Info.Name && unit != "" && unit != format.Name && unit != "csv" {
			label = name + "#" + unit
		}
		res, err := in.Bundle(e.ctx, label, bundle, opt)
		u := unitResult{File: label, Read: res.Read, New: res.New, NewVersions: res.NewVersions, Duplicates: res.Duplicates,
			Conflicts: res.Conflicts, RejectedN: res.RejectedCount, Warnings: res.Warnings, Stored: res.Stored}
		for _, rj := range res.Rejected {
			u.Rejected = append(u.Rejected, rejection{Index: rj.Index, ID: rj.ID, Error: rj.Err.Error()})
		}
		if err == nil && res.RejectedCount > 0 {
			err = fmt.Errorf("%s: %d object(s) rejected, the others stored", label, res.RejectedCount)
		}
		if err != nil {
			u.Error = err.Error()
			if firstErr == nil {
				firstErr = err
			}
		}
		results = append(results, u)
		// A file of several units keeps going past a bad one; the store
		// itself failing or a cancellation stops.
		if e.ctx.Err() != nil {
			return e.ctx.Err()
		}
		return nil
	})
	if err == nil {
		err = firstErr
	}
	if len(results) == 0 {
		results = []unitResult{{File: name}}
	}
	return results, err
}

// inputFormat picks the format of an input: --format, or detected from
// its first bytes.
func (e *env) inputFormat(name string, br *bufio.Reader, l ingestLabels) (formats.Format, error) {
	var f formats.Format
	if l.format != "" && l.format != "auto" {
		var err error
		if f, err = formats.Lookup(l.format); err != nil {
			return f, usageError{fmt.Errorf("--format: %w", err)}
		}
	} else {
		head, _ := br.Peek(4096)
		var ok bool
		if f, ok = formats.Detect(head); !ok {
			// STIX is Fusion's own format: its reader says where the
			// input stops making sense.
			f, _ = formats.Lookup(stixbundle.Info.Name)
		}
	}
	if f.Importer == nil {
		return f, usageError{fmt.Errorf("--format %s: Fusion writes this format but does not read it", f.Name)}
	}
	if f.Name == csv.Info.Name {
		f.Importer = csv.Codec{Map: l.csvMap, Report: func(line int, err error) {
			fmt.Fprintf(e.stderr, "fusion: ingest %s: line %d: %v (row skipped)\n", name, line, err)
		}}
	}
	return f, nil
}

// expandInputs turns arguments into files: directories become the *.json
// files below them, in lexical order.
func expandInputs(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		if a == "-" {
			files = append(files, a)
			continue
		}
		fi, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			files = append(files, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(strings.ToLower(d.Name()), ".json") {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no *.json files in this directory", a)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, nil
}

// labelOptions fills the owner, default label and collection of an ingest
// from --as, --tlp, --group and --collection.
func (e *env) labelOptions(db *sqlstore.DB, l ingestLabels, opt *intel.Options) error {
	opt.Defaults.TLP = access.Amber
	if e.as != "" {
		o, err := db.OrgByName(e.ctx, e.as)
		if err != nil {
			return usageError{fmt.Errorf("--as: %w", err)}
		}
		opt.Defaults.Owner, opt.Defaults.TLP = o.ID, o.TLP
		if opt.Source == "cli" {
			opt.Source = o.Name
		}
	}
	if l.tlp != "" {
		t, err := access.ParseTLP(l.tlp)
		if err != nil {
			return usageError{fmt.Errorf("--tlp: %w", err)}
		}
		opt.Defaults.TLP = t
	}
	groups, err := db.Groups(e.ctx)
	if err != nil {
		return err
	}
	for _, g := range groups {
		if l.group != "" && g.Name == l.group {
			opt.Defaults.Groups = []int64{g.ID}
		}
	}
	if l.group != "" && len(opt.Defaults.Groups) == 0 {
		return usageError{fmt.Errorf("--group: sharing group %s: %w", l.group, access.ErrNotFound)}
	}
	opt.Group = intel.GroupResolver(groups)
	if opt.Warnings, err = e.warningLists(l.warninglists); err != nil {
		return usageError{err}
	}
	if l.collection != "" {
		c, err := db.Collection(e.ctx, l.collection)
		if err != nil {
			return usageError{fmt.Errorf("--collection: %w", err)}
		}
		if c.View {
			return usageError{fmt.Errorf("--collection %s: a view collection cannot be written to", c.Name)}
		}
		opt.Collection = c.ID
	}
	return nil
}

// ingestFeed ingests the events of a MISP feed directory whose manifest
// timestamp is after --since: one result per event; missing and broken
// event files are reported and skipped.
func (e *env) ingestFeed(in *intel.Ingester, dir string, opt intel.Options, l ingestLabels) ([]unitResult, error) {
	var since time.Time
	if l.since != "" {
		t, err := parseSince(l.since, time.Now())
		if err != nil {
			return nil, usageError{fmt.Errorf("--since: %w", err)}
		}
		since = t
	}
	imp := &misp.Importer{}
	var results []unitResult
	var firstErr error
	res, err := imp.ReadFeed(e.ctx, dir, since, func(name string, bundle io.Reader) error {
		label := dir + "#" + name
		r, err := in.Bundle(e.ctx, label, bundle, opt)
		u := unitResult{File: label, Read: r.Read, New: r.New, NewVersions: r.NewVersions, Duplicates: r.Duplicates,
			Conflicts: r.Conflicts, RejectedN: r.RejectedCount, Warnings: r.Warnings, Stored: r.Stored}
		if err != nil {
			u.Error = err.Error()
			if firstErr == nil {
				firstErr = err
			}
		}
		results = append(results, u)
		return err
	})
	if err != nil {
		return []unitResult{{File: dir, Error: err.Error()}}, err
	}
	for _, f := range res.Failed {
		fmt.Fprintf(e.stderr, "fusion: ingest %s: %v (skipped)\n", dir, f)
	}
	if !res.Latest.IsZero() {
		fmt.Fprintf(e.stderr, "fusion: ingest %s: newest event %s; next time: --since %s\n", dir, res.Latest.UTC().Format(time.RFC3339), res.Latest.UTC().Format(time.RFC3339))
	}
	return results, firstErr
}
