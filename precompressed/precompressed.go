// Package precompressed keeps a rendered body compressed once and writes it
// many times: as Brotli or gzip alone, or as gzip between a prefix and a
// suffix rendered per request, without compressing the body again.
//
// The body is kept as raw DEFLATE blocks that end on a byte boundary (a sync
// flush, not final) and never refer back before their own start. A gzip
// member is then header + DEFLATE(prefix) + body blocks + DEFLATE(suffix,
// final) + trailer, each part compressed on its own, with the trailer's
// CRC-32 combined from the parts' (crc.go).
package precompressed

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/flate"
)

// Compression levels: the body is compressed once per cache fill, the
// per-request prefix and suffix on every response.
const (
	bodyLevel   = 6
	brotliLevel = 6
	partLevel   = flate.BestSpeed
)

const (
	// gzipHeader is a gzip member header: deflate, no flags, no mtime, OS unknown.
	gzipHeader = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
	// finalEmpty is an empty final DEFLATE block (fixed Huffman, end of block).
	finalEmpty = "\x03\x00"
)

// Body is a body compressed once.
type Body struct {
	Deflate []byte // raw DEFLATE blocks, not final, ending on a byte boundary
	Brotli  []byte // a whole Brotli stream of the body; nil when not kept
	CRC     uint32 // CRC-32 (IEEE) of the body
	Size    uint32 // the body's length

	shiftCRC uint32 // x^(8·Size) modulo the CRC polynomial, 0 until computed
}

// shift is x^(8·Size) modulo the CRC polynomial, which combines a CRC
// before the body with the body's.
func (b *Body) shift() uint32 {
	if b.shiftCRC == 0 {
		b.shiftCRC = xPow8N(uint64(b.Size))
	}
	return b.shiftCRC
}

// Encoder compresses bodies and writes responses; it pools its compressors
// and is safe for concurrent use.
type Encoder struct {
	body sync.Pool // *flate.Writer at bodyLevel
	part sync.Pool // *flate.Writer at partLevel
	br   sync.Pool // *brotli.Writer
}

// NewEncoder returns an Encoder.
func NewEncoder() *Encoder { return &Encoder{} }

func (e *Encoder) flateWriter(p *sync.Pool, level int, w io.Writer) *flate.Writer {
	if fw, ok := p.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return fw
	}
	fw, err := flate.NewWriter(w, level)
	if err != nil {
		panic(err) // only for an invalid level, a constant here
	}
	return fw
}

// Encode compresses body (and, with withBrotli, also as Brotli).
func (e *Encoder) Encode(body []byte, withBrotli bool) (Body, error) {
	if int64(len(body)) > 1<<31 {
		return Body{}, errors.New("precompressed: body too large")
	}
	b := Body{CRC: crc32.ChecksumIEEE(body), Size: uint32(len(body))}
	var out bytes.Buffer
	out.Grow(len(body)/3 + 64)
	fw := e.flateWriter(&e.body, bodyLevel, &out)
	_, err := fw.Write(body)
	if err == nil {
		err = fw.Flush()
	}
	e.body.Put(fw)
	if err != nil {
		return Body{}, err
	}
	b.Deflate = out.Bytes()
	if withBrotli {
		var bout bytes.Buffer
		bout.Grow(len(body)/3 + 64)
		bw, ok := e.br.Get().(*brotli.Writer)
		if ok {
			bw.Reset(&bout)
		} else {
			bw = brotli.NewWriterLevel(&bout, brotliLevel)
		}
		_, err := bw.Write(body)
		if err == nil {
			err = bw.Close()
		}
		e.br.Put(bw)
		if err != nil {
			return Body{}, err
		}
		b.Brotli = bout.Bytes()
	}
	return b, nil
}

// EncodeOnce compresses body for one response: at the level of a
// response's own parts and without Brotli, its DEFLATE blocks appended to
// dst (the Body's Deflate is what it appended, sharing dst's memory).
func (e *Encoder) EncodeOnce(dst, body []byte) Body {
	b := Body{CRC: crc32.ChecksumIEEE(body), Size: uint32(len(body))}
	w := appender{dst}
	fw := e.flateWriter(&e.part, partLevel, &w)
	_, _ = fw.Write(body) // appender never fails
	_ = fw.Flush()
	e.part.Put(fw)
	b.Deflate = w.b[len(dst):]
	return b
}

// AppendGzip appends to dst one gzip member of prefix, the body and suffix.
func (e *Encoder) AppendGzip(dst, prefix []byte, b *Body, suffix []byte) []byte {
	dst = append(dst, gzipHeader...)
	w := appender{dst}
	if len(prefix) > 0 {
		fw := e.flateWriter(&e.part, partLevel, &w)
		_, _ = fw.Write(prefix) // appender never fails
		_ = fw.Flush()
		e.part.Put(fw)
	}
	w.b = append(w.b, b.Deflate...)
	if len(suffix) > 0 {
		fw := e.flateWriter(&e.part, partLevel, &w)
		_, _ = fw.Write(suffix)
		_ = fw.Close()
		e.part.Put(fw)
	} else {
		w.b = append(w.b, finalEmpty...)
	}
	crc := multModP(b.shift(), crc32.ChecksumIEEE(prefix)) ^ b.CRC
	crc = combineCRC(crc, crc32.ChecksumIEEE(suffix), int64(len(suffix)))
	size := uint32(len(prefix)) + b.Size + uint32(len(suffix))
	w.b = binary.LittleEndian.AppendUint32(w.b, crc)
	return binary.LittleEndian.AppendUint32(w.b, size)
}

// Inflate returns the body itself.
func (b *Body) Inflate() ([]byte, error) {
	r := flate.NewReader(io.MultiReader(bytes.NewReader(b.Deflate), strings.NewReader(finalEmpty)))
	out := make([]byte, 0, b.Size)
	buf := bytes.NewBuffer(out)
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, err
	}
	if crc32.ChecksumIEEE(buf.Bytes()) != b.CRC {
		return nil, errors.New("precompressed: body does not match its checksum")
	}
	return buf.Bytes(), nil
}

// appender is an io.Writer appending to a slice.
type appender struct{ b []byte }

func (a *appender) Write(p []byte) (int, error) {
	a.b = append(a.b, p...)
	return len(p), nil
}

// AppendBinary appends b's stored form to dst: CRC, size, its CRC shift
// and the two encodings, each length-prefixed.
func (b *Body) AppendBinary(dst []byte) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, b.CRC)
	dst = binary.LittleEndian.AppendUint32(dst, b.Size)
	dst = binary.LittleEndian.AppendUint32(dst, b.shift())
	dst = binary.AppendUvarint(dst, uint64(len(b.Deflate)))
	dst = append(dst, b.Deflate...)
	dst = binary.AppendUvarint(dst, uint64(len(b.Brotli)))
	return append(dst, b.Brotli...)
}

// ParseBody reads a Body stored by AppendBinary. The Body shares p's memory.
func ParseBody(p []byte) (Body, error) {
	var b Body
	if len(p) < 12 {
		return b, errStored
	}
	b.CRC, b.Size, b.shiftCRC = binary.LittleEndian.Uint32(p), binary.LittleEndian.Uint32(p[4:]), binary.LittleEndian.Uint32(p[8:])
	p = p[12:]
	var ok bool
	if b.Deflate, p, ok = cut(p); !ok {
		return b, errStored
	}
	if b.Brotli, p, ok = cut(p); !ok || len(p) != 0 || len(b.Deflate) == 0 {
		return b, errStored
	}
	if len(b.Brotli) == 0 {
		b.Brotli = nil
	}
	return b, nil
}

var errStored = errors.New("precompressed: malformed stored body")

// cut splits a length-prefixed field off p.
func cut(p []byte) (field, rest []byte, ok bool) {
	n, k := binary.Uvarint(p)
	if k <= 0 || n > uint64(len(p)-k) {
		return nil, nil, false
	}
	return p[k : k+int(n)], p[k+int(n):], true
}
