package assets

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"path"
	"strings"
)

//go:generate go run ./icons/gen icons

// The app's icons (drawn from icons/icon.svg by go generate) and the
// service worker's script.
//
//go:embed icons/icon.svg icons/*.png offline/sw.js
var offlineFiles embed.FS

// Icon is one of the app's icons, served under a content-hashed /icons/ URL.
type Icon struct {
	File
	Sizes   string // "192x192", or "any" for the SVG
	Purpose string // "any" or "maskable"
}

// Offline is what makes eventcal installable and readable offline: the
// icons the web app manifest lists and the service worker's script.
type Offline struct {
	Icons  []Icon
	Worker []byte // sw.js as written; the server adds its version and shell
}

// LoadOffline reads the icons and the service worker's script.
func LoadOffline() (*Offline, error) {
	o := &Offline{}
	for _, ic := range []struct{ name, ctype, sizes, purpose string }{
		{"icon-192.png", "image/png", "192x192", "any"},
		{"icon-512.png", "image/png", "512x512", "any"},
		{"icon-maskable-512.png", "image/png", "512x512", "maskable"},
		{"icon.svg", "image/svg+xml", "any", "any"},
	} {
		b, err := offlineFiles.ReadFile("icons/" + ic.name)
		if err != nil {
			return nil, err
		}
		f := hashed("/icons/", ic.name, ic.ctype, b)
		if ic.ctype != "image/png" { // a PNG is compressed already
			f.Gzip = gzipBest(b)
		}
		o.Icons = append(o.Icons, Icon{File: *f, Sizes: ic.sizes, Purpose: ic.purpose})
	}
	var err error
	o.Worker, err = offlineFiles.ReadFile("offline/sw.js")
	return o, err
}

// WithBody is a copy of m in which the logical name serves body under a new
// hashed URL: the assets as a later deploy brings them (tests).
func (m *Manifest) WithBody(name string, body []byte) *Manifest {
	out := &Manifest{byName: map[string]*File{}, byURL: map[string]*File{}}
	for n, f := range m.byName {
		if n != name {
			out.byName[n], out.byURL[f.URL] = f, f
		}
	}
	ctype := "text/javascript; charset=utf-8"
	if old, ok := m.byName[name]; ok {
		ctype = old.ContentType
	}
	f := hashed("/assets/", name, ctype, body)
	f.Gzip = gzipBest(body)
	out.byName[name], out.byURL[f.URL] = f, f
	return out
}

// hashed is body served under dir with a hash of it in its name
// ("/icons/icon-192.<hash>.png"), without a gzip encoding yet.
func hashed(dir, name, ctype string, body []byte) *File {
	sum := sha256.Sum256(body)
	ext := path.Ext(name)
	url := dir + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
	return &File{URL: url, ContentType: ctype, Body: body}
}
