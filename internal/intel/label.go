package intel

import (
	"slices"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/stix"
)

// TLPOf returns the level a marking-definition id stands for when it is one
// of the standard TLP 1.0 or 2.0 definitions.
func TLPOf(markingID string) (access.TLP, bool) {
	level, ok := stix.TLPLevel(markingID)
	if !ok {
		return 0, false
	}
	t, err := access.ParseTLP(level)
	return t, err == nil
}

// LabelOf computes the label of an object version from the marking
// definitions it references (object_marking_refs and the marking_ref of
// each granular marking) and its source's defaults.
//
//   - The TLP level is the most restrictive of the TLP markings (granular
//     ones included: a part marked RED makes the whole object RED here, as
//     Fusion does not redact); TLP 1.0 ids count as their 2.0 meaning.
//   - Sharing groups are the marking ids that group resolves; several
//     groups name the union of their members.
//   - An object with no TLP marking takes the default level; an object
//     with no marking at all takes the default groups too.
//   - Other markings (statements, unknown definitions) are kept in the
//     object and do not change who sees it.
func LabelOf(markingRefs []string, group func(markingID string) (int64, bool), d access.Defaults) access.Label {
	l := access.Label{Owner: d.Owner, TLP: -1}
	for _, ref := range markingRefs {
		if t, ok := TLPOf(ref); ok {
			l.TLP = max(l.TLP, t)
			continue
		}
		if group == nil {
			continue
		}
		if g, ok := group(ref); ok && !slices.Contains(l.Groups, g) {
			l.Groups = append(l.Groups, g)
		}
	}
	if l.TLP < 0 {
		l.TLP = d.TLP
	}
	if len(markingRefs) == 0 {
		l.Groups = slices.Clone(d.Groups)
	}
	slices.Sort(l.Groups)
	l.Groups = slices.Compact(l.Groups)
	return l
}
