package stix

import (
	"bytes"
	"strconv"
	"strings"
)

// Rules that relate several properties of one object. Each runs after the
// properties themselves were checked; n is the object node and the current
// path is the object's.

// checkSeen: last_seen >= first_seen (campaign, infrastructure, intrusion
// set, threat actor, sighting).
func checkSeen(v *validator, n int32) {
	first, ok1 := v.timeOf(n, "first_seen")
	last, ok2 := v.timeOf(n, "last_seen")
	if ok1 && ok2 && last.Before(first) {
		v.errorAt("last_seen", "must not be earlier than first_seen")
	}
}

func checkIndicator(v *validator, n int32) {
	from, ok1 := v.timeOf(n, "valid_from")
	until, ok2 := v.timeOf(n, "valid_until")
	if ok1 && ok2 && !until.After(from) {
		v.errorAt("valid_until", "must be later than valid_from")
	}
	if pt, ok := v.strOf(n, "pattern_type"); ok && pt == "stix" {
		if p, ok := v.strOf(n, "pattern"); ok {
			p = strings.TrimSpace(p)
			if p == "" || (p[0] != '[' && p[0] != '(') {
				v.warnAt("pattern", "a STIX pattern starts with an observation expression in [ ] or ( )")
			}
		}
	}
}

func checkLocation(v *validator, n int32) {
	lat, lon := v.has(n, "latitude"), v.has(n, "longitude")
	if lat != lon {
		name := "longitude"
		if lon {
			name = "latitude"
		}
		v.errorAt(name, "latitude and longitude must be given together")
	}
	if v.has(n, "precision") && !(lat && lon) {
		v.errorAt("precision", "precision requires latitude and longitude")
	}
	if !v.has(n, "region") && !v.has(n, "country") && !(lat && lon) {
		v.errorf("location must have region, country, or latitude and longitude")
	}
}

func checkMalware(v *validator, n int32) {
	checkSeen(v, n)
	if f := v.t.member(n, "is_family"); f >= 0 && v.t.nodes[f].kind == nTrue && !v.has(n, "name") {
		v.errorAt("name", "name is required when is_family is true")
	}
}

func checkMalwareAnalysis(v *validator, n int32) {
	if !v.has(n, "result") && !v.has(n, "analysis_sco_refs") {
		v.errorf("malware-analysis must have result or analysis_sco_refs")
	}
}

func checkObservedData(v *validator, n int32) {
	first, ok1 := v.timeOf(n, "first_observed")
	last, ok2 := v.timeOf(n, "last_observed")
	if ok1 && ok2 && last.Before(first) {
		v.errorAt("last_observed", "must not be earlier than first_observed")
	}
	objects, refs := v.has(n, "objects"), v.has(n, "object_refs")
	switch {
	case objects && refs:
		v.errorf("objects and object_refs must not both be present")
	case !objects && !refs:
		v.errorAt("object_refs", "required property missing")
	}
}

func checkRelationship(v *validator, n int32) {
	start, ok1 := v.timeOf(n, "start_time")
	stop, ok2 := v.timeOf(n, "stop_time")
	if ok1 && ok2 && !stop.After(start) {
		v.errorAt("stop_time", "must be later than start_time")
	}
}

func checkArtifact(v *validator, n int32) {
	payload, url := v.has(n, "payload_bin"), v.has(n, "url")
	switch {
	case payload && url:
		v.errorf("payload_bin and url must not both be present")
	case !payload && !url:
		v.errorf("artifact must have payload_bin or url")
	case url && !v.has(n, "hashes"):
		v.errorAt("hashes", "hashes are required when url is present")
	}
	if v.has(n, "decryption_key") && !v.has(n, "encryption_algorithm") {
		v.errorAt("decryption_key", "decryption_key requires encryption_algorithm")
	}
}

func checkEmailMessage(v *validator, n int32) {
	m := v.t.member(n, "is_multipart")
	if m < 0 {
		return
	}
	switch v.t.nodes[m].kind {
	case nTrue:
		if v.has(n, "body") {
			v.errorAt("body", "body must not be used when is_multipart is true")
		}
	case nFalse:
		if v.has(n, "body_multipart") {
			v.errorAt("body_multipart", "body_multipart must not be used when is_multipart is false")
		}
	}
}

func checkMimePart(v *validator, n int32) {
	if v.has(n, "body") && v.has(n, "body_raw_ref") {
		v.warnf("a MIME part should have either body or body_raw_ref")
	}
}

func checkFile(v *validator, n int32) {
	if v.has(n, "name_enc") && !v.has(n, "name") {
		v.errorAt("name_enc", "name_enc must not be present without name")
	}
}

func checkNetworkTraffic(v *validator, n int32) {
	if !v.has(n, "src_ref") && !v.has(n, "dst_ref") {
		v.errorf("network-traffic must have src_ref or dst_ref")
	}
	start, ok1 := v.timeOf(n, "start")
	end, ok2 := v.timeOf(n, "end")
	if ok1 && ok2 && end.Before(start) {
		v.errorAt("end", "must not be earlier than start")
	}
	if a := v.t.member(n, "is_active"); a >= 0 && v.t.nodes[a].kind == nTrue && v.has(n, "end") {
		v.errorAt("end", "end must not be present when is_active is true")
	}
}

func checkExternalReference(v *validator, n int32) {
	if !v.has(n, "description") && !v.has(n, "url") && !v.has(n, "external_id") {
		v.errorf("external reference needs description, url or external_id")
	}
	src, _ := v.strOf(n, "source_name")
	id, hasID := v.strOf(n, "external_id")
	switch src {
	case "cve":
		if !hasID || !validCVE(id) {
			v.errorAt("external_id", "source_name cve requires external_id of the form CVE-YYYY-NNNN")
		}
	case "capec":
		if !hasID || !strings.HasPrefix(id, "CAPEC-") || !allDigits(id[6:]) {
			v.errorAt("external_id", "source_name capec requires external_id of the form CAPEC-<id>")
		}
	}
}

func validCVE(s string) bool {
	if !strings.HasPrefix(s, "CVE-") || len(s) < 13 || s[8] != '-' || !allDigits(s[4:8]) || !allDigits(s[9:]) {
		return false
	}
	return len(s[9:]) == 4 || s[9] != '0'
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// checkGranularMarking: exactly one of marking_ref and lang; selectors must
// be syntactically valid and select content present in the object.
func checkGranularMarking(v *validator, n int32) {
	ref, lang := v.has(n, "marking_ref"), v.has(n, "lang")
	if ref == lang {
		v.errorf("granular marking must have exactly one of marking_ref and lang")
	}
	sel := v.t.member(n, "selectors")
	if sel < 0 || v.t.nodes[sel].kind != nArray {
		return
	}
	v.pushName("selectors")
	i := 0
	for e := sel + 1; e < v.t.nodes[sel].next; e = v.t.nodes[e].next {
		if v.t.nodes[e].kind == nString {
			v.pushIdx(i)
			if msg := v.resolveSelector(v.t.bytes(e)); msg != "" {
				v.errorf("selector %q %s", v.t.bytes(e), msg)
			}
			v.pop()
		}
		i++
	}
	v.pop()
}

// maxSelectorWork bounds the member scans spent on selectors per object.
const maxSelectorWork = 1 << 22

// resolveSelector walks a selector (section 7.2.3.1) from the object root
// and returns "" when it selects present content, else the reason.
func (v *validator) resolveSelector(sel []byte) string {
	t := &v.t
	cur := int32(0)
	if v.selectorWork > maxSelectorWork {
		return ""
	}
	for i, comp := range bytes.Split(sel, []byte{'.'}) {
		v.selectorWork += int(t.nodes[cur].count) + 1
		if v.selectorWork > maxSelectorWork {
			v.warnf("too many selectors to check them all")
			return ""
		}
		if len(comp) == 0 {
			return "is malformed"
		}
		if comp[0] == '[' {
			if i == 0 || len(comp) < 3 || comp[len(comp)-1] != ']' {
				return "is malformed"
			}
			idx, err := strconv.Atoi(string(comp[1 : len(comp)-1]))
			if err != nil || idx < 0 || comp[1] == '+' {
				return "is malformed"
			}
			nd := t.nodes[cur]
			if nd.kind != nArray {
				return "indexes a value that is not a list"
			}
			if idx >= int(nd.count) {
				return "refers to a list item that is not present"
			}
			e := cur + 1
			for ; idx > 0; idx-- {
				e = t.nodes[e].next
			}
			cur = e
			continue
		}
		if !validDictKey(comp, 1) {
			return "is malformed"
		}
		if t.nodes[cur].kind != nObject {
			return "selects a property of a value that is not an object"
		}
		m := t.member(cur, string(comp))
		if m < 0 {
			return "refers to content that is not present"
		}
		cur = m
	}
	return ""
}

func checkLanguageContent(v *validator, n int32) {
	c := v.t.member(n, "contents")
	if c < 0 || v.t.nodes[c].kind != nObject {
		return
	}
	v.pushName("contents")
	for k := c + 1; k < v.t.nodes[c].next; k = v.t.nodes[k+1].next {
		if !validLangTag(v.keyBytes(k)) {
			v.pushKey(k)
			v.errorf("keys of contents must be RFC 5646 language tags")
			v.pop()
		}
	}
	v.pop()
}

func checkExtensionDefinition(v *validator, n int32) {
	types := v.t.member(n, "extension_types")
	toplevel := false
	if types >= 0 && v.t.nodes[types].kind == nArray {
		for e := types + 1; e < v.t.nodes[types].next; e = v.t.nodes[e].next {
			if v.t.is(e, "toplevel-property-extension") {
				toplevel = true
			}
		}
	}
	switch props := v.has(n, "extension_properties"); {
	case props && !toplevel:
		v.errorAt("extension_properties", "extension_properties may only be used with toplevel-property-extension")
	case !props && toplevel:
		v.warnAt("extension_properties", "toplevel-property-extension should list its extension_properties")
	}
}

// checkMarkingDefinition covers section 7.2.1: definition_type and
// definition are required without extensions, statement and TLP content,
// the fixed TLP 1.0 and TLP 2.0 objects, and circular self-marking.
func checkMarkingDefinition(v *validator, n int32) {
	t := &v.t
	dt, hasDT := v.strOf(n, "definition_type")
	def := t.member(n, "definition")
	if !v.has(n, "extensions") {
		if !v.has(n, "definition_type") {
			v.errorAt("definition_type", "required property missing (no extensions)")
		}
		if def < 0 {
			v.errorAt("definition", "required property missing (no extensions)")
		}
	}
	if hasDT && def >= 0 && t.nodes[def].kind == nObject {
		v.pushName("definition")
		switch dt {
		case "statement":
			v.object(markingStatementSpec, def, false)
		case "tlp":
			v.object(markingTLPSpec, def, false)
		}
		v.pop()
	}
	if hasDT && dt == "tlp" {
		want, ok := tlp1ByID[v.id]
		color, _ := func() (string, bool) {
			if def < 0 || t.nodes[def].kind != nObject {
				return "", false
			}
			return v.strOf(def, "tlp")
		}()
		name, _ := v.strOf(n, "name")
		created, _ := v.strOf(n, "created")
		if !ok || want.level != color || want.name != name || created != tlp1Created {
			v.errorf("TLP marking definitions must be the standard objects of section 7.2.1.4")
		}
	}
	if ext := t.member(n, "extensions"); ext >= 0 && t.nodes[ext].kind == nObject {
		if tlp := t.member(ext, TLPv2ExtensionID); tlp >= 0 && t.nodes[tlp].kind == nObject {
			want, ok := tlp2ByID[v.id]
			level, _ := v.strOf(tlp, "tlp_2_0")
			name, _ := v.strOf(n, "name")
			if !ok || want.level != level || want.name != name {
				v.errorf("TLP 2.0 marking definitions must be the standard objects of the OASIS TLP 2.0 extension")
			}
		}
	}
	if refs := t.member(n, "object_marking_refs"); refs >= 0 && t.nodes[refs].kind == nArray {
		for e := refs + 1; e < t.nodes[refs].next; e = t.nodes[e].next {
			if t.is(e, v.id) {
				v.errorAt("object_marking_refs", "a marking definition must not mark itself")
			}
		}
	}
}
