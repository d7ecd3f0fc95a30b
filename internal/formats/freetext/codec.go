package freetext

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"time"

	"github.com/google/uuid"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/stix"
)

// Info describes the text format.
var Info = codec.Info{Name: "text", Description: "indicators found in prose (reports, e-mails, chat logs)", Ext: ".txt"}

// Codec stores the indicators a text holds: one indicator per distinct
// value, in one bundle per input.
type Codec struct {
	// Private keeps values flagged Private (internal and reserved
	// addresses), which are left out by default: they are not shared.
	Private bool
	// Now is the clock for valid_from (time.Now when nil).
	Now func() time.Time
}

var _ codec.Importer = Codec{}

// Import extracts the indicators of r into one bundle.
func (c Codec) Import(ctx context.Context, r io.Reader, unit func(name string, bundle io.Reader) error) error {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(c.convert(ctx, r, pw, now().UTC().Truncate(time.Millisecond)))
	}()
	err := unit("text", pr)
	pr.CloseWithError(errors.New("text: unit stopped reading"))
	return err
}

func (c Codec) convert(ctx context.Context, r io.Reader, w io.Writer, at time.Time) error {
	b := codec.NewBundleWriter(w, "bundle--"+uuid.NewString())
	seen := map[string]bool{}
	err := Extract(ctx, r, func(f Found) error {
		if f.Flags&Private != 0 && !c.Private {
			return nil
		}
		key := f.Kind + "\x00" + f.Value
		if seen[key] {
			return nil
		}
		seen[key] = true
		ind := map[string]any{
			"type":            "indicator",
			"spec_version":    "2.1",
			"id":              codec.IndicatorID(f.Kind, f.Value),
			"created":         stix.FormatTime(at),
			"modified":        stix.FormatTime(at),
			"name":            f.Value,
			"pattern":         codec.Pattern(f.Kind, f.Value),
			"pattern_type":    "stix",
			"pattern_version": "2.1",
			"valid_from":      stix.FormatTime(at),
		}
		raw, err := json.Marshal(ind)
		if err != nil {
			return err
		}
		return b.Object(raw)
	})
	if err != nil {
		return err
	}
	return b.Close()
}
