package access_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/store/sqlite"
)

func TestKeys(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	k, token, err := access.NewKey(1, access.Reader, "x", now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if id, ok := access.KeyID(token); !ok || id != k.ID {
		t.Fatalf("KeyID(%q) = %q, %v; want %q", token, id, ok, k.ID)
	}
	if strings.Contains(string(k.Hash), token) || len(k.Hash) != 32 {
		t.Fatal("the key keeps more than a 32-byte hash")
	}
	if err := k.Check(token, now); err != nil {
		t.Fatalf("fresh key refused: %v", err)
	}
	for name, c := range map[string]struct {
		token string
		at    time.Time
		k     access.Key
	}{
		"wrong secret": {token[:len(token)-1] + "a", now, k},
		"expired":      {token, now.Add(time.Hour), k},
		"revoked":      {token, now.Add(time.Minute), func() access.Key { r := k; r.Revoked = now; return r }()},
	} {
		if c.token == token && name == "wrong secret" {
			c.token = token[:len(token)-1] + "b"
		}
		if err := c.k.Check(c.token, c.at); !errors.Is(err, access.ErrUnauthorized) {
			t.Errorf("%s: Check = %v, want ErrUnauthorized", name, err)
		}
	}
	for _, bad := range []string{"", "fsn_", "Bearer " + token, "fsn_abc_def", token + "x"} {
		if _, ok := access.KeyID(bad); ok {
			t.Errorf("KeyID(%q) accepted", bad)
		}
	}
	_, other, _ := access.NewKey(1, access.Reader, "", now, 0)
	if other == token {
		t.Fatal("two keys with the same token")
	}
	if _, _, err := access.NewKey(1, "owner", "", now, 0); err == nil {
		t.Error("NewKey accepted an unknown role")
	}
}

// TestAuthenticator checks credentials against a real store: bearer and
// Basic (key id or organisation name as user), wrong users, revocation
// after the cache's lifetime, and the viewer's groups and centre flag.
func TestAuthenticator(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	centre, err := db.AddOrg(ctx, access.Local, access.Org{Name: "centre", Kind: access.Centre})
	if err != nil {
		t.Fatal(err)
	}
	fr, err := db.AddOrg(ctx, access.Local, access.Org{Name: "cert-fr", Kind: access.Member, Country: "FR"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddOrg(ctx, access.Local, access.Org{Name: "second", Kind: access.Centre}); !errors.Is(err, access.ErrExists) {
		t.Fatalf("a second centre: %v, want ErrExists", err)
	}
	g, err := db.AddGroup(ctx, access.Local, access.Group{UUID: "0d6ee5f5-5f0b-4d43-9c8b-2b8f1c1e8a01", Name: "eu", Orgs: []int64{fr.ID}})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	key, token, _ := access.NewKey(fr.ID, access.Contributor, "", now, 0)
	if err := db.AddKey(ctx, access.Local, key); err != nil {
		t.Fatal(err)
	}
	ckey, ctoken, _ := access.NewKey(centre.ID, access.Admin, "", now, 0)
	if err := db.AddKey(ctx, access.Local, ckey); err != nil {
		t.Fatal(err)
	}
	a := access.NewAuthenticator(db)
	clock := now
	a.Now = func() time.Time { return clock }
	for _, user := range []string{"", key.ID, "cert-fr"} {
		v, actor, err := a.Check(ctx, user, token)
		if err != nil {
			t.Fatalf("user %q: %v", user, err)
		}
		if v.Org != fr.ID || v.Centre || v.Role != access.Contributor || len(v.Groups) != 1 || v.Groups[0] != g.ID || actor.ID != key.ID || actor.Org != "cert-fr" {
			t.Fatalf("user %q: viewer %+v actor %+v", user, v, actor)
		}
	}
	if v, _, err := a.Check(ctx, "", ctoken); err != nil || !v.Centre {
		t.Fatalf("centre key: %+v, %v", v, err)
	}
	for _, c := range [][2]string{{"centre", token}, {"", "fsn_" + strings.Repeat("a", 13) + "_" + strings.Repeat("b", 52)}, {"", "nonsense"}, {ckey.ID, token}} {
		if _, _, err := a.Check(ctx, c[0], c[1]); !errors.Is(err, access.ErrUnauthorized) {
			t.Errorf("user %q token %.12q…: %v, want ErrUnauthorized", c[0], c[1], err)
		}
	}
	if err := db.RevokeKey(ctx, access.Local, key.ID, now); err != nil {
		t.Fatal(err)
	}
	clock = now.Add(a.CacheFor + time.Millisecond)
	if _, _, err := a.Check(ctx, "", token); !errors.Is(err, access.ErrUnauthorized) {
		t.Fatalf("revoked key accepted after the cache's lifetime: %v", err)
	}
	if err := db.RevokeKey(ctx, access.Local, "nokey", now); !errors.Is(err, access.ErrNotFound) {
		t.Errorf("revoking an unknown key: %v", err)
	}
}
