package stix

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Category classifies STIX object types.
type Category uint8

const (
	// Unknown is a type this package does not define: a custom object
	// (x- prefix, deprecated mechanism), an object type added by an
	// extension definition, or anything else with a valid type name.
	Unknown Category = iota
	SDO              // STIX Domain Object (section 4)
	SRO              // STIX Relationship Object (section 5)
	SCO              // STIX Cyber-observable Object (section 6)
	Meta             // STIX Meta Object: marking-definition, language-content, extension-definition (section 7)
)

func (c Category) String() string {
	switch c {
	case SDO:
		return "SDO"
	case SRO:
		return "SRO"
	case SCO:
		return "SCO"
	case Meta:
		return "Meta"
	}
	return "Unknown"
}

// Kind returns the category of a STIX object type name.
func Kind(typ string) Category {
	if ts := typeSpecs[typ]; ts != nil {
		return ts.cat
	}
	return Unknown
}

// Object is one STIX object: a few parsed common properties plus its exact
// JSON.
type Object struct {
	Type        string
	ID          string
	SpecVersion string    // "" when absent (allowed for SCOs)
	Created     time.Time // zero when absent
	Modified    time.Time // zero when absent
	Revoked     bool
	// Raw is the object's JSON exactly as received, except that whitespace
	// outside strings may have been removed. When nothing had to be removed
	// Raw aliases the input slice, so callers must not modify that slice
	// afterwards.
	Raw json.RawMessage
}

// Version returns the version key of the object: modified, else created,
// else the zero time (SCOs are not versioned).
func (o *Object) Version() time.Time {
	if !o.Modified.IsZero() {
		return o.Modified
	}
	return o.Created
}

var errNotObject = errors.New("stix: not a JSON object")

// ErrNotObject reports JSON that is well formed but not a JSON object where
// a STIX object is expected. From BundleReader.Next it concerns one element
// only (errors.Is(err, ErrNotObject)), and reading may continue.
var ErrNotObject = errors.New("not a JSON object")

// Parse reads the common properties of one STIX object without validating
// the object against the specification. It checks that raw is well-formed
// JSON (a *SyntaxError otherwise), that it is an object with string "type"
// and "id", and that created/modified/revoked, when present, are well typed,
// because they form the version key. Use Validate for full checking.
func Parse(raw []byte) (*Object, error) {
	var s scanner
	start := skipSpace(raw, 0)
	if start >= len(raw) {
		return nil, newSyntaxError(raw, start, "unexpected end of JSON input")
	}
	if raw[start] != '{' {
		return nil, fmt.Errorf("stix: %w", ErrNotObject)
	}
	ws := false
	o := &Object{}
	seen := 0
	i := skipSpace(raw, start+1)
	ws = ws || i != start+1
	if i < len(raw) && raw[i] == '}' {
		i++
	} else {
		for {
			if i >= len(raw) {
				return nil, newSyntaxError(raw, i, "unexpected end of JSON input")
			}
			if raw[i] != '"' {
				return nil, syntaxErrorAt(raw, errChar(i, raw[i], "looking for beginning of object key string"))
			}
			kend, esc, serr := scanString(raw, i)
			if serr != nil {
				return nil, syntaxErrorAt(raw, serr)
			}
			key := raw[i+1 : kend-1]
			if esc {
				key = []byte(unquote(key))
			}
			j := skipSpace(raw, kend)
			if j >= len(raw) || raw[j] != ':' {
				if j >= len(raw) {
					return nil, newSyntaxError(raw, j, "unexpected end of JSON input")
				}
				return nil, syntaxErrorAt(raw, errChar(j, raw[j], "after object key"))
			}
			k := skipSpace(raw, j+1)
			ws = ws || j != kend || k != j+1
			j = k
			bit := commonBit(key)
			if bit != 0 {
				if seen&bit != 0 {
					return nil, fmt.Errorf("stix: duplicate property %q", key)
				}
				seen |= bit
			}
			end, err := s.value(raw, j)
			if err != nil {
				return nil, syntaxErrorAt(raw, err)
			}
			ws = ws || s.ws
			if bit != 0 {
				if err := o.setCommon(bit, raw[j:end]); err != nil {
					return nil, err
				}
			}
			i = end
			k = skipSpace(raw, i)
			ws = ws || k != i
			i = k
			if i >= len(raw) {
				return nil, newSyntaxError(raw, i, "unexpected end of JSON input")
			}
			if raw[i] == ',' {
				k := skipSpace(raw, i+1)
				ws = ws || k != i+1
				i = k
				continue
			}
			if raw[i] == '}' {
				i++
				break
			}
			return nil, syntaxErrorAt(raw, errChar(i, raw[i], "after object key:value pair"))
		}
	}
	if k := skipSpace(raw, i); k < len(raw) {
		return nil, syntaxErrorAt(raw, errChar(k, raw[k], "after top-level value"))
	}
	if o.Type == "" {
		return nil, errors.New(`stix: object has no "type"`)
	}
	if o.ID == "" {
		return nil, errors.New(`stix: object has no "id"`)
	}
	if ws {
		o.Raw = appendCompact(make([]byte, 0, i-start), raw[start:i])
	} else {
		o.Raw = raw[start:i]
	}
	return o, nil
}

func containsBackslash(b []byte) bool {
	for _, c := range b {
		if c == '\\' {
			return true
		}
	}
	return false
}

const (
	bitType = 1 << iota
	bitID
	bitSpecVersion
	bitCreated
	bitModified
	bitRevoked
)

func commonBit(key []byte) int {
	switch string(key) {
	case "type":
		return bitType
	case "id":
		return bitID
	case "spec_version":
		return bitSpecVersion
	case "created":
		return bitCreated
	case "modified":
		return bitModified
	case "revoked":
		return bitRevoked
	}
	return 0
}

// setCommon stores one of the common properties from its raw JSON value.
func (o *Object) setCommon(bit int, v []byte) error {
	var name string
	switch bit {
	case bitType:
		name = "type"
	case bitID:
		name = "id"
	case bitSpecVersion:
		name = "spec_version"
	case bitCreated:
		name = "created"
	case bitModified:
		name = "modified"
	default:
		name = "revoked"
	}
	if bit == bitRevoked {
		switch string(v) {
		case "true":
			o.Revoked = true
		case "false":
		default:
			return fmt.Errorf("stix: %q must be a boolean", name)
		}
		return nil
	}
	if len(v) < 2 || v[0] != '"' {
		return fmt.Errorf("stix: %q must be a string", name)
	}
	body := v[1 : len(v)-1]
	var s string
	if containsBackslash(body) {
		s = unquote(body)
	} else {
		s = string(body)
	}
	switch bit {
	case bitType:
		o.Type = s
	case bitID:
		o.ID = s
	case bitSpecVersion:
		o.SpecVersion = s
	case bitCreated, bitModified:
		t, _, err := parseTimestamp(s)
		if err != nil {
			return fmt.Errorf("stix: %q: %w", name, err)
		}
		if bit == bitCreated {
			o.Created = t
		} else {
			o.Modified = t
		}
	}
	return nil
}
