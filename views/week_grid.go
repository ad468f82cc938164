package views

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/a-h/templ"

	"github.com/eventcal/eventcal/calendar"
)

// weekGrid is the week or day view: day headers, an all-day row, and
// quarter-hour columns of timed events (positioned by classes, since the
// CSP allows no inline styles). It scrolls sideways on narrow screens.
//
// Like monthGrid, it is written straight into a pooled byte slice; its
// markup is pinned by testdata/week_grid.golden.html.
func weekGrid(c CalendarView) templ.Component {
	return bufferedComponent(func(b []byte) []byte { return appendWeekGrid(b, c) })
}

// appendWeekGrid writes the grid: a class for its number of day columns,
// the day headers, the all-day row, the hour axis and the day columns.
func appendWeekGrid(b []byte, c CalendarView) []byte {
	b = append(b, `<div class="wk" tabindex="0" role="region" aria-label="Time grid, `...)
	b = appendEscaped(b, c.Title)
	b = append(b, `" data-nav hx-push-url="true"><div class="wg d`...)
	b = strconv.AppendInt(b, int64(len(c.Columns)), 10)
	b = append(b, `"><div></div>`...)
	for _, col := range c.Columns {
		b = append(b, `<div class="wh"><a href="`...)
		b = appendURL(b, col.URL)
		b = append(b, '"')
		if col.Today {
			b = append(b, ` aria-current="date"`...)
		}
		b = append(b, ` aria-label="`...)
		b = appendEscaped(b, col.Head)
		b = append(b, ' ')
		b = appendEscaped(b, lastWord(col.Label))
		b = append(b, `">`...)
		b = appendEscaped(b, col.Head)
		b = append(b, `</a></div>`...)
	}
	b = append(b, `<div class="al">All day</div>`...)
	for _, col := range c.Columns {
		b = append(b, `<ul class="adr" aria-label="All day, `...)
		b = appendEscaped(b, col.Label)
		b = append(b, `" hx-target="#dialog-root" hx-swap="innerHTML" hx-push-url="false">`...)
		for _, ch := range col.AllDay {
			b = append(b, `<li>`...)
			b = appendChip(b, ch)
			b = append(b, `</li>`...)
		}
		b = append(b, `</ul>`...)
	}
	b = append(b, `<ol class="hrs" aria-hidden="true">`...)
	for h := range 24 {
		b = append(b, `<li>`...)
		b = appendEscaped(b, hourLabel(c.Clock, h))
		b = append(b, `</li>`...)
	}
	b = append(b, `</ol>`...)
	for _, col := range c.Columns {
		b = append(b, `<ol class="col" aria-label="`...)
		b = appendEscaped(b, col.Label)
		b = append(b, `" hx-target="#dialog-root" hx-swap="innerHTML" hx-push-url="false">`...)
		for _, s := range col.Timed {
			b = append(b, `<li class="`...)
			b = s.appendPos(b)
			b = append(b, `">`...)
			b = appendChip(b, s.Chip)
			b = append(b, `</li>`...)
		}
		b = append(b, `</ol>`...)
	}
	return append(b, `</div></div>`...)
}

// hourLabels holds Clock.Hour of every hour for each clock.
var hourLabels = func() (l [2][24]string) {
	for c := range l {
		for h := range l[c] {
			l[c][h] = calendar.Clock(c).Hour(h)
		}
	}
	return l
}()

// hourLabel is c.Hour(h), from hourLabels when it holds the clock.
func hourLabel(c calendar.Clock, h int) string {
	if int(c) < len(hourLabels) {
		return hourLabels[c][h]
	}
	return c.Hour(h)
}

// lastWord is the last word of s (the month of "Monday 9 June"): the last
// of strings.Fields(s), "" when there is none.
func lastWord(s string) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	i := strings.LastIndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	return s[i+n:]
}
