package misp

import (
	"fmt"
	"sort"
	"strings"
)

// Report says what one unit (one MISP event) became and what was left out.
// Nothing in it is an error: a unit that cannot be converted is rejected
// through its bundle reader instead.
type Report struct {
	// Unit is the unit's name ("Event", "response[2]", a feed file).
	Unit string
	// Event is the event's uuid.
	Event string
	// Attributes and Objects count the MISP attributes and objects read.
	Attributes, Objects int
	// Emitted counts the STIX objects written, by type.
	Emitted map[string]int
	// Unknown counts attribute types and object templates that have no
	// mapping (their content is not converted), by name.
	Unknown map[string]int
	// Skipped counts elements left out for another reason (a value that
	// does not fit its type, a reference to something not in the event…);
	// Issues lists the first MaxIssues of them with their JSON path.
	Skipped int
	Issues  []Issue
}

// MaxIssues bounds Report.Issues.
const MaxIssues = 100

// Issue is one element left out of the conversion.
type Issue struct {
	Path string // e.g. "Event.Attribute[12].value"
	Msg  string
}

func (i Issue) String() string { return i.Path + ": " + i.Msg }

func (r *Report) skip(path, format string, args ...any) {
	r.Skipped++
	if len(r.Issues) < MaxIssues {
		r.Issues = append(r.Issues, Issue{Path: path, Msg: fmt.Sprintf(format, args...)})
	}
}

func (r *Report) unknown(name string) {
	if r.Unknown == nil {
		r.Unknown = map[string]int{}
	}
	r.Unknown[name]++
}

func (r *Report) emitted(typ string) {
	if r.Emitted == nil {
		r.Emitted = map[string]int{}
	}
	r.Emitted[typ]++
}

// Total is the number of STIX objects written.
func (r *Report) Total() int {
	n := 0
	for _, c := range r.Emitted {
		n += c
	}
	return n
}

// Summary is one line for logs: "unknown types: btc×2, x×1; skipped 3".
func (r *Report) Summary() string {
	var parts []string
	if len(r.Unknown) > 0 {
		names := make([]string, 0, len(r.Unknown))
		for n := range r.Unknown {
			names = append(names, n)
		}
		sort.Strings(names)
		for i, n := range names {
			names[i] = fmt.Sprintf("%s×%d", n, r.Unknown[n])
		}
		parts = append(parts, "not converted: "+strings.Join(names, ", "))
	}
	if r.Skipped > 0 {
		parts = append(parts, fmt.Sprintf("skipped %d (first: %s)", r.Skipped, r.Issues[0]))
	}
	return strings.Join(parts, "; ")
}
