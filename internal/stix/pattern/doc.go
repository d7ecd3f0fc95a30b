// Package pattern parses, validates and prints STIX 2.1 patterns, the
// indicator language of part 9 of the STIX 2.1 specification ("STIX
// Patterning").
//
// Parse turns the text of an indicator's "pattern" property into an
// abstract syntax tree (Pattern) after checking both the grammar and the
// rules the specification states in prose: qualifier values are positive,
// START is earlier than STOP, a qualifier type appears at most once directly
// on an observation expression, timestamps are valid RFC 3339 UTC instants,
// binary and hex constants are well formed, MATCHES takes a plausible
// regular expression, ISSUBSET and ISSUPERSET take an IP address or CIDR
// subnet, and object types and property names use the allowed characters.
// Every failure is reported as a *SyntaxError carrying a 1-based line and
// column (in runes) and a message saying what was expected and what was
// found.
//
// Pattern.String prints the canonical text of a pattern: parsing that text
// again yields an equal tree. Pattern.Comparisons lists every leaf
// comparison and Pattern.Observables lists the simple equality comparisons
// (type, property path, value) that a store indexes to find the indicators
// that may concern an observed object.
//
// The package is pure: it performs no I/O, keeps no global state and never
// panics, whatever its input. It does not evaluate a pattern against
// observed data; deciding whether data matches a pattern is the matcher's
// job. It depends only on the standard library.
//
// The parser is on the ingest hot path (it runs for every indicator), so the
// lexer is hand-written, uses no regular expressions and no fmt on success,
// and literal strings without escapes share the input's memory.
package pattern
