package warninglist

import (
	"cmp"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Hit is one entry of one list that a value matches.
type Hit struct {
	List  string // the list's ID
	Entry string // the entry, as written in the list
}

// Set is a collection of lists compiled for matching. The zero Set is empty
// and ready to use. Match may run concurrently with itself and with Add.
type Set struct {
	mu    sync.Mutex // guards lists and rebuilding
	lists []*List
	c     atomic.Pointer[compiled] // nil when lists changed since the last build
}

// Add adds a list to the set, replacing one with the same ID (in place,
// keeping its position). A list built by hand rather than by Parse gets its
// Entries, Skipped and Unmapped filled here. The list must not be changed
// afterwards, nor added to two sets at once before it was prepared. Adding is
// cheap; the next Match rebuilds the set once.
func (s *Set) Add(l *List) {
	if l == nil {
		return
	}
	l.prepare()
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := slices.IndexFunc(s.lists, func(o *List) bool { return o.ID == l.ID }); i >= 0 {
		s.lists[i] = l
	} else {
		s.lists = append(s.lists, l)
	}
	s.c.Store(nil)
}

// Lists returns the lists of the set, in order.
func (s *Set) Lists() []*List {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.lists)
}

// List returns the list with the given ID, or nil.
func (s *Set) List(id string) *List {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.lists {
		if l.ID == id {
			return l
		}
	}
	return nil
}

// ref is one entry of one list under a string-map key.
type ref struct {
	entry string
	list  int32
	mode  uint8
}

// regexEntry is one usable regex entry.
type regexEntry struct {
	re    *regexp.Regexp
	entry string
	list  int32
}

// compiled is an immutable build of the set's lists.
type compiled struct {
	ids   []string
	masks []classMask // per list: the classes it applies to

	strs     map[string][]ref // string and hostname entries
	subs     *automaton       // substring entries
	subRefs  [][]ref          // per automaton pattern
	subsHex  *automaton       // the entries written with addressBytes only
	hexPids  []int32          // subsHex pattern → subs pattern
	v4, v6   cidrTable
	regexes  []regexEntry
	strMask  classMask // classes some string or hostname list applies to
	subMask  classMask
	cidrMask classMask
	reMask   classMask
}

func (s *Set) compiled() *compiled {
	if c := s.c.Load(); c != nil {
		return c
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.c.Load(); c != nil {
		return c
	}
	c := build(s.lists)
	s.c.Store(c)
	return c
}

// build compiles lists.
func build(lists []*List) *compiled {
	nstr := 0
	for _, l := range lists {
		if l.Type == TypeString || l.Type == TypeHostname {
			nstr += len(l.Values)
		}
	}
	c := &compiled{
		ids:   make([]string, len(lists)),
		masks: make([]classMask, len(lists)),
		strs:  make(map[string][]ref, nstr),
		v4:    cidrTable{width: 32},
		v6:    cidrTable{width: 128},
	}
	subIndex := make(map[string]int32)
	var subPatterns []string
	for i, l := range lists {
		li := int32(i)
		c.ids[i], c.masks[i] = l.ID, l.mask
		if l.mask == 0 {
			continue // applies to no Fusion kind
		}
		switch l.Type {
		case TypeString, TypeHostname:
			c.strMask |= l.mask
			for _, v := range l.Values {
				var k string
				var mode uint8
				var reason string
				if l.Type == TypeString {
					k, mode, reason = stringKey(v)
				} else {
					k, reason = hostnameKey(v)
					mode = modeHost
				}
				if reason == "" {
					c.strs[k] = append(c.strs[k], ref{entry: v, list: li, mode: mode})
				}
			}
		case TypeSubstring:
			c.subMask |= l.mask
			for _, v := range l.Values {
				k, reason := substringKey(v)
				if reason != "" {
					continue
				}
				pid, ok := subIndex[k]
				if !ok {
					pid = int32(len(subPatterns))
					subIndex[k] = pid
					subPatterns = append(subPatterns, k)
					c.subRefs = append(c.subRefs, nil)
				}
				c.subRefs[pid] = append(c.subRefs[pid], ref{entry: v, list: li})
			}
		case TypeCIDR:
			c.cidrMask |= l.mask
			for _, v := range l.Values {
				p, reason := cidrKey(v)
				if reason != "" {
					continue
				}
				a := p.Addr()
				if a.Is4() {
					c.v4.add(li, p, v)
					continue
				}
				c.v6.add(li, p, v)
				if a.Is4In6() && p.Bits() > 96 {
					c.v4.add(li, netip.PrefixFrom(a.Unmap(), p.Bits()-96), v)
				}
			}
		case TypeRegex:
			c.reMask |= l.mask
			for j, re := range l.regexes {
				c.regexes = append(c.regexes, regexEntry{re: re, entry: l.reValues[j], list: li})
			}
		}
	}
	if len(subPatterns) > 0 {
		c.subs = newAutomaton(subPatterns)
		// Addresses and hashes are written with few bytes: most entries
		// cannot occur in them, and a small automaton is faster.
		var hex []string
		for pid, p := range subPatterns {
			if onlyAddressBytes(p) {
				hex = append(hex, p)
				c.hexPids = append(c.hexPids, int32(pid))
			}
		}
		c.subsHex = newAutomaton(hex)
	}
	c.v4.build()
	c.v6.build()
	return c
}

// hitRef is a hit before it is named.
type hitRef struct {
	list  int32
	entry string
}

// Match returns the entries of the lists that apply to kind which value
// matches (see the package documentation for the rules), or nil.
func (s *Set) Match(kind, value string) []Hit {
	c := s.compiled()
	cl := kindClass(kind)
	bit := cl.bit()
	if (c.strMask|c.subMask|c.cidrMask|c.reMask)&bit == 0 {
		return nil
	}
	var buf [8]hitRef
	hits := buf[:0]
	applies := func(list int32) bool { return c.masks[list]&bit != 0 }

	lower, addressBytes := lowerCase(strings.TrimSpace(value))
	whole := strings.TrimRight(lower, ".")
	host, walk := hostOf(cl, whole)

	var ip netip.Prefix
	ipOK := false
	switch {
	case cl == clIP:
		// String entries are compared with the canonical address.
		host, walk = "", false
		if ip, ipOK = parseIP(whole); ipOK && ip.IsSingleIP() {
			var b [64]byte
			if t := ip.Addr().AppendTo(b[:0]); string(t) == whole {
				host = whole
			} else {
				host = string(t)
			}
		}
	case (cl == clDomain || cl == clURL || cl == clEmail || cl == clOther) && host != "" &&
		(strings.IndexByte(host, ':') >= 0 || '0' <= host[0] && host[0] <= '9'):
		if ip, ipOK = parseIP(host); ipOK {
			walk = false // an IP literal has no parent domains
		}
	}

	if c.strMask&bit != 0 {
		if whole != host {
			for _, r := range c.strs[whole] {
				if r.mode == modeExact && applies(r.list) {
					hits = append(hits, hitRef{r.list, r.entry})
				}
			}
		}
		if host != "" {
			for _, r := range c.strs[host] {
				if r.mode != modeSub && applies(r.list) {
					hits = append(hits, hitRef{r.list, r.entry})
				}
			}
			for h := host; walk; {
				i := strings.IndexByte(h, '.')
				if i < 0 {
					break
				}
				h = h[i+1:]
				for _, r := range c.strs[h] {
					if r.mode != modeExact && applies(r.list) {
						hits = append(hits, hitRef{r.list, r.entry})
					}
				}
			}
		}
	}

	if c.subMask&bit != 0 && c.subs != nil {
		var pbuf [8]int32
		var pids []int32
		if addressBytes {
			pids = c.subsHex.scan(lower, pbuf[:0])
			for i, p := range pids {
				pids[i] = c.hexPids[p]
			}
		} else {
			pids = c.subs.scan(lower, pbuf[:0])
		}
		for _, pid := range pids {
			for _, r := range c.subRefs[pid] {
				if applies(r.list) {
					hits = append(hits, hitRef{r.list, r.entry})
				}
			}
		}
	}

	if c.cidrMask&bit != 0 && ipOK {
		a, bits := ip.Addr(), ip.Bits()
		t := &c.v6
		if a.Is4() {
			t = &c.v4
		}
		for _, i := range t.segment(key(a)) {
			if e := &t.entries[i]; int(e.bits) <= bits && applies(e.list) {
				hits = append(hits, hitRef{e.list, e.entry})
			}
		}
		if a.Is4In6() && bits >= 96 {
			for _, i := range c.v4.segment(key(a.Unmap())) {
				if e := &c.v4.entries[i]; int(e.bits) <= bits-96 && applies(e.list) {
					hits = append(hits, hitRef{e.list, e.entry})
				}
			}
		}
	}

	if c.reMask&bit != 0 {
		for _, r := range c.regexes {
			if applies(r.list) && r.re.MatchString(value) {
				hits = append(hits, hitRef{r.list, r.entry})
			}
		}
	}

	switch len(hits) {
	case 0:
		return nil
	case 1:
		return []Hit{{List: c.ids[hits[0].list], Entry: hits[0].entry}}
	}
	slices.SortFunc(hits, func(a, b hitRef) int {
		if c := cmp.Compare(a.list, b.list); c != 0 {
			return c
		}
		return strings.Compare(a.entry, b.entry)
	})
	hits = slices.Compact(hits)
	out := make([]Hit, len(hits))
	for i, h := range hits {
		out[i] = Hit{List: c.ids[h.list], Entry: h.entry}
	}
	return out
}

// Byte properties, for lowerCase.
const (
	byteUpper      = 1 << iota // A-Z
	byteNotAddress             // not in 0-9 a-f . : | / [ ] %
	byteNonASCII
)

var byteProps = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= 0x80:
			t[c] = byteNonASCII | byteNotAddress
		case 'A' <= c && c <= 'Z':
			t[c] = byteUpper | byteNotAddress
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', strings.IndexByte(".:|/[]%", byte(c)) >= 0:
		default:
			t[c] = byteNotAddress
		}
	}
	return t
}()

// lowerCase returns s in lower case, as strings.ToLower does but without
// copying a string that is lower case already, and whether the result is
// written only with the bytes of lower-case IP addresses, ports and hex
// digests (0-9 a-f . : | / [ ] %), which few substring entries are.
func lowerCase(s string) (string, bool) {
	var acc uint8
	for i := 0; i < len(s); i++ {
		acc |= byteProps[s[i]]
	}
	if acc&(byteUpper|byteNonASCII) != 0 {
		s = strings.ToLower(s)
		acc = 0
		for i := 0; i < len(s); i++ {
			acc |= byteProps[s[i]]
		}
	}
	return s, acc&byteNotAddress == 0
}

// onlyAddressBytes reports whether s is written only with the bytes
// lowerCase calls address bytes.
func onlyAddressBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		if byteProps[s[i]]&byteNotAddress != 0 {
			return false
		}
	}
	return true
}

// hostOf returns the host of a lower-cased, trimmed value of a class, and
// whether its label suffixes should be looked up too.
func hostOf(cl class, v string) (string, bool) {
	switch cl {
	case clURL:
		v = urlHost(v)
	case clEmail:
		if i := strings.LastIndexByte(v, '@'); i >= 0 {
			v = v[i+1:]
		}
	}
	v = strings.TrimRight(v, ".")
	return v, v != ""
}

// urlHost returns the host of a URL: the authority after "scheme://" or
// "//" (or the text before the first '/', '?' or '#' when there is none),
// without user info, port or IPv6 brackets.
func urlHost(s string) string {
	if i := strings.Index(s, "://"); i > 0 && isScheme(s[:i]) {
		s = s[i+3:]
	} else {
		s = strings.TrimPrefix(s, "//")
	}
	if i := strings.IndexAny(s, "/?#\\"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if strings.HasPrefix(s, "[") {
		if i := strings.IndexByte(s, ']'); i >= 0 {
			return s[1:i]
		}
		return s[1:]
	}
	if i := strings.IndexByte(s, ':'); i >= 0 && strings.IndexByte(s[i+1:], ':') < 0 {
		s = s[:i] // a port; several colons are a bare IPv6 address
	}
	return s
}

// isScheme reports whether s is a URL scheme (RFC 3986).
func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' ||
			i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return s != ""
}
