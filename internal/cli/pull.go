package cli

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/pull"
	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/store/sqlstore"
)

func (e *env) sourceCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "source", Short: "Manage the partners' TAXII collections Fusion pulls from"}
	var s store.Source
	var every string
	add := &cobra.Command{
		Use:   "add NAME --taxii URL --collection ID",
		Short: "Add a TAXII source",
		Long: `Add a partner's TAXII 2.1 collection to pull from. --taxii is the API root's
URL (or the server's discovery URL, then its default API root). What is pulled
belongs to the --as organisation (labelled with its TLP for unmarked objects).
--every makes 'fusion serve' pull it on that schedule.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s.Name = args[0]
			u, err := url.Parse(s.URL)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				return usageError{fmt.Errorf("--taxii %q: want an http(s) URL", s.URL)}
			}
			if every != "" {
				if s.Every, err = parseTTL(every); err != nil {
					return usageError{fmt.Errorf("--every %w", err)}
				}
			}
			return e.withStore(func(db *sqlstore.DB) error {
				if e.as != "" {
					o, err := db.OrgByName(e.ctx, e.as)
					if err != nil {
						return usageError{fmt.Errorf("--as: %w", err)}
					}
					s.Owner = o.ID
				}
				if _, err := db.AddSource(e.ctx, access.Local, s); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "source %s added\n", s.Name)
				return nil
			})
		},
	}
	add.Flags().StringVar(&s.URL, "taxii", "", "the TAXII API root's URL (required)")
	add.Flags().StringVar(&s.Collection, "collection", "", "the collection's id (required)")
	add.Flags().StringVar(&s.User, "user", "", "HTTP Basic user name")
	add.Flags().StringVar(&s.Password, "password", "", "HTTP Basic password (or, without --user, a bearer token)")
	add.Flags().StringVar(&every, "every", "", "pull on this schedule while serving, e.g. 15m or 1d")
	add.MarkFlagRequired("taxii")
	add.MarkFlagRequired("collection")

	var out output
	list := &cobra.Command{
		Use:   "list",
		Short: "List TAXII sources and where each got to",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withStore(func(db *sqlstore.DB) error {
				srcs, err := db.AllSources(e.ctx)
				if err != nil {
					return err
				}
				type row struct {
					Name       string    `json:"name"`
					URL        string    `json:"url"`
					Collection string    `json:"collection"`
					Every      string    `json:"every,omitempty"`
					Cursor     time.Time `json:"cursor"`
					LastRun    time.Time `json:"last_run"`
					LastError  string    `json:"last_error,omitempty"`
				}
				rows := []row{}
				for _, s := range srcs {
					r := row{Name: s.Name, URL: s.URL, Collection: s.Collection, Cursor: s.Cursor, LastRun: s.LastRun, LastError: s.LastError}
					if s.Every > 0 {
						r.Every = s.Every.String()
					}
					rows = append(rows, r)
				}
				if out == outputJSON {
					return writeJSON(e.stdout, rows)
				}
				t := newTable(e.stdout, "NAME", "URL", "COLLECTION", "EVERY", "CURSOR", "LAST RUN", "LAST ERROR")
				for _, r := range rows {
					t.row(r.Name, r.URL, r.Collection, dash(r.Every), timeText(r.Cursor), timeText(r.LastRun), dash(r.LastError))
				}
				return t.flush()
			})
		},
	}
	addOutputFlag(list, &out)
	cmd.AddCommand(add, list)
	return cmd
}

func (e *env) pullCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "pull [NAME...]",
		Short: "Pull new objects from TAXII sources (all of them without names)",
		Long: `Pull fetches what each source added since its last stored page, page by
page: each page is stored as it arrives (its valid objects; the invalid ones
are reported), and the source's cursor moves only past stored pages, so a
failed pull resumes where it stopped. Requests are retried with back-off.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withStore(func(db *sqlstore.DB) error {
				var srcs []store.Source
				if len(args) == 0 {
					all, err := db.AllSources(e.ctx)
					if err != nil {
						return err
					}
					srcs = all
				}
				for _, name := range args {
					s, err := db.SourceByName(e.ctx, name)
					if err != nil {
						return err
					}
					srcs = append(srcs, s)
				}
				warnings, err := e.warningLists("")
				if err != nil {
					return err
				}
				failed := false
				t := newTable(e.stdout, "SOURCE", "PAGES", "OBJECTS", "NEW", "VERSIONS", "DUPLICATES", "REJECTED", "CURSOR")
				for _, s := range srcs {
					res, err := pull.Pull(e.ctx, db, s, pull.Options{Log: e.log, Warnings: warnings})
					t.row(s.Name, strconv.Itoa(res.Pages), strconv.Itoa(res.Objects), strconv.Itoa(res.New), strconv.Itoa(res.NewVersions), strconv.Itoa(res.Duplicates), strconv.Itoa(res.Rejected), timeText(res.Cursor))
					if err != nil {
						failed = true
						fmt.Fprintf(e.stderr, "fusion: pull %v\n", err)
					}
				}
				if err := t.flush(); err != nil {
					return err
				}
				if failed {
					return silentError{ExitError}
				}
				return nil
			})
		},
	}
}
