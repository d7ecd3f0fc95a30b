package audit_test

import (
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fusion-cti/fusion/internal/audit"
)

func TestNext(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	r := audit.Record{
		Time:   time.Date(2025, 3, 1, 10, 30, 0, 123456789, paris),
		Actor:  "cli",
		Action: "org.add",
		Target: "ACME CERT",
		Remote: "local",
	}
	first := audit.Next(nil, r)
	second := audit.Next(&first, r)
	tests := []struct {
		name string
		e    audit.Entry
		seq  int64
		prev []byte
	}{
		{"first", first, 1, nil},
		{"second", second, 2, first.Hash},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.e
			if e.Seq != tt.seq || !slices.Equal(e.Prev, tt.prev) {
				t.Errorf("seq, prev = %d, %x; want %d, %x", e.Seq, e.Prev, tt.seq, tt.prev)
			}
			if want := time.Date(2025, 3, 1, 9, 30, 0, 123456000, time.UTC); e.Time != want {
				t.Errorf("time = %v, want %v (UTC, to the microsecond)", e.Time, want)
			}
			if len(e.Hash) != 32 || !slices.Equal(e.Hash, e.Sum()) {
				t.Errorf("hash = %x, want Sum %x", e.Hash, e.Sum())
			}
			if e.Actor != r.Actor || e.Action != r.Action || e.Target != r.Target || e.Remote != r.Remote || e.Org != "" || e.Detail != "" {
				t.Errorf("entry = %+v, does not carry the record %+v", e, r)
			}
		})
	}
	// Next copies prev.Hash: a caller reusing its buffer cannot break the link.
	first.Hash[0] ^= 0xff
	if second.Prev[0] == first.Hash[0] {
		t.Error("Next kept a reference to prev.Hash")
	}
}

// TestSumGolden pins the canonical encoding: if this fails, the hashes of
// every stored log changed. Change the version tag instead. The value was
// checked against an independent implementation of the encoding as the
// package documentation describes it.
func TestSumGolden(t *testing.T) {
	e := audit.Entry{
		Seq:    42,
		Time:   time.Date(2025, 3, 1, 9, 30, 0, 123456000, time.UTC),
		Actor:  "key-7f3a",
		Org:    "ACME CERT",
		Action: "object.write",
		Target: "indicator--0c1d2e3f-0000-4000-8000-000000000000",
		Detail: `{"version":"2025-03-01T09:30:00.123Z"}`,
		Remote: "192.0.2.10:51514",
		Prev:   make([]byte, 32),
	}
	const want = "b16a16492defc2017b050530378f44ba93afaea136d47ac4c93ffbf296f3df35"
	if got := hex.EncodeToString(e.Sum()); got != want {
		t.Fatalf("Sum = %s, want %s", got, want)
	}
}

// TestSumCoversEveryField: changing any field but Hash, or moving bytes
// from one field to the next, changes the hash.
func TestSumCoversEveryField(t *testing.T) {
	base := audit.Entry{
		Seq: 7, Time: time.UnixMicro(1_700_000_000_000_000).UTC(),
		Actor: "ab", Org: "cd", Action: "key.create", Target: "ef", Detail: "gh", Remote: "ij",
		Prev: []byte{1, 2, 3},
	}
	tests := []struct {
		name string
		edit func(e *audit.Entry)
	}{
		{"seq", func(e *audit.Entry) { e.Seq++ }},
		{"time", func(e *audit.Entry) { e.Time = e.Time.Add(time.Microsecond) }},
		{"actor", func(e *audit.Entry) { e.Actor = "aB" }},
		{"org", func(e *audit.Entry) { e.Org = "" }},
		{"action", func(e *audit.Entry) { e.Action = "key.revoke" }},
		{"target", func(e *audit.Entry) { e.Target = "eF" }},
		{"detail", func(e *audit.Entry) { e.Detail = "gH" }},
		{"remote", func(e *audit.Entry) { e.Remote = "iJ" }},
		{"prev", func(e *audit.Entry) { e.Prev = []byte{1, 2, 4} }},
		{"prev emptied", func(e *audit.Entry) { e.Prev = nil }},
		{"actor into org", func(e *audit.Entry) { e.Actor, e.Org = "a", "bcd" }},
		{"org into actor", func(e *audit.Entry) { e.Actor, e.Org = "abc", "d" }},
		{"target into detail", func(e *audit.Entry) { e.Target, e.Detail = "", "efgh" }},
		{"remote into prev", func(e *audit.Entry) { e.Remote, e.Prev = "i", []byte("j\x01\x02\x03") }},
		{"shifted by a length byte", func(e *audit.Entry) { e.Actor, e.Org = "ab\x02cd", "" }},
	}
	want := base.Sum()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := base
			tt.edit(&e)
			if slices.Equal(e.Sum(), want) {
				t.Errorf("edit of %s kept the hash", tt.name)
			}
		})
	}
	e := base
	e.Hash = []byte("anything")
	e.Time = e.Time.Add(999 * time.Nanosecond).In(time.FixedZone("X", 7200))
	if !slices.Equal(e.Sum(), want) {
		t.Error("Hash, sub-microsecond time or time zone changed the hash")
	}
}

func TestRecordValidate(t *testing.T) {
	ok := audit.Record{Time: t0, Actor: "key-1", Action: "object.write", Remote: "local"}
	tests := []struct {
		name string
		edit func(r *audit.Record)
		err  string // "" for valid
	}{
		{"ok", func(r *audit.Record) {}, ""},
		{"single word", func(r *audit.Record) { r.Action = "export" }, ""},
		{"hyphen", func(r *audit.Record) { r.Action = "read.bulk-export" }, ""},
		{"everything", func(r *audit.Record) { r.Org, r.Target, r.Detail = "ACME", "x", `{"n":1}` }, ""},
		{"zero time", func(r *audit.Record) { r.Time = time.Time{} }, "invalid audit record: time is zero"},
		{"no actor", func(r *audit.Record) { r.Actor = "" }, "invalid audit record: actor is empty"},
		{"no action", func(r *audit.Record) { r.Action = "" }, "invalid audit record: action is empty"},
		{"upper case", func(r *audit.Record) { r.Action = "Object.write" }, `invalid audit record: action "Object.write": must be lowercase words joined by dots`},
		{"trailing dot", func(r *audit.Record) { r.Action = "object." }, `action "object."`},
		{"leading hyphen", func(r *audit.Record) { r.Action = "-object" }, `action "-object"`},
		{"space", func(r *audit.Record) { r.Action = "object write" }, `action "object write"`},
		{"long", func(r *audit.Record) { r.Action = strings.Repeat("A", 100) }, `action "` + strings.Repeat("A", 64) + `…"`},
		{"bad utf-8", func(r *audit.Record) { r.Detail = "\xff" }, "invalid audit record: detail: not valid UTF-8"},
		{"nul", func(r *audit.Record) { r.Remote = "local\x00" }, "invalid audit record: remote: NUL byte at offset 5"},
		{"nul in action", func(r *audit.Record) { r.Action = "a\x00" }, "invalid audit record: action: NUL byte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok
			tt.edit(&r)
			err := r.Validate()
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.err == "":
			case err == nil:
				t.Fatalf("Validate() = nil, want %q", tt.err)
			case !strings.Contains(err.Error(), tt.err) || !errors.Is(err, audit.ErrInvalidRecord):
				t.Fatalf("Validate() = %q, want it to contain %q and wrap ErrInvalidRecord", err, tt.err)
			}
		})
	}
}
