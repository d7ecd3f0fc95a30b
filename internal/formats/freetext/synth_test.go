package freetext

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"flag"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

// Encoders used to make synthetic, checksum-valid test values. They are the
// inverses of the checks in the package, written independently of them.

func base58CheckEncode(version byte, payload []byte) string {
	data := append([]byte{version}, payload...)
	h := sha256.Sum256(data)
	h = sha256.Sum256(h[:])
	data = append(data, h[:4]...)
	n := new(big.Int).SetBytes(data)
	var out []byte
	mod := new(big.Int)
	for n.Sign() > 0 {
		n.DivMod(n, big.NewInt(58), mod)
		out = append(out, base58Alphabet[mod.Int64()])
	}
	for _, b := range data {
		if b != 0 {
			break
		}
		out = append(out, '1')
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

func segwitEncode(ver byte, prog []byte) string {
	data := []byte{ver}
	acc, nbits := 0, 0
	for _, b := range prog {
		acc = acc<<8 | int(b)
		nbits += 8
		for nbits >= 5 {
			nbits -= 5
			data = append(data, byte(acc>>nbits)&31)
		}
	}
	if nbits > 0 {
		data = append(data, byte(acc<<(5-nbits))&31)
	}
	c := uint32(bech32Const)
	if ver > 0 {
		c = bech32mConst
	}
	vals := append([]byte{3, 3, 0, 2, 3}, data...)
	pm := bech32Polymod(append(vals, 0, 0, 0, 0, 0, 0), 1) ^ c
	for k := 0; k < 6; k++ {
		data = append(data, byte(pm>>(5*(5-k)))&31)
	}
	var b strings.Builder
	b.WriteString("bc1")
	for _, d := range data {
		b.WriteByte(bech32Charset[d])
	}
	return b.String()
}

func moneroEncode(prefix byte, spend, view []byte) string {
	data := append([]byte{prefix}, spend...)
	data = append(data, view...)
	h := keccak256(data)
	data = append(data, h[:4]...)
	var b strings.Builder
	for blk := 0; blk < len(data); blk += 8 {
		chunk := data[blk:min(blk+8, len(data))]
		size := 11
		if len(chunk) == 5 {
			size = 7
		}
		var v uint64
		for _, x := range chunk {
			v = v<<8 | uint64(x)
		}
		enc := make([]byte, size)
		for k := size - 1; k >= 0; k-- {
			enc[k] = base58Alphabet[v%58]
			v /= 58
		}
		b.Write(enc)
	}
	return b.String()
}

// ibanWithCheck fills in the check digits of country + "00" + bban.
func ibanWithCheck(country, bban string) string {
	v := []byte(country + "00" + bban)
	rem := 0
	for k := 0; k < len(v); k++ {
		c := v[(k+4)%len(v)]
		if isDigit(c) {
			rem = (rem*10 + int(c-'0')) % 97
		} else {
			rem = (rem*100 + int(c-'A'+10)) % 97
		}
	}
	return fmt.Sprintf("%s%02d%s", country, 98-rem, bban)
}

// luhnComplete appends the Luhn check digit to digits.
func luhnComplete(digits string) string {
	for d := byte('0'); d <= '9'; d++ {
		if luhn([]byte(digits + string(d))) {
			return digits + string(d)
		}
	}
	panic("unreachable")
}

var printSynthetic = flag.Bool("synthetic", false, "print synthetic indicator values for the corpus")

// TestPrintSynthetic prints the synthetic values the corpus was written with
// (go test -run PrintSynthetic -synthetic -v).
func TestPrintSynthetic(t *testing.T) {
	if !*printSynthetic {
		t.Skip("run with -synthetic")
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	bytesN := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		return b
	}
	digits := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		return b.String()
	}
	for i := 1; i <= 6; i++ {
		in := fmt.Sprintf("fusion synthetic sample %d", i)
		a, b, c, d := md5.Sum([]byte(in)), sha1.Sum([]byte(in)), sha256.Sum256([]byte(in)), sha512.Sum512([]byte(in))
		fmt.Printf("md5 %s\nsha1 %s\nsha256 %s\nsha512 %s\n", hex.EncodeToString(a[:]), hex.EncodeToString(b[:]), hex.EncodeToString(c[:]), hex.EncodeToString(d[:]))
	}
	for _, cc := range []struct{ c, bban string }{
		{"DE", digits(18)}, {"DE", digits(18)}, {"FR", digits(23)}, {"NL", "ABNA" + digits(10)},
		{"GB", "NWBK" + digits(14)}, {"ES", digits(20)}, {"IT", "X" + digits(22)}, {"CH", digits(17)},
		{"BE", digits(12)}, {"PL", digits(24)}, {"LT", digits(16)},
	} {
		fmt.Println("iban", ibanWithCheck(cc.c, cc.bban))
	}
	for _, p := range []string{"4", "4", "51", "55", "2221", "34", "37", "6011", "3530", "36", "62", "6759"} {
		n := 16
		switch p {
		case "34", "37":
			n = 15
		case "36":
			n = 14
		case "6759":
			n = 19
		}
		fmt.Println("card", luhnComplete(p+digits(n-len(p)-1)))
	}
	fmt.Println("btc", base58CheckEncode(0, bytesN(20)))
	fmt.Println("btc", base58CheckEncode(0, bytesN(20)))
	fmt.Println("btc", base58CheckEncode(5, bytesN(20)))
	fmt.Println("btc", segwitEncode(0, bytesN(20)))
	fmt.Println("btc", segwitEncode(0, bytesN(32)))
	fmt.Println("btc", segwitEncode(1, bytesN(32)))
	for range 3 {
		v, _ := ethValue([]byte("0x" + hex.EncodeToString(bytesN(20))))
		fmt.Println("eth", v)
	}
	fmt.Println("xmr", moneroEncode(18, bytesN(32), bytesN(32)))
	fmt.Println("xmr", moneroEncode(42, bytesN(32), bytesN(32)))
	fmt.Println("xmr", moneroEncode(18, bytesN(32), bytesN(32)))
}
