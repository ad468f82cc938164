package handlers

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
)

// Admin list limits.
const (
	adminPageSize = 50
	// adminMaxPage bounds the page number so the offset stays small.
	adminMaxPage = 100_000
	// adminMaxQuery bounds a search text, in characters.
	adminMaxQuery = 100
)

// adminCurrent checks, in Postgres, that the signed-in admin is still an
// active admin: the session's flag may be older than a revocation.
func (h *Handler) adminCurrent(c *fiber.Ctx) error {
	u, err := h.store.GetUser(c.UserContext(), viewerOf(c).ID)
	switch err := db.NotFound(err); {
	case errors.Is(err, db.ErrNotFound):
		return forbidden("This page is for administrators.")
	case err != nil:
		return err
	case !u.IsAdmin || !u.IsActive:
		return forbidden("This page is for administrators.")
	}
	return c.Next()
}

// actor is v as an audited actor.
func actor(v *Viewer) db.Actor { return db.Actor{ID: v.ID, Username: v.Username} }

// adminOf is v as the administrator acting in the accounts service.
func adminOf(v *Viewer) accounts.Admin {
	return accounts.Admin{Actor: actor(v), SessionID: v.SessionID}
}

// adminSearchText reads a search box: trimmed and at most adminMaxQuery characters.
func adminSearchText(s string) string {
	return adminClip(strings.TrimSpace(strings.ToValidUTF8(s, "")), adminMaxQuery)
}

// adminClip cuts s to n characters without an ellipsis.
func adminClip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// adminPageNumber reads a 1-based page number; anything else is page 1.
func adminPageNumber(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 1
	}
	return min(n, adminMaxPage)
}

// adminOffset is the row offset of a page.
func adminOffset(pg int) int32 { return int32((pg - 1) * adminPageSize) }

// adminPager describes page pg of total rows, shown showing rows on it;
// urlOf gives the address of another page.
func adminPager(pg int, total int64, shown int, urlOf func(int) string) views.Pager {
	pages := int((total + adminPageSize - 1) / adminPageSize)
	p := views.Pager{Page: pg, Pages: max(pages, 1), Total: total}
	if shown > 0 {
		p.First = (pg-1)*adminPageSize + 1
		p.Last = p.First + shown - 1
	}
	if pg > 1 {
		p.PrevURL = urlOf(min(pg-1, max(pages, 1)))
	}
	if pg < pages {
		p.NextURL = urlOf(pg + 1)
	}
	return p
}

// adminQueryValues is the request's query string as values.
func adminQueryValues(c *fiber.Ctx) url.Values {
	v, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	return v
}

// adminReturn reads the "return" parameter (query or form): the query
// string of the list an action came from (parsed; the caller keeps only the
// keys it knows).
func adminReturn(c *fiber.Ctx) url.Values {
	v, _ := url.ParseQuery(c.FormValue("return"))
	return v
}

// adminDone adds the done notice code to a list URL.
func adminDone(list, done string) string {
	sep := "?"
	if strings.Contains(list, "?") {
		sep = "&"
	}
	return list + sep + "done=" + url.QueryEscape(done)
}

// adminWantsResults reports whether an htmx request asks for only the results
// region of an admin list (search, sort and page links target it).
func adminWantsResults(c *fiber.Ctx) bool {
	return isFragment(c) && c.Get(hxTarget) == views.AdminResultsID
}

// adminDate formats an instant as a day in loc: "2 Jan 2006".
func adminDate(t time.Time, loc *time.Location) string { return t.In(loc).Format("2 Jan 2006") }

// adminDateTime formats an instant for viewer v, in their zone and on
// their clock: "2 Jan 2006 15:04" or "2 Jan 2006 3:04 PM".
func adminDateTime(t time.Time, v *Viewer) string {
	t = t.In(v.Loc)
	return t.Format("2 Jan 2006 ") + v.Clock.Time(t)
}

// adminLogTime is adminDateTime to the second, for the audit log and the
// queue: "2 Jan 2006 15:04:05".
func adminLogTime(t time.Time, v *Viewer) string {
	t = t.In(v.Loc)
	return t.Format("2 Jan 2006 ") + v.Clock.Seconds(t)
}

// adminISO is the machine-readable time of a <time> element.
func adminISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// likePattern is a filter's LIKE pattern: "" (no filter) for empty s.
func likePattern(s string) string {
	if s == "" {
		return ""
	}
	return db.ContainsPattern(s)
}
