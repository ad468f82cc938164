package precompressed

import (
	"bytes"
	"compress/gzip"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestCombineCRC(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 7, 64, 1000, 70000} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(r.IntN(256))
		}
		for _, cut := range []int{0, n / 3, n} {
			a, b := data[:cut], data[cut:]
			got := combineCRC(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b)))
			if want := crc32.ChecksumIEEE(data); got != want {
				t.Fatalf("n=%d cut=%d: combined %08x, want %08x", n, cut, got, want)
			}
		}
	}
}

// bodies are the shapes a page takes: empty, tiny, repetitive HTML, and
// incompressible bytes (stored blocks).
func bodies() map[string][]byte {
	r := rand.New(rand.NewPCG(3, 4))
	noise := make([]byte, 50000)
	for i := range noise {
		noise[i] = byte(r.IntN(256))
	}
	return map[string][]byte{
		"empty": nil,
		"tiny":  []byte("<p>x</p>"),
		"html":  []byte(strings.Repeat(`<li class="chip"><a href="/events/12">Standup</a></li>`, 800)),
		"noise": noise,
	}
}

func TestAppendGzipDecodesToPrefixBodySuffix(t *testing.T) {
	e := NewEncoder()
	parts := [][2]string{{"", ""}, {"<html><head><meta name=csrf-token content=abc></head><main>", "</main></html>"}, {"<p>only a prefix</p>", ""}}
	for name, body := range bodies() {
		b, err := e.Encode(body, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, ps := range parts {
			gz := e.AppendGzip([]byte("keep:"), []byte(ps[0]), &b, []byte(ps[1]))
			if !bytes.HasPrefix(gz, []byte("keep:")) {
				t.Fatalf("%s: dst not kept", name)
			}
			zr, err := gzip.NewReader(bytes.NewReader(gz[5:]))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			zr.Multistream(false)
			got, err := io.ReadAll(zr) // checks the CRC and the size
			if err != nil {
				t.Fatalf("%s %q: %v", name, ps[0], err)
			}
			want := ps[0] + string(body) + ps[1]
			if string(got) != want {
				t.Fatalf("%s: decoded %d bytes, want %d", name, len(got), len(want))
			}
		}
		got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(b.Brotli)))
		if err != nil || !bytes.Equal(got, body) {
			t.Fatalf("%s: brotli gives %d bytes (%v), want %d", name, len(got), err, len(body))
		}
		got, err = b.Inflate()
		if err != nil || !bytes.Equal(got, body) {
			t.Fatalf("%s: inflate gives %d bytes (%v), want %d", name, len(got), err, len(body))
		}
	}
}

// TestEncodeOnceAppendsABody: a body compressed once for a response is
// appended after what dst holds, and decodes as Encode's does.
func TestEncodeOnceAppendsABody(t *testing.T) {
	e := NewEncoder()
	for name, body := range bodies() {
		z := e.EncodeOnce([]byte("keep:"), body)
		got, err := z.Inflate()
		if err != nil || !bytes.Equal(got, body) {
			t.Fatalf("%s: inflate gives %d bytes (%v), want %d", name, len(got), err, len(body))
		}
		if z.Brotli != nil {
			t.Fatalf("%s: a Brotli stream for one response", name)
		}
		gz := e.AppendGzip(nil, []byte("<main>"), &z, []byte("</main>"))
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := io.ReadAll(zr); err != nil || string(got) != "<main>"+string(body)+"</main>" {
			t.Fatalf("%s: gzip gives %d bytes (%v)", name, len(got), err)
		}
	}
}

func TestStoredFormRoundTrips(t *testing.T) {
	e := NewEncoder()
	for _, brotliToo := range []bool{true, false} {
		b, err := e.Encode(bodies()["html"], brotliToo)
		if err != nil {
			t.Fatal(err)
		}
		stored := b.AppendBinary([]byte("gen:"))
		got, err := ParseBody(stored[4:])
		if err != nil {
			t.Fatal(err)
		}
		if got.CRC != b.CRC || got.Size != b.Size || !bytes.Equal(got.Deflate, b.Deflate) || !bytes.Equal(got.Brotli, b.Brotli) {
			t.Fatalf("brotli=%v: stored form does not round-trip", brotliToo)
		}
		if brotliToo == (got.Brotli == nil) {
			t.Fatalf("brotli=%v: got Brotli of %d bytes", brotliToo, len(got.Brotli))
		}
		for n := range len(stored) - 4 {
			if _, err := ParseBody(stored[4 : 4+n]); err == nil {
				t.Fatalf("a stored form cut at %d of %d bytes parsed", n, len(stored)-4)
			}
		}
	}
}

func BenchmarkAppendGzipPage(b *testing.B) {
	e := NewEncoder()
	body, _ := e.Encode(bodies()["html"], false)
	prefix := []byte(strings.Repeat(`<meta name="x" content="y">`, 50))
	suffix := []byte(`</main><div id="dialog-root"></div></body></html>`)
	dst := make([]byte, 0, 64<<10)
	b.ReportAllocs()
	for b.Loop() {
		dst = e.AppendGzip(dst[:0], prefix, &body, suffix)
	}
}

func TestFrameDecodesToPartsValueBodySuffix(t *testing.T) {
	e := NewEncoder()
	parts := [][]byte{[]byte(`<html><meta content="`), []byte(`"><body hx-headers='{"t":"`), []byte(`"}'><main>`)}
	suffix := []byte("</main></body></html>")
	f := e.NewFrame(parts, suffix)
	for name, body := range bodies() {
		b, err := e.Encode(body, false)
		if err != nil {
			t.Fatal(err)
		}
		stored, err := ParseBody(b.AppendBinary(nil))
		if err != nil {
			t.Fatal(err)
		}
		for _, value := range []string{"tok3n_-Abc", ""} {
			gz := f.AppendGzip(nil, []byte(value), &stored)
			zr, err := gzip.NewReader(bytes.NewReader(gz))
			if err != nil {
				t.Fatal(err)
			}
			zr.Multistream(false)
			got, err := io.ReadAll(zr)
			if err != nil {
				t.Fatalf("%s %q: %v", name, value, err)
			}
			want := string(parts[0]) + value + string(parts[1]) + value + string(parts[2]) + string(body) + string(suffix)
			if string(got) != want {
				t.Fatalf("%s %q: decoded %d bytes, want %d", name, value, len(got), len(want))
			}
		}
	}
}

func BenchmarkFrameGzipPage(b *testing.B) {
	e := NewEncoder()
	body, _ := e.Encode(bodies()["html"], false)
	f := e.NewFrame([][]byte{[]byte(strings.Repeat(`<meta name="x" content="y">`, 25)), []byte(strings.Repeat(`<a href="/">x</a>`, 25)), []byte(`">`)},
		[]byte(`</main><div id="dialog-root"></div></body></html>`))
	token := []byte("Qm9vdHN0cmFwIGEgdG9rZW4gb2YgZm9ydHktdGhyZWU")
	dst := make([]byte, 0, 64<<10)
	b.ReportAllocs()
	for b.Loop() {
		dst = f.AppendGzip(dst[:0], token, &body)
	}
}
