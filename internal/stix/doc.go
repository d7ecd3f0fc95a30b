// Package stix is Fusion's model of STIX 2.1 content: it reads bundles as a
// stream, parses and validates single objects against the OASIS STIX 2.1
// specification (with Errata 01), computes deterministic identifiers of
// cyber-observable objects, and knows the standard TLP marking definitions.
//
// The package works on JSON bytes and returns plain values. It must never
// store anything, open files or network connections, log, or keep global
// mutable state: callers own persistence and transport. STIX patterns are
// not parsed here (see the pattern sub-package); Validate only checks that a
// pattern is present and plausibly shaped.
//
// The main entry points are:
//
//   - BundleReader, a fast streaming reader of bundles (and bare objects),
//     which checks JSON well-formedness element by element;
//   - Parse, which extracts the common properties that identify and version
//     an object (type, id, spec_version, created, modified, revoked);
//   - Validate, the full specification check, returning errors (MUST
//     violations) and warnings (SHOULDs, open vocabularies, custom content);
//   - SCOID and DeterministicID, the UUIDv5 identifiers of section 2.9;
//   - FormatTime and ParseTime for STIX timestamps;
//   - TLPDefinitions and the TLP identifier constants.
//
// All functions are safe for concurrent use; a BundleReader is not.
package stix
