package freetext

// markers are the bracketed defang forms, by the text between the brackets.
// dotAt marks those that may have a space on either side.
var markers = []struct {
	open, close byte
	inner       string // lower case
	out         string
	dotAt       bool
}{
	{'[', ']', ".", ".", true},
	{'[', ']', "dot", ".", true},
	{'(', ')', ".", ".", true},
	{'(', ')', "dot", ".", true},
	{'{', '}', ".", ".", true},
	{'{', '}', "dot", ".", true},
	{'[', ']', "at", "@", true},
	{'[', ']', "@", "@", true},
	{'(', ')', "at", "@", true},
	{'(', ')', "@", "@", true},
	{'{', '}', "at", "@", true},
	{'[', ']', ":", ":", false},
	{'[', ']', "://", "://", false},
	{'[', ']', "/", "/", false},
}

// marker reports the replacement for a bracketed defang form at the start of
// b and its length, or 0. With dotAtOnly only dot and at forms count.
func marker(b []byte, dotAtOnly bool) (string, int) {
	if len(b) < 3 {
		return "", 0
	}
	for _, m := range markers {
		if b[0] != m.open || (dotAtOnly && !m.dotAt) {
			continue
		}
		l := len(m.inner) + 2
		if len(b) < l || b[l-1] != m.close {
			continue
		}
		ok := true
		for k := 0; k < len(m.inner); k++ {
			if lowerByte(b[1+k]) != m.inner[k] {
				ok = false
				break
			}
		}
		if ok {
			return m.out, l
		}
	}
	return "", 0
}

// hxxpAt reports whether b starts with a defanged scheme: hxxp or hxxps (x
// in any case) followed by ':' or '['.
func hxxpAt(b []byte) bool {
	if len(b) < 5 || lowerByte(b[0]) != 'h' || lowerByte(b[1]) != 'x' || lowerByte(b[2]) != 'x' || lowerByte(b[3]) != 'p' {
		return false
	}
	c := b[4]
	if lowerByte(c) == 's' && len(b) > 5 {
		c = b[5]
	}
	return c == ':' || c == '['
}

func hasHxxp(b []byte) bool {
	for i := 0; i+5 <= len(b); i++ {
		if (b[i] == 'h' || b[i] == 'H') && hxxpAt(b[i:]) {
			return true
		}
	}
	return false
}

// refang writes the refanged form of raw to s.r, and to s.m and s.me where
// the raw bytes behind each byte of s.r start and end. It reports whether
// anything changed.
func (s *scanner) refang(raw []byte) bool {
	r, m, me := s.r[:0], s.m[:0], s.me[:0]
	changed := false
	for i := 0; i < len(raw); {
		c := raw[i]
		if class[c]&cOpen != 0 {
			if out, l := marker(raw[i:], false); l > 0 {
				start, end := i, i+l
				if out == "." || out == "@" {
					if n := len(r); n > 0 && r[n-1] == ' ' {
						start = int(m[n-1])
						r, m, me = r[:n-1], m[:n-1], me[:n-1]
					}
					if end < len(raw) && raw[end] == ' ' {
						end++
					}
				}
				for k := 0; k < len(out); k++ {
					r = append(r, out[k])
					m = append(m, int32(start))
					me = append(me, int32(end))
				}
				i = end
				changed = true
				continue
			}
		}
		if (c == 'h' || c == 'H') && (i == 0 || !isAlpha(raw[i-1])) && hxxpAt(raw[i:]) {
			for k := 0; k < 4; k++ {
				r = append(r, "http"[k])
				m = append(m, int32(i+k))
				me = append(me, int32(i+k+1))
			}
			i += 4
			changed = true
			continue
		}
		r = append(r, c)
		m = append(m, int32(i))
		me = append(me, int32(i+1))
		i++
	}
	s.r, s.m, s.me = r, m, me
	return changed
}
