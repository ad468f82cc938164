// Command gen draws eventcal's app icons from their one source, icon.svg:
// icon-192.png and icon-512.png, and icon-maskable-512.png, whose picture
// sits inside the safe zone that phones may crop to a circle or a
// rounded square. Run by go generate in package assets; the PNGs are
// committed.
package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"

	"github.com/srwiley/oksvg"
	"github.com/srwiley/rasterx"
)

// icon is one PNG drawn from the source.
type icon struct {
	name     string
	size     int
	maskable bool
}

var icons = []icon{{"icon-192.png", 192, false}, {"icon-512.png", 512, false}, {"icon-maskable-512.png", 512, true}}

func main() {
	dir := "."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := run(dir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	svg, err := os.ReadFile(filepath.Join(dir, "icon.svg"))
	if err != nil {
		return err
	}
	for _, ic := range icons {
		b, err := encode(svg, ic)
		if err != nil {
			return fmt.Errorf("%s: %w", ic.name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, ic.name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// encode draws one icon and encodes it as PNG.
func encode(svg []byte, ic icon) ([]byte, error) {
	img, err := render(svg, ic.size, ic.maskable)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// render draws the source at size×size. A maskable icon is the source
// drawn full size (its background reaches every edge) with the source again
// at 80 % in the middle, so that the picture keeps clear of the mask.
func render(svg []byte, size int, maskable bool) (*image.RGBA, error) {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	s := float64(size)
	if err := paint(img, svg, 0, s); err != nil {
		return nil, err
	}
	if maskable {
		if err := paint(img, svg, s*0.1, s*0.8); err != nil {
			return nil, err
		}
	}
	return img, nil
}

// paint draws the source into img as a square of side w at (at, at).
func paint(img *image.RGBA, svg []byte, at, w float64) error {
	icon, err := oksvg.ReadIconStream(bytes.NewReader(svg), oksvg.StrictErrorMode)
	if err != nil {
		return err
	}
	icon.SetTarget(at, at, w, w)
	b := img.Bounds()
	scanner := rasterx.NewScannerGV(b.Dx(), b.Dy(), img, b)
	icon.Draw(rasterx.NewDasher(b.Dx(), b.Dy(), scanner), 1)
	return nil
}
