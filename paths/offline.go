package paths

// The web app manifest, the service worker (its address is its scope: the
// whole site) and the page it shows offline.
const (
	WebManifest = "/manifest.webmanifest"
	Worker      = "/sw.js"
	Offline     = "/offline"
	// OfflineWrite is the offline page for a change that was not sent.
	OfflineWrite = Offline + "?what=write"
)
