package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fusion-cti/fusion/internal/stix/pattern"
)

func (e *env) patternCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pattern",
		Short: "Work with STIX patterns",
	}
	var out output
	validate := &cobra.Command{
		Use:   "validate PATTERN",
		Short: "Check a STIX pattern",
		Long: `Validate parses a STIX 2.1 pattern. A valid pattern exits 0 and prints its
canonical form (with --output json: the form and its simple observable
comparisons); an invalid one exits 1 with the line, column and what was
expected.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := pattern.Parse(args[0])
			if err != nil {
				return fmt.Errorf("pattern: %w", err)
			}
			if out == outputJSON {
				type observable struct {
					Type  string `json:"type"`
					Path  string `json:"path"`
					Value string `json:"value"`
				}
				obs := []observable{}
				for _, o := range p.Observables() {
					obs = append(obs, observable{o.Type, o.Path, o.Value})
				}
				return writeJSON(e.stdout, map[string]any{"valid": true, "pattern": p.String(), "observables": obs})
			}
			_, err = fmt.Fprintln(e.stdout, p.String())
			return err
		},
	}
	addOutputFlag(validate, &out)
	cmd.AddCommand(validate)
	return cmd
}
