package precompressed

// crcPoly is the reflected CRC-32 (IEEE) polynomial.
const crcPoly = 0xedb88320

// combineCRC returns the CRC-32 (IEEE) of A followed by B from crcA, crcB
// and B's length, as zlib's crc32_combine: crcA times x^(8·lenB) modulo the
// polynomial, plus crcB.
func combineCRC(crcA, crcB uint32, lenB int64) uint32 {
	if lenB <= 0 {
		return crcA
	}
	return multModP(xPow8N(uint64(lenB)), crcA) ^ crcB
}

// multModP multiplies a and b modulo the polynomial (reflected bit order:
// the top bit is x^0).
func multModP(a, b uint32) uint32 {
	var p uint32
	for m := uint32(1) << 31; m != 0; m >>= 1 {
		if a&m != 0 {
			p ^= b
			if a&(m-1) == 0 {
				break
			}
		}
		if b&1 != 0 {
			b = b>>1 ^ crcPoly
		} else {
			b >>= 1
		}
	}
	return p
}

// xPow8N is x^(8n) modulo the polynomial, by repeated squaring.
func xPow8N(n uint64) uint32 {
	p := uint32(1) << 31  // x^0
	sq := uint32(1) << 23 // x^8
	for ; n != 0; n >>= 1 {
		if n&1 != 0 {
			p = multModP(sq, p)
		}
		sq = multModP(sq, sq)
	}
	return p
}
