package ioc

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Stats counts what one export did with its input. An exporter given a
// *Stats fills it when Export returns, also when it returns an error.
type Stats struct {
	// Read is the number of indicators the source yielded.
	Read int
	// Written is the number of records written: rules, zone records,
	// intel lines or list lines (one indicator may give several, or none).
	Written int
	// Duplicates is the number of values left out because an equal one
	// was already written in this export.
	Duplicates int
	// Unsupported counts, by kind, the indicators the format has no place
	// for (an e-mail address in an RPZ zone, an IBAN anywhere).
	Unsupported map[string]int
	// Invalid counts, by kind, the indicators whose value the tool could
	// not use: a malformed address, a name with a bad label or too long,
	// a rule longer than the engine reads.
	Invalid map[string]int
}

// Unsupport counts one indicator of kind the format cannot express.
func (s *Stats) Unsupport(kind string) {
	if s.Unsupported == nil {
		s.Unsupported = make(map[string]int)
	}
	s.Unsupported[kind]++
}

// Invalidate counts one indicator of kind whose value was refused.
func (s *Stats) Invalidate(kind string) {
	if s.Invalid == nil {
		s.Invalid = make(map[string]int)
	}
	s.Invalid[kind]++
}

// Skipped is the number of indicators neither written nor duplicates.
func (s *Stats) Skipped() int {
	n := 0
	for _, c := range s.Unsupported {
		n += c
	}
	for _, c := range s.Invalid {
		n += c
	}
	return n
}

// String is a one-line summary with the counts by kind in sorted order:
// "read 12, written 9, duplicates 1, unsupported x-fusion-iban:value=1,
// invalid domain-name:value=2".
func (s Stats) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "read %d, written %d, duplicates %d", s.Read, s.Written, s.Duplicates)
	for _, part := range []struct {
		name string
		m    map[string]int
	}{{"unsupported", s.Unsupported}, {"invalid", s.Invalid}} {
		if len(part.m) == 0 {
			continue
		}
		b.WriteString(", " + part.name)
		for i, k := range slices.Sorted(maps.Keys(part.m)) {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, " %s=%d", k, part.m[k])
		}
	}
	return b.String()
}
