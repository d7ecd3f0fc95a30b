package misp

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/fusion-cti/fusion/internal/formats/codec"
	"github.com/google/uuid"
)

// Importer converts MISP events (the MISP core format) to STIX 2.1. It is
// the "misp/event" format. The zero value is ready to use.
type Importer struct {
	// Logger receives one warning per unit that left content out (unknown
	// attribute types, values that do not fit their type…). Nil discards.
	Logger *slog.Logger
	// OnReport, when set, is called with each unit's Report once its
	// bundle has been written, before Import moves to the next unit.
	OnReport func(Report)
	// TempDir is where events whose attributes precede their tags are
	// spooled once they exceed SpoolMemory; "" is the system default.
	TempDir string
	// SpoolMemory is how many bytes of spooled attributes and objects stay
	// in memory (default 8 MiB each).
	SpoolMemory int
}

var (
	_ codec.Importer = (*Importer)(nil)
	_ codec.Detector = (*Importer)(nil)
)

// Info describes the format for the registry.
func (*Importer) Info() codec.Info {
	return codec.Info{Name: "misp/event", Description: "MISP event JSON (core format), one event or a list", Ext: ".json"}
}

// Detect reports whether head starts like MISP event JSON.
func (*Importer) Detect(head []byte) bool { return Detect(head) }

// Import reads r, which holds {"Event": {…}}, {"response": [{"Event": …},
// …]} or a JSON list of {"Event": …} (or of bare events), and calls unit
// once per event, in order, with the event's JSON path as its name
// ("Event", "response[2]", "[0]") and a reader of its STIX bundle.
//
// The bundle is produced while unit reads it, attribute by attribute, so
// an event of any size is converted in bounded memory (see the package
// documentation). An event that cannot be converted (malformed JSON, a
// field of the wrong type, a bad timestamp, a missing uuid) makes its
// bundle reader fail with an error naming the JSON path; the objects
// already read must then be discarded (Fusion's ingest does so). When unit
// returns nil after such an error, Import goes on with the next event if
// the input can still be read; an error from unit stops Import, which
// returns it.
func (imp *Importer) Import(ctx context.Context, r io.Reader, unit func(name string, bundle io.Reader) error) error {
	j := newJReader(r)
	c, err := j.ws()
	if err != nil {
		return fmt.Errorf("misp: %w", err)
	}
	switch c {
	case '{':
		empty, err := j.open('{')
		if err != nil || empty {
			return wrapTop("", err)
		}
		for {
			key, err := j.key()
			if err != nil {
				return wrapTop("", err)
			}
			switch key {
			case "Event":
				if err := imp.event(ctx, j, "Event", "Event", unit); err != nil {
					return err
				}
			case "response":
				if err := imp.list(ctx, j, "response", unit); err != nil {
					return err
				}
			default:
				if err := j.skip(); err != nil {
					return wrapTop(key, err)
				}
			}
			more, err := j.more('}')
			if err != nil || !more {
				return wrapTop("", err)
			}
		}
	case '[':
		return imp.list(ctx, j, "", unit)
	}
	return errors.New(`misp: expected {"Event": …}, {"response": […]} or a list of events`)
}

func wrapTop(path string, err error) error {
	switch {
	case err == nil:
		return nil
	case path == "":
		return fmt.Errorf("misp: %w", err)
	}
	return fmt.Errorf("misp: %s: %w", path, err)
}

// list reads a list of events: {"Event": …} wrappers or bare events.
func (imp *Importer) list(ctx context.Context, j *jreader, path string, unit func(string, io.Reader) error) error {
	if c, err := j.ws(); err != nil || c != '[' {
		if err == nil {
			err = errors.New("expected a list of events")
		}
		return wrapTop(path, err)
	}
	empty, err := j.open('[')
	if err != nil || empty {
		return wrapTop(path, err)
	}
	for i := 0; ; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		name := fmt.Sprintf("%s[%d]", path, i)
		if c, err := j.ws(); err != nil || c != '{' {
			if err == nil {
				err = errors.New("expected an event object")
			}
			return wrapTop(name, err)
		}
		empty, err := j.open('{')
		if err != nil {
			return wrapTop(name, err)
		}
		if !empty {
			key, err := j.key()
			if err != nil {
				return wrapTop(name, err)
			}
			if key == "Event" {
				if err := imp.event(ctx, j, name, name+".Event", unit); err != nil {
					return err
				}
				// The rest of the wrapper.
				for {
					more, err := j.more('}')
					if err != nil {
						return wrapTop(name, err)
					}
					if !more {
						break
					}
					if _, err := j.key(); err != nil {
						return wrapTop(name, err)
					}
					if err := j.skip(); err != nil {
						return wrapTop(name, err)
					}
				}
			} else if err := imp.run(ctx, j, name, name, key, false, unit); err != nil {
				// A bare event: its members start here.
				return err
			}
		}
		more, err := j.more(']')
		if err != nil || !more {
			return wrapTop(path, err)
		}
	}
}

// event converts the event object that follows.
func (imp *Importer) event(ctx context.Context, j *jreader, name, path string, unit func(string, io.Reader) error) error {
	if c, err := j.ws(); err != nil || c != '{' {
		if err == nil {
			err = errors.New("expected an object")
		}
		return wrapTop(path, err)
	}
	empty, err := j.open('{')
	if err != nil {
		return wrapTop(path, err)
	}
	return imp.run(ctx, j, name, path, "", empty, unit)
}

// errStopped tells the producer that its reader went away.
var errStopped = errors.New("misp: bundle reader closed")

// run converts one event (the reader is inside its object) on a goroutine
// that writes the bundle into a pipe that unit reads.
func (imp *Importer) run(ctx context.Context, j *jreader, name, path, firstKey string, empty bool, unit func(string, io.Reader) error) error {
	pr, pw := io.Pipe()
	rep := Report{Unit: name}
	done := make(chan error, 1)
	go func() {
		done <- imp.produce(ctx, j, pw, &rep, path, firstKey, empty)
	}()
	uerr := unit(name, pr)
	pr.CloseWithError(errStopped)
	perr := <-done
	if uerr != nil {
		return uerr
	}
	if perr != nil {
		// The input could not be read past this event.
		return fmt.Errorf("misp: %s: %w", name, perr)
	}
	if imp.OnReport != nil {
		imp.OnReport(rep)
	}
	if imp.Logger != nil && (len(rep.Unknown) > 0 || rep.Skipped > 0) {
		imp.Logger.Warn("misp event converted with omissions", "unit", name, "event", rep.Event, "objects", rep.Total(), "detail", rep.Summary())
	}
	return nil
}

// produce converts one event into pw. A conversion error is handed to the
// reader (the unit is rejected) and the rest of the event is skipped so
// that the next one can be read; the returned error is non-nil only when
// the input itself cannot be read on.
func (imp *Importer) produce(ctx context.Context, j *jreader, pw *io.PipeWriter, rep *Report, path, firstKey string, empty bool) (ierr error) {
	bw := bufio.NewWriterSize(pw, 64<<10)
	bundle := codec.NewBundleWriter(bw, "bundle--"+uuid.NewString())
	c := newConv(ctx, imp, bundle, rep, path)
	defer c.close()
	defer func() {
		if p := recover(); p != nil {
			err := fmt.Errorf("misp: internal error converting %s: %v", path, p)
			pw.CloseWithError(err)
			ierr = err
		}
	}()
	err := c.walk(j, firstKey, empty)
	var readErr error
	if err != nil {
		readErr = err // the reader is somewhere inside the event
	}
	if err == nil {
		err = c.finish()
	}
	if err == nil {
		if err = bundle.Close(); err == nil {
			err = bw.Flush()
		}
	}
	var abort errAbort
	switch {
	case err == nil:
		pw.Close()
	case errors.As(err, &abort):
		// The reader stopped; nothing more to say to it.
	default:
		id := ""
		if c.uuid != "" {
			id = " (" + c.uuid + ")"
		}
		pw.CloseWithError(fmt.Errorf("misp event %s%s: %w", rep.Unit, id, err))
	}
	if readErr == nil && errors.As(err, &abort) {
		return nil
	}
	if readErr != nil {
		var pe *PathError
		if errors.As(readErr, &pe) && isSemantic(pe) {
			// A field had a bad value but the JSON is fine: skip the rest
			// of the event so the next one can be read.
			if serr := c.skipRest(j); serr != nil {
				return serr
			}
			return nil
		}
		return readErr
	}
	return nil
}
