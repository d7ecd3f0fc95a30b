package audit_test

import (
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/fusion-cti/fusion/internal/audit"
)

var t0 = time.Date(2025, 3, 1, 9, 30, 0, 123456789, time.UTC)

var actions = []string{"object.write", "org.add", "key.create", "key.revoke", "group.create", "collection.create", "export", "read.bulk"}

// record is the i-th record of a test log (i from 1).
func record(i int) audit.Record {
	return audit.Record{
		Time:   t0.Add(time.Duration(i) * 1500 * time.Millisecond),
		Actor:  fmt.Sprintf("key-%02d", i%5),
		Org:    []string{"", "ACME CERT", "Example ISAC"}[i%3],
		Action: actions[i%len(actions)],
		Target: fmt.Sprintf("indicator--%08d-0000-4000-8000-000000000000", i),
		Detail: fmt.Sprintf(`{"n":%d}`, i),
		Remote: fmt.Sprintf("192.0.2.%d:443", i%250),
	}
}

// chain builds a log of n entries with Next.
func chain(n int) []audit.Entry {
	es := make([]audit.Entry, 0, n)
	var prev *audit.Entry
	for i := 1; i <= n; i++ {
		es = append(es, audit.Next(prev, record(i)))
		prev = &es[len(es)-1]
	}
	return es
}

// entries yields es as a store would, in slice order.
func entries(es []audit.Entry) iter.Seq2[audit.Entry, error] {
	return func(yield func(audit.Entry, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	}
}

// forge is an entry an attacker writes: a valid hash, linked after prev
// (nil for none), carrying seq.
func forge(prev *audit.Entry, seq int64) audit.Entry {
	e := audit.Next(prev, audit.Record{Time: t0, Actor: "mallory", Action: "key.create", Target: "key-evil", Remote: "203.0.113.9:1"})
	e.Seq = seq
	e.Hash = e.Sum()
	return e
}

// rehash recomputes e's hash, as an attacker who knows SHA-256 would.
func rehash(e audit.Entry) audit.Entry {
	e.Hash = e.Sum()
	return e
}

// move takes the entry at index from and puts it at index to (in the slice
// without it).
func move(es []audit.Entry, from, to int) []audit.Entry {
	e := es[from]
	es = slices.Delete(slices.Clone(es), from, from+1)
	return slices.Insert(es, to, e)
}

// same reports whether two logs are identical in content and stored hashes.
func same(a, b []audit.Entry) bool {
	return slices.EqualFunc(a, b, func(x, y audit.Entry) bool {
		return slices.Equal(x.Sum(), y.Sum()) && slices.Equal(x.Hash, y.Hash)
	})
}
