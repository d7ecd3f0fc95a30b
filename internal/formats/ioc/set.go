package ioc

import "hash/maphash"

// Set remembers which strings an export has written, in bounded memory: it
// keeps a 64-bit hash of each, not the string, in an open-addressing table
// at most half full. A million values take 16 MiB (24 MiB for the moment
// the table doubles), whatever their length.
//
// Two different strings share a hash with probability about n²/2⁶⁵ (1 in
// 37 million for a million values); the second is then taken for a
// duplicate and left out. The seed is random per Set, so such a loss never
// repeats in the next export.
//
// The zero Set is empty and ready to use. A Set is not safe for concurrent
// use.
type Set struct {
	seed  maphash.Seed
	slots []uint64
	n     int
}

// Add records s and reports whether it was new.
func (s *Set) Add(v string) bool {
	if s.slots == nil {
		s.seed = maphash.MakeSeed()
		s.slots = make([]uint64, 1024)
	}
	h := maphash.String(s.seed, v)
	if h == 0 {
		h = 1 // 0 marks a free slot
	}
	if 2*(s.n+1) > len(s.slots) {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case 0:
			s.slots[i] = h
			s.n++
			return true
		case h:
			return false
		}
	}
}

// Len is the number of strings recorded.
func (s *Set) Len() int { return s.n }

func (s *Set) grow() {
	old := s.slots
	s.slots = make([]uint64, 2*len(old))
	mask := uint64(len(s.slots) - 1)
	for _, h := range old {
		if h == 0 {
			continue
		}
		i := h & mask
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = h
	}
}
