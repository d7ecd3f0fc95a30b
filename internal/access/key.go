package access

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Key is an API key. The secret is shown once when the key is made and
// only its SHA-256 is kept: a key is 256 random bits, so a fast hash is as
// strong as a slow one and keeps checks cheap.
type Key struct {
	// ID is public: it names the key in lists, logs and HTTP Basic auth.
	ID      string
	Org     int64
	Role    Role
	Name    string
	Hash    []byte
	Created time.Time
	Expires time.Time // zero: never
	Revoked time.Time // zero: not revoked
}

// ErrUnauthorized is returned (wrapped) when credentials are missing,
// unknown, wrong, expired or revoked.
var ErrUnauthorized = errors.New("unauthorized")

const keyPrefix = "fsn_"

var keyEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewKey makes a key for org with a fresh random id and secret. The token
// (to show once) is "fsn_" + id + "_" + secret.
func NewKey(org int64, role Role, name string, now time.Time, ttl time.Duration) (Key, string, error) {
	if _, err := ParseRole(string(role)); err != nil {
		return Key{}, "", err
	}
	if ttl < 0 {
		return Key{}, "", fmt.Errorf("key expiry %s is in the past", ttl)
	}
	var b [8 + 32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return Key{}, "", fmt.Errorf("new key: %w", err)
	}
	id := keyEncoding.EncodeToString(b[:8])
	token := keyPrefix + id + "_" + keyEncoding.EncodeToString(b[8:])
	k := Key{ID: id, Org: org, Role: role, Name: name, Hash: HashToken(token), Created: now.UTC()}
	if ttl > 0 {
		k.Expires = k.Created.Add(ttl)
	}
	return k, token, nil
}

// HashToken returns what is stored for a token.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// KeyID returns the id part of a token, or false when the token is not in
// Fusion's format.
func KeyID(token string) (string, bool) {
	rest, ok := strings.CutPrefix(token, keyPrefix)
	if !ok {
		return "", false
	}
	id, secret, ok := strings.Cut(rest, "_")
	if !ok || len(id) != 13 || len(secret) != 52 {
		return "", false
	}
	return id, true
}

// Check verifies a presented token against the stored key in constant
// time, then its expiry and revocation.
func (k Key) Check(token string, now time.Time) error {
	if subtle.ConstantTimeCompare(HashToken(token), k.Hash) != 1 {
		return ErrUnauthorized
	}
	if !k.Revoked.IsZero() && !now.Before(k.Revoked) {
		return ErrUnauthorized
	}
	if !k.Expires.IsZero() && !now.Before(k.Expires) {
		return ErrUnauthorized
	}
	return nil
}

// Status describes a key for lists: active, expired or revoked.
func (k Key) Status(now time.Time) string {
	switch {
	case !k.Revoked.IsZero() && !now.Before(k.Revoked):
		return "revoked"
	case !k.Expires.IsZero() && !now.Before(k.Expires):
		return "expired"
	}
	return "active"
}

// KeyInfo is what may be shown of a key: never its hash or secret.
type KeyInfo struct {
	ID      string     `json:"id"`
	Org     string     `json:"org"`
	Role    string     `json:"role"`
	Name    string     `json:"name,omitempty"`
	Created time.Time  `json:"created"`
	Expires *time.Time `json:"expires,omitempty"`
	Revoked *time.Time `json:"revoked,omitempty"`
	Status  string     `json:"status"`
}

// Info describes k for lists, its organisation named org.
func (k Key) Info(org string, now time.Time) KeyInfo {
	i := KeyInfo{ID: k.ID, Org: org, Role: string(k.Role), Name: k.Name, Created: k.Created, Status: k.Status(now)}
	if !k.Expires.IsZero() {
		i.Expires = &k.Expires
	}
	if !k.Revoked.IsZero() {
		i.Revoked = &k.Revoked
	}
	return i
}
