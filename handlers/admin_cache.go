package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/views"
)

// adminCache shows hits, misses and hit ratio per key family since this
// server started, the keys per family now in Redis, and the drop forms.
func (h *Handler) adminCache(c *fiber.Ctx) error {
	p := views.AdminCachePage{}
	vals := adminQueryValues(c)
	switch vals.Get("done") {
	case "drop-user":
		p.Notice = "That user's cached values are dropped."
	case "drop-all":
		n, _ := strconv.Atoi(vals.Get("n"))
		p.Notice = "Every cached value is dropped (" + strconv.Itoa(max(n, 0)) + " keys)."
	}
	return h.adminRenderCache(c, fiber.StatusOK, p)
}

func (h *Handler) adminRenderCache(c *fiber.Ctx, status int, p views.AdminCachePage) error {
	p.CSRFToken = csrfToken(c)
	stats, err := h.cache.Stats(c.UserContext())
	if err != nil {
		h.log.Warn("admin: counting cache keys failed", "err", err)
		p.KeysError = "Redis did not answer in time: some key counts are missing."
	}
	for _, s := range stats {
		p.Families = append(p.Families, views.AdminCacheFamily{
			Name: s.Family, Hits: s.Hits, Misses: s.Misses, Ratio: adminHitRatio(s.Hits, s.Misses), Keys: s.Keys,
		})
	}
	return h.render(c, status, page{Title: "Cache · Admin", Nav: "admin", Content: views.AdminCacheContent(p)})
}

// adminHitRatio is hits / lookups as "87.5 %", or "–" before any lookup.
func adminHitRatio(hits, misses uint64) string {
	if hits+misses == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f %%", 100*float64(hits)/float64(hits+misses))
}

// adminCacheDropUser drops one user's cached values (by username).
func (h *Handler) adminCacheDropUser(c *fiber.Ctx) error {
	name := adminClip(strings.TrimSpace(strings.ToValidUTF8(c.FormValue("username"), "")), 150)
	err := h.accounts.DropUserCache(c.UserContext(), adminOf(viewerOf(c)), name)
	if errs, ok := asFieldErrors(err); ok {
		p := views.AdminCachePage{Username: name, Errors: views.FieldErrors(errs)}
		return h.adminRenderCache(c, fiber.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	return redirect(c, "/admin/cache?done=drop-user")
}

// adminCacheDropAll deletes every eventcal cache key (never the sessions,
// throttles or import previews).
func (h *Handler) adminCacheDropAll(c *fiber.Ctx) error {
	n, err := h.accounts.DropAllCache(c.UserContext(), adminOf(viewerOf(c)))
	if errors.Is(err, accounts.ErrUnavailable) {
		return unavailable("Cache", err)
	}
	if err != nil {
		return err
	}
	return redirect(c, "/admin/cache?done=drop-all&n="+strconv.Itoa(n))
}
