package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Entry is one audit log entry as stored.
type Entry struct {
	Seq    int64     // 1, 2, 3… with no gaps
	Time   time.Time // UTC, to the microsecond
	Actor  string    // who: a key id, a user, or "cli"
	Org    string    // the actor's organisation name; may be empty
	Action string    // dotted verb: object.write, org.add, key.revoke, export…
	Target string    // what: an object id, org name, key id, collection id…
	Detail string    // free text or compact JSON; may be empty
	Remote string    // from where: client IP:port, or "local"
	Prev   []byte    // Hash of the entry before; empty for Seq 1
	Hash   []byte    // SHA-256 of the canonical encoding, see Sum
}

// Record is what a caller wants logged; Next turns it into an Entry.
type Record struct {
	Time                                       time.Time
	Actor, Org, Action, Target, Detail, Remote string
}

// ErrInvalidRecord is wrapped by the errors Record.Validate returns.
var ErrInvalidRecord = errors.New("invalid audit record")

// domain tags the encoding so that a future change of it cannot collide
// with this one.
const domain = "fusion-audit-v1\x00"

var actionPattern = regexp.MustCompile(`^[a-z]+(\.[a-z-]+)*$`)

// Validate reports the first problem with r, wrapping ErrInvalidRecord:
// Time must be set, Actor and Action non-empty, Action dotted lowercase
// words (^[a-z]+(\.[a-z-]+)*$, such as object.write), and every string valid
// UTF-8 without NUL bytes.
func (r Record) Validate() error {
	if r.Time.IsZero() {
		return fmt.Errorf("%w: time is zero (hint: pass the time the action happened)", ErrInvalidRecord)
	}
	fields := [...]struct{ name, value string }{
		{"actor", r.Actor}, {"org", r.Org}, {"action", r.Action},
		{"target", r.Target}, {"detail", r.Detail}, {"remote", r.Remote},
	}
	for _, f := range fields {
		if !utf8.ValidString(f.value) {
			return fmt.Errorf("%w: %s: not valid UTF-8", ErrInvalidRecord, f.name)
		}
		if i := strings.IndexByte(f.value, 0); i >= 0 {
			return fmt.Errorf("%w: %s: NUL byte at offset %d", ErrInvalidRecord, f.name, i)
		}
	}
	if r.Actor == "" {
		return fmt.Errorf("%w: actor is empty (hint: a key id, a user name, or \"cli\")", ErrInvalidRecord)
	}
	if r.Action == "" {
		return fmt.Errorf("%w: action is empty (hint: a dotted verb such as object.write)", ErrInvalidRecord)
	}
	if !actionPattern.MatchString(r.Action) {
		a := r.Action
		if len(a) > 64 {
			a = a[:64] + "…"
		}
		return fmt.Errorf("%w: action %q: must be lowercase words joined by dots, such as object.write", ErrInvalidRecord, a)
	}
	return nil
}

// Next returns the entry that follows prev (nil for the first entry) and
// records r: Seq is prev.Seq+1 (or 1), Prev a copy of prev.Hash, Time
// r.Time in UTC truncated to the microsecond, and Hash its Sum. Next does
// not validate r; call Record.Validate first.
func Next(prev *Entry, r Record) Entry {
	e := Entry{
		Seq:    1,
		Time:   time.UnixMicro(r.Time.UnixMicro()).UTC(),
		Actor:  r.Actor,
		Org:    r.Org,
		Action: r.Action,
		Target: r.Target,
		Detail: r.Detail,
		Remote: r.Remote,
	}
	if prev != nil {
		e.Seq = prev.Seq + 1
		e.Prev = slices.Clone(prev.Hash)
	}
	e.Hash = e.Sum()
	return e
}

// Sum returns the SHA-256 of e's canonical encoding (see the package
// documentation): every field except Hash. A stored entry is intact when
// its Hash equals its Sum.
func (e Entry) Sum() []byte {
	s := sumAt(&e, e.Seq, e.Prev)
	return s[:]
}

// sumAt is the hash e would have with the given Seq and Prev.
func sumAt(e *Entry, seq int64, prev []byte) [sha256.Size]byte {
	var buf [512]byte
	return sha256.Sum256(appendCanonical(buf[:0], e, seq, prev))
}

func appendCanonical(b []byte, e *Entry, seq int64, prev []byte) []byte {
	b = append(b, domain...)
	b = binary.BigEndian.AppendUint64(b, uint64(seq))
	b = binary.BigEndian.AppendUint64(b, uint64(e.Time.UnixMicro()))
	for _, s := range [...]string{e.Actor, e.Org, e.Action, e.Target, e.Detail, e.Remote} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(prev)))
	return append(b, prev...)
}
