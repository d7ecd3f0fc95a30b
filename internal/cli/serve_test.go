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

// TestServeDemo starts `fusion serve --demo` in-process, reads the URL it
// prints, queries it, and stops it with the context.
func TestServeDemo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(ctx, []string{"fusion", "--data", t.TempDir(), "serve", "--demo", "--listen", "127.0.0.1:0"}, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no URL printed: %v (exit %d)", err, <-done)
	}
	url := strings.TrimSpace(line)
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/") {
		t.Fatalf("printed %q, want the URL", url)
	}
	go io.Copy(io.Discard, pr)
	for _, path := range []string{"healthz", "readyz", "metrics", "api/v1/objects?type=indicator&limit=1", "api/v1/search?q=DEMO"} {
		resp, err := http.Get(url + path)
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
