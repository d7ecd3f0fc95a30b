package taxii_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/fusion-cti/fusion/internal/taxii"
)

// Pull a whole collection from a partner's TAXII 2.1 server, then keep the
// checkpoint to pull only what is new next time.
func ExampleObjectPager() {
	srv := exampleClientServer() // stands in for the partner's server
	defer srv.Close()
	ctx := context.Background()

	client, err := taxii.NewClient(srv.URL, // discovery at /taxii2/
		taxii.ClientBasicAuth("fusion", "s3cret"),
		taxii.ClientRetry(taxii.RetryPolicy{MaxAttempts: 3, BaseBackoff: time.Second, MaxWait: time.Minute}))
	if err != nil {
		fmt.Println(err)
		return
	}
	disc, err := client.Discovery(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	cols, err := client.Collections(ctx, disc.Default)
	if err != nil {
		fmt.Println(err)
		return
	}
	col := cols[0]
	fmt.Printf("collection %q (can read: %v)\n", col.Title, col.CanRead)

	// Resume from a stored checkpoint: the zero time pulls everything.
	var checkpoint time.Time
	pager := client.NewObjectPager(disc.Default, col.ID, taxii.Query{AddedAfter: checkpoint, Limit: 2})
	for obj, err := range pager.All(ctx) {
		if err != nil {
			fmt.Println("pull stopped:", err)
			break
		}
		fmt.Println(string(obj)) // the server's bytes, untouched
	}
	checkpoint = pager.DateAddedLast() // store it for the next pull
	fmt.Println("next time, added_after =", checkpoint.Format(time.RFC3339Nano))

	// Output:
	// collection "Partner indicators" (can read: true)
	// {"type":"indicator","id":"indicator--1","confidence":2.50}
	// {"type":"indicator","id":"indicator--2","name":"caf\u00e9"}
	// {"type":"indicator","id":"indicator--3"}
	// next time, added_after = 2024-03-01T12:00:03.000003Z
}

// exampleClientServer is a very small TAXII 2.1 server: one API root, one
// collection of three objects, served two per page with next tokens.
func exampleClientServer() *httptest.Server {
	objects := []string{
		`{"type":"indicator","id":"indicator--1","confidence":2.50}`,
		`{"type":"indicator","id":"indicator--2","name":"caf\u00e9"}`,
		`{"type":"indicator","id":"indicator--3"}`,
	}
	added := []string{"2024-03-01T12:00:01.000001Z", "2024-03-01T12:00:02.000002Z", "2024-03-01T12:00:03.000003Z"}
	mux := http.NewServeMux()
	reply := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", taxii.MediaType)
		fmt.Fprint(w, body)
	}
	mux.HandleFunc("GET /taxii2/{$}", func(w http.ResponseWriter, r *http.Request) {
		reply(w, `{"title":"Partner","default":"/feeds/","api_roots":["/feeds/"]}`)
	})
	mux.HandleFunc("GET /feeds/collections/{$}", func(w http.ResponseWriter, r *http.Request) {
		reply(w, `{"collections":[{"id":"c0ffee00-0000-4000-8000-000000000001","title":"Partner indicators","can_read":true,"can_write":false}]}`)
	})
	mux.HandleFunc("GET /feeds/collections/{id}/objects/{$}", func(w http.ResponseWriter, r *http.Request) {
		first, last := 0, 2
		if r.URL.Query().Get("next") == "page2" {
			first, last = 2, 3
		}
		w.Header().Set("X-TAXII-Date-Added-First", added[first])
		w.Header().Set("X-TAXII-Date-Added-Last", added[last-1])
		page := strings.Join(objects[first:last], ",")
		if last < len(objects) {
			reply(w, `{"more":true,"next":"page2","objects":[`+page+`]}`)
			return
		}
		reply(w, `{"objects":[`+page+`]}`)
	})
	return httptest.NewServer(mux)
}
