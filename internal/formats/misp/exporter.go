package misp

import (
	"context"
	"encoding/json"
	"io"
	"iter"
)

// EventExporter writes STIX objects as one MISP event with the options
// given (the format registry's object exporter for misp/event).
type EventExporter struct{ Options EventOptions }

// ExportObjects writes objs as one MISP event.
func (e EventExporter) ExportObjects(ctx context.Context, w io.Writer, objs iter.Seq2[json.RawMessage, error]) error {
	return ExportEvent(ctx, w, objs, e.Options)
}
