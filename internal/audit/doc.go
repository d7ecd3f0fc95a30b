// Package audit is the pure logic of Fusion's tamper-evident audit log: it
// builds hash-chained entries (Next), hashes them over a canonical encoding
// (Entry.Sum), and checks a stored chain for entries that were edited,
// deleted, inserted or moved (Verify, VerifyHead).
//
// The package must never do I/O of its own — no database, files, network,
// clock or logging — and imports only the standard library. The storage
// layer feeds Verify entries through an iterator, supplies every timestamp,
// and keeps the head anchor somewhere else. It keeps no mutable global state
// and all functions are safe for concurrent use.
//
// # The chain
//
// Entry n has Seq n (1, 2, 3… with no gaps), Prev equal to the Hash of entry
// n-1 (empty for entry 1) and Hash = SHA-256 of this encoding of every other
// field, Prev and Seq included:
//
//	"fusion-audit-v1" 0x00
//	Seq     8 bytes, big-endian two's complement
//	Time    8 bytes, big-endian two's complement Unix microseconds
//	Actor, Org, Action, Target, Detail, Remote, Prev
//	        each as its length (unsigned varint, encoding/binary) then its bytes
//
// Every variable-length field is length-prefixed, so moving bytes from one
// field to the next changes the hash. The encoding is pinned by a test: a
// change to it is a new version tag, never a silent edit.
//
// # What a hash chain can and cannot show
//
// Anyone can compute SHA-256, so the chain proves order and continuity, not
// authorship. An attacker who edits entry k and recomputes its hash is still
// caught at entry k+1, whose Prev no longer links; but one who rewrites every
// entry from k to the end, or deletes the last entries, leaves a chain that
// is consistent on its own. That is why the head (its Seq and Hash) must also
// be anchored outside the log — written to a log shipper, a signed
// checkpoint, a ticket — and compared with VerifyHead.
//
// # How Verify tells tampering apart
//
// Verify walks the entries in storage order, keeping only the chain's last
// accepted entry (the tip) and a window of the next 32 stored entries. An
// entry links to the tip when its Prev is the tip's stored hash (or the
// tip's recomputed hash, when only the tip's Hash field was altered); it fits
// when it links and its Seq is the tip's plus one — or its own hash is wrong
// anyway, so its Seq may be the edited field. At each step Verify decides
// about the first entry in the window, in this order:
//
//  1. Changed: the entry fits but its stored hash does not match its content.
//     It stays in the chain, because the next entry links to its stored
//     hash, so one edited entry is one finding. If only its Seq differs from
//     the expected one, the Detail says it was renumbered.
//  2. Inserted (fork): the entry fits, but another entry in the window also
//     links to the tip and would have a right hash in that place (as it is,
//     or with its Seq put back). The one kept is, in order of preference:
//     the one whose hash would be right there, the one with the longer run
//     of entries linking to it in the window, the one whose Seq fits, the
//     one whose stored hash is right, the one stored first. The others are
//     Inserted; an exact copy of the kept entry is reported as replayed.
//  3. Reordered: the entry does not fit, another entry in the window does,
//     and the entry's own predecessor is also in the window: the fitting
//     entry was stored too late, so it is taken from where it is and
//     reported as stored out of order after the entry seen first. A swap of
//     entries k and k+1 is one finding at k whose Detail names k+1; an entry
//     stored m places too early is one finding covering the m entries it
//     jumped over.
//  4. Inserted (stray): the entry does not fit, another entry in the window
//     does, and nothing in the window precedes the entry.
//  5. Nothing in the window fits the tip. If the entry's hash is wrong but
//     would be right with the expected Seq and a Prev linking to the tip,
//     only its Seq or Prev field was edited: Changed, and it stays in the
//     chain. Otherwise, by the entry's Seq:
//     - ahead of the expected one: Removed, naming the missing seqs (Seq to
//     Last), whether or not Prev was re-linked over the gap — unless the
//     next stored entry carries the expected Seq+1, in which case this
//     entry was renumbered with a recomputed hash: Broken;
//     - the expected one: Broken — Prev does not link, which means the
//     entry before was rewritten with a recomputed hash, or this entry's
//     Prev was, or an entry was replaced;
//     - not advancing: Inserted (a replay, a duplicate, or a seq going
//     backwards), unless the entry links to the tip and either the next
//     stored entry carries the expected Seq+1 or an entry in the window
//     links to it (Broken: renumbered with a recomputed hash).
//     Entries kept here whose stored hash is wrong are also Changed.
//
// Consecutive findings of the same kind and cause over consecutive seqs are
// merged into one Finding covering Seq to Last, so an attacker who renumbers
// a million rows produces one finding, not a million.
//
// Known limits, all of them visible as findings rather than silence: an
// entry moved further than the window is reported as Removed where it
// belongs and Inserted where it is; renumbering rows after a deletion
// without re-hashing them shows as Broken plus Changed, not Removed; a fork
// at the very end of the log (two entries claiming the same place, neither
// followed by anything) keeps the one stored first, and only the anchor
// tells which was genuine; Time is covered by the hash but not checked for
// order, since clocks step back.
//
// Verify runs in time linear in the number of entries and memory bounded by
// the window, plus the findings it reports.
package audit
