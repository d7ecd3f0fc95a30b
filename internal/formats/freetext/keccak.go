package freetext

import (
	"encoding/binary"
	"math/bits"
)

// Keccak-256 as Ethereum and Monero use it: the Keccak submission with its
// original padding (0x01), not FIPS 202 SHA3-256 (0x06). Written from the
// Keccak reference; tested against published vectors.

var keccakRC = [24]uint64{
	0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
	0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
	0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
	0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
	0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
	0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
}

// keccakRot[x][y] is the rotation of lane (x, y).
var keccakRot = [5][5]int{
	{0, 36, 3, 41, 18},
	{1, 44, 10, 45, 2},
	{62, 6, 43, 15, 61},
	{28, 55, 25, 21, 56},
	{27, 20, 39, 8, 14},
}

// keccakF1600 permutes the state; lane (x, y) is a[x+5y].
func keccakF1600(a *[25]uint64) {
	var c [5]uint64
	var b [25]uint64
	for round := 0; round < 24; round++ {
		for x := 0; x < 5; x++ {
			c[x] = a[x] ^ a[x+5] ^ a[x+10] ^ a[x+15] ^ a[x+20]
		}
		for x := 0; x < 5; x++ {
			d := c[(x+4)%5] ^ bits.RotateLeft64(c[(x+1)%5], 1)
			for y := 0; y < 25; y += 5 {
				a[y+x] ^= d
			}
		}
		for x := 0; x < 5; x++ {
			for y := 0; y < 5; y++ {
				b[y+5*((2*x+3*y)%5)] = bits.RotateLeft64(a[x+5*y], keccakRot[x][y])
			}
		}
		for y := 0; y < 25; y += 5 {
			for x := 0; x < 5; x++ {
				a[y+x] = b[y+x] ^ (^b[y+(x+1)%5] & b[y+(x+2)%5])
			}
		}
		a[0] ^= keccakRC[round]
	}
}

// keccak256 returns the Keccak-256 digest of data.
func keccak256(data []byte) [32]byte {
	const rate = 136
	var a [25]uint64
	absorb := func(blk []byte) {
		for k := 0; k < rate/8; k++ {
			a[k] ^= binary.LittleEndian.Uint64(blk[8*k:])
		}
		keccakF1600(&a)
	}
	for len(data) >= rate {
		absorb(data[:rate])
		data = data[rate:]
	}
	var last [rate]byte
	copy(last[:], data)
	last[len(data)] ^= 0x01
	last[rate-1] ^= 0x80
	absorb(last[:])
	var out [32]byte
	for k := 0; k < 4; k++ {
		binary.LittleEndian.PutUint64(out[8*k:], a[k])
	}
	return out
}
