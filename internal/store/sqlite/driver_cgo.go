//go:build cgo && !purego

package sqlite

import (
	"net/url"
	"strings"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// With cgo the store uses the C SQLite of mattn/go-sqlite3: about twice as
// fast as the pure-Go driver on ingest (docs/ARCHITECTURE.md). Its default
// build has FTS4 but not FTS5, so full text is an FTS4 table here.
const driverName = "sqlite3"

// ftsSchema holds names, descriptions and observable values; docid = added.
const ftsSchema = `
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts4 (name, description, value, content="", order=DESC);
`

func dsn(path string, extra ...string) string {
	v := url.Values{}
	v.Set("_journal_mode", "WAL")
	v.Set("_synchronous", "NORMAL")
	v.Set("_busy_timeout", "30000")
	v.Set("_txlock", "immediate")
	v.Set("_cache_size", "-131072")
	for _, e := range extra {
		if strings.HasPrefix(e, "query_only") {
			v.Set("_query_only", "1")
		}
	}
	return "file:" + path + "?" + v.Encode()
}
