package misp

import (
	"bufio"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// FeedEvent is one entry of a feed's manifest.json.
type FeedEvent struct {
	UUID          string
	Info          string
	Orgc          Org
	Timestamp     time.Time
	Date          string
	Analysis      string
	ThreatLevelID string
	Tags          []string
}

// FeedResult says what ReadFeed did.
type FeedResult struct {
	// Listed is the number of events in the manifest; Due of them are
	// newer than since.
	Listed, Due int
	// Imported lists the events whose bundle was read to its end.
	Imported []FeedEvent
	// Failed lists the events left out: file missing, broken, or rejected
	// by unit.
	Failed []FeedFailure
	// Latest is the newest manifest timestamp among the imported events:
	// the since of the next incremental read (zero when none was).
	Latest time.Time
}

// FeedFailure is one event of a feed that was not imported.
type FeedFailure struct {
	Event FeedEvent
	Err   error
}

func (f FeedFailure) Error() string { return f.Event.UUID + ".json: " + f.Err.Error() }

type manifestEntry struct {
	Info          mstr  `json:"info"`
	Orgc          org   `json:"Orgc"`
	Timestamp     mstr  `json:"timestamp"`
	Date          mstr  `json:"date"`
	Analysis      mstr  `json:"analysis"`
	ThreatLevelID mstr  `json:"threat_level_id"`
	Tag           []tag `json:"Tag"`
}

// ReadFeed reads a MISP feed directory (manifest.json and one
// <uuid>.json per event): see ReadFeedFS.
func (imp *Importer) ReadFeed(ctx context.Context, dir string, since time.Time, unit func(name string, bundle io.Reader) error) (*FeedResult, error) {
	return imp.ReadFeedFS(ctx, os.DirFS(dir), since, unit)
}

// ReadFeedFS reads a MISP feed from fsys: manifest.json, then, oldest
// first, <uuid>.json for every event whose manifest timestamp is after
// since (all of them when since is zero), calling unit once per event with
// the name "<uuid>.json". A feed is a stream of units: an event whose file
// is missing or broken, or that unit rejects, is listed in
// FeedResult.Failed and the feed goes on. Only an unreadable manifest and
// a cancelled ctx stop it. Any fs.FS works, so an HTTP fetcher can serve
// a remote feed.
func (imp *Importer) ReadFeedFS(ctx context.Context, fsys fs.FS, since time.Time, unit func(name string, bundle io.Reader) error) (*FeedResult, error) {
	events, err := readManifest(fsys)
	if err != nil {
		return nil, err
	}
	res := &FeedResult{Listed: len(events)}
	for _, ev := range events {
		if !since.IsZero() && !ev.Timestamp.After(since) {
			continue
		}
		res.Due++
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if err := imp.feedEvent(ctx, fsys, ev, unit); err != nil {
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			res.Failed = append(res.Failed, FeedFailure{Event: ev, Err: err})
			continue
		}
		res.Imported = append(res.Imported, ev)
		if ev.Timestamp.After(res.Latest) {
			res.Latest = ev.Timestamp
		}
	}
	return res, nil
}

func (imp *Importer) feedEvent(ctx context.Context, fsys fs.FS, ev FeedEvent, unit func(string, io.Reader) error) error {
	f, err := fsys.Open(ev.UUID + ".json")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return errors.New("listed in manifest.json but the file is missing")
		}
		return err
	}
	defer f.Close()
	name := ev.UUID + ".json"
	n := 0
	var unitErr error
	err = imp.Import(ctx, f, func(_ string, bundle io.Reader) error {
		n++
		if n > 1 {
			unitErr = errors.New("more than one event in the file")
			_, _ = io.Copy(io.Discard, bundle)
			return unitErr
		}
		unitErr = unit(name, bundle)
		return unitErr
	})
	if unitErr != nil {
		return unitErr
	}
	if err != nil {
		return err
	}
	if n == 0 {
		return errors.New(`no {"Event": …} in the file`)
	}
	return nil
}

// readManifest reads manifest.json, oldest event first.
func readManifest(fsys fs.FS) ([]FeedEvent, error) {
	f, err := fsys.Open("manifest.json")
	if err != nil {
		return nil, fmt.Errorf("misp feed: %w", err)
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReader(f))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("misp feed: manifest.json: expected an object keyed by event uuid")
	}
	var out []FeedEvent
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("misp feed: manifest.json: %w", err)
		}
		key, _ := t.(string)
		var e manifestEntry
		if err := dec.Decode(&e); err != nil {
			return nil, fmt.Errorf("misp feed: manifest.json: %s: %w", key, err)
		}
		ev := FeedEvent{
			UUID: strings.ToLower(key), Info: string(e.Info), Orgc: Org{UUID: string(e.Orgc.UUID), Name: string(e.Orgc.Name)},
			Date: string(e.Date), Analysis: string(e.Analysis), ThreatLevelID: string(e.ThreatLevelID),
		}
		for _, t := range e.Tag {
			ev.Tags = append(ev.Tags, string(t.Name))
		}
		if ts, err := parseTimestamp(string(e.Timestamp)); err == nil {
			ev.Timestamp = ts
		}
		if !uuidLayout(ev.UUID) {
			// Never used as a file name: it could name a path.
			return nil, fmt.Errorf("misp feed: manifest.json: key %q is not an event uuid", key)
		}
		out = append(out, ev)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Timestamp.Equal(out[j].Timestamp) {
			return out[i].Timestamp.Before(out[j].Timestamp)
		}
		return out[i].UUID < out[j].UUID
	})
	return out, nil
}

func uuidLayout(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// FeedSource is one event to write into a feed: its STIX objects and the
// options of its export.
type FeedSource struct {
	Objects iter.Seq2[json.RawMessage, error]
	Options EventOptions
}

// WriteFeed writes the events into the feed directory dir (created if
// needed) so that a MISP instance can subscribe to it: one <uuid>.json per
// event (ExportEvent's output), manifest.json listing every event of the
// directory, and hashes.csv with "md5(value),event_uuid" for each
// attribute value (both parts of a composite "a|b" value). Events already
// in the directory stay listed; an event written again replaces its file,
// its manifest entry and its hashes. Each file is written to a temporary
// name and renamed, so a reader never sees half a file.
func WriteFeed(ctx context.Context, dir string, events ...FeedSource) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	manifest := map[string]json.RawMessage{}
	if b, err := os.ReadFile(filepath.Join(dir, "manifest.json")); err == nil {
		if err := json.Unmarshal(b, &manifest); err != nil {
			return fmt.Errorf("misp feed: existing manifest.json: %w", err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	newHashes, err := os.CreateTemp(dir, ".hashes-*.csv")
	if err != nil {
		return err
	}
	defer os.Remove(newHashes.Name())
	defer newHashes.Close()
	hw := bufio.NewWriter(newHashes)
	written := map[string]bool{}
	for _, src := range events {
		if err := ctx.Err(); err != nil {
			return err
		}
		meta, err := writeFeedEvent(ctx, dir, src, hw)
		if err != nil {
			return err
		}
		written[meta.uuid] = true
		manifest[meta.uuid] = meta.manifest
	}
	// Keep the hashes of the events not rewritten.
	if old, err := os.Open(filepath.Join(dir, "hashes.csv")); err == nil {
		sc := bufio.NewScanner(old)
		for sc.Scan() {
			line := sc.Text()
			_, ev, _ := strings.Cut(line, ",")
			if !written[strings.TrimSpace(ev)] {
				hw.WriteString(line)
				hw.WriteByte('\n')
			}
		}
		old.Close()
		if err := sc.Err(); err != nil {
			return err
		}
	}
	if err := hw.Flush(); err != nil {
		return err
	}
	if err := newHashes.Close(); err != nil {
		return err
	}
	if err := os.Rename(newHashes.Name(), filepath.Join(dir, "hashes.csv")); err != nil {
		return err
	}
	keys := make([]string, 0, len(manifest))
	for k := range manifest {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b := []byte{'{'}
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',', '\n')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = append(b, manifest[k]...)
	}
	b = append(b, '}', '\n')
	return writeAtomic(dir, "manifest.json", b)
}

func writeAtomic(dir, name string, b []byte) error {
	f, err := os.CreateTemp(dir, "."+name+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), filepath.Join(dir, name))
}

type feedMeta struct {
	uuid     string
	manifest json.RawMessage
}

// writeFeedEvent exports one event to a temporary file, adds its hashes,
// and renames the file to <uuid>.json.
func writeFeedEvent(ctx context.Context, dir string, src FeedSource, hw *bufio.Writer) (feedMeta, error) {
	f, err := os.CreateTemp(dir, ".event-*.json")
	if err != nil {
		return feedMeta{}, err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	var meta feedMeta
	// The event's uuid is known at its end: the digests wait in a spool.
	sums := spool{dir: dir, memLimit: 4 << 20}
	defer sums.close()
	var spoolErr error
	hooks := exportHooks{
		value: func(typ, v string) {
			parts := []string{v}
			if strings.Contains(typ, "|") {
				parts = strings.Split(v, "|")
			}
			for _, p := range parts {
				sum := md5.Sum([]byte(p))
				if err := sums.add([]byte(hex.EncodeToString(sum[:]))); err != nil && spoolErr == nil {
					spoolErr = err
				}
			}
		},
		meta: func(m feedMeta) { meta = m },
	}
	if err := exportEvent(ctx, f, src.Objects, src.Options, hooks); err != nil {
		return feedMeta{}, err
	}
	if spoolErr != nil {
		return feedMeta{}, spoolErr
	}
	if err := f.Close(); err != nil {
		return feedMeta{}, err
	}
	if !uuidLayout(meta.uuid) {
		return feedMeta{}, fmt.Errorf("misp feed: event uuid %q cannot name a file", meta.uuid)
	}
	err = sums.each(func(sum []byte) error {
		hw.Write(sum)
		hw.WriteByte(',')
		hw.WriteString(meta.uuid)
		return hw.WriteByte('\n')
	})
	if err != nil {
		return feedMeta{}, err
	}
	if err := os.Rename(f.Name(), filepath.Join(dir, meta.uuid+".json")); err != nil {
		return feedMeta{}, err
	}
	return meta, nil
}
