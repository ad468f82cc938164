package precompressed

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// Frame is what surrounds a body, compressed once: parts with one
// changing value (a CSRF token) between each two of them, then the body,
// then a suffix. Each part is its own DEFLATE blocks; the value goes in as
// a stored (uncompressed) block, so a response is only copying plus the
// value's CRC.
type Frame struct {
	parts         [][]byte // raw, around the value's places
	deflated      [][]byte // each part's DEFLATE blocks, flushed (byte-aligned, not final)
	suffixDeflate []byte   // the suffix's DEFLATE blocks, final
	suffixCRC     uint32
	suffixShift   uint32 // x^(8·len(suffix)) modulo the CRC polynomial
	suffixLen     uint32
	size          int // the compressed parts and suffix, for sizing responses
}

// NewFrame compresses parts (which the value is to join) and suffix once.
func (e *Encoder) NewFrame(parts [][]byte, suffix []byte) *Frame {
	f := &Frame{parts: make([][]byte, len(parts)), deflated: make([][]byte, len(parts))}
	for i, p := range parts {
		f.parts[i] = bytes.Clone(p)
		var w appender
		fw := e.flateWriter(&e.body, bodyLevel, &w)
		_, _ = fw.Write(p) // appender never fails
		_ = fw.Flush()
		e.body.Put(fw)
		f.deflated[i] = w.b
		f.size += len(w.b)
	}
	var w appender
	fw := e.flateWriter(&e.body, bodyLevel, &w)
	_, _ = fw.Write(suffix)
	_ = fw.Close()
	e.body.Put(fw)
	f.suffixDeflate = w.b
	f.suffixCRC = crc32.ChecksumIEEE(suffix)
	f.suffixShift = xPow8N(uint64(len(suffix)))
	f.suffixLen = uint32(len(suffix))
	f.size += len(w.b)
	return f
}

// AppendGzip appends to dst one gzip member of the parts joined by value,
// then the body, then the suffix. value must be at most 65 535 bytes.
func (f *Frame) AppendGzip(dst, value []byte, b *Body) []byte {
	dst = append(dst, gzipHeader...)
	var crc uint32
	size := uint32(0)
	for i, p := range f.parts {
		if i > 0 {
			dst = appendStored(dst, value)
			crc = crc32.Update(crc, crc32.IEEETable, value)
			size += uint32(len(value))
		}
		dst = append(dst, f.deflated[i]...)
		crc = crc32.Update(crc, crc32.IEEETable, p)
		size += uint32(len(p))
	}
	dst = append(dst, b.Deflate...)
	crc = multModP(b.shift(), crc) ^ b.CRC
	dst = append(dst, f.suffixDeflate...)
	crc = multModP(f.suffixShift, crc) ^ f.suffixCRC
	size += b.Size + f.suffixLen
	dst = binary.LittleEndian.AppendUint32(dst, crc)
	return binary.LittleEndian.AppendUint32(dst, size)
}

// Size is about how many bytes AppendGzip appends for b.
func (f *Frame) Size(b *Body) int { return f.size + len(b.Deflate) + 200 }

// appendStored appends p as one stored DEFLATE block (not final), at a
// byte boundary.
func appendStored(dst, p []byte) []byte {
	n := uint16(len(p))
	dst = append(dst, 0, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
	return append(dst, p...)
}
