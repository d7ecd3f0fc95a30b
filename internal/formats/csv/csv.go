// Package csv reads indicators from CSV files with a column mapping and
// writes indicator values as CSV. It is a pure codec: rows in, STIX
// indicators out, and the other way round.
package csv

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/fusion-cti/fusion/internal/stix"
)

// Info describes the format.
var Info = codec.Info{Name: "csv", Description: "CSV rows of indicator values (--map value=2,type=1,first_seen=4)", Ext: ".csv"}

// Columns maps fields to columns (0-based); -1 is absent.
type Columns struct {
	Value, Type, FirstSeen, LastSeen, Name, Description, Confidence int
}

// fields are the names --map knows, in Columns' order.
var fields = []string{"value", "type", "first_seen", "last_seen", "name", "description", "confidence"}

func (c *Columns) slot(field string) *int {
	switch field {
	case "value":
		return &c.Value
	case "type":
		return &c.Type
	case "first_seen":
		return &c.FirstSeen
	case "last_seen":
		return &c.LastSeen
	case "name":
		return &c.Name
	case "description":
		return &c.Description
	case "confidence":
		return &c.Confidence
	}
	return nil
}

// ParseMap reads a mapping such as "value=2,type=1,first_seen=4" (1-based
// column numbers) or "value=indicator,type=kind" (header names, resolved
// against the file's first row). It returns the numeric columns and the
// named ones left to resolve.
func ParseMap(s string) (Columns, map[string]string, error) {
	c := Columns{-1, -1, -1, -1, -1, -1, -1}
	named := map[string]string{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		field, col, ok := strings.Cut(part, "=")
		slot := c.slot(strings.TrimSpace(field))
		if !ok || slot == nil || strings.TrimSpace(col) == "" {
			return c, nil, fmt.Errorf("--map %q: want FIELD=COLUMN with FIELD one of %s", part, strings.Join(fields, ", "))
		}
		if n, err := strconv.Atoi(strings.TrimSpace(col)); err == nil {
			if n < 1 {
				return c, nil, fmt.Errorf("--map %q: columns count from 1", part)
			}
			*slot = n - 1
		} else {
			named[strings.TrimSpace(field)] = strings.TrimSpace(col)
		}
	}
	if c.Value < 0 && named["value"] == "" {
		return c, nil, errors.New("--map: the value column is required (value=N)")
	}
	return c, named, nil
}

// Codec reads and writes CSV.
type Codec struct {
	// Map is the column mapping (ParseMap's syntax); empty means value in
	// the first column and a header row naming the others as the fields
	// above.
	Map string
	// Report, when set, receives each row that is not an indicator, with
	// its line; the good rows are kept.
	Report func(line int, err error)
	// Now is the clock for indicators without first_seen (time.Now when nil).
	Now func() time.Time
}

var _ codec.Importer = Codec{}

// Import reads one CSV file as one unit: every good row becomes an
// indicator in one bundle; bad rows go to Report with their line.
func (c Codec) Import(ctx context.Context, r io.Reader, unit func(name string, bundle io.Reader) error) error {
	cols, named, err := ParseMap(c.Map)
	if c.Map == "" {
		cols, named, err = Columns{0, -1, -1, -1, -1, -1, -1}, map[string]string{}, nil
	}
	if err != nil {
		return err
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(c.convert(ctx, r, pw, cols, named, now))
	}()
	err = unit("csv", pr)
	pr.CloseWithError(errors.New("csv: unit stopped reading"))
	return err
}

func (c Codec) report(line int, err error) {
	if c.Report != nil {
		c.Report(line, err)
	}
}

func (c Codec) convert(ctx context.Context, r io.Reader, w io.Writer, cols Columns, named map[string]string, now func() time.Time) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.Comment = '#'
	b := codec.NewBundleWriter(w, "bundle--"+uuid.NewString())
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				c.report(pe.Line, err)
				continue
			}
			return err
		}
		line, _ := cr.FieldPos(0)
		if err := ctx.Err(); err != nil {
			return err
		}
		if first {
			first = false
			if header(rec, &cols, named) {
				continue
			}
			if len(named) > 0 {
				return fmt.Errorf("csv: --map names columns (%v) but the first row is not a header", named)
			}
		}
		obj, err := row(rec, cols, now)
		if err != nil {
			c.report(line, err)
			continue
		}
		if err := b.Object(obj); err != nil {
			return err
		}
	}
	return b.Close()
}

// header recognises a header row (no cell of the value column is a value)
// and resolves named columns against it.
func header(rec []string, cols *Columns, named map[string]string) bool {
	isHeader := len(named) > 0
	if !isHeader && cols.Value < len(rec) {
		_, _, err := kindOf(strings.TrimSpace(rec[cols.Value]), "")
		isHeader = err != nil
	}
	if !isHeader {
		return false
	}
	for i, cell := range rec {
		cell = strings.ToLower(strings.TrimSpace(cell))
		for field, want := range named {
			if strings.EqualFold(cell, want) {
				*cols.slot(field) = i
			}
		}
		if len(named) == 0 && cols.slot(cell) != nil && *cols.slot(cell) < 0 {
			*cols.slot(cell) = i
		}
	}
	return true
}

func cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// typeKinds maps type names (MISP attribute types and STIX types) to the
// object path of a pattern.
var typeKinds = map[string]string{
	"ip": "", "ip-src": "", "ip-dst": "", "ipv4-addr": "ipv4-addr:value", "ipv6-addr": "ipv6-addr:value",
	"domain": "domain-name:value", "hostname": "domain-name:value", "domain-name": "domain-name:value",
	"url": "url:value", "uri": "url:value", "link": "url:value",
	"email": "email-addr:value", "email-src": "email-addr:value", "email-dst": "email-addr:value", "email-addr": "email-addr:value",
	"md5": "file:hashes.MD5", "sha1": "file:hashes.'SHA-1'", "sha256": "file:hashes.'SHA-256'", "sha512": "file:hashes.'SHA-512'",
	"filename": "file:name", "mutex": "mutex:name",
}

// kindOf returns the pattern path for a value and its declared type (or
// guesses it from the value), and the normalised value.
func kindOf(value, typ string) (string, string, error) {
	if value == "" {
		return "", "", errors.New("empty value")
	}
	if typ != "" {
		kind, ok := typeKinds[strings.ToLower(typ)]
		if !ok {
			return "", "", fmt.Errorf("unknown type %q", typ)
		}
		if kind != "" {
			return kind, value, nil
		}
	}
	if a, err := netip.ParseAddr(value); err == nil {
		if a.Is4() {
			return "ipv4-addr:value", a.String(), nil
		}
		return "ipv6-addr:value", a.String(), nil
	}
	if p, err := netip.ParsePrefix(value); err == nil {
		if p.Addr().Is4() {
			return "ipv4-addr:value", p.String(), nil
		}
		return "ipv6-addr:value", p.String(), nil
	}
	if typ != "" {
		return "", "", fmt.Errorf("%q is not an IP address", value)
	}
	switch {
	case strings.Contains(value, "://"):
		return "url:value", value, nil
	case strings.Count(value, "@") == 1 && strings.Contains(value[strings.IndexByte(value, '@'):], "."):
		return "email-addr:value", strings.ToLower(value), nil
	case isHex(value):
		switch len(value) {
		case 32:
			return "file:hashes.MD5", strings.ToLower(value), nil
		case 40:
			return "file:hashes.'SHA-1'", strings.ToLower(value), nil
		case 64:
			return "file:hashes.'SHA-256'", strings.ToLower(value), nil
		case 128:
			return "file:hashes.'SHA-512'", strings.ToLower(value), nil
		}
	case isDomain(value):
		return "domain-name:value", strings.ToLower(strings.TrimSuffix(value, ".")), nil
	}
	return "", "", fmt.Errorf("%q: cannot tell its type; add a type column to --map", value)
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func isDomain(s string) bool {
	s = strings.TrimSuffix(s, ".")
	labels := strings.Split(s, ".")
	if len(labels) < 2 || len(s) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i] | 0x20
			if !(c >= 'a' && c <= 'z' || l[i] >= '0' && l[i] <= '9' || l[i] == '-' || l[i] == '_') {
				return false
			}
		}
	}
	last := labels[len(labels)-1]
	_, err := strconv.Atoi(last)
	return err != nil
}

// row turns one CSV row into a STIX indicator.
func row(rec []string, cols Columns, now func() time.Time) ([]byte, error) {
	kind, value, err := kindOf(cell(rec, cols.Value), cell(rec, cols.Type))
	if err != nil {
		return nil, err
	}
	validFrom := now().UTC().Truncate(time.Millisecond)
	if s := cell(rec, cols.FirstSeen); s != "" {
		t, err := parseTime(s)
		if err != nil {
			return nil, fmt.Errorf("first_seen %q: %w", s, err)
		}
		validFrom = t
	}
	name := cell(rec, cols.Name)
	if name == "" {
		name = value
	}
	ind := map[string]any{
		"type":            "indicator",
		"spec_version":    "2.1",
		"id":              codec.IndicatorID(kind, value),
		"created":         stix.FormatTime(validFrom),
		"modified":        stix.FormatTime(validFrom),
		"name":            name,
		"pattern":         codec.Pattern(kind, value),
		"pattern_type":    "stix",
		"pattern_version": "2.1",
		"valid_from":      stix.FormatTime(validFrom),
	}
	if s := cell(rec, cols.LastSeen); s != "" {
		t, err := parseTime(s)
		if err != nil {
			return nil, fmt.Errorf("last_seen %q: %w", s, err)
		}
		if t.Before(validFrom) {
			return nil, fmt.Errorf("last_seen %s is before first_seen", s)
		}
		ind["modified"] = stix.FormatTime(t)
	}
	if s := cell(rec, cols.Description); s != "" {
		ind["description"] = s
	}
	if s := cell(rec, cols.Confidence); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 100 {
			return nil, fmt.Errorf("confidence %q: want 0 to 100", s)
		}
		ind["confidence"] = n
	}
	return json.Marshal(ind)
}

// parseTime accepts STIX timestamps, RFC 3339, dates and Unix seconds.
func parseTime(s string) (time.Time, error) {
	if t, err := stix.ParseTime(s); err == nil {
		return t, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Truncate(time.Millisecond), nil
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Time{}, errors.New("want a timestamp, a date or Unix seconds")
}

// Export writes indicator values as CSV with a header row.
func (Codec) Export(ctx context.Context, w io.Writer, src iter.Seq2[codec.Indicator, error]) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"kind", "value", "id", "name", "confidence", "tlp", "valid_until"})
	for ind, err := range src {
		if err != nil {
			return err
		}
		conf, until := "", ""
		if ind.Confidence >= 0 {
			conf = strconv.Itoa(ind.Confidence)
		}
		if !ind.ValidUntil.IsZero() {
			until = stix.FormatTime(ind.ValidUntil)
		}
		if err := cw.Write([]string{ind.Kind, ind.Value, ind.ID, ind.Name, conf, ind.TLP, until}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
