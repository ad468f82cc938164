package views

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/eventcal/eventcal/calendar"
)

// benchWeek is a week view model like the handlers build: an all-day
// event on some days, a working day of meetings, two of them overlapping.
func benchWeek() CalendarView {
	c := CalendarView{View: "week", Title: "9 – 15 June 2025"}
	id := int64(1000)
	for i, d := range []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"} {
		day := strconv.Itoa(9 + i)
		cc := CalColumn{Head: d[:3] + " " + day, Label: d + " " + day + " June", URL: "/calendar?view=day&date=2025-06-" + day, Today: i == 1}
		if i%2 == 0 {
			id++
			cc.AllDay = append(cc.AllDay, Chip{ID: id, Title: "Conference", Color: "green", AllDay: true})
		}
		for k := range 4 {
			id++
			s := Slot{Chip: Chip{ID: id, Title: "Team meeting", Time: strconv.Itoa(9+2*k) + ":00", Color: "blue"}, Top: (9 + 2*k) * 60, Height: 60}
			if k == 1 {
				s.Col, s.Cols = 0, 2
				id++
				cc.Timed = append(cc.Timed, Slot{Chip: Chip{ID: id, Title: "Call", Time: "11:30", Color: "red"}, Top: 11*60 + 30, Height: 30, Col: 1, Cols: 2})
			}
			cc.Timed = append(cc.Timed, s)
		}
		c.Columns = append(c.Columns, cc)
	}
	return c
}

// randomWeek is a week or day model with everything the time grid holds:
// today, all-day chips, timed slots at the edges of the day and beyond,
// side by side in up to 9 columns, both clocks, and titles, labels and URLs
// needing escaping or sanitizing.
func randomWeek(r *rand.Rand) CalendarView {
	texts := []string{"Team meeting", "", `<script>alert("x")</script> & 'q'`, "Café ☕ 会議", "a&b"}
	chip := func() Chip {
		return Chip{ID: r.Int64N(1e6), Occ: pick(r, "", "20250610T090000Z", "a&b<c"), Title: pick(r, texts...),
			Time: pick(r, "", "09:30", "–11:00"), Color: pick(r, "", "blue", `x"y`), AllDay: r.IntN(3) == 0, ReadOnly: r.IntN(3) == 0}
	}
	c := CalendarView{Title: pick(r, texts...), Clock: calendar.Clock(r.IntN(3))}
	for i := range pick(r, 1, 7, 7) {
		col := CalColumn{Head: pick(r, "Mon 9", "Tue <10>", ""), Label: pick(r, "Monday 9 June", "", " x\u00a0Juni&", "Tuesday 10 'June' "),
			URL: pick(r, "/calendar?view=day&date=2025-06-1"+strconv.Itoa(i), "javascript:alert(1)", "https://e.org/?a=b&c=d"), Today: r.IntN(5) == 0}
		for range r.IntN(3) {
			col.AllDay = append(col.AllDay, chip())
		}
		for range r.IntN(6) {
			cols := r.IntN(10)
			col.Timed = append(col.Timed, Slot{Chip: chip(), Top: r.IntN(26*60) - 60, Height: r.IntN(300) - 10, Col: r.IntN(max(cols, 1)), Cols: cols})
		}
		c.Columns = append(c.Columns, col)
	}
	return c
}

// goldenWeeks are the models of testdata/week_grid.golden.html (which
// changes with them): the benchmark's week, its Tuesday as a day view on
// the 12-hour clock, and three random weeks or days.
func goldenWeeks() []CalendarView {
	day := benchWeek()
	day.View, day.Columns, day.Clock = "day", day.Columns[1:2], calendar.Clock12
	ws := []CalendarView{benchWeek(), day}
	for seed := range uint64(3) {
		ws = append(ws, randomWeek(rand.New(rand.NewPCG(seed, 11))))
	}
	return ws
}

// TestWeekGridGolden renders the golden models and compares them with
// testdata/week_grid.golden.html, the week grid's markup as a templ
// template of it renders (one model a line).
func TestWeekGridGolden(t *testing.T) {
	// Every branch of the grid shows in the golden models.
	checkGolden(t, "testdata/week_grid.golden.html", goldenWeeks(), weekGrid, []string{`class="wg d1"`, `class="wg d7"`, `aria-current="date"`, `<li class="t0 h`, ` k1-2"`, ` k5-6"`,
		`<li>12 AM</li>`, `<li>00:00</li>`, `class="ev ad c-`, ` ro"`, "?occ=", "<b>", "about:invalid#TemplFailedSanitizationURL",
		"&lt;script&gt;", "会議", `aria-label=" "`})
}

// TestLastWord compares lastWord with the last of strings.Fields.
func TestLastWord(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a ", "Monday 9 June", "Monday\t9\u00a0June ", "x\u2003", "\u3000y", "a  b\n", "Juni\xff\u0085"} {
		want := ""
		if f := strings.Fields(s); len(f) > 0 {
			want = f[len(f)-1]
		}
		if got := lastWord(s); got != want {
			t.Errorf("lastWord(%q) = %q, want %q", s, got, want)
		}
	}
}

// BenchmarkWeekView renders the week calendar region (the htmx fragment
// of GET /calendar?view=week).
func BenchmarkWeekView(b *testing.B) { benchRender(b, CalendarRegion(benchWeek())) }

// BenchmarkWeekGrid renders the week grid alone.
func BenchmarkWeekGrid(b *testing.B) { benchRender(b, weekGrid(benchWeek())) }
