// Package intel is Fusion's fusing pipeline: it takes STIX objects from any
// input, validates them, derives what the store indexes (observable values,
// edges, text) and stores each unit of input whole or not at all.
//
// It must never write part of a rejected unit: everything a unit holds goes
// through one store transaction, rolled back on the first problem unless
// the caller asked for a partial ingest.
package intel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/bus"
	"github.com/fusion-cti/fusion/internal/stix"
	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/warninglist"
)

// Ingester stores STIX input.
type Ingester struct {
	Store store.Store
	// Bus, when set, is told of every commit that added something.
	Bus bus.Bus
}

// Options tune one ingest.
type Options struct {
	// Source names the sender, kept as the provenance of every version.
	Source string
	// Defaults label objects that carry no marking, and name the owner.
	Defaults access.Defaults
	// Group resolves a marking-definition id to the sharing group it
	// stands for (nil: no groups).
	Group func(markingID string) (int64, bool)
	// Collection, when not 0, adds every version sent to that collection.
	Collection int64
	// Warnings flags versions whose observable values are on these
	// warning lists (nil: none); exports leave them out unless asked.
	Warnings *warninglist.Set
	// Report, when set, is called for every object read, in order, from
	// the reading goroutine: with the rejection, or with a nil error when
	// the object is part of the unit (stored if Bundle returns no error).
	// Unlike Result.Rejected it is not bounded.
	Report func(index int, id string, version time.Time, err error)
	// Partial keeps a unit's valid objects when some are invalid, instead
	// of rejecting the whole unit.
	Partial bool
	// Progress, when set, is called now and then from another goroutine
	// with the objects and bytes read so far.
	Progress func(objects, bytes int64)
}

// Rejection is one object that was not stored.
type Rejection struct {
	Index int    // position in the bundle's objects
	ID    string // "" when unknown
	Err   error
}

func (r Rejection) Error() string {
	var b strings.Builder
	b.WriteString("objects[")
	b.WriteString(strconv.Itoa(r.Index))
	b.WriteString("]")
	if r.ID != "" {
		b.WriteString(" (" + r.ID + ")")
	}
	b.WriteString(": ")
	b.WriteString(r.Err.Error())
	return b.String()
}

// Result tells what one ingest did.
type Result struct {
	Read int // objects read
	store.Summary
	Rejected []Rejection // the first maxRejections rejections
	// RejectedCount counts every rejected object, listed or not.
	RejectedCount int
	Warnings      int // validation warnings on stored objects
	Stored        bool
}

// ErrRejected is wrapped by the error Bundle returns when a unit was not
// stored because of invalid objects; Result.Rejected lists them.
var ErrRejected = errors.New("bundle rejected: nothing stored")

// maxRejections bounds how many rejections one ingest lists.
const maxRejections = 100

// batch carries records from the validating stage to the storing stage.
type batch struct {
	recs []*store.Record
}

// Bundle ingests one STIX bundle (or a single bare object) from r, named
// name in errors. Malformed JSON rejects the whole unit, even with
// Options.Partial, since nothing after the fault can be read.
func (in *Ingester) Bundle(ctx context.Context, name string, r io.Reader, opt Options) (Result, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	counter := &countingReader{r: r}
	br := stix.NewBundleReader(counter)

	tx, err := in.Store.Begin(ctx)
	if err != nil {
		return Result{}, err
	}
	defer tx.Rollback()
	tx.Describe(name)

	batches := make(chan batch, 8)
	done := make(chan struct{})
	var rejected atomic.Bool
	// The reading stage owns vres until done is closed; the caller may
	// return earlier (a write error, cancellation) without waiting for a
	// reader blocked on its input.
	var vres Result
	var readErr error
	go func() {
		defer close(done)
		defer close(batches)
		readErr = in.validate(ctx, br, counter, opt, &vres, &rejected, batches)
	}()
	for {
		select {
		case b, ok := <-batches:
			if !ok {
				return in.finish(ctx, name, tx, done, &vres, readErr, opt)
			}
			if rejected.Load() && !opt.Partial {
				continue // drain; the transaction will be rolled back
			}
			for _, rec := range b.recs {
				if err := tx.Put(ctx, rec); err != nil {
					return Result{}, fmt.Errorf("%s: %w", name, err)
				}
			}
		case <-ctx.Done():
			return Result{}, fmt.Errorf("%s: %w", name, ctx.Err())
		}
	}
}

// finish commits the unit once the reading stage has ended, unless it
// failed or, without Options.Partial, rejected an object.
func (in *Ingester) finish(ctx context.Context, name string, tx store.Tx, done <-chan struct{}, vres *Result, readErr error, opt Options) (Result, error) {
	<-done
	res := *vres
	switch {
	case readErr != nil:
		return res, fmt.Errorf("%s: %w", name, readErr)
	case res.RejectedCount > 0 && !opt.Partial:
		return res, fmt.Errorf("%s: %d invalid object(s): %w", name, res.RejectedCount, ErrRejected)
	}
	sum, err := tx.Commit(ctx)
	if err != nil {
		return res, fmt.Errorf("%s: %w", name, err)
	}
	res.Summary = sum
	if in.Bus != nil && !sum.Last.IsZero() {
		// The unit is stored: a failed announcement only delays followers,
		// who also poll.
		in.Bus.Publish(context.WithoutCancel(ctx), sum.Last)
	}
	res.Stored = true
	return res, nil
}

// validate reads, validates and derives records, sending them in batches.
// Without Options.Partial it stops reading once maxRejections objects are
// rejected (nothing will be stored); with it, it reads to the end.
func (in *Ingester) validate(ctx context.Context, br *stix.BundleReader, counter *countingReader, opt Options, res *Result, rejected *atomic.Bool, out chan<- batch) error {
	const batchLen = 256
	cur := batch{recs: make([]*store.Record, 0, batchLen)}
	// reject records a rejection and reports whether reading should stop.
	reject := func(idx int, id string, err error) bool {
		if opt.Report != nil {
			opt.Report(idx, id, time.Time{}, err)
		}
		rejected.Store(true)
		res.RejectedCount++
		if len(res.Rejected) < maxRejections {
			res.Rejected = append(res.Rejected, Rejection{Index: idx, ID: id, Err: err})
		}
		return !opt.Partial && res.RejectedCount >= maxRejections
	}
	send := func() error {
		if len(cur.recs) == 0 {
			return nil
		}
		select {
		case out <- cur:
		case <-ctx.Done():
			return ctx.Err()
		}
		cur = batch{recs: make([]*store.Record, 0, batchLen)}
		if opt.Progress != nil {
			opt.Progress(int64(res.Read), counter.n.Load())
		}
		return nil
	}
	for {
		raw, err := br.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if !errors.Is(err, stix.ErrNotObject) {
				return err // malformed JSON, a read error, a bad bundle envelope: final
			}
			// An element that is not an object: reject it, keep reading.
			res.Read++
			if reject(br.Index(), "", err) {
				return nil
			}
			continue
		}
		res.Read++
		obj, rep := stix.Validate(raw)
		if !rep.OK() {
			id := ""
			if obj != nil {
				id = obj.ID
			}
			if reject(br.Index(), id, issuesError(rep.Errors)) {
				return nil
			}
			continue
		}
		res.Warnings += len(rep.Warnings)
		rec, err := record(obj, opt.Source)
		if err != nil {
			if reject(br.Index(), obj.ID, err) {
				return nil
			}
			continue
		}
		rec.Label = LabelOf(rec.Markings, opt.Group, opt.Defaults)
		rec.Collection = opt.Collection
		if opt.Warnings != nil {
			for _, o := range rec.Observables {
				for _, h := range opt.Warnings.Match(o.Kind, o.Value) {
					rec.Warnings = append(rec.Warnings, h.List)
				}
			}
		}
		if opt.Report != nil {
			opt.Report(br.Index(), obj.ID, rec.Version, nil)
		}
		cur.recs = append(cur.recs, rec)
		if len(cur.recs) == batchLen {
			if err := send(); err != nil {
				return err
			}
		}
	}
	return send()
}

// issuesError joins validation errors into one error.
func issuesError(issues []stix.Issue) error {
	msgs := make([]string, len(issues))
	for i, is := range issues {
		msgs[i] = is.String()
	}
	return errors.New(strings.Join(msgs, "; "))
}

type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
