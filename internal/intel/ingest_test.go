package intel_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/store"
	"github.com/fusion-cti/fusion/internal/store/sqlite"
)

func tool(i int, modified string) string {
	return fmt.Sprintf(`{"type":"tool","spec_version":"2.1","id":"tool--00000000-0000-4000-8000-%012d","created":"2026-03-01T10:00:00.000Z","modified":%q,"name":"t%d"}`, i, modified, i)
}

func bundle(objs []string) string {
	return `{"type":"bundle","id":"bundle--6f2c5a6e-1d7b-4c55-9b7e-0c2d1f0a9b11","objects":[` + strings.Join(objs, ",") + `]}`
}

func open(t *testing.T) store.Store {
	st, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestPartialManyRejections: past the listed rejections, --partial still
// stores every valid object and counts every invalid one.
func TestPartialManyRejections(t *testing.T) {
	var objs []string
	objs = append(objs, tool(0, "2026-03-01T10:00:00.000Z"))
	for i := 1; i <= 150; i++ {
		objs = append(objs, tool(i, "yesterday"))
	}
	for i := 151; i <= 200; i++ {
		objs = append(objs, tool(i, "2026-03-01T10:00:00.000Z"))
	}
	in := &intel.Ingester{Store: open(t)}
	res, err := in.Bundle(context.Background(), "b", strings.NewReader(bundle(objs)), intel.Options{Partial: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Read != 201 || res.New != 51 || res.RejectedCount != 150 || len(res.Rejected) != 100 || !res.Stored {
		t.Fatalf("read %d new %d rejected %d (listed %d) stored %v; want 201, 51, 150 (100), true",
			res.Read, res.New, res.RejectedCount, len(res.Rejected), res.Stored)
	}
	if res.Rejected[0].Index != 1 || res.Rejected[99].Index != 100 {
		t.Errorf("listed rejections run from %d to %d, want 1 to 100", res.Rejected[0].Index, res.Rejected[99].Index)
	}
	// Without --partial the same bundle is rejected whole.
	st := open(t)
	in = &intel.Ingester{Store: st}
	_, err = in.Bundle(context.Background(), "b", strings.NewReader(bundle(objs)), intel.Options{})
	if !errors.Is(err, intel.ErrRejected) {
		t.Fatalf("strict: err = %v, want ErrRejected", err)
	}
	if s, _ := st.Stats(context.Background()); s.Versions != 0 {
		t.Errorf("strict rejection stored %d versions", s.Versions)
	}
}

// TestCancelWhileInputOpen: cancelling returns at once even though the
// input never ends, and nothing is stored.
func TestCancelWhileInputOpen(t *testing.T) {
	st := open(t)
	pr, pw := io.Pipe()
	defer pw.Close()
	go func() {
		pw.Write([]byte(`{"type":"bundle","id":"bundle--6f2c5a6e-1d7b-4c55-9b7e-0c2d1f0a9b11","objects":[` + tool(1, "2026-03-01T10:00:00.000Z")))
	}()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := (&intel.Ingester{Store: st}).Bundle(ctx, "pipe", pr, intel.Options{})
		errc <- err
	}()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Bundle did not return after cancel while its input stayed open")
	}
	if s, _ := st.Stats(context.Background()); s.Versions != 0 {
		t.Errorf("a cancelled ingest stored %d versions", s.Versions)
	}
}

func TestBareObjectAndDuplicates(t *testing.T) {
	in := &intel.Ingester{Store: open(t)}
	one := tool(1, "2026-03-01T10:00:00.000Z")
	res, err := in.Bundle(context.Background(), "bare", bytes.NewReader([]byte(one)), intel.Options{Source: "a"})
	if err != nil || res.New != 1 {
		t.Fatalf("bare object: %v %+v", err, res)
	}
	res, err = in.Bundle(context.Background(), "again", strings.NewReader(bundle([]string{one, one})), intel.Options{Source: "b"})
	if err != nil || res.Duplicates != 2 || res.New != 0 {
		t.Fatalf("duplicates: %v %+v", err, res.Summary)
	}
}
