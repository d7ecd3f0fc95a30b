package misp

import (
	"github.com/google/uuid"
)

// sco is one cyber-observable object under construction: its type and its
// properties in the order they are written. Its id is deterministic
// (STIX 2.1 section 2.9), so the same value seen in many events is one
// object.
type sco struct {
	typ   string
	props []kv
	id    string
}

// idContributing lists the ID contributing properties of the observable
// types this package writes (STIX 2.1 section 6), and "value" for Fusion's
// custom x-fusion-* types.
var idContributing = map[string][]string{
	"autonomous-system":    {"number"},
	"domain-name":          {"value"},
	"email-addr":           {"value"},
	"email-message":        {"from_ref", "subject", "body"},
	"file":                 {"hashes", "name", "extensions", "parent_directory_ref"},
	"ipv4-addr":            {"value"},
	"ipv6-addr":            {"value"},
	"mac-addr":             {"value"},
	"mutex":                {"name"},
	"network-traffic":      {"start", "end", "src_ref", "dst_ref", "src_port", "dst_port", "protocols", "extensions"},
	"url":                  {"value"},
	"windows-registry-key": {"key", "values"},
	"x509-certificate":     {"hashes", "serial_number"},
}

func newSCO(typ string, props ...kv) *sco {
	s := &sco{typ: typ, props: props}
	s.id = s.computeID()
	return s
}

// computeID derives the UUIDv5 of the ID contributing properties in
// RFC 8785 canonical form. Of "hashes" one entry counts: the first of MD5,
// SHA-1, SHA-256, SHA-512 present, else the key that sorts first.
func (s *sco) computeID() string {
	names := idContributing[s.typ]
	if names == nil {
		names = []string{"value"}
	}
	var name []kv
	for _, n := range names {
		for _, p := range s.props {
			if p.k != n {
				continue
			}
			v := p.v
			if n == "hashes" && len(v.obj) > 1 {
				v = jobj(chooseHash(v.obj))
			}
			name = append(name, kv{n, v})
		}
	}
	canon := appendJV(make([]byte, 0, 96), jobj(name...), true)
	return s.typ + "--" + uuid.NewSHA1(scoNamespace, canon).String()
}

func chooseHash(h []kv) kv {
	for _, want := range [...]string{"MD5", "SHA-1", "SHA-256", "SHA-512"} {
		for _, m := range h {
			if m.k == want {
				return m
			}
		}
	}
	first := h[0]
	for _, m := range h[1:] {
		if m.k < first.k {
			first = m
		}
	}
	return first
}

// get returns the value of property k.
func (s *sco) get(k string) (jv, bool) {
	for _, p := range s.props {
		if p.k == k {
			return p.v, true
		}
	}
	return jv{}, false
}
