package access_test

import (
	"context"
	"testing"
	"time"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/store/sqlite"
)

// benchKey makes a store with one organisation in two groups and a key.
func benchKey(b *testing.B) (*access.Authenticator, string) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	o, err := db.AddOrg(ctx, access.Local, access.Org{Name: "cert-fr", Kind: access.Member, Country: "FR"})
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"a", "b"} {
		if _, err := db.AddGroup(ctx, access.Local, access.Group{UUID: "00000000-0000-4000-8000-00000000000" + map[string]string{"a": "1", "b": "2"}[name], Name: name, Orgs: []int64{o.ID}}); err != nil {
			b.Fatal(err)
		}
	}
	k, token, _ := access.NewKey(o.ID, access.Reader, "", time.Now(), 0)
	if err := db.AddKey(ctx, access.Local, k); err != nil {
		b.Fatal(err)
	}
	return access.NewAuthenticator(db), token
}

// BenchmarkCheck is the key check of a request: cached (the common case,
// a client making many requests) and uncached (a key's first request, or
// its first after the cache's lifetime: three store look-ups).
func BenchmarkCheck(b *testing.B) {
	ctx := context.Background()
	for _, cached := range []bool{true, false} {
		name := map[bool]string{true: "cached", false: "uncached"}[cached]
		b.Run(name, func(b *testing.B) {
			a, token := benchKey(b)
			if !cached {
				a.CacheFor = 0
			}
			for b.Loop() {
				if _, _, err := a.Check(ctx, "", token); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSees(b *testing.B) {
	v := access.Viewer{Org: 7, Groups: []int64{3, 9, 12}, Role: access.Reader}
	l := access.Label{Owner: 2, TLP: access.Amber, Groups: []int64{4, 12}}
	for b.Loop() {
		if !v.Sees(l) {
			b.Fatal("not seen")
		}
	}
}
