package handlers

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// proxies are the TRUSTED_PROXIES networks (validated by config).
type proxies []netip.Prefix

// parseProxies reads TRUSTED_PROXIES entries (IPs or CIDRs); bad ones are
// skipped (config refuses them at start-up).
func parseProxies(list []string) proxies {
	var out proxies
	for _, s := range list {
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
		} else if a, err := netip.ParseAddr(s); err == nil {
			a = a.Unmap()
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
		}
	}
	return out
}

// trusts reports whether a is one of the proxies.
func (ps proxies) trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientAddr is the address a request comes from, as every throttle counts
// it: the direct peer, unless that is a trusted proxy; then the right-most
// X-Forwarded-For entry that is not a trusted proxy (each proxy appends the
// peer it saw, so entries left of it are the client's own words). When
// every entry is a trusted proxy (or one is malformed) the last trusted
// hop is the answer.
func (ps proxies) clientAddr(peer netip.Addr, forwarded []string) netip.Addr {
	peer = peer.Unmap()
	if !ps.trusts(peer) {
		return peer
	}
	addr := peer
	for i := len(forwarded) - 1; i >= 0; i-- {
		entries := strings.Split(forwarded[i], ",")
		for j := len(entries) - 1; j >= 0; j-- {
			a, ok := parseForwarded(entries[j])
			if !ok {
				return addr
			}
			if !ps.trusts(a) {
				return a
			}
			addr = a
		}
	}
	return addr
}

// parseForwarded reads one X-Forwarded-For entry: an IP, possibly with a
// port ("192.0.2.1:1234", "[2001:db8::1]:1234").
func parseForwarded(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

// clientIP is the request's client address (see proxies.clientAddr); the
// header is read only when the peer is a trusted proxy.
func (h *Handler) clientIP(c *fiber.Ctx) string {
	peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	var forwarded []string
	if h.proxies.trusts(peer) {
		for _, v := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
			forwarded = append(forwarded, string(v))
		}
	}
	return h.proxies.clientAddr(peer, forwarded).String()
}
