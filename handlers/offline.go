package handlers

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/assets"
	"github.com/eventcal/eventcal/paths"
	"github.com/eventcal/eventcal/views"
)

// headerViewer names the signed-in user, opaquely, on every response to
// them: the service worker drops what it saved when the name changes
// (another user signed in on the device).
const headerViewer = "X-Eventcal-Viewer"

// offline serves what makes eventcal installable and readable without a
// connection (DESIGN.md "Offline and installable on phones"): the web app
// manifest, the icons, the service worker and the pages it shows offline.
// All of it is built once at start-up.
type offline struct {
	icons    map[string]*assets.File // by URL
	manifest []byte
	worker   []byte            // sw.js with its version and shell
	pages    map[string][]byte // the offline pages, by their address
	version  string
}

// webManifest is the web app manifest's JSON.
type webManifest struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Description     string         `json:"description"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	ThemeColor      string         `json:"theme_color"`
	BackgroundColor string         `json:"background_color"`
	Icons           []manifestIcon `json:"icons"`
}

type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
}

// appColor is the icon's background and the colour of the installed app's
// title bar and splash screen: the accent, at home in both colour schemes.
const appColor = "#0b5cad"

// offlineRoutes serves the manifest, the icons, the worker and the offline
// pages; none of them needs a session.
func (h *Handler) offlineRoutes(app *fiber.App) {
	o, err := h.newOffline()
	if err != nil {
		h.log.Error("eventcal is not installable: its offline files did not load", "err", err)
		return
	}
	app.Get(paths.WebManifest, o.serveManifest)
	app.Get(paths.Worker, o.serveWorker)
	app.Get(paths.Offline, o.servePage)
	app.Get("/icons/:file", o.serveIcon)
}

func (h *Handler) newOffline() (*offline, error) {
	files, err := assets.LoadOffline()
	if err != nil {
		return nil, err
	}
	o := &offline{icons: map[string]*assets.File{}, pages: map[string][]byte{}}
	m := webManifest{ID: "/", Name: "eventcal", ShortName: "eventcal", Description: "Your calendar, on the web and on your phone",
		StartURL: "/", Scope: "/", Display: "standalone", ThemeColor: appColor, BackgroundColor: appColor}
	shell := append([]string{paths.Offline, paths.OfflineWrite}, h.assets.URLs()...)
	for i := range files.Icons {
		ic := &files.Icons[i]
		o.icons[ic.URL] = &ic.File
		m.Icons = append(m.Icons, manifestIcon{Src: ic.URL, Sizes: ic.Sizes, Type: ic.ContentType, Purpose: ic.Purpose})
		shell = append(shell, ic.URL)
	}
	if o.manifest, err = json.Marshal(m); err != nil {
		return nil, err
	}
	s := views.Shell{Title: "Offline", Assets: h.pageAssets()}
	for _, p := range []string{paths.Offline, paths.OfflineWrite} {
		var buf bytes.Buffer
		if err := views.OfflinePage(s, p == paths.OfflineWrite).Render(context.Background(), &buf); err != nil {
			return nil, err
		}
		o.pages[p] = buf.Bytes()
	}
	// The version changes with every asset, icon, offline page and the
	// worker itself: a deploy that changes any of them replaces the
	// worker and, with it, everything the old one kept.
	sum := sha256.New()
	for _, u := range shell {
		sum.Write([]byte(u + "\n"))
		sum.Write(o.pages[u])
	}
	sum.Write(files.Worker)
	o.version = hex.EncodeToString(sum.Sum(nil)[:6])
	list, err := json.Marshal(shell)
	if err != nil {
		return nil, err
	}
	o.worker = append([]byte("var V = \""+o.version+"\", SHELL = "+string(list)+";\n"), files.Worker...)
	return o, nil
}

// serveManifest answers the web app manifest; it names the icons' hashed
// addresses, so browsers check it again each time.
func (o *offline) serveManifest(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "application/manifest+json")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Send(o.manifest)
}

// serveWorker answers the service worker's script, never kept by the HTTP
// cache: browsers compare it byte for byte to find a new version.
func (o *offline) serveWorker(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "text/javascript; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Send(o.worker)
}

// servePage answers an offline page (the worker keeps both at install).
func (o *offline) servePage(c *fiber.Ctx) error {
	p := paths.Offline
	if c.Query("what") == "write" {
		p = paths.OfflineWrite
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Send(o.pages[p])
}

// serveIcon answers an icon under its content-hashed address.
func (o *offline) serveIcon(c *fiber.Ctx) error {
	f, ok := o.icons[c.Path()]
	if !ok {
		return notFound()
	}
	c.Set(fiber.HeaderContentType, f.ContentType)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	return c.Send(f.Body)
}

// markViewer names the signed-in user on the response (headerViewer), by
// an HMAC of their id that only this site can make.
func (h *Handler) markViewer(c *fiber.Ctx) error {
	if v := viewerOf(c); v != nil {
		m := hmac.New(sha256.New, h.csrfKey)
		m.Write([]byte("offline viewer " + strconv.FormatInt(v.ID, 10)))
		c.Set(headerViewer, hex.EncodeToString(m.Sum(nil)[:12]))
	}
	return c.Next()
}
