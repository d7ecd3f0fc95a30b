package misp

import (
	"strconv"
	"strings"

	"github.com/fusion-cti/fusion/internal/stix"
)

// tlp is a TLP 2.0 level ordered from least to most restrictive; 0 is
// "no marking".
type tlp uint8

const (
	tlpNone tlp = iota
	tlpClear
	tlpGreen
	tlpAmber
	tlpAmberStrict
	tlpRed
)

var tlpIDs = [...]string{
	tlpClear:       stix.TLPv2Clear,
	tlpGreen:       stix.TLPv2Green,
	tlpAmber:       stix.TLPv2Amber,
	tlpAmberStrict: stix.TLPv2AmberStrict,
	tlpRed:         stix.TLPv2Red,
}

var tlpNames = [...]string{
	tlpClear:       "clear",
	tlpGreen:       "green",
	tlpAmber:       "amber",
	tlpAmberStrict: "amber+strict",
	tlpRed:         "red",
}

func (t tlp) id() string { return tlpIDs[t] }

func maxTLP(a, b tlp) tlp {
	if b > a {
		return b
	}
	return a
}

// tlpOfTag reads a MISP TLP tag ("tlp:amber+strict"; "tlp:white" is TLP
// 2.0's clear). ok is false for every other tag.
func tlpOfTag(name string) (tlp, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	if !strings.HasPrefix(n, "tlp:") {
		return tlpNone, false
	}
	switch strings.Trim(n[4:], `"`) {
	case "white", "clear":
		return tlpClear, true
	case "green":
		return tlpGreen, true
	case "amber":
		return tlpAmber, true
	case "amber+strict":
		return tlpAmberStrict, true
	case "red":
		return tlpRed, true
	}
	return tlpNone, false
}

// tlpOfID is the level of a TLP marking definition id (1.0 or 2.0).
func tlpOfID(id string) (tlp, bool) {
	level, ok := stix.TLPLevel(id)
	if !ok {
		return tlpNone, false
	}
	for t, n := range tlpNames {
		if n == level {
			return tlp(t), true
		}
	}
	return tlpNone, false
}

// MISP distribution levels.
const (
	distUnknown   = -1
	distOrg       = 0 // your organisation only
	distCommunity = 1 // this community only
	distConnected = 2 // connected communities
	distAll       = 3 // all communities
	distGroup     = 4 // sharing group
	distInherit   = 5 // inherit the event's (not for events)
)

// distTLP is the TLP marking a distribution level stands for when the
// element carries no TLP tag. It never widens what MISP allowed: data that
// MISP would keep inside one organisation or one sharing group becomes
// AMBER+STRICT (Fusion cannot know MISP's sharing groups; the group is
// kept in x_misp_sharing_group_uuid), community data AMBER, data for all
// communities GREEN.
var distTLP = [...]tlp{
	distOrg:       tlpAmberStrict,
	distCommunity: tlpAmber,
	distConnected: tlpAmber,
	distAll:       tlpGreen,
	distGroup:     tlpAmberStrict,
}

// parseDist reads a distribution ("" is unknown). forEvent refuses 5.
func parseDist(s string, forEvent bool) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return distUnknown, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 5 || forEvent && n == distInherit {
		return 0, false
	}
	return n, true
}

// share is the sharing of one STIX object: the TLP marking it carries and
// the MISP distribution it came with.
type share struct {
	level  tlp
	dist   int // resolved (never 5); distUnknown when MISP said nothing
	sgUUID string
	sgName string
}

// resolveShare computes an element's sharing from its event's (ev.level is
// the event's own: its TLP tag, else its distribution's) and its own
// (own.dist may be 5 or unknown: inherit). evTag and ownTag are the most
// restrictive TLP tags of the event and of the element. Rules:
//
//  1. with a TLP tag on the event or the element, the level is the most
//     restrictive of the event's level and the element's tag;
//  2. without, it is the most restrictive of the event's level and the
//     element's distribution's;
//  3. either way, an element restricted below its event (distribution 0,
//     or 4 in an event that is not 4) is at least AMBER+STRICT.
//
// So an element is never wider than its event.
func resolveShare(ev share, own share, evTag, ownTag tlp) share {
	out := own
	if out.dist == distUnknown || out.dist == distInherit {
		out.dist, out.sgUUID, out.sgName = ev.dist, ev.sgUUID, ev.sgName
	}
	out.level = ev.level
	switch {
	case evTag != tlpNone || ownTag != tlpNone:
		out.level = maxTLP(out.level, ownTag)
	case out.dist >= 0 && out.dist < len(distTLP):
		out.level = maxTLP(out.level, distTLP[out.dist])
	}
	if own.dist == distOrg && ev.dist != distOrg || own.dist == distGroup && ev.dist != distGroup {
		out.level = maxTLP(out.level, tlpAmberStrict)
	}
	return out
}
