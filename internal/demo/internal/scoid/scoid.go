// Package scoid computes the deterministic identifiers of STIX 2.1 Cyber-observable
// Objects (SCOs) for the demo data set: a UUIDv5 in the STIX namespace
// 00abedb4-aa42-466c-9c01-fed23315a9b7 over the RFC 8785 (JCS) canonical JSON of
// the object's ID Contributing Properties.
//
// It is shared by the demo generator (which assigns the ids) and the demo tests
// (which recompute them from the decoded bundle). It works on generic decoded
// JSON values and must never be used to mint ids for SDOs or SROs, which use
// UUIDv4.
package scoid

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/google/uuid"
)

// Namespace is the UUIDv5 namespace that STIX 2.1 reserves for SCO ids.
var Namespace = uuid.MustParse("00abedb4-aa42-466c-9c01-fed23315a9b7")

// ErrNoContributingProperties reports an SCO whose id cannot be derived: its type
// defines no ID Contributing Properties (process) or none of them is present. The
// specification then asks for a UUIDv4.
var ErrNoContributingProperties = errors.New("no ID contributing properties present")

// Contributing lists, per SCO type, the ID Contributing Properties of STIX 2.1.
// A type with an empty list (process) always uses UUIDv4.
var Contributing = map[string][]string{
	"artifact":             {"hashes", "payload_bin"},
	"autonomous-system":    {"number"},
	"directory":            {"path"},
	"domain-name":          {"value"},
	"email-addr":           {"value"},
	"email-message":        {"from_ref", "subject", "body"},
	"file":                 {"hashes", "name", "extensions", "parent_directory_ref"},
	"ipv4-addr":            {"value"},
	"ipv6-addr":            {"value"},
	"mac-addr":             {"value"},
	"mutex":                {"name"},
	"network-traffic":      {"start", "end", "src_ref", "dst_ref", "src_port", "dst_port", "protocols", "extensions"},
	"process":              {},
	"software":             {"name", "cpe", "swid", "vendor", "version"},
	"url":                  {"value"},
	"user-account":         {"account_type", "user_id", "account_login"},
	"windows-registry-key": {"key", "values"},
	"x509-certificate":     {"hashes", "serial_number"},
}

// hashPreference is the order in which one hash is picked from a hashes
// dictionary, as the OASIS reference implementation (cti-python-stix2) does, so
// that an object carrying several hashes gets the same id everywhere.
var hashPreference = []string{"MD5", "SHA-1", "SHA-256", "SHA-512"}

// ID returns the deterministic id ("type--uuid") of the SCO whose properties are
// given as decoded JSON (as from encoding/json, with or without UseNumber). Only
// the ID Contributing Properties of typ are read.
func ID(typ string, obj map[string]any) (string, error) {
	props, known := Contributing[typ]
	if !known {
		return "", fmt.Errorf("scoid: %q is not a STIX 2.1 SCO type", typ)
	}
	name := map[string]any{}
	for _, p := range props {
		v, ok := obj[p]
		if !ok {
			continue
		}
		if p == "hashes" {
			h, ok := v.(map[string]any)
			if !ok || len(h) == 0 {
				return "", fmt.Errorf("scoid: %s: hashes must be a non-empty object", typ)
			}
			v = chooseHash(h)
		}
		name[p] = v
	}
	if len(name) == 0 {
		return "", fmt.Errorf("scoid: %s: %w", typ, ErrNoContributingProperties)
	}
	data, err := Canonical(name)
	if err != nil {
		return "", fmt.Errorf("scoid: %s: %w", typ, err)
	}
	return typ + "--" + uuid.NewSHA1(Namespace, data).String(), nil
}

func chooseHash(h map[string]any) map[string]any {
	for _, k := range hashPreference {
		if v, ok := h[k]; ok {
			return map[string]any{k: v}
		}
	}
	keys := sortedKeys(h)
	return map[string]any{keys[0]: h[keys[0]]}
}

// Canonical serialises a decoded JSON value following RFC 8785 (JSON
// Canonicalization Scheme): object members sorted by their UTF-16 code units, no
// insignificant whitespace, minimal string escaping and ECMAScript number form.
func Canonical(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := canon(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func canon(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case string:
		writeString(b, v)
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return fmt.Errorf("number %q: %w", v, err)
		}
		return writeNumber(b, f)
	case float64:
		return writeNumber(b, v)
	case int:
		b.WriteString(strconv.Itoa(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := canon(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case []string:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, e)
		}
		b.WriteByte(']')
	case map[string]any:
		b.WriteByte('{')
		for i, k := range sortedKeys(v) {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, k)
			b.WriteByte(':')
			if err := canon(b, v[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	default:
		return fmt.Errorf("unsupported JSON value of type %T", v)
	}
	return nil
}

// sortedKeys orders object member names by their UTF-16 code units (RFC 8785 §3.2.3).
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
	})
	return keys
}

func writeString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteByte(hex[r>>4])
				b.WriteByte(hex[r&0xf])
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

// writeNumber writes f as ECMAScript's Number.prototype.toString does, which is
// what RFC 8785 prescribes.
func writeNumber(b *bytes.Buffer, f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("number %v has no JSON form", f)
	}
	if f == 0 {
		b.WriteByte('0')
		return nil
	}
	if f < 0 {
		b.WriteByte('-')
		f = -f
	}
	// Shortest round-trip digits d1.d2d3…e±x; n is the decimal point position.
	e := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	n := x + 1
	k := len(digits)
	switch {
	case k <= n && n <= 21:
		b.WriteString(digits)
		b.WriteString(strings.Repeat("0", n-k))
	case 0 < n && n <= 21:
		b.WriteString(digits[:n])
		b.WriteByte('.')
		b.WriteString(digits[n:])
	case -6 < n && n <= 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -n))
		b.WriteString(digits)
	default:
		b.WriteByte(digits[0])
		if k > 1 {
			b.WriteByte('.')
			b.WriteString(digits[1:])
		}
		b.WriteByte('e')
		if n-1 >= 0 {
			b.WriteByte('+')
		}
		b.WriteString(strconv.Itoa(n - 1))
	}
	return nil
}
