package stix

import (
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// scoNamespace is the UUIDv5 namespace of STIX 2.1 section 2.9 for
// deterministic SCO identifiers.
var scoNamespace = uuid.MustParse("00abedb4-aa42-466c-9c01-fed23315a9b7")

// ErrNotDeterministic is returned by SCOID and DeterministicID when the type
// has no ID contributing properties (process, custom types) or none of them
// is present. The specification then requires a random UUIDv4.
var ErrNotDeterministic = errors.New("stix: no ID contributing properties; use a UUIDv4")

// SCOID computes the deterministic identifier of a STIX Cyber-observable
// Object per section 2.9: a UUIDv5 in namespace
// 00abedb4-aa42-466c-9c01-fed23315a9b7 whose name is the RFC 8785
// canonical JSON of the type's ID contributing properties that are present.
//
// obj holds the object's properties as decoded by encoding/json (use
// Decoder.UseNumber to keep numbers exact). For "hashes" a single entry is
// kept: the first of MD5, SHA-1, SHA-256, SHA-512 present, else the entry
// whose key sorts first (the specification leaves that case open).
func SCOID(typ string, obj map[string]any) (string, error) {
	ts := typeSpecs[typ]
	if ts == nil || ts.cat != SCO {
		return "", fmt.Errorf("stix: %q is not a STIX 2.1 cyber-observable type: %w", typ, ErrNotDeterministic)
	}
	name := make(map[string]any, len(ts.idProps))
	for _, p := range ts.idProps {
		v, ok := obj[p]
		if !ok {
			continue
		}
		if p == "hashes" {
			h, ok := v.(map[string]any)
			if !ok || len(h) == 0 {
				return "", errors.New(`stix: "hashes" must be a non-empty object`)
			}
			k := chooseHash(h)
			v = map[string]any{k: h[k]}
		}
		name[p] = v
	}
	if len(name) == 0 {
		return "", ErrNotDeterministic
	}
	canon, err := canonicalJSON(name)
	if err != nil {
		return "", fmt.Errorf("stix: %w", err)
	}
	return typ + "--" + uuid.NewSHA1(scoNamespace, canon).String(), nil
}

func chooseHash(h map[string]any) string {
	for _, k := range [...]string{"MD5", "SHA-1", "SHA-256", "SHA-512"} {
		if _, ok := h[k]; ok {
			return k
		}
	}
	first := ""
	for k := range h {
		if first == "" || lessUTF16(k, first) {
			first = k
		}
	}
	return first
}

// DeterministicID computes SCOID for one SCO given as JSON.
func DeterministicID(raw []byte) (string, error) {
	var t tape
	if err := t.parse(raw); err != nil {
		return "", syntaxErrorAt(raw, err)
	}
	if t.nodes[0].kind != nObject {
		return "", fmt.Errorf("stix: %w", ErrNotObject)
	}
	m, _ := t.toAny(0).(map[string]any)
	typ, _ := m["type"].(string)
	return SCOID(typ, m)
}

// splitID splits an identifier "type--UUID". ok reports that the type part
// is non-empty and the UUID part has the 8-4-4-4-12 hex layout.
func splitID[T byteSeq](id T) (typ, u T, ok bool) {
	if len(id) < 36+3 {
		return typ, u, false
	}
	sep := len(id) - 36 - 2
	if id[sep] != '-' || id[sep+1] != '-' {
		return typ, u, false
	}
	typ, u = id[:sep], id[sep+2:]
	return typ, u, uuidLayout(u)
}

func uuidLayout[T byteSeq](u T) bool {
	if len(u) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		switch i {
		case 8, 13, 18, 23:
			if u[i] != '-' {
				return false
			}
		default:
			if hexVal[u[i]] < 0 {
				return false
			}
		}
	}
	return true
}

// uuidVersion returns the version nibble and whether the variant is the
// RFC 4122 one (10xx). u must have a valid layout.
func uuidVersion[T byteSeq](u T) (version int, rfc4122 bool) {
	version = int(hexVal[u[14]])
	variant := hexVal[u[19]]
	return version, variant >= 8 && variant <= 11
}

func hasUpperHex[T byteSeq](u T) bool {
	for i := 0; i < len(u); i++ {
		if u[i] >= 'A' && u[i] <= 'F' {
			return true
		}
	}
	return false
}
