//go:build !cgo || purego

package sqlite

import (
	"net/url"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Without cgo (or with -tags purego) the store uses the pure-Go
// modernc.org/sqlite, which has FTS5 but not FTS4.
const driverName = "sqlite"

// ftsSchema holds names, descriptions and observable values; rowid = added.
const ftsSchema = `
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (name, description, value, content = '', contentless_delete = 1);
`

func dsn(path string, extra ...string) string {
	v := url.Values{}
	for _, p := range append([]string{
		"journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(30000)",
		"temp_store(MEMORY)", "cache_size(-131072)", "mmap_size(268435456)",
	}, extra...) {
		v.Add("_pragma", p)
	}
	v.Set("_txlock", "immediate")
	return "file:" + path + "?" + v.Encode()
}
