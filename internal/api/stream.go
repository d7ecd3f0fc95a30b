package api

import (
	"bufio"
	"net/http"
	"strconv"
	"time"

	"github.com/fusion-cti/fusion/internal/store"
)

// heartbeat is how often an idle stream sends a comment, so proxies and
// clients keep the connection.
const heartbeat = 15 * time.Second

// stream: GET /api/v1/stream?type=T — server-sent events, one "object"
// event per new object version the caller may see, with the version's date
// added (µs) as the event id. A client resumes with Last-Event-ID (or
// ?after=ID); without either it gets what is committed from now on.
//
// The stream reads through the store's List, so it sees exactly what the
// visibility policy allows; the bus only wakes it up.
func (s *Server) stream(w http.ResponseWriter, r *http.Request) error {
	v := viewer(r)
	ctx := r.Context()
	var cursor time.Time
	resume := r.Header.Get("Last-Event-ID")
	if resume == "" {
		resume = r.URL.Query().Get("after")
	}
	if resume != "" {
		us, err := strconv.ParseInt(resume, 10, 64)
		if err != nil || us < 0 {
			return badRequest("Last-Event-ID %q: not an event id this server gave", resume)
		}
		cursor = store.FromMicros(us)
	} else {
		last, err := s.store.Last(ctx)
		if err != nil {
			return err
		}
		cursor = last
	}
	types := listParam(r, "type")
	if err := s.auditRead(r, "read.stream", "/api/v1/stream", "after "+strconv.FormatInt(store.Micros(cursor), 10)); err != nil {
		return err
	}
	var wake <-chan time.Time
	if s.bus != nil {
		ch, stop := s.bus.Subscribe()
		defer stop()
		wake = ch
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 64<<10)
	send := func() error {
		if err := bw.Flush(); err != nil {
			return err
		}
		return rc.Flush()
	}
	bw.WriteString(": fusion stream\n\n")
	if err := send(); err != nil {
		return nil // the client has gone
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		page, err := s.store.List(ctx, v, store.Filter{After: cursor, Types: types, Versions: store.Versions{All: true}, Limit: 1000})
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			s.log.Error("stream", "err", err)
			return nil // the status is sent: end the stream, the client resumes
		}
		for _, it := range page.Items {
			bw.WriteString("id: ")
			bw.WriteString(strconv.FormatInt(store.Micros(it.Added), 10))
			bw.WriteString("\nevent: object\ndata: ")
			bw.Write(it.Raw) // one line: stored JSON has no raw newlines
			bw.WriteString("\n\n")
			cursor = it.Added
		}
		if page.More {
			continue
		}
		if err := send(); err != nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-wake:
		case <-tick.C:
			bw.WriteString(": ping\n\n")
		}
	}
}
