package stix

import "bytes"

// Members calls fn with each top-level member of the JSON object raw, in
// order: the key unescaped, and the value's JSON text (aliasing raw). It
// returns an error, without calling fn further, at malformed JSON or when
// raw is not an object. It is a scan, not a decode: cheap enough to run on
// every object of an ingest after Validate.
func Members(raw []byte, fn func(key string, value []byte)) error {
	var s scanner
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return errNotObject
	}
	i = s.skipWS(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return nil
	}
	for {
		keyEnd, esc, err := scanString(raw, i)
		if err != nil || i >= len(raw) || raw[i] != '"' {
			return newSyntaxError(raw, i, "looking for beginning of object key string")
		}
		key := raw[i+1 : keyEnd-1]
		start, err := s.objectKey(raw, i)
		if err != nil {
			return syntaxErrorAt(raw, err)
		}
		end, err := s.value(raw, start)
		if err != nil {
			return syntaxErrorAt(raw, err)
		}
		if esc {
			fn(unquote(key), raw[start:end])
		} else {
			fn(string(key), raw[start:end])
		}
		i = s.skipWS(raw, end)
		switch {
		case i < len(raw) && raw[i] == ',':
			i = s.skipWS(raw, i+1)
		case i < len(raw) && raw[i] == '}':
			return nil
		default:
			return newSyntaxError(raw, i, "after object key:value pair")
		}
	}
}

// String returns the JSON string value v unescaped; ok is false when v is
// not a JSON string.
func String(v []byte) (s string, ok bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	body := v[1 : len(v)-1]
	if bytes.IndexByte(body, '\\') < 0 {
		return string(body), true
	}
	return unquote(body), true
}
