package taxii

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Query holds the URL filters of the objects, object, manifest, versions
// and delete endpoints (TAXII 2.1 section 3.4). Zero fields are not sent.
// Several values in one field are sent comma-separated in one parameter, as
// the specification says; a value may therefore not contain a comma.
// Setting a filter the endpoint does not take is an error, not a silent
// widening of the request.
type Query struct {
	// AddedAfter asks for objects added after this time; it is sent in UTC
	// to the microsecond (truncated, which can only repeat objects, never
	// skip them).
	AddedAfter time.Time
	// Limit asks for at most this many objects per page; 0 leaves it to
	// the server.
	Limit int
	// Next is the server's paging token from a previous page.
	Next string
	// IDs is match[id]: STIX ids.
	IDs []string
	// Types is match[type]: STIX types ("indicator", ...).
	Types []string
	// Versions is match[version]: "first", "last", "all" or timestamps
	// (written in the strict form; any sub-microsecond digits are kept so
	// that a version still matches exactly). The server default is "last".
	Versions []string
	// SpecVersions is match[spec_version]: "2.0", "2.1", ...
	SpecVersions []string
}

// clientQueryParams is the set of parameters an endpoint takes.
type clientQueryParams uint

const (
	clientParamAddedAfter clientQueryParams = 1 << iota
	clientParamLimit
	clientParamNext
	clientParamID
	clientParamType
	clientParamVersion
	clientParamSpecVersion

	clientQueryObjects  = clientParamAddedAfter | clientParamLimit | clientParamNext | clientParamID | clientParamType | clientParamVersion | clientParamSpecVersion
	clientQueryObject   = clientParamAddedAfter | clientParamLimit | clientParamNext | clientParamVersion | clientParamSpecVersion
	clientQueryVersions = clientParamAddedAfter | clientParamLimit | clientParamNext | clientParamSpecVersion
	clientQueryDelete   = clientParamVersion | clientParamSpecVersion
)

// clientWithQuery appends q's parameters to the URL u.
func clientWithQuery(u string, q Query, allowed clientQueryParams) (string, error) {
	raw, err := clientEncodeQuery(q, allowed)
	if err != nil || raw == "" {
		return u, err
	}
	return u + "?" + raw, nil
}

// clientEncodeQuery writes the query string, parameters in a fixed order,
// brackets and separating commas literal, each value escaped.
func clientEncodeQuery(q Query, allowed clientQueryParams) (string, error) {
	var parts []string
	add := func(p clientQueryParams, name, value string) error {
		if allowed&p == 0 {
			return fmt.Errorf("taxii: query: %s is not a filter of this endpoint", name)
		}
		parts = append(parts, name+"="+value)
		return nil
	}
	if !q.AddedAfter.IsZero() {
		if err := add(clientParamAddedAfter, "added_after", clientEscapeValue(clientFormatMicro(q.AddedAfter))); err != nil {
			return "", err
		}
	}
	if q.Limit < 0 {
		return "", fmt.Errorf("taxii: query: limit %d: want a positive number, or 0 for the server's default", q.Limit)
	}
	if q.Limit > 0 {
		if err := add(clientParamLimit, "limit", strconv.Itoa(q.Limit)); err != nil {
			return "", err
		}
	}
	if q.Next != "" {
		if err := add(clientParamNext, "next", clientEscapeValue(q.Next)); err != nil {
			return "", err
		}
	}
	lists := []struct {
		p    clientQueryParams
		name string
		vals []string
		norm func(string) (string, error)
	}{
		{clientParamID, "match[id]", q.IDs, nil},
		{clientParamType, "match[type]", q.Types, nil},
		{clientParamVersion, "match[version]", q.Versions, clientNormVersion},
		{clientParamSpecVersion, "match[spec_version]", q.SpecVersions, nil},
	}
	for _, l := range lists {
		if len(l.vals) == 0 {
			continue
		}
		esc := make([]string, len(l.vals))
		for i, v := range l.vals {
			v = strings.TrimSpace(v)
			if v == "" || strings.Contains(v, ",") {
				return "", fmt.Errorf("taxii: query: %s value %q: want a non-empty value without commas", l.name, l.vals[i])
			}
			if l.norm != nil {
				var err error
				if v, err = l.norm(v); err != nil {
					return "", fmt.Errorf("taxii: query: %s: %w", l.name, err)
				}
			}
			esc[i] = clientEscapeValue(v)
		}
		if err := add(l.p, l.name, strings.Join(esc, ",")); err != nil {
			return "", err
		}
	}
	return strings.Join(parts, "&"), nil
}

// clientNormVersion accepts first, last, all (any case) or a timestamp.
func clientNormVersion(v string) (string, error) {
	switch k := strings.ToLower(v); k {
	case "first", "last", "all":
		return k, nil
	}
	t, err := clientParseTime(v)
	if err != nil {
		return "", errors.New(`want "first", "last", "all" or a timestamp: ` + err.Error())
	}
	return clientFormatTime(t), nil
}

// clientEscapeValue escapes a query value, leaving ':' readable.
func clientEscapeValue(v string) string {
	return strings.ReplaceAll(url.QueryEscape(v), "%3A", ":")
}
