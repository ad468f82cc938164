package handlers

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/views"
)

// Search limits.
const (
	searchMaxRunes = 200 // longest query, in characters after normalising
	searchMaxPage  = 500 // deepest page (10 000 results)
	snippetRunes   = 160 // description excerpt around the match
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
	res := views.SearchResults{Query: q, Display: display, Page: pageNo}
	if q != "" {
		found, err := h.events.Search(c.UserContext(), v.ID, q, pageNo)
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		res = h.searchView(res, found, v.Loc, isFragment(c))
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
	return h.render(c, fiber.StatusOK, p)
}

// searchView turns a result page into the view model. appended is true for
// an htmx request, where page N's items join those already on screen.
func (h *Handler) searchView(res views.SearchResults, found events.SearchPage, loc *time.Location, appended bool) views.SearchResults {
	now := h.now()
	offset := (res.Page - 1) * events.SearchPageSize
	res.Total = int(found.Total)
	res.First = offset + 1
	res.From, res.To = offset+1, offset+len(found.Events)
	if appended {
		res.From = 1
	}
	base := "/search?q=" + url.QueryEscape(res.Display)
	res.FirstURL = base
	if found.HasMore {
		res.MoreURL = base + "&page=" + strconv.Itoa(res.Page+1)
	}
	res.Items = make([]views.SearchResult, len(found.Events))
	for i := range found.Events {
		e := &found.Events[i]
		when, machine := eventWhen(e, loc)
		res.Items[i] = views.SearchResult{
			URL:      eventURL(e),
			Title:    views.Highlight(e.Title, res.Query),
			Location: views.Highlight(e.Location, res.Query),
			Snippet:  views.Highlight(views.Snippet(e.Description, res.Query, snippetRunes), res.Query),
			When:     when,
			DateTime: machine,
			Past:     e.EndsAt.Before(now),
		}
	}
	return res
}

// eventWhen describes when an event happens in loc, for people and for
// <time datetime>: "Tue 3 Jun 2025, 09:00–10:00", "Tue 3 Jun 2025, all day".
func eventWhen(e *db.Event, loc *time.Location) (human, machine string) {
	const day = "Mon 2 Jan 2006"
	if e.AllDay {
		first, last := calendar.SpanDates(e.StartsAt, e.EndsAt, true, loc)
		f := first.Start(time.UTC).Format(day)
		if first == last {
			return f + ", all day", first.String()
		}
		return f + " – " + last.Start(time.UTC).Format(day) + ", all day", first.String()
	}
	s, t := e.StartsAt.In(loc), e.EndsAt.In(loc)
	human = s.Format(day + ", 15:04")
	switch {
	case !t.After(s):
	case calendar.DateOf(s, loc) == calendar.DateOf(t, loc):
		human += "–" + t.Format("15:04")
	default:
		human += " – " + t.Format(day+", 15:04")
	}
	return human, s.Format(time.RFC3339)
}
