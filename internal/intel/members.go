package intel

import (
	"bytes"
	"encoding/json"
)

// props are the top-level members of one object, as raw JSON values that
// alias the object's bytes. It is filled by a single scan over JSON that
// stix.Validate has already checked, so the scan only finds boundaries.
type props struct {
	keys []string
	vals [][]byte
}

// scan fills p with the members of the JSON object raw. raw must be
// well-formed JSON; scan stops quietly at anything unexpected.
func (p *props) scan(raw []byte) {
	p.keys, p.vals = p.keys[:0], p.vals[:0]
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return
	}
	i++
	for {
		i = skipWS(raw, i)
		if i >= len(raw) || raw[i] != '"' {
			return
		}
		end := stringEnd(raw, i)
		key := raw[i+1 : end-1]
		i = skipWS(raw, end)
		if i >= len(raw) || raw[i] != ':' {
			return
		}
		i = skipWS(raw, i+1)
		vend := valueEnd(raw, i)
		if vend <= i {
			return
		}
		p.keys = append(p.keys, string(key))
		p.vals = append(p.vals, raw[i:vend])
		i = skipWS(raw, vend)
		if i >= len(raw) || raw[i] != ',' {
			return
		}
		i++
	}
}

func (p *props) get(name string) []byte {
	for i, k := range p.keys {
		if k == name {
			return p.vals[i]
		}
	}
	return nil
}

// str returns the string member name, unescaped, or "".
func (p *props) str(name string) string { return jsonString(p.get(name)) }

// strs returns the members of the array of strings name.
func (p *props) strs(name string) []string {
	v := p.get(name)
	if len(v) < 2 || v[0] != '[' {
		return nil
	}
	var out []string
	i := 1
	for {
		i = skipWS(v, i)
		if i >= len(v) || v[i] != '"' {
			return out
		}
		end := stringEnd(v, i)
		out = append(out, jsonString(v[i:end]))
		i = skipWS(v, end)
		if i >= len(v) || v[i] != ',' {
			return out
		}
		i++
	}
}

func jsonString(v []byte) string {
	if len(v) < 2 || v[0] != '"' {
		return ""
	}
	if bytes.IndexByte(v, '\\') < 0 {
		return string(v[1 : len(v)-1])
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return ""
	}
	return s
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// stringEnd returns the index after the string starting at b[i] == '"'.
func stringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// valueEnd returns the index after the value starting at b[i].
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = stringEnd(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(b)
	}
	for ; i < len(b); i++ {
		switch b[i] {
		case ',', '}', ']', ' ', '\n', '\r', '\t':
			return i
		}
	}
	return i
}
