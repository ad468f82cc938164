package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/views"
)

// Search limits.
const (
	searchMaxRunes = 200 // longest query, in characters after normalising
	searchMaxPage  = 500 // deepest page (10 000 results)
)

// search is GET /search?q=…&page=N: the signed-in user's events whose
// title, description or location contain q. A full page normally; for
// htmx, the results region (page 1) or the next page's items (page > 1).
func (h *Handler) search(c *fiber.Ctx) error {
	v := viewerOf(c)
	// Fiber's query strings point into a reused buffer; the query outlives
	// the request in the cache's shared load, so copy it.
	raw := strings.Clone(c.Query("q"))
	if !utf8.ValidString(raw) || strings.ContainsRune(raw, 0) {
		return badRequest("The search contains characters that cannot be searched for.")
	}
	q := cache.Normalize(raw)
	if n := utf8.RuneCountInString(q); n > searchMaxRunes {
		return badRequest(fmt.Sprintf("A search can be at most %d characters long; this one has %d.", searchMaxRunes, n))
	}
	pageNo := 1
	if s := c.Query("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > searchMaxPage {
			return badRequest(fmt.Sprintf("The page number must be between 1 and %d.", searchMaxPage))
		}
		pageNo = n
	}

	display := strings.Join(strings.Fields(raw), " ")
	covers := cache.Covers{Searches: 1, Names: func() []string { return []string{"search " + strconv.Quote(q)} }}
	return h.cached(c, "search|"+strconv.Itoa(pageNo)+"|"+raw, covers, func() (built, error) {
		res := views.SearchResults{Query: q, Display: display, Page: pageNo}
		var until time.Time
		if q != "" {
			found, err := h.events.Search(c.UserContext(), v.ID, q, pageNo)
			if err != nil {
				return built{}, fmt.Errorf("search: %w", err)
			}
			now := h.now()
			res = views.NewSearchResults(res, views.SearchFound{
				Events: viewEvents(found.Events), Total: found.Total, HasMore: found.HasMore, PageSize: events.SearchPageSize,
			}, now, v.Loc, v.Clock, isFragment(c))
			until = earliestEnd(now, func(yield func(time.Time) bool) {
				for i := range found.Events {
					if !yield(found.Events[i].EndsAt) {
						return
					}
				}
			})
		}
		p := page{Title: "Search", Nav: "search", Content: views.SearchContent(views.SearchPage{Query: raw, Results: res})}
		if display != "" {
			p.Title = "Search: " + display
		}
		if pageNo > 1 {
			p.Fragment = views.SearchMore(res)
		} else {
			p.Fragment = views.SearchLive(res)
		}
		return built{page: p, until: until}, nil
	})
}
