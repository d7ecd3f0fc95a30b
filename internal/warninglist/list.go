package warninglist

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The list types MISP defines.
const (
	TypeString    = "string"
	TypeSubstring = "substring"
	TypeHostname  = "hostname"
	TypeCIDR      = "cidr"
	TypeRegex     = "regex"
)

// Types returns the known list types.
func Types() []string {
	return []string{TypeString, TypeSubstring, TypeHostname, TypeCIDR, TypeRegex}
}

// List is one warning list.
type List struct {
	// ID names the list in hits and reports: the directory of a list.json,
	// the base name of another file, or the name given to Parse.
	ID string
	// Name, Description, Type, Version and Category are the list's own
	// fields. Category is MISP's "false_positive" or "known", or empty.
	Name, Description, Type string
	Version                 int
	Category                string
	// Attributes are the MISP attribute types the list applies to
	// (matching_attributes); none means every kind.
	Attributes []string
	// Unmapped are the Attributes no Fusion kind corresponds to.
	Unmapped []string
	// Values are the entries as written in the list.
	Values []string
	// Entries is the number of usable entries: Values less Skipped.
	Entries int
	// Skipped are the entries that cannot be used, with the reason.
	Skipped []Skip

	mask     classMask
	regexes  []*regexp.Regexp // per usable regex entry, in order
	reValues []string         // the entries regexes were compiled from
	prepared bool
}

// Skip is an entry a list cannot use.
type Skip struct {
	List   string // the list's ID
	Entry  string // as written
	Reason string
}

func (s Skip) String() string {
	return fmt.Sprintf("warninglist %s: entry %q skipped: %s", s.List, s.Entry, s.Reason)
}

// Parse reads one warning list in MISP's list.json format. name becomes the
// list's ID; it also names the list in errors.
//
// As MISP's importer does, Parse accepts a missing type (string), a type
// given as an array (its first element), a missing version (1), and a list
// given as an object of entry → comment. A missing name defaults to the ID.
// Entries the list cannot use are reported in Skipped, not as an error: the
// error is for input that is not a warning list at all (bad JSON, no list,
// unknown type).
func Parse(name string, r io.Reader) (*List, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("warninglist %s: %w", name, err)
	}
	l, err := parse(name, data)
	if err != nil {
		return nil, fmt.Errorf("warninglist %s: %w", name, err)
	}
	return l, nil
}

// file is the JSON form of a list.
type file struct {
	Name               *string         `json:"name"`
	Description        string          `json:"description"`
	Version            json.RawMessage `json:"version"`
	Type               json.RawMessage `json:"type"`
	Category           string          `json:"category"`
	MatchingAttributes []string        `json:"matching_attributes"`
	List               json.RawMessage `json:"list"`
}

// parse is Parse on bytes, with errors that do not repeat the name.
func parse(id string, data []byte) (*List, error) {
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, jsonError(data, err)
	}
	l := &List{ID: id, Description: f.Description, Category: f.Category, Attributes: f.MatchingAttributes, Version: 1}
	if f.Name != nil {
		l.Name = *f.Name
	}
	if l.Name == "" {
		l.Name = id
	}
	if l.ID == "" {
		l.ID = l.Name
	}
	var err error
	if l.Type, err = parseType(f.Type); err != nil {
		return nil, err
	}
	if len(f.Version) > 0 && string(f.Version) != "null" {
		v := string(bytes.Trim(f.Version, `"`))
		if l.Version, err = strconv.Atoi(v); err != nil {
			return nil, fmt.Errorf("version: want an integer, got %s", f.Version)
		}
	}
	if l.Values, l.Skipped, err = parseValues(l.ID, f.List); err != nil {
		return nil, err
	}
	l.prepare()
	return l, nil
}

func parseType(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return TypeString, nil
	}
	var t string
	if err := json.Unmarshal(raw, &t); err != nil {
		var ts []string
		if json.Unmarshal(raw, &ts) != nil || len(ts) == 0 {
			return "", fmt.Errorf("type: want a string, got %s", raw)
		}
		t = ts[0]
	}
	if !slices.Contains(Types(), t) {
		return "", fmt.Errorf("type %q: want one of %s", t, strings.Join(Types(), ", "))
	}
	return t, nil
}

// parseValues reads the "list" member: an array of entries, or an object
// whose keys are the entries (values are comments).
func parseValues(id string, raw json.RawMessage) ([]string, []Skip, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return nil, nil, errors.New(`no "list" of entries`)
	case raw[0] == '{':
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, nil, fmt.Errorf("list: %w", err)
		}
		vs := make([]string, 0, len(m))
		for k := range m {
			vs = append(vs, k)
		}
		slices.Sort(vs)
		return vs, nil, nil
	case raw[0] == '[':
		var vs []string
		if json.Unmarshal(raw, &vs) == nil && !bytes.Contains(raw, []byte("null")) {
			return vs, nil, nil // the usual case: all strings
		}
		var elems []json.RawMessage
		if err := json.Unmarshal(raw, &elems); err != nil {
			return nil, nil, fmt.Errorf("list: %w", err)
		}
		vs = make([]string, 0, len(elems))
		var skipped []Skip
		for _, e := range elems {
			var s string
			switch {
			case string(e) != "null" && json.Unmarshal(e, &s) == nil:
				vs = append(vs, s)
			case len(e) > 0 && (e[0] == '-' || '0' <= e[0] && e[0] <= '9'):
				vs = append(vs, string(e)) // a number, kept as written
			default:
				skipped = append(skipped, Skip{List: id, Entry: string(e), Reason: "not a string"})
			}
		}
		return vs, skipped, nil
	}
	return nil, nil, fmt.Errorf("list: want an array of entries, got %.40s", raw)
}

// jsonError adds the line and column to a JSON error.
func jsonError(data []byte, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
		if off > 0 && !strings.HasPrefix(se.Error(), "unexpected end") {
			off-- // the offending byte was the last one read
		}
	case errors.As(err, &te):
		off = te.Offset
	case errors.Is(err, io.ErrUnexpectedEOF):
		off = int64(len(data))
	}
	if off < 0 || off > int64(len(data)) {
		return err
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Errorf("line %d col %d: %w", line, col, err)
}

// prepare checks every entry once, filling Skipped, Entries, the class mask
// and the compiled regexes. A List is prepared by Parse or by Set.Add.
func (l *List) prepare() {
	if l.prepared {
		return
	}
	l.prepared = true
	l.mask, l.Unmapped = attributesMask(l.Attributes)
	usable := 0
	for _, v := range l.Values {
		var reason string
		switch l.Type {
		case TypeString:
			_, _, reason = stringKey(v)
		case TypeHostname:
			_, reason = hostnameKey(v)
		case TypeSubstring:
			_, reason = substringKey(v)
		case TypeCIDR:
			_, reason = cidrKey(v)
		case TypeRegex:
			var re *regexp.Regexp
			if re, reason = compileRegex(v); reason == "" {
				l.regexes = append(l.regexes, re)
				l.reValues = append(l.reValues, v)
			}
		default:
			reason = fmt.Sprintf("unknown list type %q", l.Type)
		}
		if reason != "" {
			l.Skipped = append(l.Skipped, Skip{List: l.ID, Entry: v, Reason: reason})
			continue
		}
		usable++
	}
	l.Entries = usable
}

// Modes of string-map entries.
const (
	modeExact uint8 = iota // string list: the whole value or the host equals the key
	modeSub                // string list ".x": the host is a strict subdomain of the key
	modeHost               // hostname list: the host equals the key or is a subdomain
)

// stringKey normalises a string-list entry.
func stringKey(v string) (key string, mode uint8, reason string) {
	v = strings.TrimSpace(v)
	if a, err := netip.ParseAddr(v); err == nil {
		return strings.ToLower(a.String()), modeExact, ""
	}
	key = strings.TrimRight(strings.ToLower(v), ".")
	mode = modeExact
	if k, ok := strings.CutPrefix(key, "*."); ok {
		key, mode = k, modeSub
	} else if strings.HasPrefix(key, ".") {
		key, mode = strings.TrimLeft(key, "."), modeSub
	}
	if key == "" {
		return "", 0, "empty entry"
	}
	return key, mode, ""
}

// hostnameKey normalises a hostname-list entry.
func hostnameKey(v string) (string, string) {
	key := strings.ToLower(strings.TrimSpace(v))
	key = strings.TrimPrefix(key, "*.")
	key = strings.Trim(key, ".")
	if key == "" {
		return "", "empty entry"
	}
	if i := strings.IndexAny(key, " \t/:@?#"); i >= 0 {
		return "", fmt.Sprintf("%q is not part of a host name", key[i])
	}
	return key, ""
}

// substringKey normalises a substring-list entry.
func substringKey(v string) (string, string) {
	key := strings.ToLower(strings.TrimSpace(v))
	if key == "" {
		return "", "empty entry (would match every value)"
	}
	return key, ""
}

// cidrKey parses a cidr-list entry: a block or a bare address.
func cidrKey(v string) (netip.Prefix, string) {
	v = strings.TrimSpace(v)
	if strings.IndexByte(v, '/') >= 0 {
		p, err := netip.ParsePrefix(v)
		if err != nil {
			return netip.Prefix{}, err.Error()
		}
		return p.Masked(), ""
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, err.Error()
	}
	if a.Zone() != "" {
		return netip.Prefix{}, "an address with a zone is not a range"
	}
	return netip.PrefixFrom(a, a.BitLen()), ""
}
