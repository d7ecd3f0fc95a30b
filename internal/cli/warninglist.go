package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fusion-cti/fusion/internal/formats/freetext"
	"github.com/fusion-cti/fusion/internal/warninglist"
)

// warningLists returns the built-in warning lists, plus those under dir.
func (e *env) warningLists(dir string) (*warninglist.Set, error) {
	set := warninglist.Builtin()
	if dir == "" {
		return set, nil
	}
	loaded, rep, err := warninglist.Load(dir)
	if err != nil {
		return nil, fmt.Errorf("--warninglists %s: %w", dir, err)
	}
	for _, p := range rep.Broken {
		fmt.Fprintf(e.stderr, "fusion: warning list %s: %v (skipped)\n", p.File, p.Err)
	}
	for _, l := range loaded.Lists() {
		set.Add(l)
	}
	return set, nil
}

func (e *env) warninglistCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "warninglist", Short: "Check values against warning lists (benign or useless values)"}
	var dir, kind string
	check := &cobra.Command{
		Use:   "check VALUE",
		Short: "Say which warning lists a value is on (exit 1 when none)",
		Long: `Check matches a value against the built-in warning lists (reserved and
documentation ranges, documentation domains, big public resolvers) and the
MISP-format lists under --warninglists. Its kind is found from the value
unless --kind names it (a STIX path such as domain-name:value).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			set, err := e.warningLists(dir)
			if err != nil {
				return err
			}
			value := args[0]
			if kind == "" {
				found := freetext.ExtractBytes([]byte(value))
				if len(found) == 0 {
					return usageError{fmt.Errorf("%q: cannot tell its kind; give --kind (e.g. domain-name:value)", value)}
				}
				kind, value = found[0].Kind, found[0].Value
			}
			hits := set.Match(kind, value)
			if len(hits) == 0 {
				fmt.Fprintf(e.stdout, "%s %s: on no warning list\n", kind, value)
				return silentError{ExitError}
			}
			t := newTable(e.stdout, "LIST", "NAME", "ENTRY")
			for _, h := range hits {
				name := h.List
				if l := set.List(h.List); l != nil {
					name = l.Name
				}
				t.row(h.List, name, h.Entry)
			}
			return t.flush()
		},
	}
	check.Flags().StringVar(&dir, "warninglists", "", "directory of MISP warning lists (each */list.json) to use with the built-in ones")
	check.Flags().StringVar(&kind, "kind", "", "the value's kind as a STIX path (default: found from the value)")
	cmd.AddCommand(check)
	return cmd
}
