package access

import (
	"context"
	"encoding/hex"
	"fmt"
	"sync"
	"time"
)

// Authenticator turns presented credentials into a Viewer. Results are
// cached for a short time so that a busy client costs one hash and one map
// look-up per request; a revocation takes effect within CacheFor.
type Authenticator struct {
	dir Directory
	// CacheFor is how long a successful check is reused.
	CacheFor time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time

	mu    sync.Mutex
	cache map[string]cached // by hex SHA-256 of the token
}

type cached struct {
	v     Viewer
	key   Key
	org   string
	until time.Time
}

// NewAuthenticator checks credentials against dir.
func NewAuthenticator(dir Directory) *Authenticator {
	return &Authenticator{dir: dir, CacheFor: 2 * time.Second, cache: map[string]cached{}}
}

func (a *Authenticator) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// Check authenticates a token. user is the HTTP Basic user name, empty for
// a bearer token; when given it must be the key's id or its organisation's
// name. Every failure wraps ErrUnauthorized; the detail is for logs, and an
// HTTP answer must not carry it (so nobody can probe for key ids).
//
// The Actor it returns has no Remote: the caller knows where the request
// came from.
func (a *Authenticator) Check(ctx context.Context, user, token string) (Viewer, Actor, error) {
	now := a.now()
	sum := HashToken(token)
	slot := hex.EncodeToString(sum)
	a.mu.Lock()
	c, ok := a.cache[slot]
	a.mu.Unlock()
	if !ok || now.After(c.until) {
		var err error
		c, err = a.load(ctx, token, now)
		if err != nil {
			return Viewer{}, Actor{}, err
		}
		a.mu.Lock()
		if len(a.cache) > 10000 {
			clear(a.cache)
		}
		a.cache[slot] = c
		a.mu.Unlock()
	}
	if err := c.key.Check(token, now); err != nil {
		return Viewer{}, Actor{}, err
	}
	if user != "" && user != c.key.ID && user != c.org {
		return Viewer{}, Actor{}, fmt.Errorf("%w: user %q is neither key %s nor its organisation", ErrUnauthorized, user, c.key.ID)
	}
	return c.v, Actor{ID: c.key.ID, Org: c.org}, nil
}

func (a *Authenticator) load(ctx context.Context, token string, now time.Time) (cached, error) {
	id, ok := KeyID(token)
	if !ok {
		return cached{}, ErrUnauthorized
	}
	k, err := a.dir.KeyByID(ctx, id)
	if err != nil {
		return cached{}, fmt.Errorf("%w: %w", ErrUnauthorized, err)
	}
	if err := k.Check(token, now); err != nil {
		return cached{}, err
	}
	o, err := a.dir.OrgByID(ctx, k.Org)
	if err != nil {
		return cached{}, fmt.Errorf("%w: key %s: %w", ErrUnauthorized, k.ID, err)
	}
	groups, err := a.dir.GroupsOf(ctx, o.ID)
	if err != nil {
		return cached{}, fmt.Errorf("key %s: %w", k.ID, err)
	}
	v := Viewer{Org: o.ID, Centre: o.Kind == Centre, Groups: groups, Role: k.Role}
	return cached{v: v, key: k, org: o.Name, until: now.Add(a.CacheFor)}, nil
}
