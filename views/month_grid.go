package views

import (
	"context"
	"io"
	"strconv"
	"sync"

	"github.com/a-h/templ"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/paths"
)

// monthGrid is the 6-week table of the month view.
//
// It is the largest part of the month page and of the dashboard, so it is
// written in Go rather than as a template: straight into one pooled byte
// slice, without templ's per-attribute conversions, class lists and
// escaping replacers. Its markup, whitespace between elements included,
// is pinned by testdata/month_grid.golden.html; text and attribute values
// are escaped as templ escapes them (appendEscaped) and links sanitized as
// templ sanitizes them (appendURL).
func monthGrid(c CalendarView) templ.Component {
	return bufferedComponent(func(b []byte) []byte { return appendMonthGrid(b, c) })
}

// bufferedComponent is markup that write appends to a pooled byte slice,
// written to the page in one piece.
func bufferedComponent(write func([]byte) []byte) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		p := renderBuffers.Get().(*[]byte)
		b := write((*p)[:0])
		_, err := w.Write(b)
		if cap(b) <= maxPooledBuffer {
			*p = b
			renderBuffers.Put(p)
		}
		return err
	})
}

// renderBuffers holds the byte slices grids and lists are written into: a
// free list whose contents no caller sees (taking a fresh 24 KB slice per
// grid instead doubles a month grid's cost).
var renderBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, 32<<10)
	return &b
}}

// maxPooledBuffer is the largest buffer kept for the next use (a month of
// long titles), so that one huge grid does not stay in the pool.
const maxPooledBuffer = 256 << 10

// appendMonthGrid writes the table: weekday headers, then a row of cells
// per week.
func appendMonthGrid(b []byte, c CalendarView) []byte {
	b = append(b, `<table class="mo" data-nav hx-push-url="true"><thead><tr>`...)
	for _, w := range c.Weekdays {
		b = append(b, `<th scope="col"><abbr title="`...)
		b = appendEscaped(b, w.Long)
		b = append(b, `">`...)
		b = appendEscaped(b, w.Short)
		b = append(b, `</abbr></th>`...)
	}
	b = append(b, `</tr></thead> <tbody>`...)
	var buf [128]byte
	dayURL := appendDayURLPrefix(buf[:0], c.Base)
	for _, week := range c.Weeks {
		b = append(b, `<tr>`...)
		for _, d := range week {
			b = appendCell(b, d, dayURL)
		}
		b = append(b, `</tr>`...)
	}
	return append(b, `</tbody></table>`...)
}

// appendCell writes one day: its number linking to the day view, its dots,
// its bars and chips, and "+N more" (also to the day view). dayURL is the
// day view's address up to the date, as appendURL writes it.
func appendCell(b []byte, d CalCell, dayURL []byte) []byte {
	if d.Outside {
		b = append(b, `<td class="o">`...)
	} else {
		b = append(b, `<td>`...)
	}
	b = append(b, `<a class="dn" href="`...)
	b = appendDayURL(b, dayURL, d.Date)
	b = append(b, `" aria-label="`...)
	b = appendDayLabel(b, d.Date)
	b = append(b, '"')
	if d.Today {
		b = append(b, ` aria-current="date"`...)
	}
	b = append(b, '>')
	b = strconv.AppendInt(b, int64(d.Date.D), 10)
	b = append(b, `</a> `...)
	if d.Count > 0 {
		// Phones show a dot per event (and "+" for more) instead of the
		// chips and bars, and the day's link covers the cell.
		b = appendDots(b, d)
	}
	if len(d.Chips) > 0 || len(d.Top) > 0 {
		// Bars come first, each in its lane, across the following cells of
		// the row, whose lists keep that lane free.
		b = append(b, `  <ul hx-target="#dialog-root" hx-swap="innerHTML" hx-push-url="false">`...)
		for _, bar := range d.Top {
			if bar.Span == 0 {
				b = append(b, `<li class="s" aria-hidden="true"></li>`...)
				continue
			}
			// The list item is as wide as the bar's days.
			b = append(b, `<li class="b w`...)
			b = strconv.AppendInt(b, int64(bar.Span), 10)
			b = append(b, `">`...)
			b = appendBar(b, bar)
			b = append(b, `</li>`...)
		}
		for _, ch := range d.Chips {
			b = append(b, `<li>`...)
			b = appendChip(b, ch)
			b = append(b, `</li>`...)
		}
		b = append(b, `</ul>`...)
	}
	if d.More > 0 {
		b = append(b, `<a class="more" href="`...)
		b = appendDayURL(b, dayURL, d.Date)
		b = append(b, `">+`...)
		b = strconv.AppendInt(b, int64(d.More), 10)
		b = append(b, ` more</a>`...)
	}
	return append(b, `</td>`...)
}

// appendDots writes a day's dots: one per event in its colour (an empty
// element, which assistive technology passes over), "+" when there are
// more, and the number of events for assistive technology.
func appendDots(b []byte, d CalCell) []byte {
	b = append(b, ` <span class="dots">`...)
	for _, c := range d.Dots {
		b = append(b, `<i class="c-`...)
		b = appendEscaped(b, c)
		b = append(b, `"></i>`...)
	}
	if d.Count > len(d.Dots) {
		b = append(b, `<b aria-hidden="true">+</b>`...)
	}
	b = append(b, `<span class="visually-hidden">`...)
	b = appendEventCount(b, d.Count)
	return append(b, `</span></span> `...)
}

// appendBar writes a multi-day event across the days of a week row: a
// chip's link with the ends where it continues ("cl", "cr"), and where it
// continues and ends for assistive technology.
func appendBar(b []byte, bar Bar) []byte {
	b = append(b, `<a class="`...)
	b = appendChipClass(b, bar.Chip)
	if bar.Before {
		b = append(b, " cl"...)
	}
	if bar.After {
		b = append(b, " cr"...)
	}
	b = append(b, `" href="`...)
	b = appendEventURL(b, bar.ID, bar.Occ)
	b = append(b, `">`...)
	b = appendTimeTitle(b, bar.Chip)
	b = append(b, ' ')
	if bar.Note != "" {
		b = append(b, `<span class="visually-hidden">`...)
		b = appendEscaped(b, bar.Note)
		b = append(b, `</span>`...)
	}
	return append(b, `</a>`...)
}

// appendChip writes a chip, one event on one day: time and title, coloured
// by a left border; it opens the event in a dialog (or its page without
// JavaScript), through the hx-target of its list.
func appendChip(b []byte, ch Chip) []byte {
	b = append(b, `<a class="`...)
	b = appendChipClass(b, ch)
	b = append(b, `" href="`...)
	b = appendEventURL(b, ch.ID, ch.Occ)
	b = append(b, `">`...)
	b = appendTimeTitle(b, ch)
	return append(b, `</a>`...)
}

// appendTimeTitle writes a chip's time, if any, in bold, and its title.
func appendTimeTitle(b []byte, ch Chip) []byte {
	if ch.Time != "" {
		b = append(b, `<b>`...)
		b = appendEscaped(b, ch.Time)
		b = append(b, `</b> `...)
	}
	return appendEscaped(b, ch.Title)
}

// appendChipClass writes a chip's CSS classes, its colour escaped for an
// attribute value ("ad": all day, "ro": it cannot be dragged).
func appendChipClass(b []byte, ch Chip) []byte {
	if ch.AllDay {
		b = append(b, "ev ad c-"...)
	} else {
		b = append(b, "ev c-"...)
	}
	b = appendEscaped(b, ch.Color)
	if ch.ReadOnly {
		b = append(b, " ro"...)
	}
	return b
}

// appendEventURL writes an event's address (paths.Event(id, "", occ)) as
// an href value. It starts with "/", so templ.URL leaves it as it is; only
// the occurrence needs escaping.
func appendEventURL(b []byte, id int64, occ string) []byte {
	b = append(b, "/events/"...)
	b = strconv.AppendInt(b, id, 10)
	if occ != "" {
		b = append(b, "?occ="...)
		b = appendEscaped(b, occ)
	}
	return b
}

// appendDayURLPrefix writes the day view's address on base up to its
// date, as appendURL writes it: the date holds no colon, so the prefix
// alone decides whether the address is sanitized away.
func appendDayURLPrefix(b []byte, base string) []byte {
	return appendURL(b, paths.Calendar(base, calendar.Day, calendar.Date{})+"&date=")
}

// appendDayURL writes the day view of d, as appendURL writes
// paths.Calendar(base, calendar.Day, d), from dayURL, the prefix on base
// (appendDayURLPrefix).
func appendDayURL(b, dayURL []byte, d calendar.Date) []byte {
	b = append(b, dayURL...)
	if string(dayURL) == string(templ.FailedSanitizationURL) {
		return b
	}
	return d.Append(b)
}

// appendEventCount writes eventCount(n).
func appendEventCount(b []byte, n int) []byte {
	if n == 1 {
		return append(b, "1 event"...)
	}
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, " events"...)
}

// appendURL writes a link as templ writes an href of a string: sanitized
// by templ.URL (a scheme other than http, https, mailto, tel, ftp or ftps
// becomes about:invalid#TemplFailedSanitizationURL), then escaped.
func appendURL(b []byte, u string) []byte {
	return appendEscaped(b, string(templ.URL(u)))
}

// appendEscaped writes s escaped as templ (html.EscapeString) escapes text
// and attribute values: & ' < > and ". Runs of other bytes are copied as
// they are.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}
