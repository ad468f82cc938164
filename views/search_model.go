package views

import (
	"net/url"
	"strconv"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/paths"
)

// SearchFound is one page of matches: its events, how many match in all,
// whether another page follows, and the page size.
type SearchFound struct {
	Events   []Event
	Total    int64
	HasMore  bool
	PageSize int
}

// snippetRunes is the length of the description excerpt around a match.
const snippetRunes = 160

// NewSearchResults fills res (its query and page set) with found, times in
// loc read on clock; appended is true for an htmx request, where page N's items join
// those already on screen.
func NewSearchResults(res SearchResults, found SearchFound, now time.Time, loc *time.Location, clock calendar.Clock, appended bool) SearchResults {
	offset := (res.Page - 1) * found.PageSize
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
	res.Items = make([]SearchResult, len(found.Events))
	for i := range found.Events {
		e := &found.Events[i]
		when, machine := eventWhen(e, loc, clock)
		res.Items[i] = SearchResult{
			URL:      paths.Event(e.ID, "", e.Occ),
			Title:    Highlight(e.Title, res.Query),
			Location: Highlight(e.Location, res.Query),
			Snippet:  Highlight(Snippet(e.Description, res.Query, snippetRunes), res.Query),
			When:     when,
			DateTime: machine,
			Past:     e.End.Before(now),
		}
	}
	return res
}

// eventWhen describes when an event happens in loc, for people and for
// <time datetime>: "Tue 3 Jun 2025, 09:00–10:00", "Tue 3 Jun 2025, all day".
func eventWhen(e *Event, loc *time.Location, clock calendar.Clock) (human, machine string) {
	const day = "Mon 2 Jan 2006"
	if e.AllDay {
		first, last := calendar.SpanDates(e.Start, e.End, true, loc)
		f := first.Start(time.UTC).Format(day)
		if first == last {
			return f + ", all day", first.String()
		}
		return f + " – " + last.Start(time.UTC).Format(day) + ", all day", first.String()
	}
	s, t := e.Start.In(loc), e.End.In(loc)
	human = s.Format(day) + ", "
	switch {
	case !t.After(s):
		human += clock.Time(s)
	case calendar.DateOf(s, loc) == calendar.DateOf(t, loc):
		human += clock.Span(s, t)
	default:
		human += clock.Time(s) + " – " + t.Format(day) + ", " + clock.Time(t)
	}
	return human, s.Format(time.RFC3339)
}
