package misp

import (
	"sort"
	"strconv"
	"strings"
)

// The way back: STIX comparisons (from an indicator's pattern, or made
// from observables by flatten) to MISP attribute types and object
// templates. The paths are the canonical ones this package writes.

// singlePaths maps the path of a one-comparison pattern to a MISP type.
var singlePaths = map[string]string{
	"ipv4-addr:value":                   "ip-dst",
	"ipv6-addr:value":                   "ip-dst",
	"domain-name:value":                 "domain",
	"url:value":                         "url",
	"email-addr:value":                  "email",
	"email-message:from_ref.value":      "email-src",
	"email-message:to_refs[*].value":    "email-dst",
	"email-message:subject":             "email-subject",
	"file:name":                         "filename",
	"windows-registry-key:key":          "regkey",
	"mutex:name":                        "mutex",
	"autonomous-system:number":          "AS",
	"mac-addr:value":                    "mac-address",
	userAgentPath:                       "user-agent",
	"x-fusion-user-agent:value":         "user-agent",
	"x-fusion-ja3:value":                "ja3-fingerprint-md5",
	"x509-certificate:hashes.MD5":       "x509-fingerprint-md5",
	"x509-certificate:hashes.'SHA-1'":   "x509-fingerprint-sha1",
	"x509-certificate:hashes.'SHA-256'": "x509-fingerprint-sha256",
	"x-fusion-iban:value":               "iban",
	"x-fusion-bic:value":                "bic",
	"x-fusion-btc:value":                "btc",
	"x-fusion-xmr:value":                "xmr",
	"x-fusion-card:value":               "cc-number",
	"x-fusion-bank-account:value":       "bank-account-nr",
	"x-fusion-phone:value":              "phone-number",
}

func init() {
	for t, a := range hashAlgos {
		singlePaths[hashPath("file", a.key)] = t
	}
}

// families maps the MISP type inferred from a STIX shape to the other
// types of the same shape; the x_misp_type hint picks among them.
var families = map[string][]string{
	"ip-dst": {"ip-src"},
	"domain": {"hostname"},
	"url":    {"uri", "link"},
	"email":  {"email-src", "email-dst"},
}

func sameFamily(hint, inferred string) bool {
	return containsStr(families[inferred], hint)
}

// xcmp is one comparison read back: canonical path and constant text.
type xcmp struct {
	path, value string
}

func cmpsByPath(cmps []xcmp) map[string][]string {
	m := map[string][]string{}
	for _, c := range cmps {
		m[c.path] = append(m[c.path], c.value)
	}
	return m
}

// attrOf finds the MISP attribute type and value for comparisons that
// describe one attribute; ok is false when they need an object.
func attrOf(cmps []xcmp, hint string) (typ, value string, ok bool) {
	if len(cmps) == 1 {
		t, known := singlePaths[cmps[0].path]
		if !known {
			return "", "", false
		}
		if hint != "" && sameFamily(hint, t) {
			t = hint
		}
		return t, cmps[0].value, true
	}
	m := cmpsByPath(cmps)
	only := func(paths ...string) bool {
		if len(m) != len(paths) {
			return false
		}
		for _, p := range paths {
			if len(m[p]) != 1 {
				return false
			}
		}
		return true
	}
	if len(cmps) == 2 {
		for t, a := range hashAlgos {
			hp := hashPath("file", a.key)
			if only("file:name", hp) {
				return "filename|" + t, m["file:name"][0] + "|" + m[hp][0], true
			}
		}
		if only("domain-name:value", "domain-name:resolves_to_refs[*].value") {
			return "domain|ip", m["domain-name:value"][0] + "|" + m["domain-name:resolves_to_refs[*].value"][0], true
		}
		if only("windows-registry-key:key", "windows-registry-key:values[*].data") {
			return "regkey|value", m["windows-registry-key:key"][0] + "|" + m["windows-registry-key:values[*].data"][0], true
		}
	}
	if len(cmps) == 3 {
		for _, dir := range [...]string{"src", "dst"} {
			p := "network-traffic:" + dir
			if only(p+"_ref.type", p+"_ref.value", p+"_port") {
				return "ip-" + dir + "|port", m[p+"_ref.value"][0] + "|" + m[p+"_port"][0], true
			}
		}
	}
	return "", "", false
}

// objectRelations maps, per template, a comparison path to the object
// relation and MISP type of the attribute that holds it.
var objectRelations = map[string]map[string][2]string{
	"file": {
		"file:name":                      {"filename", "filename"},
		"file:size":                      {"size-in-bytes", "size-in-bytes"},
		"file:mime_type":                 {"mimetype", "mime-type"},
		"file:parent_directory_ref.path": {"path", "text"},
	},
	"domain-ip": {
		"domain-name:value":                     {"domain", "domain"},
		"domain-name:resolves_to_refs[*].value": {"ip", "ip-dst"},
		"ipv4-addr:value":                       {"ip", "ip-dst"},
		"ipv6-addr:value":                       {"ip", "ip-dst"},
	},
	"ip-port": {
		"network-traffic:src_ref.value": {"ip-src", "ip-src"},
		"network-traffic:dst_ref.value": {"ip-dst", "ip-dst"},
		"network-traffic:src_port":      {"src-port", "port"},
		"network-traffic:dst_port":      {"dst-port", "port"},
		"network-traffic:protocols[*]":  {"protocol", "text"},
	},
	"network-connection": {
		"network-traffic:src_ref.value": {"ip-src", "ip-src"},
		"network-traffic:dst_ref.value": {"ip-dst", "ip-dst"},
		"network-traffic:src_port":      {"src-port", "port"},
		"network-traffic:dst_port":      {"dst-port", "port"},
		"network-traffic:protocols[*]":  {"layer4-protocol", "text"},
	},
	"url": {
		"url:value": {"url", "url"},
	},
	"email": {
		"email-message:from_ref.value":                      {"from", "email-src"},
		"email-message:to_refs[*].value":                    {"to", "email-dst"},
		"email-message:cc_refs[*].value":                    {"cc", "email-dst"},
		"email-message:subject":                             {"subject", "email-subject"},
		"email-message:message_id":                          {"message-id", "email-message-id"},
		"email-message:body":                                {"email-body", "email-body"},
		"email-message:additional_header_fields.'Reply-To'": {"reply-to", "email-reply-to"},
		"email-message:additional_header_fields.'X-Mailer'": {"x-mailer", "email-x-mailer"},
	},
	"registry-key": {
		"windows-registry-key:key":                 {"key", "regkey"},
		"windows-registry-key:values[*].name":      {"name", "text"},
		"windows-registry-key:values[*].data":      {"data", "text"},
		"windows-registry-key:values[*].data_type": {"data-type", "text"},
		"windows-registry-key:modified_time":       {"last-modified", "datetime"},
	},
	"x509": {
		"x509-certificate:hashes.MD5":                   {"x509-fingerprint-md5", "md5"},
		"x509-certificate:hashes.'SHA-1'":               {"x509-fingerprint-sha1", "sha1"},
		"x509-certificate:hashes.'SHA-256'":             {"x509-fingerprint-sha256", "sha256"},
		"x509-certificate:serial_number":                {"serial-number", "text"},
		"x509-certificate:version":                      {"version", "text"},
		"x509-certificate:issuer":                       {"issuer", "text"},
		"x509-certificate:subject":                      {"subject", "text"},
		"x509-certificate:signature_algorithm":          {"signature_algorithm", "text"},
		"x509-certificate:subject_public_key_algorithm": {"pubkey-info-algorithm", "text"},
		"x509-certificate:subject_public_key_modulus":   {"pubkey-info-modulus", "text"},
		"x509-certificate:subject_public_key_exponent":  {"pubkey-info-exponent", "text"},
		"x509-certificate:validity_not_before":          {"validity-not-before", "datetime"},
		"x509-certificate:validity_not_after":           {"validity-not-after", "datetime"},
		"x509-certificate:is_self_signed":               {"self_signed", "boolean"},
	},
}

func init() {
	for t, a := range hashAlgos {
		objectRelations["file"][hashPath("file", a.key)] = [2]string{t, t}
	}
}

// objectCategories is the category of an object's attributes by template.
var objectCategories = map[string]string{
	"file": "Payload delivery", "domain-ip": "Network activity", "ip-port": "Network activity",
	"network-connection": "Network activity", "url": "Network activity", "email": "Payload delivery",
	"registry-key": "Persistence mechanism", "x509": "Network activity",
}

// templateFor picks the object template for comparisons: the hint when it
// is known and every path fits it, else by the observable type.
func templateFor(cmps []xcmp, hint string) string {
	fits := func(t string) bool {
		rel := objectRelations[t]
		if rel == nil {
			return false
		}
		for _, c := range cmps {
			if _, ok := rel[c.path]; !ok && !strings.HasSuffix(c.path, "_ref.type") {
				return false
			}
		}
		return true
	}
	if hint != "" && fits(hint) {
		return hint
	}
	for _, t := range []string{"file", "domain-ip", "ip-port", "network-connection", "url", "email", "registry-key", "x509"} {
		if fits(t) {
			return t
		}
	}
	return ""
}

// xObjAttr is one attribute of an exported object.
type xObjAttr struct {
	rel, typ, value string
}

func objectAttrs(template string, cmps []xcmp) []xObjAttr {
	rel := objectRelations[template]
	var out []xObjAttr
	for _, c := range cmps {
		r, ok := rel[c.path]
		if !ok {
			continue // _ref.type: implied by the address
		}
		out = append(out, xObjAttr{rel: r[0], typ: r[1], value: c.value})
	}
	return out
}

// defaultCategory is a valid MISP category for an attribute type.
func defaultCategory(t string) string {
	switch {
	case strings.HasPrefix(t, "ip-"), t == "domain", t == "hostname", t == "domain|ip", t == "url", t == "uri",
		t == "AS", t == "mac-address", t == "user-agent", t == "ja3-fingerprint-md5", strings.HasPrefix(t, "x509-"), t == "snort":
		return "Network activity"
	case t == "regkey", t == "regkey|value", t == "mutex":
		return "Artifacts dropped"
	case t == "vulnerability", t == "link":
		return "External analysis"
	case t == "threat-actor", t == "campaign-name":
		return "Attribution"
	case t == "iban", t == "bic", t == "btc", t == "xmr", t == "cc-number", t == "bank-account-nr", t == "phone-number":
		return "Financial fraud"
	case t == "text", t == "comment":
		return "Other"
	case t == "yara", t == "sigma":
		return "Payload installation"
	}
	return "Payload delivery"
}

// flatten turns an observable (and the observables it refers to) into the
// comparisons an indicator of it would have, in the order this package
// writes them.
func flatten(id string, get func(id string) map[string]any) []xcmp {
	o := get(id)
	if o == nil {
		return nil
	}
	typ, _ := o["type"].(string)
	s := func(k string) (string, bool) { v, ok := o[k].(string); return v, ok && v != "" }
	var out []xcmp
	add := func(path, v string) { out = append(out, xcmp{path, v}) }
	refValue := func(ref any) (string, string) {
		rid, _ := ref.(string)
		r := get(rid)
		if r == nil {
			return "", ""
		}
		t, _ := r["type"].(string)
		v, _ := r["value"].(string)
		return t, v
	}
	switch typ {
	case "domain-name":
		if v, ok := s("value"); ok {
			add("domain-name:value", v)
		}
		refs, _ := o["resolves_to_refs"].([]any)
		for _, r := range refs {
			if _, v := refValue(r); v != "" {
				add("domain-name:resolves_to_refs[*].value", v)
			}
		}
	case "mutex":
		if v, ok := s("name"); ok {
			add("mutex:name", v)
		}
	case "autonomous-system":
		if n, ok := o["number"].(float64); ok {
			add("autonomous-system:number", strconv.FormatInt(int64(n), 10))
		}
	case "file":
		if v, ok := s("name"); ok {
			add("file:name", v)
		}
		h, _ := o["hashes"].(map[string]any)
		for _, rel := range fileHashRelations {
			key := hashAlgos[rel].key
			if v, ok := h[key].(string); ok {
				add(hashPath("file", key), v)
			}
		}
		if n, ok := o["size"].(float64); ok {
			add("file:size", strconv.FormatInt(int64(n), 10))
		}
		if v, ok := s("mime_type"); ok {
			add("file:mime_type", v)
		}
		if rid, ok := o["parent_directory_ref"].(string); ok {
			if d := get(rid); d != nil {
				if p, _ := d["path"].(string); p != "" {
					add("file:parent_directory_ref.path", p)
				}
			}
		}
	case "network-traffic":
		family := ""
		for _, dir := range [...]string{"src", "dst"} {
			if t, v := refValue(o[dir+"_ref"]); v != "" {
				add("network-traffic:"+dir+"_ref.type", t)
				add("network-traffic:"+dir+"_ref.value", v)
				family = t
			}
		}
		for _, dir := range [...]string{"src", "dst"} {
			if n, ok := o[dir+"_port"].(float64); ok {
				add("network-traffic:"+dir+"_port", strconv.FormatInt(int64(n), 10))
			}
		}
		protos, _ := o["protocols"].([]any)
		for _, p := range protos {
			if ps, _ := p.(string); ps != "" && !(len(protos) == 1 && len(family) > 4 && ps == family[:4]) {
				add("network-traffic:protocols[*]", ps)
			}
		}
	case "email-message":
		if _, v := refValue(o["from_ref"]); v != "" {
			add("email-message:from_ref.value", v)
		}
		for _, list := range [...]string{"to_refs", "cc_refs"} {
			refs, _ := o[list].([]any)
			for _, r := range refs {
				if _, v := refValue(r); v != "" {
					add("email-message:"+list+"[*].value", v)
				}
			}
		}
		for _, p := range [...]string{"subject", "message_id", "body"} {
			if v, ok := s(p); ok {
				add("email-message:"+p, v)
			}
		}
		if h, ok := o["additional_header_fields"].(map[string]any); ok {
			keys := make([]string, 0, len(h))
			for k := range h {
				keys = append(keys, k)
			}
			sort.Slice(keys, func(i, j int) bool { return headerOrder(keys[i]) < headerOrder(keys[j]) })
			for _, k := range keys {
				if v, ok := h[k].(string); ok {
					add("email-message:additional_header_fields.'"+k+"'", v)
				}
			}
		}
	case "windows-registry-key":
		if v, ok := s("key"); ok {
			add("windows-registry-key:key", v)
		}
		vals, _ := o["values"].([]any)
		for _, e := range vals {
			m, _ := e.(map[string]any)
			for _, p := range [...]string{"name", "data", "data_type"} {
				if v, ok := m[p].(string); ok && v != "" {
					add("windows-registry-key:values[*]."+p, v)
				}
			}
		}
		if v, ok := s("modified_time"); ok {
			add("windows-registry-key:modified_time", v)
		}
	case "x509-certificate":
		h, _ := o["hashes"].(map[string]any)
		for _, k := range [...]string{"MD5", "SHA-1", "SHA-256"} {
			if v, ok := h[k].(string); ok {
				add(hashPath("x509-certificate", k), v)
			}
		}
		for _, p := range [...]string{"serial_number", "version", "issuer", "subject", "signature_algorithm", "subject_public_key_algorithm", "subject_public_key_modulus"} {
			if v, ok := s(p); ok {
				add("x509-certificate:"+p, v)
			}
		}
		if n, ok := o["subject_public_key_exponent"].(float64); ok {
			add("x509-certificate:subject_public_key_exponent", strconv.FormatInt(int64(n), 10))
		}
		for _, p := range [...]string{"validity_not_before", "validity_not_after"} {
			if v, ok := s(p); ok {
				add("x509-certificate:"+p, v)
			}
		}
		if b, ok := o["is_self_signed"].(bool); ok {
			add("x509-certificate:is_self_signed", strconv.FormatBool(b))
		}
	default:
		if v, ok := s("value"); ok {
			add(typ+":value", v)
		}
	}
	return out
}

func headerOrder(k string) int {
	switch k {
	case "Reply-To":
		return 0
	case "X-Mailer":
		return 1
	}
	return 2
}
