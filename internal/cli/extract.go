package cli

import (
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/fusion-cti/fusion/internal/formats/freetext"
)

func (e *env) extractCommand() *cobra.Command {
	var out output
	cmd := &cobra.Command{
		Use:   "extract FILE|-",
		Short: "Print the indicators found in prose, without storing them",
		Long: `Extract finds indicators in text (reports, e-mails, chat logs): IP addresses
(private and reserved ones flagged), domains (checked against the public
suffix list), URLs, e-mail addresses, hashes (only with context, so random hex
is not a hash), CVE and ATT&CK ids, and financial kinds (IBAN, payment cards,
SWIFT/BIC, Bitcoin, Ethereum, Monero), each checked (checksums, lengths,
issuer ranges). Defanged forms (hxxp, [.], [at]…) are refanged. Nothing is
stored: 'fusion ingest --format text' stores them.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var r io.Reader = e.stdin
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return err
				}
				defer f.Close()
				r = f
			}
			type row struct {
				Kind   string `json:"kind"`
				Value  string `json:"value"`
				Raw    string `json:"raw"`
				Line   int    `json:"line"`
				Col    int    `json:"col"`
				Offset int64  `json:"offset"`
				Flags  string `json:"flags,omitempty"`
			}
			var rows []row
			err := freetext.Extract(e.ctx, r, func(f freetext.Found) error {
				flags := ""
				if f.Flags != 0 {
					flags = f.Flags.String()
				}
				rows = append(rows, row{f.Kind, f.Value, f.Raw, f.Line, f.Col, f.Offset, flags})
				return nil
			})
			if err != nil {
				return fmt.Errorf("extract %s: %w", args[0], err)
			}
			if out == outputJSON {
				if rows == nil {
					rows = []row{}
				}
				return writeJSON(e.stdout, rows)
			}
			t := newTable(e.stdout, "KIND", "VALUE", "WHERE", "FLAGS")
			for _, r := range rows {
				t.row(r.Kind, r.Value, strconv.Itoa(r.Line)+":"+strconv.Itoa(r.Col), dash(r.Flags))
			}
			return t.flush()
		},
	}
	addOutputFlag(cmd, &out)
	return cmd
}
