package misp

import (
	"bytes"
)

// Detect reports whether head (the first bytes of an input, at most 4 KiB)
// looks like MISP: {"Event": …}, {"response": […]}, a list of {"Event": …},
// or a feed's manifest.json (an object keyed by event uuid whose values
// carry "info" and "Orgc").
func Detect(head []byte) bool {
	b := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(b) == 0 {
		return false
	}
	if b[0] == '[' {
		b = bytes.TrimLeft(b[1:], " \t\r\n")
		if len(b) == 0 || b[0] != '{' {
			return false
		}
		return firstKey(b) == "Event"
	}
	if b[0] != '{' {
		return false
	}
	switch k := firstKey(b); {
	case k == "Event" || k == "response":
		return true
	case len(k) == 36 && k[8] == '-' && k[13] == '-' && k[18] == '-' && k[23] == '-':
		// manifest.json: {"<uuid>": {"info": …, "Orgc": …, "timestamp": …}}
		return bytes.Contains(b, []byte(`"info"`)) && (bytes.Contains(b, []byte(`"Orgc"`)) || bytes.Contains(b, []byte(`"timestamp"`)))
	}
	return false
}

// firstKey returns the first member name of the object b starts with.
func firstKey(b []byte) string {
	b = bytes.TrimLeft(b[1:], " \t\r\n")
	if len(b) == 0 || b[0] != '"' {
		return ""
	}
	end := bytes.IndexByte(b[1:], '"')
	if end < 0 || end > 64 {
		return ""
	}
	return string(b[1 : 1+end])
}
