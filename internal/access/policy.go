package access

import (
	"fmt"
	"slices"
	"strings"
)

// TLP is a Traffic Light Protocol 2.0 level, ordered from the widest
// audience to the narrowest.
type TLP int8

// The TLP 2.0 levels. TLP 1.0 white is Clear.
const (
	Clear TLP = iota
	Green
	Amber
	AmberStrict
	Red
)

var tlpNames = [...]string{"clear", "green", "amber", "amber+strict", "red"}

func (t TLP) String() string {
	if t < Clear || t > Red {
		return fmt.Sprintf("tlp(%d)", int8(t))
	}
	return tlpNames[t]
}

// ParseTLP reads a level as the CLI and API spell it: clear, green, amber,
// amber+strict or red, with or without a "tlp:" prefix, any case; "white"
// is accepted as clear.
func ParseTLP(s string) (TLP, error) {
	v := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "tlp:")
	if v == "white" {
		return Clear, nil
	}
	if i := slices.Index(tlpNames[:], v); i >= 0 {
		return TLP(i), nil
	}
	return 0, fmt.Errorf("unknown TLP level %q (known: %s)", s, strings.Join(tlpNames[:], ", "))
}

// Label is what the visibility of one stored object version depends on.
// Ingest computes it from the object's markings and the source's defaults
// (intel.LabelOf); the store keeps it next to the version.
type Label struct {
	// Owner is the organisation that sent the version; 0 when none did (an
	// operator's local ingest without --as).
	Owner int64
	// TLP is the most restrictive TLP level among the markings.
	TLP TLP
	// Groups are the sharing groups the markings name, sorted and unique.
	// Empty means the TLP level alone decides.
	Groups []int64
	// Senders are organisations that sent the same version after Owner
	// did: they see it as its owner does (but do not widen it).
	Senders []int64
}

// Viewer is who reads: an organisation acting through a key or user with a
// role, or the local operator.
type Viewer struct {
	// System is the local operator (CLI on the data directory, internal
	// jobs): it sees everything. It is never the result of authenticating
	// a request.
	System bool
	// Org is the viewer's organisation id.
	Org int64
	// Centre says the organisation is the centre.
	Centre bool
	// Groups are the sharing groups Org belongs to, sorted.
	Groups []int64
	// Role is the key's or user's role; it decides what the viewer may do,
	// never what it may see.
	Role Role
}

// Operator is the viewer of local commands run on the data directory.
var Operator = Viewer{System: true, Role: Admin}

// Sees is THE visibility policy: it reports whether v may see an object
// version labelled l. docs/SHARING.md has it as a table; the store applies
// the same rules inside its queries (sqlstore.visible), and a property test
// checks every read path against this function.
//
//   - The local operator sees everything.
//   - The owner organisation always sees its own, and so does every
//     organisation that sent the same version later.
//   - An organisation named in one of the version's sharing groups sees it,
//     whatever its TLP level (this is how RED names its recipients).
//   - Without sharing groups, CLEAR and GREEN are seen by every
//     organisation (the community is everyone with a key here).
//   - The centre sees everything that is not RED (RED only when named).
//   - Nobody else sees it: AMBER and AMBER+STRICT go to the owner, the
//     centre and the named groups; RED to the owner and the named groups.
func (v Viewer) Sees(l Label) bool {
	switch {
	case v.System:
		return true
	case v.Org != 0 && (l.Owner == v.Org || slices.Contains(l.Senders, v.Org)):
		return true
	case len(l.Groups) == 0 && l.TLP <= Green:
		return true
	case v.Centre && l.TLP < Red:
		return true
	}
	for _, g := range l.Groups {
		if _, ok := slices.BinarySearch(v.Groups, g); ok {
			return true
		}
	}
	return false
}

// Defaults label the objects a source sends without any marking: the
// `fusion ingest --as ORG --tlp LEVEL --group NAME` flags, or the posting
// organisation's defaults over TAXII and the API.
type Defaults struct {
	Owner  int64
	TLP    TLP
	Groups []int64
}
