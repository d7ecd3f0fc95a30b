package freetext

import (
	"bytes"
	"net/netip"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// nonPublic lists the address ranges flagged Private (IANA special-purpose
// registries: not globally reachable, documentation, multicast, reserved).
var nonPublic = func() []netip.Prefix {
	var ps []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
		"172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
		"198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
		"::/128", "::1/128", "100::/64", "2001::/23", "2001:db8::/32", "3fff::/20",
		"fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
	} {
		ps = append(ps, netip.MustParsePrefix(s))
	}
	return ps
}()

var nat64 = netip.MustParsePrefix("64:ff9b::/96")

func ipFlags(a netip.Addr) Flag {
	a = a.Unmap()
	for _, p := range nonPublic {
		if p.Contains(a) {
			return Private
		}
	}
	if a.Is6() {
		// NAT64 and 6to4 carry an IPv4 address: flag it as that address is.
		b := a.As16()
		switch {
		case nat64.Contains(a):
			return ipFlags(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
		case b[0] == 0x20 && b[1] == 0x02:
			return ipFlags(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}))
		}
	}
	return 0
}

// parseIPv4 parses four decimal octets without leading zeros.
func parseIPv4(b []byte) (netip.Addr, bool) {
	var ip [4]byte
	k := 0
	for i := 0; i < 4; i++ {
		if i > 0 {
			if k >= len(b) || b[k] != '.' {
				return netip.Addr{}, false
			}
			k++
		}
		st := k
		v := 0
		for k < len(b) && isDigit(b[k]) && k-st < 3 {
			v = v*10 + int(b[k]-'0')
			k++
		}
		if k == st || v > 255 || (b[st] == '0' && k-st > 1) {
			return netip.Addr{}, false
		}
		ip[i] = byte(v)
	}
	if k != len(b) {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4(ip), true
}

// versionWords are the words that make a dotted number a version string.
var versionWords = []string{
	"version", "versions", "ver", "v", "build", "builds", "release", "released", "releases",
	"rev", "revision", "firmware", "fw", "patch", "patched", "kernel", "driver", "drivers",
	"upgrade", "upgraded", "upgrades", "downgrade", "downgraded", "sp", "rc", "beta", "alpha",
	"bump", "bumped", "changelog",
}

var connectorWords = []string{"and", "or", "to", "through", "thru", "till", "until", "vs", "from"}

func isWordIn(w []byte, words []string) bool {
	for _, v := range words {
		if len(v) != len(w) {
			continue
		}
		ok := true
		for k := range w {
			if lowerByte(w[k]) != v[k] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// versionBefore reports whether the dotted number at buffer index i is in a
// version context: a version word among the three words before it on its
// line (within 48 bytes; words are runs of letters and digits, and runs of
// digits alone do not count), or right after another version string.
func (s *scanner) versionBefore(i int) bool {
	if s.lastVersionEnd >= 0 {
		le := int(s.lastVersionEnd - s.base)
		if le >= 0 && le <= i && i-le <= 24 && connectorsOnly(s.buf[le:i]) {
			return true
		}
	}
	lo := max(i-48, 0)
	seg := s.buf[lo:i]
	if k := bytes.LastIndexByte(seg, '\n'); k >= 0 {
		seg, lo = seg[k+1:], lo+k+1
	}
	j := len(seg)
	for words := 0; words < 3; {
		for j > 0 && !isAlnum(seg[j-1]) {
			j--
		}
		e := j
		letters := false
		for j > 0 && isAlnum(seg[j-1]) {
			j--
			letters = letters || isAlpha(seg[j])
		}
		if e == j || (j == 0 && lo > 0 && isAlnum(s.buf[lo-1])) {
			return false
		}
		if !letters {
			continue // numbers do not count as words
		}
		if isWordIn(seg[j:e], versionWords) {
			return true
		}
		words++
	}
	return false
}

func connectorsOnly(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == ' ' || c == ',' || c == '-' || c == '/' || c == '&' || c == ';' || c == '(' || c == ')' || c == '\t':
			i++
		case isAlpha(c):
			j := i
			for j < len(b) && isAlpha(b[j]) {
				j++
			}
			if !isWordIn(b[i:j], connectorWords) {
				return false
			}
			i = j
		default:
			return false
		}
	}
	return true
}

// findIPv4 finds dotted-quad addresses and notes version strings.
func (s *scanner) findIPv4(r []byte) {
	for i := 0; i < len(r); {
		if !isDigit(r[i]) {
			i++
			continue
		}
		a := i
		dots := 0
		for i < len(r) && (isDigit(r[i]) || r[i] == '.') {
			if r[i] == '.' {
				dots++
			}
			i++
		}
		b := i
		for b > a && r[b-1] == '.' {
			b--
			dots--
		}
		if dots < 2 {
			continue
		}
		var before, after byte = ' ', ' '
		if a > 0 {
			before = r[a-1]
		}
		if b < len(r) {
			after = r[b]
		}
		if before == 'v' || before == 'V' || (dots != 3 && !isAlnum(before) && s.versionBefore(s.bs(a))) {
			s.lastVersionEnd = s.abs(s.be(b))
			continue
		}
		if dots != 3 || isAlnum(before) || before == '_' || isAlnum(after) || after == '_' || s.claimed(a, b) {
			continue
		}
		ip, ok := parseIPv4(r[a:b])
		if !ok {
			continue
		}
		if after == '.' && b+1 < len(r) && isAlpha(r[b+1]) {
			continue // agent-2.0.1.7.zip
		}
		if after == '+' || (after == '-' && b+1 < len(r) && isAlpha(r[b+1])) ||
			(before == '-' && a >= 2 && isAlpha(r[a-2])) || s.versionBefore(s.bs(a)) {
			s.lastVersionEnd = s.abs(s.be(b))
			continue
		}
		s.add(KindIPv4, ip.String(), a, b, ipFlags(ip))
		s.claimSpan(a, b)
	}
}

// findIPv6 finds IPv6 addresses.
func (s *scanner) findIPv6(r []byte) {
	for i := 0; i < len(r); {
		c := r[i]
		if !isHex(c) && c != ':' {
			i++
			continue
		}
		a := i
		colons := 0
		for i < len(r) && (isHex(r[i]) || r[i] == ':' || r[i] == '.') {
			if r[i] == ':' {
				colons++
			}
			i++
		}
		b := i
		if colons < 2 || (a > 0 && (isAlnum(r[a-1]) || r[a-1] == '_' || r[a-1] == '.')) ||
			(b < len(r) && (isAlnum(r[b]) || r[b] == '_')) {
			continue
		}
		for b > a && r[b-1] == '.' {
			b--
		}
		if b-a >= 2 && r[b-1] == ':' && r[b-2] != ':' {
			b--
		}
		w := r[a:b]
		digit, upper, lower := false, false, false
		for _, c := range w {
			switch {
			case isDigit(c):
				digit = true
			case c >= 'A' && c <= 'F':
				upper = true
			case c >= 'a' && c <= 'f':
				lower = true
			}
		}
		if !digit || (upper && lower) {
			continue
		}
		if !bytes.Contains(w, []byte("::")) && bytes.Count(w, []byte{':'}) == 7 {
			short := true
			for _, g := range bytes.Split(w, []byte{':'}) {
				if len(g) > 2 {
					short = false
				}
			}
			if short {
				continue // MAC-like
			}
		}
		addr, err := netip.ParseAddr(string(w))
		if err != nil || !addr.Is6() {
			continue
		}
		s.add(KindIPv6, addr.String(), a, b, ipFlags(addr))
		s.claimSpan(a, b)
	}
}

// ambiguousTLDs are top-level domains that are more often file extensions or
// code members; a bare two-label name ending in one is not a domain unless
// defanged.
var ambiguousTLDs = map[string]bool{
	"zip": true, "mov": true, "sh": true, "py": true, "rs": true, "md": true, "pl": true,
	"pm": true, "cc": true, "so": true, "ps": true, "mo": true, "tf": true, "am": true,
	"ac": true, "one": true, "pub": true, "app": true, "run": true, "download": true,
	"cab": true, "java": true, "pid": true, "data": true, "name": true, "host": true,
	"new": true, "email": true,
}

// techNames are well-known product names written like domains.
var techNames = map[string]bool{"asp.net": true, "ado.net": true, "vb.net": true}

// domainValue validates a host name and returns it in lower case. bare is
// set for a name found on its own (not in a URL or e-mail address), which
// must pass the stricter rules; defanged says it was written defanged.
func domainValue(d []byte, bare, defanged bool) (string, bool) {
	if len(d) < 4 || len(d) > 253 {
		return "", false
	}
	labels := 0
	upper, lower := false, false
	tldStart := 0
	for i := 0; i <= len(d); {
		j := i
		for j < len(d) && d[j] != '.' {
			c := d[j]
			switch {
			case c >= 'a' && c <= 'z':
				lower = true
			case c >= 'A' && c <= 'Z':
				upper = true
			case isDigit(c) || c == '-':
			default:
				return "", false
			}
			j++
		}
		l := d[i:j]
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return "", false
		}
		if len(l) >= 4 && l[2] == '-' && l[3] == '-' && !(lowerByte(l[0]) == 'x' && lowerByte(l[1]) == 'n') {
			return "", false
		}
		labels++
		tldStart = i
		i = j + 1
	}
	if labels < 2 {
		return "", false
	}
	tld := d[tldStart:]
	tldUpper := false
	if len(tld) >= 4 && lowerByte(tld[0]) == 'x' && lowerByte(tld[1]) == 'n' && tld[2] == '-' {
		// punycode TLD
	} else {
		if len(tld) < 2 {
			return "", false
		}
		for _, c := range tld {
			if !isAlpha(c) {
				return "", false
			}
			if c < 'a' {
				tldUpper = true
			}
		}
	}
	if bare && tldUpper && lower {
		return "", false // System.IO, Console.Out
	}
	v := string(d)
	if upper {
		v = strings.ToLower(v)
	}
	ps, icann := publicsuffix.PublicSuffix(v)
	if icann {
		if len(ps) >= len(v) {
			return "", false
		}
	} else if !strings.Contains(ps, ".") {
		return "", false // unknown top-level domain
	}
	if bare {
		if numericLabels(d) >= 2 && !strings.HasSuffix(v, ".arpa") {
			return "", false // agent-2.0.1.7.zip
		}
		if labels == 2 && !defanged && ambiguousTLDs[ps] {
			return "", false
		}
		if techNames[v] {
			return "", false
		}
	}
	return v, true
}

func badBeforeDomain(c byte) bool {
	switch c {
	case '/', '\\', '_', '@', '$', '%', '~', '#':
		return true
	}
	return false
}

func badAfterDomain(c byte) bool {
	switch c {
	case '_', '(', '@', '\\', '$':
		return true
	}
	return false
}

// findDomains finds bare domain names.
func (s *scanner) findDomains(r []byte) {
	for i := 0; i < len(r); {
		if class[r[i]]&cDomain == 0 {
			i++
			continue
		}
		a := i
		dot := false
		for i < len(r) && class[r[i]]&cDomain != 0 {
			if r[i] == '.' {
				dot = true
			}
			i++
		}
		b := i
		if !dot || (a > 0 && badBeforeDomain(r[a-1])) || (b < len(r) && badAfterDomain(r[b])) {
			continue
		}
		for a < b && (r[a] == '.' || r[a] == '-') {
			a++
		}
		for b > a && (r[b-1] == '.' || r[b-1] == '-') {
			b--
		}
		if b-a < 4 || s.claimed(a, b) {
			continue
		}
		if v, ok := domainValue(r[a:b], true, s.defanged(a, b)); ok {
			s.add(KindDomain, v, a, b, 0)
		}
	}
}

// urlStop are the bytes that end a URL.
var urlStop = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c >= 0x80 || class[c]&cSep != 0
	}
	for _, c := range "\\^{}|," {
		t[c] = true
	}
	return t
}()

func eqFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		if lowerByte(b[i]) != s[i] {
			return false
		}
	}
	return true
}

// findURLs finds http, https and ftp URLs and their hosts.
func (s *scanner) findURLs(r []byte) {
	for i := 0; ; {
		k := bytes.Index(r[i:], []byte("://"))
		if k < 0 {
			return
		}
		k += i
		i = k + 3
		a := k
		for a > 0 && isAlpha(r[a-1]) {
			a--
		}
		scheme := r[a:k]
		if !(eqFold(scheme, "http") || eqFold(scheme, "https") || eqFold(scheme, "ftp")) || (a > 0 && isDigit(r[a-1])) {
			continue
		}
		e := k + 3
		paren, brack := 0, 0
	scan:
		for e < len(r) {
			switch c := r[e]; {
			case urlStop[c]:
				break scan
			case c == '(':
				paren++
			case c == ')':
				if paren == 0 {
					break scan
				}
				paren--
			case c == '[':
				brack++
			case c == ']':
				if brack == 0 {
					break scan
				}
				brack--
			}
			e++
		}
		for e > k+3 && strings.IndexByte(".,;:!?'*", r[e-1]) >= 0 {
			e--
		}
		hostStart := k + 3
		ae := hostStart
		for ae < e && r[ae] != '/' && r[ae] != '?' && r[ae] != '#' {
			ae++
		}
		if ae == e && e < len(r) && r[e] >= 0x80 {
			continue // host cut by a non-ASCII byte
		}
		hs := hostStart
		if at := bytes.LastIndexByte(r[hostStart:ae], '@'); at >= 0 {
			hs = hostStart + at + 1
		}
		var (
			hkind, hval string
			hflags      Flag
			ha, hb, he  int // host span for its own finding; end of host text
			hostText    string
		)
		if hs < ae && r[hs] == '[' {
			cb := bytes.IndexByte(r[hs:ae], ']')
			if cb < 0 {
				continue
			}
			addr, err := netip.ParseAddr(string(r[hs+1 : hs+cb]))
			if err != nil || !addr.Is6() || addr.Zone() != "" {
				continue
			}
			ha, hb, he = hs+1, hs+cb, hs+cb+1
			hkind, hval, hflags = KindIPv6, addr.String(), ipFlags(addr)
			hostText = "[" + hval + "]"
		} else {
			he = hs
			for he < ae && r[he] != ':' {
				he++
			}
			ha, hb = hs, he
			if ip, ok := parseIPv4(r[hs:he]); ok {
				hkind, hval, hflags = KindIPv4, ip.String(), ipFlags(ip)
			} else if v, ok := domainValue(r[hs:he], false, false); ok {
				hkind, hval = KindDomain, v
			} else {
				continue
			}
			hostText = hval
		}
		if he < ae {
			if r[he] != ':' || !validPort(r[he+1:ae]) {
				continue
			}
		}
		var v strings.Builder
		v.Grow(e - a)
		for _, c := range scheme {
			v.WriteByte(lowerByte(c))
		}
		v.WriteString("://")
		v.Write(r[hostStart:hs])
		v.WriteString(hostText)
		v.Write(r[he:e])
		s.add(KindURL, v.String(), a, e, 0)
		s.add(hkind, hval, ha, hb, hflags)
		s.claimSpan(a, e)
	}
}

func validPort(b []byte) bool {
	if len(b) == 0 || len(b) > 5 {
		return false
	}
	v := 0
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
		v = v*10 + int(c-'0')
	}
	return v <= 65535
}

// findEmails finds e-mail addresses.
func (s *scanner) findEmails(r []byte) {
	for i := 1; i < len(r)-1; i++ {
		if r[i] != '@' || s.claimed(i, i+1) {
			continue
		}
		a := i
		for a > 0 && class[r[a-1]]&cLocal != 0 {
			a--
		}
		for a < i && r[a] == '.' {
			a++
		}
		if a == i || i-a > 64 || r[i-1] == '.' || bytes.Contains(r[a:i], []byte("..")) {
			continue
		}
		b := i + 1
		for b < len(r) && class[r[b]]&cDomain != 0 {
			b++
		}
		for b > i+1 && (r[b-1] == '.' || r[b-1] == '-') {
			b--
		}
		d, ok := domainValue(r[i+1:b], false, false)
		if !ok || s.messageIDLine(s.bs(a)) {
			continue
		}
		s.add(KindEmail, strings.ToLower(string(r[a:i]))+"@"+d, a, b, 0)
		s.claimSpan(a, b)
		i = b - 1
	}
}

// messageIDLine reports whether buffer index i is on a mail header line that
// holds message ids, which look like e-mail addresses but are not.
func (s *scanner) messageIDLine(i int) bool {
	lo, _ := s.lineBounds(i, i, 256)
	line := s.buf[lo:i]
	for _, h := range []string{"message-id:", "in-reply-to:", "references:", "content-id:"} {
		if len(line) >= len(h) && eqFold(line[:len(h)], h) {
			return true
		}
	}
	return false
}

// numericLabels counts the labels of d made of digits only.
func numericLabels(d []byte) int {
	n := 0
	for _, l := range bytes.Split(d, []byte{'.'}) {
		digits := len(l) > 0
		for _, c := range l {
			if !isDigit(c) {
				digits = false
				break
			}
		}
		if digits {
			n++
		}
	}
	return n
}
