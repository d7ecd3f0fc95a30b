// Package stixbundle is the STIX 2.1 format as a codec: input passes
// through as it is (intel validates it), output is one bundle of the
// objects given, each written byte for byte as stored.
package stixbundle

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"iter"

	"github.com/google/uuid"

	"github.com/fusion-cti/fusion/internal/formats/codec"
)

// Info describes the format.
var Info = codec.Info{Name: "stix/2.1", Description: "STIX 2.1 bundles (or single objects)", Ext: ".json"}

// Codec reads and writes STIX 2.1.
type Codec struct{}

var (
	_ codec.Importer = Codec{}
	_ codec.Detector = Codec{}
)

// Import hands the whole input to unit as one bundle.
func (Codec) Import(ctx context.Context, r io.Reader, unit func(name string, bundle io.Reader) error) error {
	return unit("stix", r)
}

// Detect recognises a JSON object that has a "type" member early on (a
// bundle or one STIX object).
func (Codec) Detect(head []byte) bool {
	head = bytes.TrimLeft(head, " \t\r\n\ufeff")
	return len(head) > 0 && head[0] == '{' && bytes.Contains(head, []byte(`"type"`)) && !bytes.Contains(head, []byte(`"Event"`))
}

// ExportObjects writes objs as one bundle with a new id.
func (Codec) ExportObjects(ctx context.Context, w io.Writer, objs iter.Seq2[json.RawMessage, error]) error {
	b := codec.NewBundleWriter(w, "bundle--"+uuid.NewString())
	for raw, err := range objs {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Object(raw); err != nil {
			return err
		}
	}
	if err := b.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
