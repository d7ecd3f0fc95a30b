package warninglist

import (
	"cmp"
	"slices"
)

// automaton is an Aho–Corasick automaton over the substring entries of
// every list: one pass over a value finds every entry it contains, in time
// linear in the value's length plus the number of matches, whatever the
// number of entries.
//
// Bytes are first mapped to classes (the few dozen bytes that occur in some
// pattern, and class 0 for all others: a byte no pattern contains sends the
// automaton back to the root at once). The root and nodes with many
// children have a dense row of complete transitions (failure links already
// followed); the other nodes, most with one child, keep their children
// sorted in one flat array.
type automaton struct {
	class  [256]uint8
	byteOf []byte  // the byte of each class but 0
	width  int     // number of classes
	rows   []int32 // dense rows, width entries each: the next node per class
	nodes  []acNode
	edges  []acEdge
	outs   []int32 // node n reports outs[emit : emit+nemit]

	// dfa, for automata small enough, is the complete transition table:
	// entry n*width+class is the next node times width, with dfaOut set
	// when that node reports patterns. One load per byte.
	dfa []uint32
}

const (
	dfaOut    = 1 << 31
	dfaBudget = 1 << 18 // entries (1 MiB) at most
)

type acNode struct {
	first uint32 // children: edges[first : first+n], sorted by byte
	n     uint32
	nemit uint32 // patterns ending here: this node's and its fail chain's
	row   int32  // index of the node's dense row, or -1
	fail  int32  // longest proper suffix of this node's string that is a node
	emit  uint32
}

type acEdge struct {
	b  byte
	to int32
}

// denseAt is the number of children from which a node gets a dense row.
const denseAt = 5

// newAutomaton builds the automaton of distinct, non-empty patterns;
// pattern i is reported as i.
func newAutomaton(patterns []string) *automaton {
	a := &automaton{}
	for _, p := range patterns {
		for i := 0; i < len(p); i++ {
			a.class[p[i]] = 1
		}
	}
	a.byteOf = []byte{0}
	for b := range a.class {
		if a.class[b] != 0 {
			a.class[b] = uint8(len(a.byteOf))
			a.byteOf = append(a.byteOf, byte(b))
		}
	}
	a.width = len(a.byteOf)

	kids := [][]acEdge{nil}
	out := []int32{-1}
	for pid, p := range patterns {
		n := int32(0)
		for i := 0; i < len(p); i++ {
			b, next := p[i], int32(-1)
			for _, e := range kids[n] {
				if e.b == b {
					next = e.to
					break
				}
			}
			if next < 0 {
				next = int32(len(kids))
				kids = append(kids, nil)
				out = append(out, -1)
				kids[n] = append(kids[n], acEdge{b, next})
			}
			n = next
		}
		out[n] = int32(pid)
	}

	a.nodes = make([]acNode, len(kids))
	total := 0
	for _, k := range kids {
		total += len(k)
	}
	a.edges = make([]acEdge, 0, total)
	for n, k := range kids {
		slices.SortFunc(k, func(x, y acEdge) int { return cmp.Compare(x.b, y.b) })
		a.nodes[n] = acNode{first: uint32(len(a.edges)), n: uint32(len(k)), row: -1}
		a.edges = append(a.edges, k...)
	}

	// Breadth first, so that a node's fail link and the rows of shallower
	// nodes are known when the node is reached.
	queue := make([]int32, 1, len(kids))
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		nd := &a.nodes[r]
		if r == 0 || nd.n >= denseAt {
			nd.row = int32(len(a.rows) / a.width)
			for c := 0; c < a.width; c++ {
				a.rows = append(a.rows, 0)
			}
			row := a.rows[int(nd.row)*a.width:]
			if r != 0 {
				for c := 1; c < a.width; c++ {
					row[c] = a.step(nd.fail, a.byteOf[c])
				}
			}
			for _, e := range a.children(r) {
				row[a.class[e.b]] = e.to
			}
		}
		for _, e := range a.children(r) {
			u := e.to
			queue = append(queue, u)
			var f int32 // children of the root fail to the root
			if r != 0 {
				f = a.step(a.nodes[r].fail, e.b)
			}
			// The fail node is shallower, so its outputs are final.
			un, fn := &a.nodes[u], &a.nodes[f]
			un.fail = f
			if out[u] >= 0 || fn.nemit > 0 {
				un.emit = uint32(len(a.outs))
				if out[u] >= 0 {
					a.outs = append(a.outs, out[u])
				}
				a.outs = append(a.outs, a.outs[fn.emit:fn.emit+fn.nemit]...)
				un.nemit = uint32(len(a.outs)) - un.emit
			}
		}
	}
	a.rows = slices.Clip(a.rows)

	if len(a.nodes)*a.width <= dfaBudget {
		a.dfa = make([]uint32, len(a.nodes)*a.width)
		for n := range a.nodes {
			for c := 1; c < a.width; c++ {
				next := a.step(int32(n), a.byteOf[c])
				v := uint32(next) * uint32(a.width)
				if a.nodes[next].nemit > 0 {
					v |= dfaOut
				}
				a.dfa[n*a.width+c] = v
			}
		}
	}
	return a
}

func (a *automaton) children(n int32) []acEdge {
	nd := &a.nodes[n]
	return a.edges[nd.first : nd.first+nd.n]
}

// step returns the node reached from n on byte b, following fail links.
func (a *automaton) step(n int32, b byte) int32 {
	c := int(a.class[b])
	if c == 0 {
		return 0
	}
	for {
		nd := &a.nodes[n]
		if nd.row >= 0 {
			return a.rows[int(nd.row)*a.width+c]
		}
		for _, e := range a.edges[nd.first : nd.first+nd.n] {
			if e.b == b {
				return e.to
			}
		}
		n = nd.fail
	}
}

// scan appends to dst the pattern of every occurrence of a pattern in s
// (a pattern found twice is appended twice).
func (a *automaton) scan(s string, dst []int32) []int32 {
	if a.dfa != nil {
		st := uint32(0)
		for i := 0; i < len(s); i++ {
			v := a.dfa[st+uint32(a.class[s[i]])]
			st = v &^ dfaOut
			if v&dfaOut != 0 {
				nd := &a.nodes[st/uint32(a.width)]
				dst = append(dst, a.outs[nd.emit:nd.emit+nd.nemit]...)
			}
		}
		return dst
	}
	st := int32(0)
	for i := 0; i < len(s); i++ {
		st = a.step(st, s[i])
		if nd := &a.nodes[st]; nd.nemit > 0 {
			dst = append(dst, a.outs[nd.emit:nd.emit+nd.nemit]...)
		}
	}
	return dst
}
