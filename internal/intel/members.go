package intel

import (
	"encoding/json"

	"github.com/fusion-cti/fusion/internal/stix"
)

// props are the top-level members of one object, as JSON values aliasing
// the object's bytes (read with stix.Members, one scan).
type props struct {
	keys []string
	vals [][]byte
}

func (p *props) scan(raw []byte) error {
	p.keys, p.vals = p.keys[:0], p.vals[:0]
	return stix.Members(raw, func(k string, v []byte) {
		p.keys = append(p.keys, k)
		p.vals = append(p.vals, v)
	})
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
func (p *props) str(name string) string {
	s, _ := stix.String(p.get(name))
	return s
}

// strs returns the list-of-strings member name, or nil.
func (p *props) strs(name string) []string {
	v := p.get(name)
	if len(v) == 0 || v[0] != '[' {
		return nil
	}
	var out []string
	if json.Unmarshal(v, &out) != nil {
		return nil
	}
	return out
}
