package rpz

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fusion-cti/fusion/internal/formats/ioc/ioctest"
)

// TestNamedLoadsPolicy loads the golden zone and 20,000 generated
// indicators into a real BIND named as response policy zones, on the
// loopback address, and fails on any "invalid rpz" or "not the canonical"
// complaint: named-checkzone checks the master file, only named checks the
// RPZ trigger names. Skipped when named (Debian package bind9) is missing,
// except under CI=true, where it fails.
func TestNamedLoadsPolicy(t *testing.T) {
	bin, err := exec.LookPath("named")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("named not found: CI must install the Debian package bind9 (scripts/deps.sh does)")
		}
		t.Skip("named not installed (Debian package bind9)")
	}
	dir := t.TempDir()
	gen, err := os.Create(filepath.Join(dir, "gen.rpz"))
	if err != nil {
		t.Fatal(err)
	}
	if err := (Exporter{Zone: "gen.fusion.local."}).Export(context.Background(), gen, ioctest.Generate(20_000)); err != nil {
		t.Fatal(err)
	}
	gen.Close()
	golden, err := filepath.Abs("testdata/default.rpz")
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	conf := filepath.Join(dir, "named.conf")
	fmt.Fprintf(mustCreate(t, conf), `options {
	directory "%[1]s";
	pid-file "%[1]s/named.pid";
	listen-on port %[2]d { 127.0.0.1; };
	listen-on-v6 { none; };
	recursion yes;
	allow-query { 127.0.0.1; };
	dnssec-validation no;
	response-policy { zone "rpz.fusion.local"; zone "gen.fusion.local"; } qname-wait-recurse no;
};
zone "rpz.fusion.local" { type primary; file "%[3]s"; };
zone "gen.fusion.local" { type primary; file "%[1]s/gen.rpz"; };
`, dir, port, golden)
	args := []string{"-g", "-c", conf}
	if os.Geteuid() == 0 {
		args = append(args, "-u", "root")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	done, complaints := 0, []string{}
	sc := bufio.NewScanner(stderr)
	var log []string
	for done < 2 && sc.Scan() {
		line := sc.Text()
		log = append(log, line)
		switch {
		case strings.Contains(line, "invalid rpz") || strings.Contains(line, "not the canonical"):
			complaints = append(complaints, line)
		case strings.Contains(line, "reload done"):
			done++
		case strings.Contains(line, "exiting (due to fatal error)"):
			t.Fatalf("named failed:\n%s", strings.Join(log, "\n"))
		}
	}
	if done < 2 {
		t.Fatalf("named did not finish loading both zones:\n%s", strings.Join(log, "\n"))
	}
	if len(complaints) > 0 {
		t.Errorf("named complained:\n%s", strings.Join(complaints, "\n"))
	}
}

func mustCreate(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
