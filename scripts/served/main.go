// Command served writes the bytes eventcal serves for each asset (the
// style sheet and scripts, minified and after their compile hint line, as
// assets.Load makes them) into a directory, one file per logical name:
// scripts/precompress.sh packs them with zopfli.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/eventcal/eventcal/assets"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./scripts/served DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "served:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	m, err := assets.Load()
	if err != nil {
		return err
	}
	for _, name := range m.Names() {
		f, _ := m.Lookup(m.URL(name))
		if err := os.WriteFile(filepath.Join(dir, name), f.Body, 0o644); err != nil {
			return err
		}
	}
	return nil
}
