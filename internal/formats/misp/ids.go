package misp

import (
	"strings"

	"github.com/google/uuid"
)

// Namespace is the UUIDv5 namespace of the identifiers this package derives
// for STIX objects that have no MISP uuid of their own: galaxy clusters
// named by a tag, relationships, aggregated sightings, identities without
// an organisation uuid, and objects whose MISP uuid is not an RFC 4122 UUID.
// It is fixed forever: changing it would turn every re-import into new
// objects.
var Namespace = uuid.MustParse("0bb2bcd0-1d6c-450b-b7dd-cbe1fd4c637d")

// scoNamespace is STIX 2.1 section 2.9's namespace for deterministic
// cyber-observable ids. Fusion's custom x-fusion-* observables use it too,
// with "value" as their ID contributing property.
var scoNamespace = uuid.MustParse("00abedb4-aa42-466c-9c01-fed23315a9b7")

// parseUUID accepts a MISP uuid that can stand as a STIX identifier's UUID
// as it is: RFC 4122 variant, version 1 to 5 (the STIX validator's rule).
func parseUUID(s string) (uuid.UUID, bool) {
	if len(s) != 36 {
		return uuid.UUID{}, false
	}
	u, err := uuid.Parse(s)
	if err != nil || u.Variant() != uuid.RFC4122 || u.Version() < 1 || u.Version() > 5 {
		return uuid.UUID{}, false
	}
	return u, true
}

// primaryID is the id of the STIX object that stands for one MISP element
// (event, attribute, object, object reference): the MISP uuid itself, as
// MISP's own STIX export does, so that the element keeps its identity
// through Fusion and back (export writes the STIX UUID as the MISP uuid).
// A uuid that is not a valid RFC 4122 UUID is replaced by a UUIDv5 of it.
func primaryID(typ, mispUUID string) string {
	return typ + "--" + primaryKey(mispUUID).String()
}

// primaryKey is the UUID primaryID uses for a MISP uuid, whatever the STIX
// type: the same for an attribute's indicator and its observed data, so
// that a reference to the MISP element can be resolved by its uuid alone.
func primaryKey(mispUUID string) uuid.UUID {
	if u, ok := parseUUID(mispUUID); ok {
		return u
	}
	return uuid.NewSHA1(Namespace, []byte("misp-uuid\x1f"+strings.ToLower(strings.TrimSpace(mispUUID))))
}

// derivedID is a UUIDv5 in Namespace over the type and the parts, joined
// with the ASCII unit separator (which MISP values do not contain).
func derivedID(typ string, parts ...string) string {
	n := len(typ)
	for _, p := range parts {
		n += len(p) + 1
	}
	name := make([]byte, 0, n)
	name = append(name, typ...)
	for _, p := range parts {
		name = append(name, 0x1f)
		name = append(name, p...)
	}
	return typ + "--" + uuid.NewSHA1(Namespace, name).String()
}

// idUUID returns the UUID part of a STIX identifier ("" when malformed).
func idUUID(id string) string {
	i := strings.LastIndex(id, "--")
	if i < 0 || len(id)-i-2 != 36 {
		return ""
	}
	return id[i+2:]
}

// idType returns the type part of a STIX identifier.
func idType(id string) string {
	i := strings.LastIndex(id, "--")
	if i < 0 {
		return ""
	}
	return id[:i]
}
