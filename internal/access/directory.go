package access

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/fusion-cti/fusion/internal/country"
)

// ErrNotFound is returned (wrapped) for an unknown organisation, key or group.
var ErrNotFound = errors.New("not found")

// ErrExists is returned (wrapped) when a name is already taken.
var ErrExists = errors.New("already exists")

// Kind is an organisation's kind.
type Kind string

// The organisation kinds.
const (
	Centre  Kind = "centre"  // runs this Fusion; one per node
	Member  Kind = "member"  // a member country's national unit
	Partner Kind = "partner" // a security vendor, CERT, bank…
)

// ParseKind reads an organisation kind.
func ParseKind(s string) (Kind, error) {
	switch k := Kind(strings.ToLower(s)); k {
	case Centre, Member, Partner:
		return k, nil
	}
	return "", fmt.Errorf("unknown organisation kind %q (known: centre, member, partner)", s)
}

// Role is what a key or user may do.
type Role string

// The roles, from the most to the least powerful.
const (
	Admin       Role = "admin"       // everything, including organisations, keys and groups
	Analyst     Role = "analyst"     // read and write intelligence, run sweeps and analyses
	Contributor Role = "contributor" // read and write intelligence
	Reader      Role = "reader"      // read only
)

// ParseRole reads a role.
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.ToLower(s)); r {
	case Admin, Analyst, Contributor, Reader:
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q (known: admin, analyst, contributor, reader)", s)
}

// CanWrite reports whether r may add intelligence.
func (r Role) CanWrite() bool { return r == Admin || r == Analyst || r == Contributor }

// CanAdmin reports whether r may manage organisations, keys, groups and
// collections.
func (r Role) CanAdmin() bool { return r == Admin }

// Org is an organisation.
type Org struct {
	ID   int64
	Name string
	Kind Kind
	// Country is the ISO 3166-1 alpha-2 code of a member country (upper
	// case); empty for others.
	Country string
	// TLP labels the unmarked objects the organisation sends.
	TLP     TLP
	Created time.Time
}

var orgName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// Validate checks an organisation before it is added.
func (o Org) Validate() error {
	if !orgName.MatchString(o.Name) {
		return fmt.Errorf("organisation name %q: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", o.Name)
	}
	if _, err := ParseKind(string(o.Kind)); err != nil {
		return err
	}
	switch {
	case o.Kind == Member && !country.Assigned(o.Country):
		return fmt.Errorf("organisation %s: a member needs --country with an ISO 3166-1 alpha-2 code, got %q", o.Name, o.Country)
	case o.Kind != Member && o.Country != "":
		return fmt.Errorf("organisation %s: only members have a country", o.Name)
	}
	return nil
}

// Group is a sharing group: organisations named together by a Fusion
// marking definition. Objects marked with it are seen by its members (and
// by their owner; the centre unless they are RED).
type Group struct {
	ID int64
	// UUID makes the group's marking-definition id, stable across renames
	// and nodes.
	UUID    string
	Name    string
	Orgs    []int64
	Created time.Time
}

// MarkingID returns the id of the group's marking definition.
func (g Group) MarkingID() string { return "marking-definition--" + g.UUID }

// Actor is who makes a change, for the audit log.
type Actor struct {
	ID     string // key id, or "cli"
	Org    string // organisation name; empty for the local operator
	Remote string // client address, or "local"
}

// Local is the actor of local commands.
var Local = Actor{ID: "cli", Remote: "local"}

// Directory keeps organisations, keys and groups. Implementations (the SQL
// stores) must make every change atomic and append it to the audit log in
// the same transaction, with the actor given.
type Directory interface {
	// AddOrg stores a new organisation and returns it with its id. A taken
	// name is an error wrapping ErrExists; there is at most one centre.
	AddOrg(ctx context.Context, by Actor, o Org) (Org, error)
	// Orgs lists organisations by name.
	Orgs(ctx context.Context) ([]Org, error)
	// OrgByName returns an organisation or an error wrapping ErrNotFound.
	OrgByName(ctx context.Context, name string) (Org, error)
	// OrgByID returns an organisation or an error wrapping ErrNotFound.
	OrgByID(ctx context.Context, id int64) (Org, error)

	// AddKey stores a key (its hash, never its secret).
	AddKey(ctx context.Context, by Actor, k Key) error
	// Keys lists keys, oldest first; org 0 lists every organisation's.
	Keys(ctx context.Context, org int64) ([]Key, error)
	// KeyByID returns a key or an error wrapping ErrNotFound.
	KeyByID(ctx context.Context, id string) (Key, error)
	// RevokeKey marks a key revoked at the given time; revoking a revoked
	// key keeps the first time. An unknown id wraps ErrNotFound.
	RevokeKey(ctx context.Context, by Actor, id string, at time.Time) error

	// AddGroup stores a sharing group with its members and returns it with
	// its id; a taken name wraps ErrExists.
	AddGroup(ctx context.Context, by Actor, g Group) (Group, error)
	// Groups lists sharing groups by name.
	Groups(ctx context.Context) ([]Group, error)
	// GroupsOf returns the ids of the groups org belongs to, sorted.
	GroupsOf(ctx context.Context, org int64) ([]int64, error)
}
