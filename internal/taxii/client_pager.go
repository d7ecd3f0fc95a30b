package taxii

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"time"
)

// ErrPagerNoProgress is wrapped by the error an ObjectPager returns when the
// server's paging would not move forward: a page it already sent, a next
// token already used, an X-TAXII-Date-Added-Last not after the added_after
// sent, or more=true with neither next nor X-TAXII-Date-Added-Last.
var ErrPagerNoProgress = errors.New("server paging makes no progress")

// ObjectPager walks a collection's objects page by page, following the
// server's next token, or, when a page says more=true without one,
// asking again with added_after set to the page's X-TAXII-Date-Added-Last.
// It stops after a page with more=false or no objects. It is not safe for
// concurrent use.
//
// DateAddedLast is the checkpoint to resume from later (as
// Query.AddedAfter): it moves only once a whole page has been delivered.
type ObjectPager struct {
	c          *Client
	apiRoot    string
	collection string
	q          Query // the next request

	checkpoint time.Time
	seenPages  map[[sha256.Size]byte]bool // fingerprints of the pages delivered
	sentNext   map[string]bool            // next tokens already sent
	pending    error                      // the end of paging, reported on the next call
	done       bool
}

// NewObjectPager returns a pager over the objects of a collection that
// match q. q.Next and q.AddedAfter, if set, say where to start.
func (c *Client) NewObjectPager(apiRoot, collection string, q Query) *ObjectPager {
	return &ObjectPager{c: c, apiRoot: apiRoot, collection: collection, q: q, checkpoint: q.AddedAfter,
		seenPages: map[[sha256.Size]byte]bool{}, sentNext: map[string]bool{}}
}

// AllObjects yields every object of a collection matching q, fetching
// pages as needed; it is NewObjectPager(apiRoot, collection, q).All(ctx).
// Use an ObjectPager directly to keep the checkpoint for later.
func (c *Client) AllObjects(ctx context.Context, apiRoot, collection string, q Query) iter.Seq2[json.RawMessage, error] {
	return c.NewObjectPager(apiRoot, collection, q).All(ctx)
}

// Done reports whether the pager has finished: the last page was
// delivered, or paging ended with an error.
func (p *ObjectPager) Done() bool { return p.done }

// DateAddedLast returns the checkpoint: the X-TAXII-Date-Added-Last of the
// last page delivered whole (or the starting AddedAfter). Every object
// added up to it has been delivered, so a later Query{AddedAfter: it}
// resumes without a gap. Pages without that header do not move it.
func (p *ObjectPager) DateAddedLast() time.Time { return p.checkpoint }

// Next fetches and returns the next page. After the last page, Done
// reports true. An error from the request leaves the pager where it was
// (calling Next again retries that page); an error wrapping
// ErrPagerNoProgress ends paging.
func (p *ObjectPager) Next(ctx context.Context) (*ObjectsPage, error) {
	page, err := p.fetch(ctx)
	if err != nil {
		return nil, err
	}
	p.advance(page)
	return page, nil
}

// All yields the objects of the remaining pages, then stops; on an error it
// yields (nil, err) and stops. Ranging over All again continues where the
// last range stopped. The checkpoint moves when the last object of a page
// has been yielded.
func (p *ObjectPager) All(ctx context.Context) iter.Seq2[json.RawMessage, error] {
	return func(yield func(json.RawMessage, error) bool) {
		for !p.done {
			page, err := p.fetch(ctx)
			if err != nil {
				yield(nil, err)
				return
			}
			if len(page.Objects) == 0 {
				p.advance(page)
			}
			for i, obj := range page.Objects {
				more := yield(obj, nil)
				if i == len(page.Objects)-1 {
					p.advance(page)
				}
				if !more {
					return
				}
			}
		}
	}
}

func (p *ObjectPager) advance(page *ObjectsPage) {
	if page.DateAddedLast.After(p.checkpoint) {
		p.checkpoint = page.DateAddedLast
	}
}

// fetch gets the next page and plans the request after it.
func (p *ObjectPager) fetch(ctx context.Context) (*ObjectsPage, error) {
	if p.pending != nil {
		p.done = true
		err := p.pending
		p.pending = nil
		return nil, err
	}
	if p.done {
		return nil, errors.New("taxii: object pager: no more pages")
	}
	page, err := p.c.Objects(ctx, p.apiRoot, p.collection, p.q)
	if err != nil {
		return nil, err
	}
	if p.q.Next != "" {
		p.sentNext[p.q.Next] = true
	}
	where := fmt.Sprintf("taxii: paging collection %s at %s", p.collection, p.apiRoot)

	// A page seen before (not only the one just before: a server may
	// cycle through several) means the walk would go round for ever.
	sum := clientPageHash(page.Objects)
	if len(page.Objects) > 0 && p.seenPages[sum] {
		p.done = true
		return nil, fmt.Errorf("%s: %w: the server sent the same page twice", where, ErrPagerNoProgress)
	}
	p.seenPages[sum] = true

	switch {
	case !page.More || len(page.Objects) == 0:
		p.done = true
	case page.Next != "":
		if p.sentNext[page.Next] {
			p.pending = fmt.Errorf("%s: %w: next %q is a token already sent", where, ErrPagerNoProgress, page.Next)
			break
		}
		p.q.Next = page.Next
	case page.DateAddedLast.IsZero():
		p.pending = fmt.Errorf("%s: %w: more is true but there is neither next nor X-TAXII-Date-Added-Last", where, ErrPagerNoProgress)
	case !page.DateAddedLast.After(p.q.AddedAfter):
		p.pending = fmt.Errorf("%s: %w: X-TAXII-Date-Added-Last %s is not after added_after %s (more than a page of objects added at the same time?)",
			where, ErrPagerNoProgress, clientFormatTime(page.DateAddedLast), clientFormatTime(p.q.AddedAfter))
	default:
		p.q.AddedAfter = page.DateAddedLast
		p.q.Next = ""
	}
	p.c.log.Debug("taxii page", "collection", p.collection, "objects", len(page.Objects),
		"more", page.More, "next", page.Next, "date_added_last", page.DateAddedLast)
	return page, nil
}

// clientPageHash fingerprints a page's objects.
func clientPageHash(objects []json.RawMessage) [sha256.Size]byte {
	h := sha256.New()
	var n [8]byte
	for _, o := range objects {
		binary.BigEndian.PutUint64(n[:], uint64(len(o)))
		h.Write(n[:])
		h.Write(o)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}
