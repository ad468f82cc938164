package handlers

import (
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"testing"

	"github.com/eventcal/eventcal/accounts"
)

func TestClientAddrIsRightMostUntrusted(t *testing.T) {
	behind := parseProxies([]string{"10.0.0.0/8", "127.0.0.1", "2001:db8:1::/48"})
	cases := []struct {
		name string
		ps   proxies
		peer string
		xff  []string
		want string
	}{
		{"no proxies: header ignored", nil, "192.0.2.1", []string{"198.51.100.9"}, "192.0.2.1"},
		{"untrusted peer: header ignored", behind, "192.0.2.1", []string{"198.51.100.9"}, "192.0.2.1"},
		{"one proxy", behind, "127.0.0.1", []string{"198.51.100.9"}, "198.51.100.9"},
		{"spoofed left-most", behind, "127.0.0.1", []string{"203.0.113.7, 198.51.100.9"}, "198.51.100.9"},
		{"chain of proxies", behind, "10.0.0.2", []string{"203.0.113.7, 198.51.100.9, 10.0.0.1"}, "198.51.100.9"},
		{"several headers", behind, "127.0.0.1", []string{"203.0.113.7", "198.51.100.9, 10.0.0.1"}, "198.51.100.9"},
		{"untrusted IPv6 peer", behind, "::1", nil, "::1"},
		{"bracketed IPv6 with port", behind, "127.0.0.1", []string{"[2001:db8:2::5]:4711"}, "2001:db8:2::5"},
		{"IPv4 with port", behind, "127.0.0.1", []string{"198.51.100.9:80"}, "198.51.100.9"},
		{"mapped peer", behind, "::ffff:127.0.0.1", []string{"198.51.100.9"}, "198.51.100.9"},
		{"only proxies", behind, "127.0.0.1", []string{"10.0.0.3, 10.0.0.1"}, "10.0.0.3"},
		{"garbage stops the walk", behind, "127.0.0.1", []string{"198.51.100.9, nonsense, 10.0.0.1"}, "10.0.0.1"},
		{"empty header", behind, "127.0.0.1", []string{""}, "127.0.0.1"},
	}
	for _, tc := range cases {
		got := tc.ps.clientAddr(netip.MustParseAddr(tc.peer), tc.xff)
		if got.String() != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestSpoofedForwardedForGetsNoFreshBucket: behind a trusted proxy that
// appends the real client, a varying left-most X-Forwarded-For entry still
// counts toward the real client's address.
func TestSpoofedForwardedForGetsNoFreshBucket(t *testing.T) {
	ts := startServer(t, ownRedis(t), func(d *Deps) { d.Config.TrustedProxies = []string{"127.0.0.1", "10.0.0.0/8"} })
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	c := ts.client(t)
	c.get("/login")
	for i := range accounts.LoginIPMax {
		// The client wrote the first entry; its proxy (198.51.100.1 is the
		// peer it saw) and an inner trusted proxy appended theirs.
		xff := "203.0.113." + strconv.Itoa(i) + ", 198.51.100.1, 10.1.2.3"
		if r := c.post("/login", url.Values{"username": {"nobody" + strconv.Itoa(i)}, "password": {"whatever it is"}}, "X-Forwarded-For", xff); r.StatusCode != 422 {
			t.Fatalf("failure %d: %d", i+1, r.StatusCode)
		}
	}
	r := c.post("/login", url.Values{"username": {name}, "password": {goodPassword}}, "X-Forwarded-For", "192.0.2.200, 198.51.100.1")
	if r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("spoofed left-most entry got a fresh bucket: %d", r.StatusCode)
	}
	if r := c.post("/login", url.Values{"username": {name}, "password": {goodPassword}}, "X-Forwarded-For", "198.51.100.1, 198.51.100.2"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("another client behind the proxy blocked: %d", r.StatusCode)
	}
}
