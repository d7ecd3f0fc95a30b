package cli

import (
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fusion-cti/fusion/internal/audit"
	"github.com/fusion-cti/fusion/internal/stix"
	"github.com/fusion-cti/fusion/internal/store/sqlstore"
)

func (e *env) auditCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Read and verify the tamper-evident audit log",
		Long: `Every write, every organisation, key, group and collection change, and every
bulk read over TAXII is appended to a hash-chained audit log, in the same
transaction as the change itself.

A hash chain shows edited, removed, inserted and reordered entries, but not
the loss of the last entries: record the head ('fusion audit head') somewhere
else now and then, and give it to 'fusion audit verify --anchor'.`,
	}
	var out output
	var since, org string
	var limit int
	list := &cobra.Command{
		Use:   "list",
		Short: "List audit entries, oldest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f := sqlstore.AuditFilter{Org: org, Limit: limit}
			if since != "" {
				t, err := parseSince(since, time.Now())
				if err != nil {
					return usageError{fmt.Errorf("--since: %w", err)}
				}
				f.Since = t
			}
			return e.withStore(func(db *sqlstore.DB) error {
				type row struct {
					Seq    int64     `json:"seq"`
					Time   time.Time `json:"time"`
					Actor  string    `json:"actor"`
					Org    string    `json:"org,omitempty"`
					Action string    `json:"action"`
					Target string    `json:"target,omitempty"`
					Detail string    `json:"detail,omitempty"`
					Remote string    `json:"remote"`
					Hash   string    `json:"hash"`
				}
				var rows []row
				for en, err := range db.AuditLog(e.ctx, f) {
					if err != nil {
						return err
					}
					rows = append(rows, row{en.Seq, en.Time, en.Actor, en.Org, en.Action, en.Target, en.Detail, en.Remote, hex.EncodeToString(en.Hash)})
				}
				if out == outputJSON {
					if rows == nil {
						rows = []row{}
					}
					return writeJSON(e.stdout, rows)
				}
				t := newTable(e.stdout, "SEQ", "TIME", "ACTOR", "ORG", "ACTION", "TARGET", "REMOTE", "DETAIL")
				for _, r := range rows {
					t.row(strconv.FormatInt(r.Seq, 10), r.Time.Format(time.RFC3339), r.Actor, dash(r.Org), r.Action, dash(r.Target), r.Remote, dash(r.Detail))
				}
				return t.flush()
			})
		},
	}
	list.Flags().StringVar(&since, "since", "", "only entries from this time on: a STIX timestamp, a date (2026-11-29) or a duration ago (24h, 7d)")
	list.Flags().StringVar(&org, "org", "", "only entries by this organisation")
	list.Flags().IntVar(&limit, "limit", 0, "at most this many entries (0: all)")
	addOutputFlag(list, &out)

	head := &cobra.Command{
		Use:   "head",
		Short: "Print the last entry's sequence number and hash, to keep as an anchor",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withStore(func(db *sqlstore.DB) error {
				h, ok, err := db.AuditHead(e.ctx)
				if err != nil {
					return err
				}
				if !ok {
					return fmt.Errorf("the audit log is empty")
				}
				fmt.Fprintf(e.stdout, "%d:%s\n", h.Seq, hex.EncodeToString(h.Hash))
				return nil
			})
		},
	}

	var anchor string
	verify := &cobra.Command{
		Use:   "verify",
		Short: "Check the audit log's hash chain; exit 1 naming every entry that was tampered with",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var a *audit.Entry
			if name, ok := strings.CutPrefix(anchor, "@"); ok {
				b, err := os.ReadFile(name)
				if err != nil {
					return usageError{fmt.Errorf("--anchor: %w", err)}
				}
				anchor = strings.TrimSpace(string(b))
			}
			if anchor != "" {
				seq, h, ok := strings.Cut(anchor, ":")
				n, err := strconv.ParseInt(seq, 10, 64)
				sum, herr := hex.DecodeString(h)
				if !ok || err != nil || n < 1 || herr != nil || len(sum) != 32 {
					return usageError{fmt.Errorf("--anchor %q: want SEQ:HASH as 'fusion audit head' prints it", anchor)}
				}
				a = &audit.Entry{Seq: n, Hash: sum}
			}
			return e.withStore(func(db *sqlstore.DB) error {
				rep, err := audit.Verify(db.AuditLog(e.ctx, sqlstore.AuditFilter{}))
				if err != nil {
					return err
				}
				findings := rep.Findings
				if a != nil {
					findings = append(findings, audit.VerifyHead(rep, *a)...)
				}
				if len(findings) == 0 {
					fmt.Fprintf(e.stdout, "audit log intact: %d entries, head %d:%s\n", rep.Entries, rep.Head.Seq, hex.EncodeToString(rep.Head.Hash))
					return nil
				}
				for _, f := range findings {
					fmt.Fprintf(e.stdout, "%s\t%s\n", f.Kind, f.Detail)
				}
				fmt.Fprintf(e.stderr, "fusion: audit verify: %d finding(s) in %d entries: the log was altered\n", len(findings), rep.Entries)
				return silentError{ExitError}
			})
		},
	}
	verify.Flags().StringVar(&anchor, "anchor", "", "a head kept elsewhere (SEQ:HASH from 'fusion audit head', or @FILE holding it): also detects a truncated log")
	cmd.AddCommand(list, head, verify)
	return cmd
}

// parseSince reads a point in time: a STIX timestamp, a date, or a
// duration before now (24h, 7d).
func parseSince(s string, now time.Time) (time.Time, error) {
	if t, err := stix.ParseTime(s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if d, err := parseTTL(s); err == nil {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q: want a timestamp, a date such as 2026-11-29, or a duration such as 24h or 7d", s)
}
