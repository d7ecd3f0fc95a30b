package freetext

import (
	"crypto/sha256"
	"math/bits"
)

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var base58Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(base58Alphabet); i++ {
		t[base58Alphabet[i]] = int8(i)
	}
	return t
}()

// base58Check verifies a Bitcoin P2PKH (version 0, "1…") or P2SH (version 5,
// "3…") address: 25 bytes whose last 4 are the first 4 of the double SHA-256
// of the first 21.
func base58Check(w []byte) bool {
	var out [25]byte
	for _, c := range w {
		d := base58Index[c]
		if d < 0 {
			return false
		}
		carry := int(d)
		for k := len(out) - 1; k >= 0; k-- {
			carry += 58 * int(out[k])
			out[k] = byte(carry)
			carry >>= 8
		}
		if carry != 0 {
			return false
		}
	}
	ones, zeros := 0, 0
	for ones < len(w) && w[ones] == '1' {
		ones++
	}
	for zeros < len(out) && out[zeros] == 0 {
		zeros++
	}
	if ones != zeros {
		return false
	}
	if !(out[0] == 0 && w[0] == '1') && !(out[0] == 5 && w[0] == '3') {
		return false
	}
	h := sha256.Sum256(out[:21])
	h = sha256.Sum256(h[:])
	return h[0] == out[21] && h[1] == out[22] && h[2] == out[23] && h[3] == out[24]
}

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

var bech32Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(bech32Charset); i++ {
		c := bech32Charset[i]
		t[c] = int8(i)
		if c >= 'a' && c <= 'z' {
			t[c-'a'+'A'] = int8(i)
		}
	}
	return t
}()

func bech32Polymod(values []byte, chk uint32) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for k := 0; k < 5; k++ {
			if (top>>k)&1 == 1 {
				chk ^= gen[k]
			}
		}
	}
	return chk
}

const (
	bech32Const  = 1
	bech32mConst = 0x2bc830a3
)

// segwit verifies a mainnet segregated-witness address (BIP 173, BIP 350):
// hrp "bc", one case, witness version 0 with bech32 and a 20 or 32 byte
// program, or version 1–16 with bech32m and a 2–40 byte program.
func segwit(w []byte) bool {
	if len(w) < 14 || len(w) > 90 {
		return false
	}
	upper, lower := false, false
	for _, c := range w {
		if c >= 'a' && c <= 'z' {
			lower = true
		} else if c >= 'A' && c <= 'Z' {
			upper = true
		}
	}
	if upper && lower {
		return false
	}
	// hrp "bc" expanded: high bits, 0, low bits.
	var data [90]byte
	vals := append(data[:0], 3, 3, 0, 2, 3)
	for _, c := range w[3:] {
		d := bech32Index[c]
		if d < 0 {
			return false
		}
		vals = append(vals, byte(d))
	}
	payload := vals[5 : len(vals)-6]
	if len(payload) < 1 {
		return false
	}
	ver := payload[0]
	var want uint32 = bech32mConst
	if ver == 0 {
		want = bech32Const
	}
	if ver > 16 || bech32Polymod(vals, 1) != want {
		return false
	}
	// convert the program from 5-bit groups to bytes
	acc, nbits, n := 0, 0, 0
	for _, v := range payload[1:] {
		acc = acc<<5 | int(v)
		nbits += 5
		if nbits >= 8 {
			nbits -= 8
			n++
		}
	}
	if nbits >= 5 || acc&((1<<nbits)-1) != 0 {
		return false
	}
	if n < 2 || n > 40 || (ver == 0 && n != 20 && n != 32) {
		return false
	}
	return true
}

// moneroCheck verifies a Monero standard (prefix 18, "4…") or subaddress
// (prefix 42, "8…") address: Monero base58 in blocks of 11 characters for 8
// bytes (the last 7 for 5), giving 69 bytes whose last 4 are the first 4 of
// the Keccak-256 of the first 65.
func moneroCheck(w []byte) bool {
	if len(w) != 95 {
		return false
	}
	var out [69]byte
	for blk := 0; blk < 9; blk++ {
		chars, size := w[blk*11:min(blk*11+11, 95)], 8
		if blk == 8 {
			size = 5
		}
		var v uint64
		for _, c := range chars {
			d := base58Index[c]
			if d < 0 {
				return false
			}
			hi, lo := bits.Mul64(v, 58)
			if hi != 0 {
				return false
			}
			lo, carry := bits.Add64(lo, uint64(d), 0)
			if carry != 0 {
				return false
			}
			v = lo
		}
		if size < 8 && v>>(8*size) != 0 {
			return false
		}
		for k := size - 1; k >= 0; k-- {
			out[blk*8+k] = byte(v)
			v >>= 8
		}
	}
	if !(out[0] == 18 && w[0] == '4') && !(out[0] == 42 && w[0] == '8') {
		return false
	}
	h := keccak256(out[:65])
	return h[0] == out[65] && h[1] == out[66] && h[2] == out[67] && h[3] == out[68]
}

// ethValue checks an Ethereum address "0x" + 40 hex digits: when its letters
// are of mixed case they must follow the EIP-55 checksum. It returns the
// EIP-55 form.
func ethValue(w []byte) (string, bool) {
	hex := w[2:]
	var low [40]byte
	upper, lower := false, false
	for k, c := range hex {
		switch {
		case isDigit(c):
		case c >= 'a' && c <= 'f':
			lower = true
		case c >= 'A' && c <= 'F':
			upper = true
			c += 'a' - 'A'
		default:
			return "", false
		}
		low[k] = c
	}
	h := keccak256(low[:])
	out := make([]byte, 42)
	out[0], out[1] = '0', 'x'
	for k, c := range low {
		if c >= 'a' && (h[k/2]>>(4*(1-k%2)))&0xf >= 8 {
			c -= 'a' - 'A'
		}
		out[2+k] = c
	}
	if upper && lower && string(out[2:]) != string(hex) {
		return "", false
	}
	return string(out), true
}
