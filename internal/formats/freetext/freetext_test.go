package freetext

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
)

// find returns "kind value" for each indicator in text, in order.
func find(text string) []string {
	var out []string
	for _, f := range ExtractBytes([]byte(text)) {
		out = append(out, f.Kind+" "+f.Value)
	}
	return out
}

type kindCase struct {
	in   string
	want []string // "kind value"; nil for nothing
}

func runCases(t *testing.T, cases []kindCase) {
	t.Helper()
	for _, c := range cases {
		got := find(c.in)
		if !slices.Equal(got, c.want) {
			t.Errorf("%q:\n got  %q\n want %q", c.in, got, c.want)
		}
	}
}

func w(kind string, values ...string) []string {
	var out []string
	for _, v := range values {
		out = append(out, kind+" "+v)
	}
	return out
}

func TestIPv4(t *testing.T) {
	runCases(t, []kindCase{
		{"C2 at 11.22.33.44.", w(KindIPv4, "11.22.33.44")},
		{"ip=11.22.33.44:53, dst 87.65.43.21/24", w(KindIPv4, "11.22.33.44", "87.65.43.21")},
		{"range 10.0.0.1-10.0.0.5", w(KindIPv4, "10.0.0.1", "10.0.0.5")},
		{"1[.]2[.]3[.]4 and 5.6.7(.)8", w(KindIPv4, "1.2.3.4", "5.6.7.8")},
		{"update from 45.1.2.3", w(KindIPv4, "45.1.2.3")},
		{"0.0.0.0 and 255.255.255.255", w(KindIPv4, "0.0.0.0", "255.255.255.255")},
		{"1.2.3.4.5", nil},
		{"256.1.1.1 1.2.3.256 01.2.3.4 1.2.3.04 1.2.3 1.2..3.4", nil},
		{"a1.2.3.4 1.2.3.4a 1.2.3.4_x", nil},
		{"version 2.0.1.7", nil},
		{"Version: 2.0.1.7", nil},
		{"v1.4.22 and v2.0.1.7 and V2.0.1.7", nil},
		{"ver. 10.0.19041.1", nil},
		{"build 6.1.7601.2 and build 6.1.76.2", nil},
		{"firmware version 1.2.3.4", nil},
		{"upgraded from 2.0.1.5 to 2.0.1.6", nil},
		{"versions 2.0.1.5, 2.0.1.6, 2.0.1.7 and 2.0.1.8", nil},
		{"2.0.1.7-beta 2.0.1.7+build5 agent-2.0.1.7 agent-2.0.1.7.zip", nil},
		{"fw01 nginx: 98.76.54.32 - -", w(KindIPv4, "98.76.54.32")},
	})
}

func TestIPv6(t *testing.T) {
	runCases(t, []kindCase{
		{"beacon to 2001:db8::1.", w(KindIPv6, "2001:db8::1")},
		{"[2001:db8::1]:443", w(KindIPv6, "2001:db8::1")},
		{"2001:0DB8:0000:0000:0000:0000:0000:0001", w(KindIPv6, "2001:db8::1")},
		{"::ffff:192.0.2.1", w(KindIPv6, "::ffff:192.0.2.1")},
		{"fe80::1%eth0 ::1", w(KindIPv6, "fe80::1", "::1")},
		{"2001:db8:0:0:1:0:0:1", w(KindIPv6, "2001:db8::1:0:0:1")},
		{"2001:db8[:]1::2", w(KindIPv6, "2001:db8:1::2")},
		{"12:30:45 10:30:00.123 2026-04-20T07:41:13Z", nil},
		{"MAC 00:1A:2B:3C:4D:5E and aa:bb:cc:dd:ee:ff:00:11", nil},
		{"std::vector Abc::Def dead::beef a::b ::", nil},
		{"2001:DB8::aB", nil},
	})
}

func TestDomains(t *testing.T) {
	runCases(t, []kindCase{
		{"evil.example.com", w(KindDomain, "evil.example.com")},
		{"(cdn.example.net), \"a.example.org\"", w(KindDomain, "cdn.example.net", "a.example.org")},
		{"GOOGLE.COM Example.com", w(KindDomain, "google.com", "example.com")},
		{"evil[.]example[.]com evil(.)example{.}org evil[dot]example(DOT)net", w(KindDomain, "evil.example.com", "evil.example.org", "evil.example.net")},
		{"evil [.] example [.] com", w(KindDomain, "evil.example.com")},
		{"x.co.uk foo.github.io xn--80ak6aa92e.com", w(KindDomain, "x.co.uk", "foo.github.io", "xn--80ak6aa92e.com")},
		{"file.exe report.pdf config.json invoice.docx payload.bin", nil},
		{"System.IO System.Net.Http Console.Out Example.Com", nil},
		{"setup.py install.sh archive.zip video.mov main.rs README.md self.name req.host Main.java", nil},
		{"setup[.]py evil[.]zip www.evil.zip", w(KindDomain, "setup.py", "evil.zip", "www.evil.zip")},
		{"/tmp/evil.com C:\\x\\evil.com _x.com os.system(x) ~/.ssh/id.pub", nil},
		{"co.uk com example.invalidtld host.local a..b.com -x-.com", nil},
		{"ASP.NET and VB.NET apps", nil},
		{"agent-2.0.1.7.zip fusion-2.0.1.com 4.3.2.1.in-addr.arpa", w(KindDomain, "4.3.2.1.in-addr.arpa")},
	})
}

func TestURLs(t *testing.T) {
	runCases(t, []kindCase{
		{"see (https://example.com/a_(b)).", append(w(KindURL, "https://example.com/a_(b)"), w(KindDomain, "example.com")...)},
		{"<http://example.com/x>", append(w(KindURL, "http://example.com/x"), w(KindDomain, "example.com")...)},
		{"\"https://EXAMPLE.com/Path?Q=1\"", append(w(KindURL, "https://example.com/Path?Q=1"), w(KindDomain, "example.com")...)},
		{"[link](http://example.org/a).", append(w(KindURL, "http://example.org/a"), w(KindDomain, "example.org")...)},
		{"hXXps[://]evil[.]example[.]com/login", append(w(KindURL, "https://evil.example.com/login"), w(KindDomain, "evil.example.com")...)},
		{"hxxp[:]//evil.example.com", append(w(KindURL, "http://evil.example.com"), w(KindDomain, "evil.example.com")...)},
		{"http://user:pw@example.com:8080/a?b=c#d", append(w(KindURL, "http://user:pw@example.com:8080/a?b=c#d"), w(KindDomain, "example.com")...)},
		{"http://11.22.33.44/x", append(w(KindURL, "http://11.22.33.44/x"), w(KindIPv4, "11.22.33.44")...)},
		{"http://[2001:DB8::1]:8080/", append(w(KindURL, "http://[2001:db8::1]:8080/"), w(KindIPv6, "2001:db8::1")...)},
		{"ftp://files.example.org/pub/", append(w(KindURL, "ftp://files.example.org/pub/"), w(KindDomain, "files.example.org")...)},
		{"http://setup.py/", append(w(KindURL, "http://setup.py/"), w(KindDomain, "setup.py")...)},
		{"https://a.example.com/x,https://b.example.com/y", []string{
			KindURL + " https://a.example.com/x", KindDomain + " a.example.com",
			KindURL + " https://b.example.com/y", KindDomain + " b.example.com"}},
		{"http://localhost:8080/ http://example.com:99999/ javascript://x http://exa_mple.com/ http://", nil},
	})
}

func TestEmails(t *testing.T) {
	runCases(t, []kindCase{
		{"Mail John.Doe+tag@Example.COM.", w(KindEmail, "john.doe+tag@example.com")},
		{"<ap@fictional-supplier.example.com>", w(KindEmail, "ap@fictional-supplier.example.com")},
		{"user[at]example[.]com user(at)example(dot)org", w(KindEmail, "user@example.com", "user@example.org")},
		{"user [at] example [dot] com", w(KindEmail, "user@example.com")},
		{"@alice foo@localhost image@2x.png pkg@1.2.3 .a@ x@-", nil},
		{"Message-ID: <abc.def@mail.example.com>", nil},
	})
}

const (
	md5x    = "44d88612fea8a8f36de82e1278abb02f"
	sha1x   = "3395856ce81f2b7382dee72602f798b642f14140"
	sha256x = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"
)

func TestHashes(t *testing.T) {
	sha512x := strings.Repeat("cf83e1357eefb8bd", 8)
	runCases(t, []kindCase{
		{"MD5: " + md5x, w(KindMD5, md5x)},
		{"sha1=" + sha1x, w(KindSHA1, sha1x)},
		{"SHA-256 " + strings.ToUpper(sha256x), w(KindSHA256, sha256x)},
		{"sha512 " + sha512x, w(KindSHA512, sha512x)},
		{sha256x + " dropper sample", w(KindSHA256, sha256x)},
		{"Hashes:\n- " + md5x + "\n- " + sha1x + "\n", append(w(KindMD5, md5x), w(KindSHA1, sha1x)...)},
		{"file,sha256\nevil.exe," + sha256x + "\n", w(KindSHA256, sha256x)},
		{md5x, nil},
		{"commit " + sha1x + " fixes it", nil},
		{"sha1 " + strings.Repeat("0", 40) + " sha256 " + strings.Repeat("a", 64), nil},
		{"hash " + md5x + "-x and hash x-" + md5x, nil},
		{"md5 " + md5x + "0 sha1 0x" + sha1x, w(KindETH, "0x3395856Ce81f2b7382dEe72602F798b642F14140")},
		{"the shared secret " + md5x, nil},
	})
}

func TestCVEAndTechniques(t *testing.T) {
	runCases(t, []kindCase{
		{"cve-2021-44228, CVE-2024-1234567.", w(KindCVE, "CVE-2021-44228", "CVE-2024-1234567")},
		{"CVE-2021-123 CVE-1998-1234 CVE-2021-12345678 XCVE-2021-44228 CVE-2021-44228x", nil},
		{"T1059 (T1059.001), T1566.002.", w(KindATTACK, "T1059", "T1059.001", "T1566.002")},
		{"T2059 t1059 T1059.1 T10590 TA0001 T1059x T1059.0011 T1", nil},
	})
}

func TestIBAN(t *testing.T) {
	runCases(t, []kindCase{
		{"IBAN: DE89 3704 0044 0532 0130 00.", w(KindIBAN, "DE89370400440532013000")},
		{"DE89370400440532013000 de89370400440532013000", w(KindIBAN, "DE89370400440532013000", "DE89370400440532013000")},
		{"GB82 WEST 1234 5698 7654 32", w(KindIBAN, "GB82WEST12345698765432")},
		{"DE89 3704 0044 0532 0130 01 XX89370400440532013000 DE89 3704 0044 0532 0130", nil},
		{"DE89 3704 0044 0532 0130 001 DE89 37040 044 0532 0130 00", nil},
	})
}

func TestCards(t *testing.T) {
	visa := "4111111111111111"
	runCases(t, []kindCase{
		{"4111 1111 1111 1111, 4111-1111-1111-1111; 4111111111111111.", w(KindCard, visa, visa, visa)},
		{"3782 822463 10005 and 378282246310005", w(KindCard, "378282246310005", "378282246310005")},
		{"5555555555554444 2223003122003222 6011111111111117 3530111333300000 30569309025904",
			w(KindCard, "5555555555554444", "2223003122003222", "6011111111111117", "3530111333300000", "30569309025904")},
		{"4111 1111 1111 1112 1234567812345670 4111 1111 1111 1111 1111", nil},
		{"+4111111111111111 4111 11111 111 1111 4111-1111 1111-1111 12 4111 1111 1111 1111", nil},
	})
}

func TestBIC(t *testing.T) {
	runCases(t, []kindCase{
		{"BIC: DEUTDEFF", w(KindBIC, "DEUTDEFF")},
		{"SWIFT code DEUTDEFF500, bank NWBKGB2L (SWIFT)", w(KindBIC, "DEUTDEFF500", "NWBKGB2L")},
		{"DEUTDEFF", nil},
		{"BIC: DEUTXXFF DEUTDEFFXYZ deutdeff DEUTDEFO", nil},
		{"THIS MESSAGE CONTAINS CONFIDENTIAL INFORMATION", nil},
	})
}

func TestWallets(t *testing.T) {
	runCases(t, []kindCase{
		// the genesis block address and BIP 173, 350 and 86 vectors
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", w(KindBTC, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")},
		{"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", w(KindBTC, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")},
		{"bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr", w(KindBTC, "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr")},
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5 bc1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", nil},
		{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", nil},
		// EIP-55 vectors
		{"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed 0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
			w(KindETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")},
		{"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB 0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
			w(KindETH, "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")},
		{"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", w(KindETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")},
		{"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD 0x" + sha256x, nil},
		// the Monero general fund's published address
		{"44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A",
			w(KindXMR, "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A")},
		{"44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3B", nil},
	})
}

// TestWalletRoundTrip checks the verifiers against independently written
// encoders on random keys, and that a checksum of the wrong kind fails.
func TestWalletRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	rnd := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		return b
	}
	for range 200 {
		for _, a := range []string{base58CheckEncode(0, rnd(20)), base58CheckEncode(5, rnd(20))} {
			if !base58Check([]byte(a)) {
				t.Fatalf("base58Check(%s) = false", a)
			}
		}
		if a := base58CheckEncode(6, rnd(20)); base58Check([]byte(a)) {
			t.Fatalf("base58Check(%s) accepted version 6", a)
		}
		for _, a := range []string{segwitEncode(0, rnd(20)), segwitEncode(0, rnd(32)), segwitEncode(1, rnd(32)), segwitEncode(16, rnd(2))} {
			if !segwit([]byte(a)) {
				t.Fatalf("segwit(%s) = false", a)
			}
		}
		if a := segwitEncode(0, rnd(25)); segwit([]byte(a)) {
			t.Fatalf("segwit(%s) accepted a 25-byte v0 program", a)
		}
		if a := moneroEncode(18, rnd(32), rnd(32)); !moneroCheck([]byte(a)) || a[0] != '4' {
			t.Fatalf("moneroCheck(%s) = false", a)
		}
		if a := moneroEncode(42, rnd(32), rnd(32)); !moneroCheck([]byte(a)) || a[0] != '8' {
			t.Fatalf("moneroCheck(%s) = false", a)
		}
		if a := moneroEncode(19, rnd(32), rnd(32)); moneroCheck([]byte(a)) {
			t.Fatalf("moneroCheck(%s) accepted prefix 19", a)
		}
	}
	// witness v1 with a bech32 (not bech32m) checksum
	data := []byte{1}
	for range 52 {
		data = append(data, byte(rng.IntN(32)))
	}
	vals := append([]byte{3, 3, 0, 2, 3}, data...)
	pm := bech32Polymod(append(vals, 0, 0, 0, 0, 0, 0), 1) ^ bech32Const
	for k := 0; k < 6; k++ {
		data = append(data, byte(pm>>(5*(5-k)))&31)
	}
	a := "bc1"
	for _, d := range data {
		a += string(bech32Charset[d])
	}
	if segwit([]byte(a)) {
		t.Fatalf("segwit(%s) accepted v1 with a bech32 checksum", a)
	}
}

func TestKeccak256(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"},
		{"abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"},
	} {
		got := keccak256([]byte(c.in))
		if hex.EncodeToString(got[:]) != c.want {
			t.Errorf("keccak256(%q) = %x, want %s", c.in, got, c.want)
		}
	}
}

func TestRefang(t *testing.T) {
	for in, want := range map[string]string{
		"hxxps://evil[.]example[.]com/a": "https://evil.example.com/a",
		"hXXp://1.2.3[.]4":               "http://1.2.3.4",
		"hxxps[://]evil[dot]com":         "https://evil.com",
		"http[:]//evil(.)com{.}net":      "http://evil.com.net",
		"user [at] example [dot] com":    "user@example.com",
		"a[@]b(DOT)c a(at)b{at}c a[/]b":  "a@b.c a@b@c a/b",
		"nothing to see [here]":          "nothing to see [here]",
		"shxxp://x":                      "shxxp://x",
	} {
		if got := Refang(in); got != want {
			t.Errorf("Refang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFlags(t *testing.T) {
	for in, want := range map[string]Flag{
		"10.1.2.3": Private, "172.16.0.1": Private, "192.168.1.1": Private, "127.0.0.1": Private,
		"169.254.1.1": Private, "100.64.0.1": Private, "192.0.2.1": Private, "198.51.100.1": Private,
		"203.0.113.1": Private, "198.18.0.1": Private, "224.0.0.251": Private, "240.0.0.1": Private,
		"0.0.0.0": Private, "11.22.33.44": 0, "172.32.0.1": 0,
		"fc00::1": Private, "fd12:3456::1": Private, "fe80::1": Private, "ff02::1": Private, "::1": Private,
		"2001:db8::1": Private, "::ffff:10.0.0.1": Private, "::ffff:11.22.33.44": 0, "2a0f:1234:5678::9": 0,
		"1[.]2[.]3[.]4": Defanged, "10[.]0[.]0[.]1": Private | Defanged,
	} {
		fs := ExtractBytes([]byte(in))
		if len(fs) != 1 || fs[0].Flags != want {
			t.Errorf("%s: got %+v, want one with flags %v", in, fs, want)
		}
	}
	if s := (Private | Defanged).String(); s != "private|defanged" {
		t.Errorf("String() = %q", s)
	}
}

func TestPositions(t *testing.T) {
	in := "first line\r\nsecond 11.22.33.44 and evil[.]example[.]com\n\n\tCVE-2021-44228"
	fs := ExtractBytes([]byte(in))
	want := []Found{
		{Kind: KindIPv4, Value: "11.22.33.44", Raw: "11.22.33.44", Line: 2, Col: 8, Offset: 19},
		{Kind: KindDomain, Value: "evil.example.com", Raw: "evil[.]example[.]com", Line: 2, Col: 24, Offset: 35, Flags: Defanged},
		{Kind: KindCVE, Value: "CVE-2021-44228", Raw: "CVE-2021-44228", Line: 4, Col: 2, Offset: 58},
	}
	if !slices.Equal(fs, want) {
		t.Errorf("got  %+v\nwant %+v", fs, want)
	}
	checkFound(t, []byte(in), fs)
}

// checkFound checks the invariants every Found must meet.
func checkFound(t testing.TB, in []byte, fs []Found) {
	t.Helper()
	var last int64 = -1
	for _, f := range fs {
		end := f.Offset + int64(len(f.Raw))
		if f.Offset < 0 || end > int64(len(in)) || string(in[f.Offset:end]) != f.Raw {
			t.Fatalf("%+v: Raw is not the input at Offset", f)
		}
		line := 1 + bytes.Count(in[:f.Offset], []byte{'\n'})
		col := int(f.Offset) - (bytes.LastIndexByte(in[:f.Offset], '\n') + 1) + 1
		if f.Line != line || f.Col != col {
			t.Fatalf("%+v: position should be %d:%d", f, line, col)
		}
		if f.Offset < last {
			t.Fatalf("%+v: out of order", f)
		}
		if f.Value == "" || f.Raw == "" || f.Kind == "" {
			t.Fatalf("%+v: empty field", f)
		}
		last = f.Offset
	}
}

// chunkReader returns data in pieces of random size, including empty reads.
type chunkReader struct {
	data []byte
	rng  *rand.Rand
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := min(c.rng.IntN(3000), len(p), len(c.data))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

// TestStreaming checks that reading in blocks, with tokens across block
// boundaries, gives what reading all at once gives.
func TestStreaming(t *testing.T) {
	var in bytes.Buffer
	rng := rand.New(rand.NewPCG(3, 4))
	docs := corpusFiles(t)
	for in.Len() < 3<<20 {
		text, err := os.ReadFile(docs[rng.IntN(len(docs))])
		if err != nil {
			t.Fatal(err)
		}
		in.Write(text)
		in.WriteString(strings.Repeat(" ", rng.IntN(40)))
		if rng.IntN(50) == 0 {
			in.WriteString(strings.Repeat("QUJD", 5000) + " 11.22.33.44\n") // a long token is skipped
		}
		if rng.IntN(80) == 0 {
			in.WriteString(strings.Repeat("abc", 30000) + " 11.22.33.44\n") // a long boring one too
		}
	}
	want := ExtractBytes(in.Bytes())
	checkFound(t, in.Bytes(), want)
	for _, size := range []int{bufSize, 16 << 10, 11 << 10} {
		var got []Found
		r := &chunkReader{data: in.Bytes(), rng: rng}
		err := extract(context.Background(), r, func(f Found) error { got = append(got, f); return nil }, size)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("buffer %d: finding %d: got %+v, want %+v", size, i, got[i], want[i])
				}
			}
			t.Fatalf("buffer %d: got %d findings, want %d", size, len(got), len(want))
		}
	}
}

func TestExtractErrors(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := Extract(context.Background(), strings.NewReader("11.22.33.44 87.65.43.21"), func(Found) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("fn error: got %v after %d calls", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Extract(ctx, strings.NewReader("11.22.33.44"), func(Found) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
	bad := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader("11.22.33.44 "), iotestErr{bad})
	if err := Extract(context.Background(), r, func(Found) error { return nil }); err != bad {
		t.Errorf("reader error: got %v", err)
	}
}

type iotestErr struct{ err error }

func (e iotestErr) Read([]byte) (int, error) { return 0, e.err }

func FuzzExtract(f *testing.F) {
	for _, doc := range corpusFiles(f) {
		b, err := os.ReadFile(doc)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"evil [.] com", "a [at]b", "x[.] y", "hxxp[://]a[.]b", "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00",
		"http://[::1]:80/", "T1059.001", "::ffff:1.2.3.4", "BIC: DEUTDEFF", "\n\r\n[.]", "[", "hxxps",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		fs := ExtractBytes(in)
		checkFound(t, in, fs)
		var got []Found
		err := extract(context.Background(), bytes.NewReader(in), func(f Found) error { got = append(got, f); return nil }, 11<<10)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, fs) {
			t.Fatalf("streaming differs: %+v vs %+v", got, fs)
		}
	})
}
