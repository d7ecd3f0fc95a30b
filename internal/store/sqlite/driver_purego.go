//go:build !cgo || !sqlite_fts5

package sqlite

import (
	"net/url"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Otherwise (a plain `go build`, or CGO_ENABLED=0) the store uses the
// pure-Go modernc.org/sqlite: no C toolchain needed, same schema, slower.
const driverName = "sqlite"

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
