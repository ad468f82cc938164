package main

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// TestIconsFresh fails when a committed PNG is not what icon.svg draws
// today (run go generate ./assets after changing the source).
func TestIconsFresh(t *testing.T) {
	dir := ".."
	svg, err := os.ReadFile(filepath.Join(dir, "icon.svg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, ic := range icons {
		want, err := render(svg, ic.size, ic.maskable)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, ic.name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", ic.name, err)
		}
		if got.Bounds() != want.Bounds() {
			t.Fatalf("%s is %v, want %v", ic.name, got.Bounds(), want.Bounds())
		}
		rgba := image.NewRGBA(got.Bounds())
		draw.Draw(rgba, rgba.Bounds(), got, image.Point{}, draw.Src)
		if !bytes.Equal(rgba.Pix, want.Pix) {
			t.Errorf("%s differs from icon.svg: run go generate ./assets", ic.name)
		}
	}
}
