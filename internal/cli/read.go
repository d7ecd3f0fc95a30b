package cli

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/store"
)

func (e *env) getCommand() *cobra.Command {
	var out output
	var version string
	cmd := &cobra.Command{
		Use:   "get ID",
		Short: "Print an object",
		Long: `Get prints stored versions of one object. The table shows each version's
date added and its provenance: the sources that sent it, first sender first.
With --output json it prints the STIX object exactly as stored: one object
for one version, a JSON array for several.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sel, err := intel.ParseVersions(version)
			if err != nil {
				return usageError{fmt.Errorf("--version: %w", err)}
			}
			st, err := e.openStore(e.ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			v, err := e.viewer(e.ctx, st)
			if err != nil {
				return err
			}
			items, err := st.Get(e.ctx, v, args[0], sel)
			if err != nil {
				return err
			}
			if out == outputJSON {
				return writeRaw(e, items, len(items) > 1 || sel.All)
			}
			t := newTable(e.stdout, "ID", "TYPE", "VERSION", "ADDED", "REVOKED", "SOURCES", "NAME")
			for _, s := range items {
				prov, err := st.Sources(e.ctx, v, s.ID, s.Version)
				if err != nil {
					return err
				}
				names := make([]string, len(prov))
				for i, p := range prov {
					names[i] = p.Source
				}
				t.row(s.ID, s.Type, timeText(s.Version), timeText(s.Added), yesNo(s.Revoked), strings.Join(names, ","), nameOf(s.Raw))
			}
			return t.flush()
		},
	}
	cmd.Flags().StringVar(&version, "version", "last", "which versions: all, first, last or a STIX timestamp (several comma-separated)")
	addOutputFlag(cmd, &out)
	return cmd
}

// writeRaw prints stored objects exactly: one alone, several as an array.
func writeRaw(e *env, items []store.Stored, array bool) error {
	var b []byte
	if !array && len(items) == 1 {
		b = append(b, items[0].Raw...)
	} else {
		b = append(b, '[')
		for i, s := range items {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, s.Raw...)
		}
		b = append(b, ']')
	}
	b = append(b, '\n')
	_, err := e.stdout.Write(b)
	return err
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

// nameOf extracts a display name from an object's JSON.
func nameOf(raw []byte) string {
	var p struct {
		Name             string `json:"name"`
		Value            any    `json:"value"`
		RelationshipType string `json:"relationship_type"`
		Pattern          string `json:"pattern"`
	}
	json.Unmarshal(raw, &p)
	switch {
	case p.Name != "":
		return p.Name
	case p.Value != nil:
		return fmt.Sprint(p.Value)
	case p.RelationshipType != "":
		return p.RelationshipType
	}
	return p.Pattern
}

func (e *env) searchCommand() *cobra.Command {
	var out output
	var types []string
	var limit int
	cmd := &cobra.Command{
		Use:   "search [TEXT]",
		Short: "Find objects by text or observable value",
		Long: `Search finds the latest versions of objects whose names, descriptions or
observable values contain all words of TEXT. Objects that carry TEXT exactly
as an observable value (an indicator's pattern value, an SCO's value) come
first; the rest newest first. Without TEXT it lists the newest objects.
With --output json it prints a JSON array of the objects as stored.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 1 || limit > store.MaxLimit {
				return usageError{fmt.Errorf("--limit %d: want 1 to %d", limit, store.MaxLimit)}
			}
			st, err := e.openStore(e.ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			q := store.Query{Types: types, Limit: limit}
			if len(args) == 1 {
				q.Text = args[0]
			}
			v, err := e.viewer(e.ctx, st)
			if err != nil {
				return err
			}
			items, err := st.Search(e.ctx, v, q)
			if err != nil {
				return err
			}
			if out == outputJSON {
				return writeRaw(e, items, true)
			}
			t := newTable(e.stdout, "ID", "TYPE", "VERSION", "NAME")
			for _, s := range items {
				t.row(s.ID, s.Type, timeText(s.Version), nameOf(s.Raw))
			}
			return t.flush()
		},
	}
	cmd.Flags().StringSliceVar(&types, "type", nil, "only objects of these STIX types (repeat or comma-separate)")
	cmd.Flags().IntVar(&limit, "limit", 20, "at most this many results")
	addOutputFlag(cmd, &out)
	return cmd
}

func (e *env) relatedCommand() *cobra.Command {
	var out output
	cmd := &cobra.Command{
		Use:   "related ID",
		Short: "List relationships of an object, both ways",
		Long: `Related lists the edges that leave or reach an object: relationships
(source → target, by relationship type), sightings, and reference properties
such as a report's object_refs. OUT edges start at ID, IN edges end there.
SHARES rows are other objects (from any source) whose latest versions carry
one of the object's observable values, found through the observables index.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := e.openStore(e.ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			id := args[0]
			v, err := e.viewer(e.ctx, st)
			if err != nil {
				return err
			}
			edges, err := st.Related(e.ctx, v, id)
			if err != nil {
				return err
			}
			shared, err := st.Correlate(e.ctx, v, id, store.MaxLimit)
			if err != nil {
				return err
			}
			if len(edges) == 0 {
				if _, err := st.Get(e.ctx, v, id, store.Versions{}); err != nil {
					return err
				}
			}
			if out == outputJSON {
				type edge struct {
					Direction string `json:"direction"`
					From      string `json:"from"`
					To        string `json:"to"`
					Kind      string `json:"kind"`
					Via       string `json:"via"`
					ViaType   string `json:"via_type"`
				}
				list := make([]edge, 0, len(edges)+len(shared))
				for _, ed := range edges {
					list = append(list, edge{direction(id, ed), ed.From, ed.To, ed.Kind, ed.Via, ed.ViaType})
				}
				for _, c := range shared {
					list = append(list, edge{"shares", id, c.Object.ID, c.Kind, c.Value, "observable"})
				}
				return writeJSON(e.stdout, list)
			}
			t := newTable(e.stdout, "DIRECTION", "KIND", "OTHER", "VIA")
			for _, ed := range edges {
				other := ed.To
				if ed.To == id {
					other = ed.From
				}
				via := ed.Via
				if via == other {
					via = "-"
				}
				t.row(direction(id, ed), ed.Kind, other, via)
			}
			for _, c := range shared {
				t.row("shares", c.Kind, c.Object.ID, c.Value)
			}
			if err := t.flush(); err != nil {
				return err
			}
			fmt.Fprintln(e.stderr, strconv.Itoa(len(edges))+" edge(s), "+strconv.Itoa(len(shared))+" object(s) sharing a value")
			return nil
		},
	}
	addOutputFlag(cmd, &out)
	return cmd
}

func direction(id string, ed store.Edge) string {
	if ed.From == id {
		return "out"
	}
	return "in"
}
