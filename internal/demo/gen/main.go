// Command gen writes the Fusion demo bundle (internal/demo/demo.json).
//
// It is run by "go generate ./internal/demo/" (or "go run ./gen" in that
// directory) and is deterministic: the same source always yields the same bytes,
// so the committed demo.json can be regenerated and reviewed as a diff.
//
// Everything it writes is synthetic. SDO and SRO ids are UUIDv4-shaped values
// derived from a stable key per object (so adding an object leaves the other ids
// alone); SCO ids are the STIX 2.1 deterministic UUIDv5 ids; hashes are real
// digests of harmless made-up strings; network values come from the
// documentation ranges (RFC 5737, RFC 3849, RFC 5398, RFC 7042) and reserved
// names (RFC 2606, RFC 6761).
package main

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/fusion-cti/fusion/internal/stix"
)

func main() {
	out := flag.String("o", "demo.json", "file to write the bundle to")
	flag.Parse()
	data, err := build()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// build assembles the bundle and returns it pretty-printed.
func build() ([]byte, error) {
	b := newBuilder()
	b.story()
	if b.err != nil {
		return nil, b.err
	}
	bundle := obj{
		{"type", "bundle"},
		{"id", bundleID},
		{"objects", b.objs},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(bundle); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// bundleID must equal demo.BundleID; the demo tests check that it does.
var bundleID = "bundle--" + v4("bundle", "fusion-demo")

// ---- ordered JSON objects ----

type kv struct {
	K string
	V any
}

// obj is a JSON object that keeps its members in the order they were added, so
// the file reads type, id, timestamps, then the type's own properties.
type obj []kv

func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshal(p.K)
		if err != nil {
			return nil, err
		}
		v, err := marshal(p.V)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.K, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

func (o obj) get(k string) any {
	for _, p := range o {
		if p.K == k {
			return p.V
		}
	}
	return nil
}

func (o obj) id() string { s, _ := o.get("id").(string); return s }

// with returns a copy of o with k set to v (replaced in place, or appended
// before object_marking_refs when new).
func (o obj) with(k string, v any) obj {
	c := make(obj, 0, len(o)+1)
	done := false
	for _, p := range o {
		if p.K == k {
			c = append(c, kv{k, v})
			done = true
			continue
		}
		if p.K == "object_marking_refs" && !done {
			c = append(c, kv{k, v})
			done = true
		}
		c = append(c, p)
	}
	if !done {
		c = append(c, kv{k, v})
	}
	return c
}

// ---- ids, times, values ----

// v4 derives a version-4-shaped UUID from a stable key.
func v4(typ, key string) string {
	sum := sha256.Sum256([]byte("fusion-demo/v1|" + typ + "|" + key))
	var u uuid.UUID
	copy(u[:], sum[:16])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u.String()
}

func sid(typ, key string) string { return typ + "--" + v4(typ, key) }

var epoch = time.Date(2026, 1, 5, 7, 0, 0, 0, time.UTC)

// at is day d of the story (day 0 is 2026-01-05) at a time of day drawn from key.
func at(d int, key string) time.Time {
	sum := sha256.Sum256([]byte("time|" + key))
	ms := (int(sum[0])<<16 | int(sum[1])<<8 | int(sum[2])) % (10 * 3600 * 1000)
	return epoch.AddDate(0, 0, d).Add(time.Duration(ms) * time.Millisecond)
}

func ts(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// digests returns MD5, SHA-1 and SHA-256 of a harmless synthetic string, so the
// three hashes of one made-up "file" agree with each other.
func digests(label string) (md5hex, sha1hex, sha256hex string) {
	data := []byte("Fusion demo synthetic content, not a real file: " + label)
	m := md5.Sum(data)
	s1 := sha1.Sum(data)
	s2 := sha256.Sum256(data)
	return hex.EncodeToString(m[:]), hex.EncodeToString(s1[:]), hex.EncodeToString(s2[:])
}

// rng is splitmix64: tiny, and stable across Go releases.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// lit quotes s as a STIX patterning string literal.
func lit(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// ---- builder ----

type builder struct {
	objs []obj
	seen map[string]bool // id|modified
	err  error
	r    *rng

	// named objects of the story, by short key
	id map[string]string
	// indicator ids by story context
	ctxIndicators map[string][]string
	// modified of the second version of the Tidewater campaign
	tidewaterV2 string
}

func newBuilder() *builder {
	return &builder{seen: map[string]bool{}, r: &rng{s: 20260105}, id: map[string]string{}}
}

func (b *builder) add(o obj) obj {
	key := o.id() + "|" + fmt.Sprint(o.get("modified"))
	if b.seen[key] && b.err == nil {
		b.err = fmt.Errorf("duplicate object %s", key)
	}
	b.seen[key] = true
	b.objs = append(b.objs, o)
	return o
}

// ref returns the id registered under a story key.
func (b *builder) ref(key string) string {
	id, ok := b.id[key]
	if !ok && b.err == nil {
		b.err = fmt.Errorf("unknown story key %q", key)
	}
	return id
}

func (b *builder) refs(keys ...string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = b.ref(k)
	}
	return out
}

// TLP 2.0 marking-definition ids, as published with the TLP 2.0 extension.
const (
	tlpClear       = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
	tlpGreen       = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
	tlpAmber       = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
	tlpAmberStrict = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
	tlpRed         = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
	tlpExtension   = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
)

// sdo is the common head of an SDO, SRO or language-content object. Properties
// are added after it; tail adds the markings.
type sdo struct {
	typ, key string
	by       string
	created  time.Time
	modified time.Time // zero: same as created
}

func (b *builder) head(s sdo) obj {
	mod := s.modified
	if mod.IsZero() {
		mod = s.created
	}
	if mod.Before(s.created) && b.err == nil {
		b.err = fmt.Errorf("%s %s: modified before created", s.typ, s.key)
	}
	id := sid(s.typ, s.key)
	if prev, ok := b.id[s.key]; ok && prev != id && b.err == nil {
		b.err = fmt.Errorf("story key %q used for %s and %s", s.key, prev, id)
	}
	b.id[s.key] = id
	return obj{
		{"type", s.typ},
		{"spec_version", "2.1"},
		{"id", id},
		{"created_by_ref", s.by},
		{"created", ts(s.created)},
		{"modified", ts(mod)},
	}
}

// marks appends object_marking_refs: the TLP level and the demo statement.
func (b *builder) marks(o obj, tlp string) obj {
	return append(o, kv{"object_marking_refs", []string{tlp, b.ref("statement")}})
}

// scoID computes an SCO's id: the deterministic id from its properties
// (stix.DeterministicID), or for a type without ID Contributing Properties
// (process) a UUIDv4 from key.
func (b *builder) scoID(typ, key string, props obj) string {
	if stix.Kind(typ) != stix.SCO {
		b.fail(fmt.Errorf("%s: not a STIX 2.1 SCO type", typ))
		return ""
	}
	raw, err := json.Marshal(append(obj{{"type", typ}}, props...))
	if err != nil {
		b.fail(err)
		return ""
	}
	id, err := stix.DeterministicID(raw)
	if errors.Is(err, stix.ErrNotDeterministic) {
		return sid(typ, key)
	}
	if err != nil {
		b.fail(err)
	}
	return id
}

// sco adds an SCO with type, spec_version and id first, registers it under key
// and returns its id.
func (b *builder) sco(typ, key string, props obj) string {
	id := b.scoID(typ, key, props)
	o := obj{{"type", typ}, {"spec_version", "2.1"}, {"id", id}}
	o = append(o, props...)
	o = append(o, kv{"object_marking_refs", []string{tlpGreen, b.ref("statement")}})
	b.add(o)
	b.id[key] = id
	return id
}

func (b *builder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}
