package warninglist

import (
	"cmp"
	"encoding/binary"
	"net/netip"
	"slices"
	"strings"
)

// u128 is an address as a number: IPv4 in lo, IPv6 across both.
type u128 struct{ hi, lo uint64 }

func (a u128) cmp(b u128) int {
	if c := cmp.Compare(a.hi, b.hi); c != 0 {
		return c
	}
	return cmp.Compare(a.lo, b.lo)
}

// key returns an address as a number.
func key(a netip.Addr) u128 {
	if a.Is4() {
		b := a.As4()
		return u128{lo: uint64(binary.BigEndian.Uint32(b[:]))}
	}
	b := a.As16()
	return u128{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])}
}

// hostMask returns the host bits of a block of the given length in an
// address family of width bits.
func hostMask(width, bits int) u128 {
	n := width - bits // host bits
	switch {
	case n <= 0:
		return u128{}
	case n < 64:
		return u128{lo: 1<<n - 1}
	case n < 128:
		return u128{hi: 1<<(n-64) - 1, lo: ^uint64(0)}
	}
	return u128{^uint64(0), ^uint64(0)}
}

// cidrEntry is one CIDR entry of one list.
type cidrEntry struct {
	start, end u128
	list       int32
	bits       uint8
	entry      string
}

// cidrTable answers "which entries contain this block" for one address
// family. CIDR blocks are nested or disjoint, so their boundaries cut the
// address space into at most 2n+1 segments, each covered by the same
// entries throughout; a look-up is a binary search for the segment.
type cidrTable struct {
	width   int
	starts  []u128   // segment i is [starts[i], starts[i+1])
	coverAt []uint32 // segment i is covered by cover[coverAt[i]:coverAt[i+1]]
	cover   []int32  // indices into entries
	entries []cidrEntry
}

func (t *cidrTable) add(list int32, p netip.Prefix, entry string) {
	start := key(p.Addr())
	m := hostMask(t.width, p.Bits())
	t.entries = append(t.entries, cidrEntry{
		start: start, end: u128{start.hi | m.hi, start.lo | m.lo},
		list: list, bits: uint8(p.Bits()), entry: entry,
	})
}

// build cuts the segments. It runs once, after every add.
func (t *cidrTable) build() {
	if len(t.entries) == 0 {
		return
	}
	// Larger blocks first among those starting at one address, so that
	// each block pushed on the stack lies inside the ones below it.
	slices.SortFunc(t.entries, func(a, b cidrEntry) int {
		if c := a.start.cmp(b.start); c != 0 {
			return c
		}
		if c := cmp.Compare(a.bits, b.bits); c != 0 {
			return c
		}
		if c := cmp.Compare(a.list, b.list); c != 0 {
			return c
		}
		return strings.Compare(a.entry, b.entry)
	})
	top := hostMask(t.width, 0)
	bounds := []u128{{}}
	for _, e := range t.entries {
		bounds = append(bounds, e.start)
		if e.end != top {
			next := e.end
			next.lo++
			if next.lo == 0 {
				next.hi++
			}
			bounds = append(bounds, next)
		}
	}
	slices.SortFunc(bounds, u128.cmp)
	bounds = slices.Compact(bounds)

	t.starts = bounds
	t.coverAt = make([]uint32, 0, len(bounds)+1)
	var stack []int32
	j := 0
	for _, b := range bounds {
		for len(stack) > 0 && t.entries[stack[len(stack)-1]].end.cmp(b) < 0 {
			stack = stack[:len(stack)-1]
		}
		for j < len(t.entries) && t.entries[j].start == b {
			stack = append(stack, int32(j))
			j++
		}
		t.coverAt = append(t.coverAt, uint32(len(t.cover)))
		t.cover = append(t.cover, stack...)
	}
	t.coverAt = append(t.coverAt, uint32(len(t.cover)))
	t.starts = slices.Clip(t.starts)
	t.cover = slices.Clip(t.cover)
}

// segment returns the indices of the entries covering address a. An entry
// contains a block of length bits starting at a if its bits are <= bits.
func (t *cidrTable) segment(a u128) []int32 {
	if len(t.starts) == 0 {
		return nil
	}
	// The last segment starting at or before a; starts[0] is 0.
	lo, hi := 0, len(t.starts)
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if t.starts[mid].cmp(a) <= 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return t.cover[t.coverAt[lo]:t.coverAt[lo+1]]
}

// parseIP reads the IP block of a value: an address, "ip|port", "ip:port",
// "[ip]:port", "[ip]" or a CIDR block; zones are dropped.
func parseIP(s string) (netip.Prefix, bool) {
	if i := strings.IndexByte(s, '|'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return netip.Prefix{}, false
	}
	if c := s[0]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || c == ':' || c == '[') {
		return netip.Prefix{}, false // not an address: save the parsers the work
	}
	if a, err := netip.ParseAddr(s); err == nil {
		a = a.WithZone("")
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	if strings.IndexByte(s, '/') >= 0 {
		if p, err := netip.ParsePrefix(s); err == nil {
			return p.Masked(), true
		}
		return netip.Prefix{}, false
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		a := ap.Addr().WithZone("")
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	if len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' {
		if a, err := netip.ParseAddr(s[1 : len(s)-1]); err == nil {
			a = a.WithZone("")
			return netip.PrefixFrom(a, a.BitLen()), true
		}
	}
	return netip.Prefix{}, false
}
