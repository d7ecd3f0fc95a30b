package api_test

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/fusion-cti/fusion/internal/access"
	"github.com/fusion-cti/fusion/internal/api"
	"github.com/fusion-cti/fusion/internal/bus"
	"github.com/fusion-cti/fusion/internal/intel"
	"github.com/fusion-cti/fusion/internal/store/sqlite"
)

// event is one server-sent event.
type event struct{ id, name, data string }

// readEvents reads n events (skipping comments) or fails after a timeout.
func readEvents(t *testing.T, sc *bufio.Scanner, n int) []event {
	t.Helper()
	got := make(chan []event, 1)
	go func() {
		var out []event
		var cur event
		for len(out) < n && sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if cur.data != "" {
					out = append(out, cur)
				}
				cur = event{}
			case strings.HasPrefix(line, "id: "):
				cur.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				cur.name = line[7:]
			case strings.HasPrefix(line, "data: "):
				cur.data = line[6:]
			}
		}
		got <- out
	}()
	select {
	case out := <-got:
		if len(out) != n {
			t.Fatalf("stream ended after %d events, want %d", len(out), n)
		}
		return out
	case <-time.After(10 * time.Second):
		t.Fatalf("no %d events within 10 s", n)
	}
	return nil
}

func indicator(n int, name string) string {
	return fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--b0000000-0000-4000-8000-%012d","created":"2026-03-01T10:00:00.000Z","modified":"2026-03-01T10:00:00.000Z","name":%q,"pattern":"[domain-name:value = 'n%d.example']","pattern_type":"stix","valid_from":"2026-03-01T10:00:00Z"}`, n, name, n)
}

// TestStream: each organisation's stream carries exactly the new versions
// it may see, woken by the bus, and resumes after Last-Event-ID.
func TestStream(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	partner, _ := st.AddOrg(ctx, access.Local, access.Org{Name: "vendor", Kind: access.Partner})
	member, _ := st.AddOrg(ctx, access.Local, access.Org{Name: "cert-fr", Kind: access.Member, Country: "FR"})
	keys := map[int64]string{}
	for _, o := range []access.Org{partner, member} {
		k, token, _ := access.NewKey(o.ID, access.Reader, "", time.Now(), 0)
		if err := st.AddKey(ctx, access.Local, k); err != nil {
			t.Fatal(err)
		}
		keys[o.ID] = token
	}
	var b bus.Local
	srv := httptest.NewServer(api.New(st, access.NewAuthenticator(st), slog.New(slog.DiscardHandler), prometheus.NewRegistry(), api.WithBus(&b)))
	defer srv.Close()
	open := func(org int64, lastID string) (*bufio.Scanner, func()) {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/stream", nil)
		req.Header.Set("Authorization", "Bearer "+keys[org])
		if lastID != "" {
			req.Header.Set("Last-Event-ID", lastID)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
			t.Fatalf("stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		return sc, func() { resp.Body.Close() }
	}
	// Something stored before the streams open is not sent.
	in := &intel.Ingester{Store: st, Bus: &b}
	put := func(n int, name string, tlp access.TLP) {
		t.Helper()
		opt := intel.Options{Source: "vendor", Defaults: access.Defaults{Owner: partner.ID, TLP: tlp}}
		if _, err := in.Bundle(ctx, name, strings.NewReader(indicator(n, name)), opt); err != nil {
			t.Fatal(err)
		}
	}
	put(0, "OLD", access.Green)
	memberStream, closeMember := open(member.ID, "")
	partnerStream, closePartner := open(partner.ID, "")
	defer closePartner()
	readEvents(t, memberStream, 0)
	time.Sleep(50 * time.Millisecond) // let both streams take their starting point
	put(1, "GREEN-1", access.Green)
	put(2, "AMBER-2", access.Amber)
	put(3, "GREEN-3", access.Green)

	got := readEvents(t, memberStream, 2)
	if !strings.Contains(got[0].data, "GREEN-1") || !strings.Contains(got[1].data, "GREEN-3") || got[0].name != "object" {
		t.Fatalf("member's stream: %+v, want GREEN-1 then GREEN-3", got)
	}
	all := readEvents(t, partnerStream, 3)
	for i, want := range []string{"GREEN-1", "AMBER-2", "GREEN-3"} {
		if !strings.Contains(all[i].data, want) {
			t.Fatalf("owner's stream event %d: %s, want %s", i, all[i].data, want)
		}
	}
	closeMember()

	// Resume after GREEN-1: GREEN-3 comes at once, AMBER-2 never.
	resumed, closeResumed := open(member.ID, got[0].id)
	defer closeResumed()
	again := readEvents(t, resumed, 1)
	if again[0].id != got[1].id || !strings.Contains(again[0].data, "GREEN-3") {
		t.Fatalf("resumed stream: %+v, want GREEN-3 with id %s", again, got[1].id)
	}

	// A bad Last-Event-ID is a 400; no key is a 401.
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/stream", nil)
	req.Header.Set("Authorization", "Bearer "+keys[member.ID])
	req.Header.Set("Last-Event-ID", "yesterday")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 400 {
		t.Fatalf("bad Last-Event-ID: %v %v", resp.StatusCode, err)
	}
	if resp, err := http.Get(srv.URL + "/api/v1/stream"); err != nil || resp.StatusCode != 401 {
		t.Fatalf("no key: %v %v", resp.StatusCode, err)
	}
}
