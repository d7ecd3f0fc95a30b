// Package formats is the one visible list of Fusion's codecs for outside
// formats: each is a sibling package (stixbundle, csv, misp, …) that reads
// into STIX 2.1 or writes out of it, registered here and nowhere else.
package formats

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"

	"github.com/fusion-cti/fusion/internal/formats/blocklist"
	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/formats/csv"
	"github.com/fusion-cti/fusion/internal/formats/freetext"
	"github.com/fusion-cti/fusion/internal/formats/misp"
	"github.com/fusion-cti/fusion/internal/formats/rpz"
	"github.com/fusion-cti/fusion/internal/formats/snort"
	"github.com/fusion-cti/fusion/internal/formats/stixbundle"
	"github.com/fusion-cti/fusion/internal/formats/suricata"
	"github.com/fusion-cti/fusion/internal/formats/zeek"
)

// ObjectExporter writes STIX objects (as stored) in a format.
type ObjectExporter interface {
	ExportObjects(ctx context.Context, w io.Writer, objs iter.Seq2[json.RawMessage, error]) error
}

// Format is one registered format.
type Format struct {
	codec.Info
	// Aliases are the short names the command line also accepts.
	Aliases []string
	// Importer reads the format; nil when Fusion only writes it.
	Importer codec.Importer
	// Objects writes STIX objects; Indicators writes indicator values.
	// A format has at most one of them, or none when it is input only.
	Objects    ObjectExporter
	Indicators codec.Exporter
	// Feed says the format is a directory (a MISP feed), read and written
	// by the command line through its package's feed functions.
	Feed bool
}

// All returns every format, in the order auto-detection tries them.
func All() []Format {
	return []Format{
		{Info: (&misp.Importer{}).Info(), Aliases: []string{"misp"}, Importer: &misp.Importer{}, Objects: misp.EventExporter{}},
		{Info: codec.Info{Name: "misp/feed", Description: "a MISP feed directory: manifest.json, <uuid>.json, hashes.csv"}, Aliases: []string{"misp-feed"}, Feed: true},
		{Info: stixbundle.Info, Aliases: []string{"stix"}, Importer: stixbundle.Codec{}, Objects: stixbundle.Codec{}},
		{Info: csv.Info, Importer: csv.Codec{}, Indicators: csv.Codec{}},
		{Info: freetext.Info, Importer: freetext.Codec{}},
		{Info: suricata.Info, Aliases: []string{"suricata"}, Indicators: suricata.Exporter{}},
		{Info: snort.Info, Aliases: []string{"snort"}, Indicators: snort.Exporter{}},
		{Info: zeek.Info, Aliases: []string{"zeek"}, Indicators: zeek.Exporter{}},
		{Info: rpz.Info, Aliases: []string{"rpz"}, Indicators: rpz.Exporter{}},
		{Info: blocklist.IPInfo, Aliases: []string{"blocklist-ip"}, Indicators: blocklist.IP{}},
		{Info: blocklist.DomainInfo, Aliases: []string{"blocklist-domain"}, Indicators: blocklist.Domain{}},
		{Info: blocklist.URLInfo, Aliases: []string{"blocklist-url"}, Indicators: blocklist.URL{}},
		{Info: blocklist.HashInfo, Aliases: []string{"blocklist-hash"}, Indicators: blocklist.Hash{}},
	}
}

// Names lists every format's name and aliases, for messages.
func Names() []string {
	var out []string
	for _, f := range All() {
		out = append(out, f.Name)
		out = append(out, f.Aliases...)
	}
	slices.Sort(out)
	return out
}

// Lookup returns the format with the given name or alias.
func Lookup(name string) (Format, error) {
	for _, f := range All() {
		if strings.EqualFold(f.Name, name) || slices.ContainsFunc(f.Aliases, func(a string) bool { return strings.EqualFold(a, name) }) {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("unknown format %q (known: %s)", name, strings.Join(Names(), ", "))
}

// Detect returns the first importable format that recognises head (the
// first bytes of an input).
func Detect(head []byte) (Format, bool) {
	for _, f := range All() {
		if d, ok := f.Importer.(codec.Detector); ok && d.Detect(head) {
			return f, true
		}
	}
	return Format{}, false
}
