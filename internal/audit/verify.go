package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"iter"
)

// Kind is the kind of tampering a Finding reports.
type Kind uint8

// The kinds of Finding; the package documentation says how Verify tells
// them apart.
const (
	// Changed: the stored hash does not match the entry's content.
	Changed Kind = iota + 1
	// Removed: entries Seq to Last are missing.
	Removed
	// Inserted: an entry that does not belong in the chain (forged,
	// replayed, a duplicate Seq or a Seq going backwards).
	Inserted
	// Reordered: the entries are present but stored out of order.
	Reordered
	// Broken: Prev does not link and nothing more specific explains it.
	Broken
)

func (k Kind) String() string {
	switch k {
	case Changed:
		return "changed"
	case Removed:
		return "removed"
	case Inserted:
		return "inserted"
	case Reordered:
		return "reordered"
	case Broken:
		return "broken"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Finding is one problem Verify or VerifyHead found.
type Finding struct {
	// Seq and Last are the first and last seq the finding covers (equal
	// for a single entry). For Removed they are the missing seqs; for
	// Inserted, the seqs the inserted entries carry.
	Seq, Last int64
	Kind      Kind
	// Detail is one sentence naming the entries, for a person to act on.
	Detail string
}

// Report is what Verify found.
type Report struct {
	Entries  int64 // entries read from storage, inserted ones included
	Head     Entry // the chain's last entry as Verify rebuilt it; zero for an empty log
	Findings []Finding
}

// window is how many stored entries Verify looks ahead; it bounds both its
// memory and how far an entry may be moved and still be seen as moved.
const window = 32

// Verify reads a log in storage order and checks its chain, as the package
// documentation describes. entries must yield the stored entries in the
// order the storage keeps them — ascending row order (rowid, insertion id),
// not sorted by Seq, so that moved rows show; where Seq is itself the
// primary key, by Seq — and stop after yielding a non-nil error. Problems
// with the chain are Findings; Verify's own error is only the iterator's,
// wrapped, returned with the report of the entries read until then.
// A clean chain still needs its head compared with an anchor (VerifyHead).
// Verify takes time linear in the number of entries and keeps only a window
// of 32 of them in memory.
func Verify(entries iter.Seq2[Entry, error]) (Report, error) {
	v := &verifier{}
	v.tip.valid = true
	for e, err := range entries {
		if err != nil {
			v.drain()
			return v.report(), fmt.Errorf("audit verify: reading the entry after storage position %d: %w", v.read, err)
		}
		v.read++
		v.push(e)
		for v.n == window {
			v.step()
		}
	}
	v.drain()
	return v.report(), nil
}

// VerifyHead compares the head of a verified log with an anchor kept
// elsewhere (the Seq and Hash of the head when it was anchored): a head
// behind the anchor means the tail was deleted (Removed), the same Seq with
// another Hash means the log was rewritten up to its end (Changed). A zero
// anchor gives nothing. A head ahead of the anchor is normal growth and gives
// nothing either, because the report no longer holds the anchored entry: to
// check an older anchor, verify the entries up to anchor.Seq and pass that
// report.
func VerifyHead(r Report, anchor Entry) []Finding {
	head := r.Head.Seq
	switch {
	case anchor.Seq <= 0 || head > anchor.Seq:
		return nil
	case head < anchor.Seq:
		p := pending{f: Finding{Seq: head + 1, Last: anchor.Seq, Kind: Removed}, why: whyTruncated, ctx: head}
		return []Finding{p.finding()}
	case !bytes.Equal(r.Head.Hash, anchor.Hash):
		p := pending{f: Finding{Seq: head, Last: head, Kind: Changed}, why: whyHeadDiffers}
		return []Finding{p.finding()}
	}
	return nil
}

// node is one stored entry in the window, or the tip.
type node struct {
	e       Entry
	sum     [sha256.Size]byte // the hash of e's content
	valid   bool              // e.Hash == sum
	prevKey uint64            // first bytes of e.Prev, to scan the window fast
	eff     int64             // tip only: its place in the rebuilt chain
}

func key(b []byte) uint64 {
	var k [8]byte
	copy(k[:], b)
	return binary.LittleEndian.Uint64(k[:])
}

type verifier struct {
	buf      [window]node // ring buffer of the next stored entries
	head, n  int
	tip      node // eff 0 and no hash before the first entry
	read     int64
	findings []Finding
	run      pending
	open     bool // run holds a finding not yet in findings
}

func (v *verifier) at(i int) *node { return &v.buf[(v.head+i)%window] }

func (v *verifier) push(e Entry) {
	nd := v.at(v.n)
	*nd = node{e: e, prevKey: key(e.Prev)}
	nd.sum = sumAt(&nd.e, e.Seq, e.Prev)
	nd.valid = bytes.Equal(nd.sum[:], e.Hash)
	v.n++
}

// remove takes the i-th entry out of the window.
func (v *verifier) remove(i int) node {
	nd := *v.at(i)
	if i == 0 {
		*v.at(0) = node{}
		v.head = (v.head + 1) % window
	} else {
		for j := i; j < v.n-1; j++ {
			*v.at(j) = *v.at(j + 1)
		}
		*v.at(v.n - 1) = node{}
	}
	v.n--
	return nd
}

func (v *verifier) drain() {
	for v.n > 0 {
		v.step()
	}
	v.flush()
}

func (v *verifier) report() Report {
	r := Report{Entries: v.read, Findings: v.findings}
	if v.tip.eff > 0 {
		r.Head = v.tip.e
	}
	return r
}

// links reports whether b's Prev is a's hash: the stored one, or the
// recomputed one when only a's Hash field was altered.
func links(a, b *node) bool {
	return bytes.Equal(b.e.Prev, a.e.Hash) || (!a.valid && bytes.Equal(b.e.Prev, a.sum[:]))
}

// fits reports whether nd can follow the tip: it links, and its Seq is the
// next one or its hash is wrong anyway (an edited Seq).
func (v *verifier) fits(nd *node) bool {
	return links(&v.tip, nd) && (nd.e.Seq == v.tip.eff+1 || !nd.valid)
}

// step decides about the first entry in the window and takes at least one
// entry out of it.
func (v *verifier) step() {
	b0 := v.at(0)
	if v.fits(b0) {
		if !v.fork() {
			v.accept(0, v.tip.eff+1, true)
		}
		return
	}
	for j := 1; j < v.n; j++ {
		if !v.fits(v.at(j)) {
			continue
		}
		if v.precededInWindow(0) {
			v.add(Finding{Seq: v.tip.eff + 1, Kind: Reordered}, whyMoved, b0.e.Seq)
			v.accept(j, v.tip.eff+1, true)
			return
		}
		v.drop(0, whyStray)
		return
	}
	v.fallback()
}

// fork resolves entries in the window that, like the first one, claim to
// follow the tip and whose hash would be right there (an entry whose Prev
// was edited without re-hashing makes no such claim): it drops all but one
// as Inserted and reports whether it dropped any.
func (v *verifier) fork() bool {
	var buf [window]int
	cands := append(buf[:0], 0)
	tk, sk := key(v.tip.e.Hash), key(v.tip.sum[:])
	for i := 1; i < v.n; i++ {
		nd := v.at(i)
		if (nd.prevKey == tk || (!v.tip.valid && nd.prevKey == sk)) && links(&v.tip, nd) && v.plausible(nd) {
			cands = append(cands, i)
		}
	}
	if len(cands) == 1 {
		return false
	}
	best, bestScore := 0, v.score(0)
	for _, i := range cands[1:] {
		if s := v.score(i); s.beats(bestScore) {
			best, bestScore = i, s
		}
	}
	w := v.at(best)
	var losers []int
	for _, i := range cands {
		if i == best {
			continue
		}
		why := whyFork
		if nd := v.at(i); nd.valid && w.valid && nd.sum == w.sum {
			why = whyReplayed
		}
		v.add(Finding{Seq: v.at(i).e.Seq, Kind: Inserted}, why, v.tip.eff)
		losers = append(losers, i)
	}
	for k := len(losers) - 1; k >= 0; k-- {
		v.remove(losers[k])
	}
	return true
}

// plausible reports whether nd's hash would be right as the tip's successor:
// it is, or it only needs its Seq put back.
func (v *verifier) plausible(nd *node) bool {
	exp := v.tip.eff + 1
	if nd.valid {
		return nd.e.Seq == exp
	}
	return sumIs(&nd.e, exp, nd.e.Prev)
}

type score struct {
	plausible    bool // its hash would be right in the tip's successor's place
	run          int
	seqOK, valid bool
}

func (s score) beats(t score) bool {
	if s.plausible != t.plausible {
		return s.plausible
	}
	if s.run != t.run {
		return s.run > t.run
	}
	if s.seqOK != t.seqOK {
		return s.seqOK
	}
	return s.valid && !t.valid // on a tie the entry stored first wins
}

// score rates the i-th entry as the tip's successor: whether its hash would
// be right in that place (after undoing a renumbering), how many entries in
// the window follow it link by link, whether its Seq fits, whether its hash
// is right as stored.
func (v *verifier) score(i int) score {
	nd := v.at(i)
	s := score{plausible: v.plausible(nd), seqOK: nd.e.Seq == v.tip.eff+1, valid: nd.valid}
	cur := i
	for s.run < v.n {
		next := -1
		for j := 0; j < v.n; j++ {
			if j != cur && j != i && links(v.at(cur), v.at(j)) {
				next = j
				break
			}
		}
		if next < 0 {
			break
		}
		s.run++
		cur = next
	}
	return s
}

// precededInWindow reports whether an entry in the window, other than the
// i-th, links to the i-th.
func (v *verifier) precededInWindow(i int) bool {
	for j := 0; j < v.n; j++ {
		if j != i && links(v.at(j), v.at(i)) {
			return true
		}
	}
	return false
}

// followedInWindow reports whether an entry in the window, other than the
// i-th, links to the i-th.
func (v *verifier) followedInWindow(i int) bool {
	for j := 0; j < v.n; j++ {
		if j != i && links(v.at(i), v.at(j)) {
			return true
		}
	}
	return false
}

// sumIs reports whether e's stored hash is what it would be with the given
// Seq and Prev.
func sumIs(e *Entry, seq int64, prev []byte) bool {
	s := sumAt(e, seq, prev)
	return bytes.Equal(s[:], e.Hash)
}

// fallback decides about the first entry when nothing in the window fits
// the tip.
func (v *verifier) fallback() {
	b0 := v.at(0)
	exp := v.tip.eff + 1
	linked := links(&v.tip, b0)
	if !b0.valid && sumIs(&b0.e, exp, v.tip.e.Hash) {
		v.add(Finding{Seq: exp, Kind: Changed}, whyFieldsEdited, 0)
		v.accept(0, exp, false)
		return
	}
	nextSeqFits := v.n > 1 && v.at(1).e.Seq == exp+1
	switch seq := b0.e.Seq; {
	case seq > exp && nextSeqFits:
		v.add(Finding{Seq: exp, Kind: Broken}, whyMisnumbered, seq)
		v.accept(0, exp, true)
	case seq > exp:
		why := whyMissing
		if linked {
			why = whyMissingRelinked
		}
		v.add(Finding{Seq: exp, Last: seq - 1, Kind: Removed}, why, seq)
		v.accept(0, seq, true)
	case seq == exp:
		v.add(Finding{Seq: exp, Kind: Broken}, whyUnlinked, 0)
		v.accept(0, exp, true)
	case linked && (nextSeqFits || v.followedInWindow(0)):
		v.add(Finding{Seq: exp, Kind: Broken}, whyMisnumbered, seq)
		v.accept(0, exp, true)
	default:
		v.drop(0, whyBackwards)
	}
}

// accept makes the i-th entry the tip at place eff in the chain, reporting
// it as Changed when its hash is wrong and check is set.
func (v *verifier) accept(i int, eff int64, check bool) {
	nd := v.remove(i)
	if check && !nd.valid {
		why, shift := whyEdited, int64(0)
		if nd.e.Seq != eff && sumIs(&nd.e, eff, nd.e.Prev) {
			why, shift = whyRenumbered, nd.e.Seq-eff
		}
		v.add(Finding{Seq: eff, Kind: Changed}, why, shift)
	}
	nd.eff = eff
	v.tip = nd
}

// drop reports the i-th entry as Inserted and discards it.
func (v *verifier) drop(i int, why why) {
	v.add(Finding{Seq: v.at(i).e.Seq, Kind: Inserted}, why, v.tip.eff)
	v.remove(i)
}

// add records a finding, merging it into the open one when it continues it.
func (v *verifier) add(f Finding, why why, ctx int64) {
	if f.Last == 0 {
		f.Last = f.Seq
	}
	r := &v.run
	if v.open && why.merges() && r.why == why && r.ctx == ctx && r.f.Kind == f.Kind && f.Seq == r.f.Last+1 {
		r.f.Last = f.Last
		return
	}
	v.flush()
	v.run, v.open = pending{f: f, why: why, ctx: ctx}, true
}

func (v *verifier) flush() {
	if v.open {
		v.findings = append(v.findings, v.run.finding())
		v.open = false
	}
}
