package cli_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fusion-cti/fusion/internal/cli"
)

// TestServeDemo starts `fusion serve --demo` in-process on a new data
// directory, reads the URL and the centre's admin key it prints, queries
// it with and without the key, and stops it with the context.
func TestServeDemo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(ctx, []string{"fusion", "--data", t.TempDir(), "serve", "--demo", "--listen", "127.0.0.1:0"}, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	br := bufio.NewReader(pr)
	line, err := br.ReadString('\n')
	if err != nil {
		t.Fatalf("no URL printed: %v (exit %d)", err, <-done)
	}
	url := strings.TrimSpace(line)
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/") {
		t.Fatalf("printed %q, want the URL", url)
	}
	var lines []string
	for range 2 {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("no key printed: %v, after %q", err, lines)
		}
		lines = append(lines, strings.TrimSpace(line))
	}
	key := lines[1]
	if !strings.Contains(lines[0], "centre") || !strings.HasPrefix(key, "fsn_") {
		t.Fatalf("printed %q after the URL, want the centre's admin key on the last line", lines)
	}
	go io.Copy(io.Discard, pr)
	resp, err := http.Get(url + "api/v1/objects")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 || len(resp.Header.Values("WWW-Authenticate")) == 0 {
		t.Errorf("GET api/v1/objects without a key: %d %v, want 401 with WWW-Authenticate", resp.StatusCode, resp.Header)
	}
	for _, path := range []string{"healthz", "readyz", "metrics", "api/v1/objects?type=indicator&limit=1", "api/v1/search?q=DEMO"} {
		req, _ := http.NewRequest("GET", url+path, nil)
		if strings.HasPrefix(path, "api/") {
			req.SetBasicAuth("centre", key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d %s", path, resp.StatusCode, body)
		}
		if strings.HasPrefix(path, "api/") && !strings.Contains(string(body), `"id":"`) {
			t.Errorf("GET %s: no objects: %s", path, body)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d after cancel, want 0", code)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}
