// Package store defines where Fusion keeps intelligence: every version of
// every STIX object, with the indexes the read paths need (type, id, version,
// date added, observable values, relationships both ways, full text).
//
// The Store interface is implemented by sibling packages (sqlite, postgres)
// that all pass one conformance suite (storetest). The store never parses
// STIX or patterns itself: ingest derives a Record's index entries and the
// store keeps them. It knows nothing of HTTP, formats or the command line.
package store

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/fusion-cti/fusion/internal/access"
)

// ErrNotFound is returned (wrapped) when a requested object does not exist.
var ErrNotFound = errors.New("not found")

// ErrClosed is returned (wrapped) when a transaction is used after Commit or Rollback.
var ErrClosed = errors.New("transaction already finished")

// Store keeps object versions. Implementations must be safe for concurrent
// use by many readers; writers are serialised (Begin blocks while another
// write transaction is open, in this process or another one sharing the
// database).
type Store interface {
	// Begin opens a write transaction. Everything Put through it becomes
	// visible to readers at once when Commit returns nil, or not at all.
	// Commit appends an "object.write" entry to the audit log in the same
	// transaction, naming the actor of ctx (access.FromContext; the local
	// operator when there is none).
	// Each stored version receives a date added strictly greater than that
	// of every version committed before it, so readers paging by date added
	// never miss a version.
	Begin(ctx context.Context) (Tx, error)

	// Every read takes the viewer and returns only the versions it may see
	// (access.Viewer.Sees), filtering inside the query. "Latest" and
	// "first" mean the newest and oldest version the viewer may see (within
	// the collection, when one is named).

	// Get returns the versions of the object id that sel selects, oldest
	// first. It returns an error wrapping ErrNotFound when the id is unknown,
	// invisible to v or no version matches sel.
	Get(ctx context.Context, v access.Viewer, id string, sel Versions) ([]Stored, error)

	// List returns versions matching f in ascending date-added order, at most
	// f.Limit of them, and whether more follow (continue with f.After set to
	// the last Added returned). With f.Collection set, it lists that
	// collection and Added is the date each version was added to it.
	List(ctx context.Context, v access.Viewer, f Filter) (Page, error)

	// ListRaw is List for callers that only need each version's date
	// added and JSON (a TAXII envelope): it calls fn for each, in order,
	// with raw valid only until fn returns, and reports whether more
	// follow. An error from fn stops it and is returned.
	ListRaw(ctx context.Context, v access.Viewer, f Filter, fn func(added time.Time, raw []byte) error) (more bool, err error)

	// Search returns the latest versions of objects whose name, description
	// or observable values match text (words, all of which must match), and
	// whose type is in types when types is not empty. Objects that hold an
	// observable equal to text come first; the rest are newest first. An
	// empty text lists the newest objects.
	Search(ctx context.Context, v access.Viewer, q Query) ([]Stored, error)

	// Lookup returns the latest versions of objects that carry the exact
	// observable value (after the normalisation ingest applied), oldest
	// first. kind narrows to one observable kind when not empty.
	Lookup(ctx context.Context, v access.Viewer, kind, value string) ([]Stored, error)

	// Related returns the edges that leave or reach id, as carried by the
	// latest versions of the objects holding them that v may see.
	Related(ctx context.Context, v access.Viewer, id string) ([]Edge, error)

	// Correlate returns the other objects whose latest versions (that v
	// may see) carry an observable value that the latest visible version
	// of id carries: the same IP, domain or hash reported by another
	// source. It reads the observables index; no pairs are stored.
	Correlate(ctx context.Context, v access.Viewer, id string, limit int) ([]Correlation, error)

	// Sources returns the provenance of one stored version: every source
	// that sent it and when, first sender first.
	Sources(ctx context.Context, v access.Viewer, id string, version time.Time) ([]Provenance, error)

	// Stats counts what is stored.
	Stats(ctx context.Context) (Stats, error)

	// Last returns the greatest date added committed (to an object version
	// or a collection entry), zero for an empty store. Writers are
	// serialised, so a follower that starts after Last and pages by date
	// added misses no later commit.
	Last(ctx context.Context) (time.Time, error)

	// Ping reports whether the store can serve requests.
	Ping(ctx context.Context) error

	// Close releases the store. Open transactions are rolled back.
	Close() error
}

// Tx is a write transaction. It is used by one goroutine.
type Tx interface {
	// Put queues rec for writing. Records may be buffered: a Put error or a
	// Commit error means nothing of the transaction is stored. Put takes
	// ownership of rec and its slices.
	Put(ctx context.Context, rec *Record) error

	// Describe names what the transaction stores (a file, a TAXII
	// collection…) in its audit entry.
	Describe(target string)

	// Commit writes what is queued and makes it visible. After Commit the
	// transaction is finished whatever the result.
	Commit(ctx context.Context) (Summary, error)

	// Rollback discards the transaction; it is a no-op after Commit.
	Rollback() error
}

// Record is one object version to store with its derived index entries.
type Record struct {
	ID          string
	Type        string
	SpecVersion string
	// Version is the version timestamp: modified, else created, else zero
	// (objects without a timestamp have one version only).
	Version time.Time
	Revoked bool
	// Raw is the object's JSON exactly as it is to be returned.
	Raw []byte
	// Source names who sent this version (provenance).
	Source string
	// Label decides who sees the version (access.Viewer.Sees). A version
	// sent again keeps its first label; a later sender's organisation is
	// added to its Senders.
	Label access.Label
	// Collection, when not 0, is the collection the version is added to
	// (a duplicate is added too, under a new date added).
	Collection int64

	// Index entries.
	Name        string
	Description string
	Observables []Observable // a set: repeats are stored once
	Refs        []Ref
	// Markings are the marking-definition ids the object references
	// (object-level and granular), from which ingest computes Label.
	Markings []string
	// Warnings name the warning lists its observable values are on.
	Warnings []string
}

// Observable is a value an object carries or an indicator looks for.
type Observable struct {
	// Kind is the object type and property path, for example
	// "ipv4-addr:value" or "file:hashes.'SHA-256'".
	Kind  string
	Value string
}

// Ref is an edge from the object holding it to Target.
type Ref struct {
	// From is the edge's origin: "" means the object itself; a relationship
	// sets it to its source_ref.
	From string
	// Kind is the relationship type or the property name ("object_refs").
	Kind   string
	Target string
}

// Stored is one stored version.
type Stored struct {
	Added       time.Time
	ID          string
	Type        string
	SpecVersion string
	Version     time.Time
	Revoked     bool
	// TLP is the version's label's level (exports filter and show it).
	TLP access.TLP
	Raw []byte
}

// Versions selects versions of an object. The zero value selects the
// latest; several fields may be combined and select the union.
type Versions struct {
	All   bool
	First bool
	Last  bool
	At    []time.Time
}

// LatestOnly reports whether v selects the latest version alone.
func (v Versions) LatestOnly() bool { return !v.All && !v.First && len(v.At) == 0 }

// Filter narrows a List.
type Filter struct {
	Types        []string
	IDs          []string
	SpecVersions []string
	Versions     Versions
	// AddedAfter and After both exclude versions added at or before them;
	// After is the paging cursor (the last Added of the previous page).
	AddedAfter time.Time
	After      time.Time
	Limit      int
	// Collection, when not 0, lists one collection's versions.
	Collection int64
	// SkipWarned leaves out versions with values on warning lists.
	SkipWarned bool
}

// Page is one page of a List.
type Page struct {
	Items []Stored
	More  bool
}

// Query is a search.
type Query struct {
	Text  string
	Types []string
	Limit int
}

// Edge is one relationship between two objects.
type Edge struct {
	From string
	To   string
	Kind string
	// Via is the object that carries the edge: the relationship or sighting
	// object, or the object holding a reference property.
	Via     string
	ViaType string
}

// Provenance records that a source sent a version at a time.
type Provenance struct {
	Source string
	At     time.Time
}

// Summary counts what a transaction did.
type Summary struct {
	New         int // objects whose id was not stored before
	NewVersions int // new versions of stored objects
	Duplicates  int // exact copies of stored versions (no-ops)
	// Conflicts lists ids sent again with a known version but different
	// content; the first content is kept.
	Conflicts []string
	// Last is the greatest date added the transaction gave (to a new
	// version or a collection entry); zero when it added nothing.
	Last time.Time
}

// Stats counts what is stored.
type Stats struct {
	Objects  int64 // distinct ids
	Versions int64
	ByType   map[string]int64 // distinct ids per type
}

// DefaultLimit and MaxLimit bound List and Search pages.
const (
	DefaultLimit = 100
	MaxLimit     = 10000
)

// ClampLimit applies DefaultLimit and MaxLimit.
func ClampLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}

// Micros converts a time to microseconds since the Unix epoch, the unit
// both back-ends store timestamps in. The zero time maps to 0.
func Micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// FromMicros is the inverse of Micros.
func FromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// Select keeps the versions of one object (oldest first) that v selects.
func (v Versions) Select(all []Stored) []Stored {
	if v.All || len(all) == 0 {
		return all
	}
	var out []Stored
	for i, s := range all {
		keep := (v.First && i == 0) || ((v.Last || v.LatestOnly()) && i == len(all)-1)
		for _, t := range v.At {
			keep = keep || Micros(s.Version) == Micros(t) // versions are kept to the microsecond
		}
		if keep {
			out = append(out, s)
		}
	}
	return out
}

// Collection is a TAXII collection: what is posted or ingested into it, or
// (a view) every version its reader may see. Who may read or write it is
// decided here; what each reader sees inside it, by the visibility policy.
type Collection struct {
	ID          int64
	UUID        string // the TAXII collection id
	Name        string // title and alias
	Description string
	// ReadAll lets every organisation read; otherwise Readers may. Writers
	// do not read unless they are readers too (a write-only inbox).
	ReadAll bool
	Readers []int64
	Writers []int64
	View    bool
	Created time.Time
}

// CanRead reports whether v may read the collection.
func (c Collection) CanRead(v access.Viewer) bool {
	return v.System || c.ReadAll || slices.Contains(c.Readers, v.Org)
}

// CanWrite reports whether v may add to the collection (never to a view).
func (c Collection) CanWrite(v access.Viewer) bool {
	if c.View {
		return false
	}
	return v.System || v.Role.CanWrite() && slices.Contains(c.Writers, v.Org)
}

// Source is a partner's TAXII collection that Fusion pulls from.
type Source struct {
	ID   int64
	Name string
	// URL is the API root's URL, or the server's discovery URL (then its
	// default API root is used).
	URL        string
	Collection string
	// User and Password authenticate with HTTP Basic; a Password without
	// User is sent as a bearer token. They are sent to the partner, so
	// they are kept as given (unlike Fusion's own keys).
	User, Password string
	// Owner is the organisation the pulled objects belong to (0: none).
	Owner int64
	// Every is how often serve pulls it (0: only by hand).
	Every time.Duration
	// Cursor is the X-TAXII-Date-Added-Last of the last page stored.
	Cursor    time.Time
	LastRun   time.Time
	LastError string
}

// Correlation is another object sharing an observable value.
type Correlation struct {
	Kind, Value string
	Object      Stored
}
