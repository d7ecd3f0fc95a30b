// Package access decides who may do and see what: organisations (the
// centre, member countries, partners), API keys with roles, sharing groups,
// TLP 2.0 labels, and the one visibility policy (Viewer.Sees) that every
// read path applies.
//
// It keeps no state of its own: organisations, keys and groups live behind
// the Directory interface (implemented by the SQL stores), and the store
// applies the same rules inside its queries. It must never hold a key's
// secret after NewKey returns it, nor compare secrets other than in
// constant time.
package access
