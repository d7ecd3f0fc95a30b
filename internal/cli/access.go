package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/spf13/cobra"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/store/sqlstore"
)

// withStore opens the store, runs fn and closes it.
func (e *env) withStore(fn func(db *sqlstore.DB) error) error {
	db, err := e.openStore(e.ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

func (e *env) orgCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "org", Short: "Manage organisations (the centre, member countries, partners)"}
	var kind, country, tlp string
	add := &cobra.Command{
		Use:   "add NAME",
		Short: "Add an organisation",
		Long: `Add an organisation: the centre (one per node), a member country's unit
(--country with its ISO 3166-1 alpha-2 code) or a partner. --tlp is the level
its unmarked objects get (default amber).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := access.ParseKind(kind)
			if err != nil {
				return usageError{fmt.Errorf("--kind: %w", err)}
			}
			level, err := access.ParseTLP(tlp)
			if err != nil {
				return usageError{fmt.Errorf("--tlp: %w", err)}
			}
			o := access.Org{Name: args[0], Kind: k, Country: strings.ToUpper(country), TLP: level}
			return e.withStore(func(db *sqlstore.DB) error {
				o, err := db.AddOrg(e.ctx, access.Local, o)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "organisation %s added (%s)\n", o.Name, o.Kind)
				return nil
			})
		},
	}
	add.Flags().StringVar(&kind, "kind", "", "centre, member or partner (required)")
	add.Flags().StringVar(&country, "country", "", "ISO 3166-1 alpha-2 code of a member country")
	add.Flags().StringVar(&tlp, "tlp", "amber", "TLP level of the organisation's unmarked objects")
	add.MarkFlagRequired("kind")

	var out output
	list := &cobra.Command{
		Use:   "list",
		Short: "List organisations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withStore(func(db *sqlstore.DB) error {
				orgs, err := db.Orgs(e.ctx)
				if err != nil {
					return err
				}
				if out == outputJSON {
					type row struct {
						Name    string    `json:"name"`
						Kind    string    `json:"kind"`
						Country string    `json:"country,omitempty"`
						TLP     string    `json:"tlp"`
						Created time.Time `json:"created"`
					}
					rows := make([]row, 0, len(orgs))
					for _, o := range orgs {
						rows = append(rows, row{o.Name, string(o.Kind), o.Country, o.TLP.String(), o.Created})
					}
					return writeJSON(e.stdout, rows)
				}
				t := newTable(e.stdout, "NAME", "KIND", "COUNTRY", "TLP", "CREATED")
				for _, o := range orgs {
					t.row(o.Name, string(o.Kind), dash(o.Country), o.TLP.String(), o.Created.Format(time.RFC3339))
				}
				return t.flush()
			})
		},
	}
	addOutputFlag(list, &out)
	cmd.AddCommand(add, list)
	return cmd
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// parseTTL reads a key lifetime: a Go duration (720h) or a number of days
// (90d).
func parseTTL(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err == nil && n > 0 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q: want a positive duration such as 90d or 720h", s)
	}
	return d, nil
}

func (e *env) keyCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "key", Short: "Manage API keys"}
	var org, role, name, expires string
	create := &cobra.Command{
		Use:   "create",
		Short: "Create an API key; its secret is the last line printed, shown once",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := access.ParseRole(role)
			if err != nil {
				return usageError{fmt.Errorf("--role: %w", err)}
			}
			ttl, err := parseTTL(expires)
			if err != nil {
				return usageError{fmt.Errorf("--expires %w", err)}
			}
			return e.withStore(func(db *sqlstore.DB) error {
				o, err := db.OrgByName(e.ctx, org)
				if err != nil {
					return err
				}
				k, token, err := createKey(e.ctx, db, access.Local, o, r, name, ttl)
				if err != nil {
					return err
				}
				exp := "never"
				if !k.Expires.IsZero() {
					exp = k.Expires.Format(time.RFC3339)
				}
				fmt.Fprintf(e.stdout, "key %s for %s, role %s, expires %s; keep the secret below, it is not shown again:\n%s\n", k.ID, o.Name, k.Role, exp, token)
				return nil
			})
		},
	}
	create.Flags().StringVar(&org, "org", "", "organisation the key acts for (required)")
	create.Flags().StringVar(&role, "role", "", "admin, analyst, contributor or reader (required)")
	create.Flags().StringVar(&name, "name", "", "a label for the key")
	create.Flags().StringVar(&expires, "expires", "", "lifetime, e.g. 90d or 720h (default: never)")
	create.MarkFlagRequired("org")
	create.MarkFlagRequired("role")

	var out output
	var listOrg string
	list := &cobra.Command{
		Use:   "list",
		Short: "List API keys (never their secrets)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withStore(func(db *sqlstore.DB) error {
				var orgID int64
				if listOrg != "" {
					o, err := db.OrgByName(e.ctx, listOrg)
					if err != nil {
						return err
					}
					orgID = o.ID
				}
				keys, err := db.Keys(e.ctx, orgID)
				if err != nil {
					return err
				}
				orgs, err := db.Orgs(e.ctx)
				if err != nil {
					return err
				}
				names := map[int64]string{}
				for _, o := range orgs {
					names[o.ID] = o.Name
				}
				now := time.Now()
				rows := make([]access.KeyInfo, 0, len(keys))
				for _, k := range keys {
					rows = append(rows, k.Info(names[k.Org], now))
				}
				if out == outputJSON {
					return writeJSON(e.stdout, rows)
				}
				t := newTable(e.stdout, "ID", "ORG", "ROLE", "NAME", "CREATED", "EXPIRES", "STATUS")
				for _, r := range rows {
					exp := "never"
					if r.Expires != nil {
						exp = r.Expires.Format(time.RFC3339)
					}
					t.row(r.ID, r.Org, r.Role, dash(r.Name), r.Created.Format(time.RFC3339), exp, r.Status)
				}
				return t.flush()
			})
		},
	}
	list.Flags().StringVar(&listOrg, "org", "", "only this organisation's keys")
	addOutputFlag(list, &out)

	revoke := &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke an API key",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withStore(func(db *sqlstore.DB) error {
				if err := db.RevokeKey(e.ctx, access.Local, args[0], time.Now()); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "key %s revoked\n", args[0])
				return nil
			})
		},
	}
	cmd.AddCommand(create, list, revoke)
	return cmd
}

// createKey makes and stores a key; it returns the token to show once.
func createKey(ctx context.Context, dir access.Directory, by access.Actor, o access.Org, r access.Role, name string, ttl time.Duration) (access.Key, string, error) {
	k, token, err := access.NewKey(o.ID, r, name, time.Now(), ttl)
	if err != nil {
		return k, "", err
	}
	if err := dir.AddKey(ctx, by, k); err != nil {
		return k, "", err
	}
	return k, token, nil
}

// orgIDs resolves comma-separated organisation names.
func orgIDs(ctx context.Context, db *sqlstore.DB, list string) ([]int64, error) {
	var ids []int64
	for _, name := range strings.Split(list, ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		o, err := db.OrgByName(ctx, name)
		if err != nil {
			return nil, err
		}
		ids = append(ids, o.ID)
	}
	return ids, nil
}

func (e *env) groupCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "group", Short: "Manage sharing groups"}
	var orgs string
	create := &cobra.Command{
		Use:   "create NAME",
		Short: "Create a sharing group of organisations",
		Long: `Create a sharing group. Objects marked with the group's marking definition
(printed, and stored as a statement marking) are seen by the group's members,
their owner, and the centre unless they are TLP:RED.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withStore(func(db *sqlstore.DB) error {
				ids, err := orgIDs(e.ctx, db, orgs)
				if err != nil {
					return err
				}
				if len(ids) == 0 {
					return usageError{fmt.Errorf("--orgs: name at least one organisation")}
				}
				g, err := db.AddGroup(e.ctx, access.Local, access.Group{UUID: uuid.NewString(), Name: args[0], Orgs: ids})
				if err != nil {
					return err
				}
				in := &intel.Ingester{Store: db}
				if err := in.StoreGroupMarking(e.ctx, g); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "group %s created; its marking definition is\n%s\n", g.Name, g.MarkingID())
				return nil
			})
		},
	}
	create.Flags().StringVar(&orgs, "orgs", "", "comma-separated organisation names (required)")
	create.MarkFlagRequired("orgs")

	var out output
	list := &cobra.Command{
		Use:   "list",
		Short: "List sharing groups",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withStore(func(db *sqlstore.DB) error {
				groups, err := db.Groups(e.ctx)
				if err != nil {
					return err
				}
				names, err := orgNames(e.ctx, db)
				if err != nil {
					return err
				}
				type row struct {
					Name    string   `json:"name"`
					Marking string   `json:"marking"`
					Orgs    []string `json:"orgs"`
				}
				rows := make([]row, 0, len(groups))
				for _, g := range groups {
					r := row{Name: g.Name, Marking: g.MarkingID(), Orgs: []string{}}
					for _, id := range g.Orgs {
						r.Orgs = append(r.Orgs, names[id])
					}
					rows = append(rows, r)
				}
				if out == outputJSON {
					return writeJSON(e.stdout, rows)
				}
				t := newTable(e.stdout, "NAME", "ORGS", "MARKING")
				for _, r := range rows {
					t.row(r.Name, strings.Join(r.Orgs, ","), r.Marking)
				}
				return t.flush()
			})
		},
	}
	addOutputFlag(list, &out)
	cmd.AddCommand(create, list)
	return cmd
}

func orgNames(ctx context.Context, db *sqlstore.DB) (map[int64]string, error) {
	orgs, err := db.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	return names, nil
}

func (e *env) collectionCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "collection", Short: "Manage TAXII collections"}
	var read, write, description string
	var view bool
	create := &cobra.Command{
		Use:   "create NAME",
		Short: "Create a TAXII collection; prints its id",
		Long: `Create a TAXII collection. --read names the organisations that may read it
(or "all"), --write those that may post to it (writers read only if named in
--read too: a write-only inbox). A --view collection holds no objects of its
own: it shows every object its reader may see, and cannot be written to.
Readers of any collection see only what the sharing policy lets them.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withStore(func(db *sqlstore.DB) error {
				c := store.Collection{UUID: uuid.NewString(), Name: args[0], Description: description, View: view}
				if strings.EqualFold(strings.TrimSpace(read), "all") {
					c.ReadAll = true
				} else {
					ids, err := orgIDs(e.ctx, db, read)
					if err != nil {
						return fmt.Errorf("--read: %w", err)
					}
					c.Readers = ids
				}
				ids, err := orgIDs(e.ctx, db, write)
				if err != nil {
					return fmt.Errorf("--write: %w", err)
				}
				if view && len(ids) > 0 {
					return usageError{fmt.Errorf("--view: a view collection cannot be written to; drop --write")}
				}
				c.Writers = ids
				c, err = db.AddCollection(e.ctx, access.Local, c)
				if err != nil {
					return err
				}
				fmt.Fprintln(e.stdout, c.UUID)
				return nil
			})
		},
	}
	create.Flags().StringVar(&read, "read", "", `organisations that may read (comma-separated), or "all"`)
	create.Flags().StringVar(&write, "write", "", "organisations that may write (comma-separated)")
	create.Flags().StringVar(&description, "description", "", "what the collection holds")
	create.Flags().BoolVar(&view, "view", false, "a view of every object the reader may see")

	var out output
	list := &cobra.Command{
		Use:   "list",
		Short: "List TAXII collections",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return e.withStore(func(db *sqlstore.DB) error {
				cs, err := db.Collections(e.ctx)
				if err != nil {
					return err
				}
				names, err := orgNames(e.ctx, db)
				if err != nil {
					return err
				}
				join := func(ids []int64) []string {
					out := []string{}
					for _, id := range ids {
						out = append(out, names[id])
					}
					return out
				}
				type row struct {
					ID          string   `json:"id"`
					Name        string   `json:"name"`
					Description string   `json:"description,omitempty"`
					Read        []string `json:"read"`
					Write       []string `json:"write"`
					View        bool     `json:"view"`
				}
				rows := make([]row, 0, len(cs))
				for _, c := range cs {
					r := row{ID: c.UUID, Name: c.Name, Description: c.Description, Read: join(c.Readers), Write: join(c.Writers), View: c.View}
					if c.ReadAll {
						r.Read = []string{"all"}
					}
					rows = append(rows, r)
				}
				if out == outputJSON {
					return writeJSON(e.stdout, rows)
				}
				t := newTable(e.stdout, "ID", "NAME", "READ", "WRITE", "VIEW")
				for _, r := range rows {
					t.row(r.ID, r.Name, dash(strings.Join(r.Read, ",")), dash(strings.Join(r.Write, ",")), yesNo(r.View))
				}
				return t.flush()
			})
		},
	}
	addOutputFlag(list, &out)
	cmd.AddCommand(create, list)
	return cmd
}
