package misp

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
)

// spool holds records (the raw JSON of attributes and objects that arrive
// before the event's tags, distribution and creator are known: MISP writes
// "Tag" after "Attribute"; export's MISP objects; digests for hashes.csv).
// It keeps up to memLimit bytes in memory and moves to a temporary file
// beyond, so an event of any size is handled in bounded memory. Records are
// length-prefixed: they may hold any byte.
type spool struct {
	dir      string
	memLimit int
	mem      bytes.Buffer
	f        *os.File
	w        *bufio.Writer
	n        int // records
	lenBuf   [binary.MaxVarintLen64]byte
}

func (s *spool) add(rec []byte) error {
	s.n++
	hdr := s.lenBuf[:binary.PutUvarint(s.lenBuf[:], uint64(len(rec)))]
	if s.f == nil && s.mem.Len()+len(hdr)+len(rec) > s.memLimit {
		f, err := os.CreateTemp(s.dir, "fusion-misp-*.spool")
		if err != nil {
			return err
		}
		s.f = f
		s.w = bufio.NewWriterSize(f, 256<<10)
		if _, err := s.w.Write(s.mem.Bytes()); err != nil {
			return err
		}
		s.mem = bytes.Buffer{}
	}
	if s.f != nil {
		if _, err := s.w.Write(hdr); err != nil {
			return err
		}
		_, err := s.w.Write(rec)
		return err
	}
	s.mem.Write(hdr)
	s.mem.Write(rec)
	return nil
}

// each calls fn with every record, in order; the slice is valid until fn
// returns.
func (s *spool) each(fn func(rec []byte) error) error {
	if s.n == 0 {
		return nil
	}
	var r *bufio.Reader
	if s.f == nil {
		r = bufio.NewReader(bytes.NewReader(s.mem.Bytes()))
	} else {
		if err := s.w.Flush(); err != nil {
			return err
		}
		if _, err := s.f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		r = bufio.NewReaderSize(s.f, 256<<10)
	}
	var buf []byte
	for i := 0; i < s.n; i++ {
		n, err := binary.ReadUvarint(r)
		if err != nil {
			return errors.New("misp: corrupt spool")
		}
		if uint64(cap(buf)) < n {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		if _, err := io.ReadFull(r, buf); err != nil {
			return errors.New("misp: corrupt spool")
		}
		if err := fn(buf); err != nil {
			return err
		}
	}
	return nil
}

// close removes the temporary file, if any.
func (s *spool) close() {
	if s.f != nil {
		name := s.f.Name()
		s.f.Close()
		os.Remove(name)
		s.f = nil
	}
	s.mem = bytes.Buffer{}
	s.n = 0
}
