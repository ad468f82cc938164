package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
)

// adminAudit lists the admin actions, newest first, 50 a page.
func (h *Handler) adminAudit(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v := viewerOf(c)
	pg := adminPageNumber(c.Query("page"))
	total, err := h.store.AdminCountAudit(ctx)
	if err != nil {
		return err
	}
	rows, err := h.store.AdminListAudit(ctx, db.AdminListAuditParams{SkipRows: adminOffset(pg), MaxRows: adminPageSize})
	if err != nil {
		return err
	}
	p := views.AdminAuditPage{}
	for _, r := range rows {
		target := r.TargetType
		if r.TargetID != nil {
			target += " " + strconv.FormatInt(*r.TargetID, 10)
		}
		p.Rows = append(p.Rows, views.AdminAuditRow{
			When:    adminLogTime(r.CreatedAt, v),
			WhenISO: adminISO(r.CreatedAt),
			Actor:   r.ActorUsername,
			Action:  r.Action,
			Target:  target,
			Detail:  r.Detail,
		})
	}
	p.Pager = adminPager(pg, total, len(rows), func(n int) string {
		if n <= 1 {
			return "/admin/audit"
		}
		return "/admin/audit?page=" + strconv.Itoa(n)
	})
	out := page{Title: "Audit log · Admin", Nav: "admin", Content: views.AdminAuditContent(p)}
	if adminWantsResults(c) {
		out.Fragment = views.AdminAuditResults(p)
	}
	return h.render(c, fiber.StatusOK, out)
}
