package cli_test

import (
	"bufio"
	"context"
	"crypto/tls"
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

// TestServeTLS: a generated certificate serves HTTPS; plain HTTP on an
// address that is not loopback is refused unless --insecure-http.
func TestServeTLS(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr strings.Builder
	code := cli.Run(ctx, []string{"fusion", "--data", t.TempDir(), "serve", "--listen", "0.0.0.0:0"}, strings.NewReader(""), io.Discard, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "plain HTTP is only served on loopback") {
		t.Fatalf("plain HTTP on 0.0.0.0: exit %d, %s", code, stderr.String())
	}
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(ctx, []string{"fusion", "--data", t.TempDir(), "serve", "--listen", "127.0.0.1:0", "--tls-self-signed"}, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	br := bufio.NewReader(pr)
	line, err := br.ReadString('\n')
	if err != nil {
		t.Fatalf("no URL printed: %v (exit %d)", err, <-done)
	}
	url := strings.TrimSpace(line)
	if !strings.HasPrefix(url, "https://127.0.0.1:") {
		t.Fatalf("printed %q, want an https URL", url)
	}
	go io.Copy(io.Discard, br)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := client.Get(url + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.TLS == nil || len(resp.TLS.PeerCertificates) == 0 {
		t.Fatalf("healthz over TLS: %d %v", resp.StatusCode, resp.TLS)
	}
	// No plain service on the TLS port: Go's TLS server answers 400.
	if resp, err := http.Get("http" + strings.TrimPrefix(url, "https") + "healthz"); err == nil && resp.StatusCode != 400 {
		t.Fatalf("plain HTTP on the TLS port: %d", resp.StatusCode)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d", code)
	}
}
