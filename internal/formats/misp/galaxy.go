package misp

import (
	"strings"
)

// galaxyRef is one MISP galaxy cluster attached to an event, an attribute
// or an object: from a misp-galaxy:TYPE="VALUE" tag or from a Galaxy
// array's GalaxyCluster.
type galaxyRef struct {
	gtype, value string
	desc         string
	synonyms     []string
	extIDs       []string
}

// galaxyTypes maps MISP galaxy types to the STIX type of their clusters.
// Galaxies not listed (sectors, countries, TLP-like taxonomies…) stay tags
// and become labels.
var galaxyTypes = map[string]string{
	"threat-actor":                             "threat-actor",
	"mitre-intrusion-set":                      "intrusion-set",
	"mitre-enterprise-attack-intrusion-set":    "intrusion-set",
	"mitre-mobile-attack-intrusion-set":        "intrusion-set",
	"mitre-pre-attack-intrusion-set":           "intrusion-set",
	"microsoft-activity-group":                 "intrusion-set",
	"mitre-attack-pattern":                     "attack-pattern",
	"mitre-enterprise-attack-attack-pattern":   "attack-pattern",
	"mitre-mobile-attack-attack-pattern":       "attack-pattern",
	"mitre-pre-attack-attack-pattern":          "attack-pattern",
	"mitre-ics-techniques":                     "attack-pattern",
	"mitre-malware":                            "malware",
	"mitre-enterprise-attack-malware":          "malware",
	"mitre-mobile-attack-malware":              "malware",
	"malpedia":                                 "malware",
	"malware":                                  "malware",
	"ransomware":                               "malware",
	"banker":                                   "malware",
	"rat":                                      "malware",
	"botnet":                                   "malware",
	"stealer":                                  "malware",
	"backdoor":                                 "malware",
	"android":                                  "malware",
	"mitre-tool":                               "tool",
	"mitre-enterprise-attack-tool":             "tool",
	"mitre-mobile-attack-tool":                 "tool",
	"tool":                                     "tool",
	"mitre-course-of-action":                   "course-of-action",
	"mitre-enterprise-attack-course-of-action": "course-of-action",
	"mitre-mobile-attack-course-of-action":     "course-of-action",
}

// parseGalaxyTag reads misp-galaxy:TYPE="VALUE".
func parseGalaxyTag(name string) (gtype, value string, ok bool) {
	rest, found := strings.CutPrefix(strings.TrimSpace(name), "misp-galaxy:")
	if !found {
		return "", "", false
	}
	gtype, value, ok = strings.Cut(rest, "=")
	if !ok {
		return "", "", false
	}
	value = strings.TrimSpace(value)
	if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
		value = value[1 : len(value)-1]
	}
	gtype = strings.TrimSpace(gtype)
	return gtype, value, gtype != "" && value != ""
}

func galaxyTag(gtype, value string) string {
	return "misp-galaxy:" + gtype + `="` + value + `"`
}

// clusters flattens a Galaxy array.
func clusters(gs []galaxy) []galaxyRef {
	var out []galaxyRef
	for _, g := range gs {
		for _, cl := range g.GalaxyCluster {
			gtype := string(cl.Type)
			if gtype == "" {
				gtype = string(g.Type)
			}
			value := string(cl.Value)
			if t, v, ok := parseGalaxyTag(string(cl.TagName)); ok {
				if gtype == "" {
					gtype = t
				}
				if value == "" {
					value = v
				}
			}
			if gtype == "" || value == "" {
				continue
			}
			r := galaxyRef{gtype: gtype, value: value, desc: string(cl.Description)}
			r.synonyms = cl.Meta["synonyms"]
			r.extIDs = cl.Meta["external_id"]
			out = append(out, r)
		}
	}
	return out
}

// splitTags sorts an element's tags: the most restrictive TLP, galaxy
// clusters of known galaxies, and the rest as labels.
func splitTags(tags []tag) (level tlp, gals []galaxyRef, labels []string) {
	for _, t := range tags {
		name := strings.TrimSpace(string(t.Name))
		if name == "" {
			continue
		}
		if l, ok := tlpOfTag(name); ok {
			level = maxTLP(level, l)
			continue
		}
		if gt, v, ok := parseGalaxyTag(name); ok && galaxyTypes[gt] != "" {
			gals = append(gals, galaxyRef{gtype: gt, value: v})
			continue
		}
		labels = append(labels, name)
	}
	return level, gals, labels
}

// attackID finds the ATT&CK id of a cluster of STIX type typ in
// "Name - T1234.001" or its external ids: techniques (T) for attack
// patterns, software (S) for malware and tools, groups (G) for intrusion
// sets and actors, mitigations (M) for courses of action. MISP names
// mitigations after the technique they mitigate ("… - T1020"): that id is
// not the mitigation's and is left out.
func attackID(g galaxyRef, typ string) (name, id string) {
	want := map[string]byte{"attack-pattern": 'T', "malware": 'S', "tool": 'S', "intrusion-set": 'G', "threat-actor": 'G', "course-of-action": 'M'}[typ]
	fits := func(s string) bool { return isAttackID(s) && s[0] == want && !strings.HasPrefix(s, "TA") }
	name = g.value
	if i := strings.LastIndex(g.value, " - "); i > 0 && isAttackID(g.value[i+3:]) {
		name = g.value[:i]
		if cand := g.value[i+3:]; fits(cand) {
			return name, cand
		}
	}
	for _, e := range g.extIDs {
		if fits(e) {
			return name, e
		}
	}
	return name, ""
}

// isAttackID: T1234, T1234.001, or S/G/M/TA followed by digits.
func isAttackID(s string) bool {
	switch {
	case strings.HasPrefix(s, "TA"):
		return allDigits(s[2:])
	case len(s) > 1 && (s[0] == 'T' || s[0] == 'S' || s[0] == 'G' || s[0] == 'M'):
		main, sub, hasSub := strings.Cut(s[1:], ".")
		return allDigits(main) && (!hasSub || s[0] == 'T' && allDigits(sub))
	}
	return false
}

// attackURL is the ATT&CK page of an id.
func attackURL(id string) string {
	switch {
	case strings.HasPrefix(id, "TA"):
		return "https://attack.mitre.org/tactics/" + id + "/"
	case id[0] == 'T':
		return "https://attack.mitre.org/techniques/" + strings.Replace(id, ".", "/", 1) + "/"
	case id[0] == 'S':
		return "https://attack.mitre.org/software/" + id + "/"
	case id[0] == 'G':
		return "https://attack.mitre.org/groups/" + id + "/"
	}
	return "https://attack.mitre.org/mitigations/" + id + "/"
}

// galaxyRelation is the relationship from an element's primary STIX object
// to a galaxy object, following MISP's STIX export: indicators indicate
// attack patterns, malware, tools and actors; actors and campaigns use
// malware, tools and attack patterns and are attributed to actors; courses
// of action mitigate (reversed); everything else is related-to.
func galaxyRelation(src, dst string) (relType string, reverse bool) {
	switch {
	case dst == "course-of-action":
		if src == "indicator" || src == "attack-pattern" || src == "malware" || src == "tool" || src == "vulnerability" {
			return "mitigates", true
		}
	case src == "indicator":
		return "indicates", false
	case src == "threat-actor" || src == "intrusion-set" || src == "campaign":
		switch dst {
		case "malware", "tool", "attack-pattern":
			return "uses", false
		case "threat-actor", "intrusion-set":
			return "attributed-to", false
		}
	}
	return "related-to", false
}

// sanitizeRelType makes a MISP relationship type fit STIX's shape,
// [a-z0-9-]+: "Derived From" → "derived-from".
func sanitizeRelType(s string) string {
	b := make([]byte, 0, len(s))
	dash := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
			fallthrough
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			if dash && len(b) > 0 {
				b = append(b, '-')
			}
			dash = false
			b = append(b, c)
		default:
			dash = true
		}
	}
	if len(b) == 0 {
		return "related-to"
	}
	return string(b)
}

// mergeGalaxies concatenates lists of clusters, keeping one entry per
// galaxy type and value: the one with a description, synonyms or external
// ids when a tag and a GalaxyCluster name the same cluster.
func mergeGalaxies(lists ...[]galaxyRef) []galaxyRef {
	var out []galaxyRef
	idx := map[[2]string]int{}
	for _, l := range lists {
		for _, g := range l {
			k := [2]string{g.gtype, g.value}
			if i, ok := idx[k]; ok {
				if out[i].desc == "" && len(out[i].synonyms) == 0 && len(out[i].extIDs) == 0 {
					out[i] = g
				}
				continue
			}
			idx[k] = len(out)
			out = append(out, g)
		}
	}
	return out
}
