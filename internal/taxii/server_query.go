package taxii

// This file reads the URL parameters of the TAXII server's endpoints
// (section 3.4 of the specification) into a store.Filter.

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/stix"
	"github.com/fusion-cti/fusion/internal/store"
)

// srvParams is a set of URL parameters an endpoint takes; the others are
// ignored.
type srvParams uint

const (
	srvAddedAfter srvParams = 1 << iota
	srvLimit
	srvNext
	srvMatchID
	srvMatchType
	srvMatchVersion
	srvMatchSpecVersion

	srvPaging         = srvAddedAfter | srvLimit | srvNext
	srvObjectsParams  = srvPaging | srvMatchID | srvMatchType | srvMatchVersion | srvMatchSpecVersion
	srvObjectParams   = srvPaging | srvMatchVersion | srvMatchSpecVersion
	srvVersionsParams = srvPaging | srvMatchSpecVersion
	srvDeleteParams   = srvMatchVersion | srvMatchSpecVersion
)

// filter reads the parameters in take from r into a filter. Versions is
// sel when match[version] is absent. Malformed values are a 400.
func (s *Server) filter(r *http.Request, take srvParams, sel store.Versions) (store.Filter, error) {
	q := r.URL.Query()
	f := store.Filter{Versions: sel, Limit: s.defLimit}
	if take&srvAddedAfter != 0 {
		if v, ok, err := srvOne(q, "added_after"); err != nil {
			return f, err
		} else if ok {
			t, err := stix.ParseTime(v)
			if err != nil {
				return f, srvErrorf(http.StatusBadRequest, "added_after=%q: %v (want a timestamp such as 2026-01-02T03:04:05.123456Z)", v, err)
			}
			f.AddedAfter = t
		}
	}
	if take&srvLimit != 0 {
		if v, ok, err := srvOne(q, "limit"); err != nil {
			return f, err
		} else if ok {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return f, srvErrorf(http.StatusBadRequest, "limit=%q: want a positive integer (this server returns at most %d objects a page)", v, s.maxLimit)
			}
			f.Limit = min(n, s.maxLimit)
		}
	}
	if take&srvNext != 0 {
		if v, ok, err := srvOne(q, "next"); err != nil {
			return f, err
		} else if ok {
			us, err := strconv.ParseInt(v, 10, 64)
			if err != nil || us <= 0 {
				return f, srvErrorf(http.StatusBadRequest, "next=%q: not a token this server gave (use the next value of the previous page)", v)
			}
			f.After = store.FromMicros(us)
		}
	}
	if take&srvMatchID != 0 {
		ids, err := srvList(q, "match[id]")
		if err != nil {
			return f, err
		}
		for _, id := range ids {
			if !srvIsID(id) {
				return f, srvErrorf(http.StatusBadRequest, "match[id]=%q: not a STIX id (want type--UUID)", id)
			}
		}
		f.IDs = ids
	}
	if take&srvMatchType != 0 {
		types, err := srvList(q, "match[type]")
		if err != nil {
			return f, err
		}
		for _, t := range types {
			if !srvIsType(t) {
				return f, srvErrorf(http.StatusBadRequest, "match[type]=%q: not a STIX type (3 to 250 lower-case letters, digits and '-')", t)
			}
		}
		f.Types = types
	}
	if take&srvMatchVersion != 0 {
		vs, err := srvList(q, "match[version]")
		if err != nil {
			return f, err
		}
		if len(vs) > 0 {
			sel, err := intel.ParseVersions(strings.Join(vs, ","))
			if err != nil {
				return f, srvErrorf(http.StatusBadRequest, "match[version]=%v", err)
			}
			f.Versions = sel
		}
	}
	if take&srvMatchSpecVersion != 0 {
		svs, err := srvList(q, "match[spec_version]")
		if err != nil {
			return f, err
		}
		for _, sv := range svs {
			if !srvIsSpecVersion(sv) {
				return f, srvErrorf(http.StatusBadRequest, "match[spec_version]=%q: want a version such as 2.1", sv)
			}
			f.SpecVersions = append(f.SpecVersions, sv)
			if sv == "2.1" {
				// SCOs may omit spec_version; theirs is then 2.1.
				f.SpecVersions = append(f.SpecVersions, "")
			}
		}
		// Without the parameter every version is listed: the store keeps
		// STIX 2.1 only, the latest spec version of every object.
	}
	return f, nil
}

// srvOne returns the value of a parameter given at most once.
func srvOne(q url.Values, name string) (string, bool, error) {
	vs := q[name]
	switch {
	case len(vs) == 0:
		return "", false, nil
	case len(vs) > 1:
		return "", false, srvErrorf(http.StatusBadRequest, "%s is given %d times: give it once", name, len(vs))
	case vs[0] == "":
		return "", false, srvErrorf(http.StatusBadRequest, "%s is empty", name)
	}
	return vs[0], true, nil
}

// srvList returns the comma-separated values of a parameter, which may be
// given several times.
func srvList(q url.Values, name string) ([]string, error) {
	var out []string
	for _, v := range q[name] {
		for part := range strings.SplitSeq(v, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				return nil, srvErrorf(http.StatusBadRequest, "%s=%q: empty value", name, v)
			}
			out = append(out, part)
		}
	}
	return out, nil
}

// srvIsType reports whether t is shaped like a STIX object type.
func srvIsType(t string) bool {
	if len(t) < 3 || len(t) > 250 {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return t[0] != '-' && t[len(t)-1] != '-'
}

// srvIsID reports whether id is shaped like a STIX identifier:
// type--UUID.
func srvIsID(id string) bool {
	i := strings.Index(id, "--")
	if i < 0 || !srvIsType(id[:i]) {
		return false
	}
	u := id[i+2:]
	if len(u) != 36 {
		return false
	}
	for j := 0; j < len(u); j++ {
		c := u[j]
		switch j {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// srvIsSpecVersion reports whether v looks like a STIX spec version
// (digits.digits).
func srvIsSpecVersion(v string) bool {
	major, minor, ok := strings.Cut(v, ".")
	return ok && srvDigits(major) && srvDigits(minor)
}

func srvDigits(s string) bool {
	if s == "" || len(s) > 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
