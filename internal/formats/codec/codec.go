// Package codec holds what Fusion's format packages share: the indicator
// value an exporter writes, and the interfaces a codec implements. It must
// never import a format package (they import it), the store or HTTP.
package codec

import (
	"context"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Indicator is one observable value to hand to a security tool: from an
// indicator's pattern (one simple comparison) or from an SCO. Exports get
// them through the viewer's visibility; a codec never filters by sharing.
type Indicator struct {
	// ID is the STIX id of the object that carries the value.
	ID string
	// Name is the object's name (may be empty).
	Name string
	// Kind is the STIX object path the value belongs to, as the store
	// indexes it: "ipv4-addr:value", "ipv6-addr:value",
	// "domain-name:value", "url:value", "email-addr:value",
	// "file:hashes.MD5", "file:hashes.'SHA-1'", "file:hashes.'SHA-256'",
	// "file:hashes.'SHA-512'", "file:name", … Values of IPv4/IPv6 kinds may
	// be CIDR blocks.
	Kind string
	// Value is normalised as the store keeps it (hashes and domains in
	// lower case, IPv6 canonical).
	Value string
	// Confidence is 0–100, or -1 when unknown.
	Confidence int
	// TLP is the version's TLP level as a word ("clear", "green", "amber",
	// "amber+strict", "red").
	TLP string
	// Created and Modified are the object's timestamps; ValidUntil is zero
	// when open-ended.
	Created, Modified, ValidUntil time.Time
	// Labels are the object's labels (may be nil).
	Labels []string
}

// Exporter writes indicators in a tool's format.
type Exporter interface {
	// Export writes every indicator src yields to w, in order. An error
	// from src stops it and is returned. It must not buffer the whole
	// input: exports of millions of indicators stream.
	Export(ctx context.Context, w io.Writer, src iter.Seq2[Indicator, error]) error
}

// Info describes a format in the registry.
type Info struct {
	// Name is the namespaced name ("suricata/rules", "misp/event").
	Name string
	// Description is one line for help texts.
	Description string
	// Ext is the usual file extension, with its dot (".rules").
	Ext string
}

// Importer turns an outside format into STIX 2.1 for ingest.
type Importer interface {
	// Import reads r and calls unit once per unit of input (a MISP event,
	// a CSV file, a document), in order, with the unit's name (for
	// messages) and a reader of one STIX 2.1 bundle that it produces while
	// unit reads it. unit must read the bundle to its end or fail; its
	// error stops Import unless the format keeps going past bad units (a
	// feed), which its documentation says. A unit the format cannot
	// convert is reported through unit's bundle reader as an error (the
	// reader returns it), so the unit is rejected whole and nothing of it
	// is stored.
	Import(ctx context.Context, r io.Reader, unit func(name string, bundle io.Reader) error) error
}

// Detector is the optional second interface of a format that can tell its
// content from the first bytes (at most 4 KiB) of an input.
type Detector interface {
	Detect(head []byte) bool
}

// BundleWriter writes one STIX 2.1 bundle, object by object, to a stream.
type BundleWriter struct {
	w   io.Writer
	n   int
	err error
}

// NewBundleWriter starts a bundle with the given id ("bundle--<uuid>").
func NewBundleWriter(w io.Writer, id string) *BundleWriter {
	b := &BundleWriter{w: w}
	_, b.err = io.WriteString(w, `{"type":"bundle","id":"`+id+`","objects":[`)
	return b
}

// Object appends one object's JSON (it must be one JSON object).
func (b *BundleWriter) Object(raw []byte) error {
	if b.err != nil {
		return b.err
	}
	if b.n > 0 {
		if _, b.err = io.WriteString(b.w, ",\n"); b.err != nil {
			return b.err
		}
	}
	b.n++
	_, b.err = b.w.Write(raw)
	return b.err
}

// Close ends the bundle.
func (b *BundleWriter) Close() error {
	if b.err != nil {
		return b.err
	}
	_, b.err = io.WriteString(b.w, "]}")
	return b.err
}

// Count is how many objects were written.
func (b *BundleWriter) Count() int { return b.n }

// indicatorNS makes the ids of indicators Fusion builds from one value.
var indicatorNS = uuid.MustParse("8d6b3c1e-5f0a-4a6e-9b1d-3c2e7f4a9b10")

// IndicatorID is the id of the indicator Fusion builds for one value (from
// a CSV row, free text): the same kind and value give the same id, so
// importing a value twice makes versions of one object, not two objects.
func IndicatorID(kind, value string) string {
	return "indicator--" + uuid.NewSHA1(indicatorNS, []byte(kind+"\x00"+value)).String()
}

// Pattern is the STIX pattern comparing the object path kind (such as
// "ipv4-addr:value" or "file:hashes.'SHA-256'") with value.
func Pattern(kind, value string) string {
	return "[" + kind + " = '" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(value) + "']"
}
