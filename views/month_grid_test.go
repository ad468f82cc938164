package views

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/paths"
)

// pick is one of xs.
func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// randomMonth is a month model with everything a cell can hold: outside
// days, today, dots beyond the count or short of it, bars (spacers,
// continuing ends, notes, times), chips (all-day, read-only, occurrences,
// timed), "+N more", and titles, labels and URLs needing escaping or
// sanitizing.
func randomMonth(r *rand.Rand) CalendarView {
	texts := []string{"Team meeting", "", `<script>alert("x")</script> & 'q'`, "Café ☕ 会議", "a&b", "Tom's \"big\" day", "<>&\"'"}
	colors := []string{"", "blue", "red", "green", `x"y`}
	c := CalendarView{Base: pick(r, "/calendar", "/", "/a?x=<\"'>&", "javascript:alert(1)", "JavaScript:x",
		"https://example.org/a", "mailto:a@b", "data:text/html,x", "/a:b")}
	for _, d := range []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"} {
		c.Weekdays = append(c.Weekdays, CalWeekday{Short: d[:3], Long: d + pick(r, "", "", "<&>")})
	}
	chip := func() Chip {
		return Chip{ID: r.Int64N(1e6), Occ: pick(r, "", "", "20250610T090000Z", "a&b<c"), Title: pick(r, texts...),
			Time: pick(r, "", "09:30", "–11:00", "<b>"), Color: pick(r, colors...), AllDay: r.IntN(3) == 0, ReadOnly: r.IntN(3) == 0}
	}
	for w := range 4 + r.IntN(3) {
		row := make([]CalCell, 7)
		for i := range row {
			day := w*7 + i + 1
			cell := CalCell{Date: calendar.MakeDate(2025, 5, 26).AddDays(day), Outside: r.IntN(4) == 0, Today: r.IntN(10) == 0}
			for range r.IntN(4) {
				b := Bar{Chip: chip()}
				if r.IntN(3) > 0 {
					b.Span, b.Lane = 1+r.IntN(7), r.IntN(3)
					b.Before, b.After = r.IntN(2) == 0, r.IntN(2) == 0
					b.Note = pick(r, "", ", until Sunday 15 June, continues", ", <note> & 'x'")
				}
				cell.Top = append(cell.Top, b)
			}
			for range r.IntN(4) {
				cell.Chips = append(cell.Chips, chip())
			}
			cell.More = max(0, r.IntN(8)-4)
			cell.Count = len(cell.Chips) + len(cell.Top) + cell.More + r.IntN(2)
			if r.IntN(8) == 0 {
				cell.Count = 0
			}
			for range min(cell.Count, r.IntN(5)) {
				cell.Dots = append(cell.Dots, pick(r, colors...))
			}
			row[i] = cell
		}
		c.Weeks = append(c.Weeks, row)
	}
	return c
}

// renderString renders a component to a string.
func renderString(t *testing.T, c templ.Component) string {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// goldenMonths are the models of testdata/month_grid.golden.html (which
// changes with them): the benchmark's month and three random ones.
func goldenMonths() []CalendarView {
	ms := []CalendarView{benchMonth()}
	for seed := range uint64(3) {
		ms = append(ms, randomMonth(rand.New(rand.NewPCG(seed, 11))))
	}
	return ms
}

// TestMonthGridGolden renders the golden models and compares them with
// testdata/month_grid.golden.html, the month grid's markup as a templ
// template of it renders (one model a line).
func TestMonthGridGolden(t *testing.T) {
	// Every branch of the grid shows in the golden models.
	checkGolden(t, "testdata/month_grid.golden.html", goldenMonths(), monthGrid, []string{`<td class="o">`, `aria-current="date"`, `<li class="s" aria-hidden="true"></li>`,
		`<li class="b w`, " cl", " cr", `<span class="visually-hidden">, `, `class="ev ad c-`, ` ro"`, "?occ=",
		`<b>`, `<b aria-hidden="true">+</b>`, `<span class="visually-hidden">1 event</span>`, `class="more"`,
		"about:invalid#TemplFailedSanitizationURL", "&lt;script&gt;", "&#39;", "&#34;", "会議", `<td><a class="dn"`})
}

// checkGolden renders models and compares each with its line of the
// golden file, then checks that the file holds every one of branches.
func checkGolden[M any](t *testing.T, file string, models []M, render func(M) templ.Component, branches []string) {
	t.Helper()
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(want), "\n"), "\n")
	if len(lines) != len(models) {
		t.Fatalf("golden file holds %d lines, want %d", len(lines), len(models))
	}
	for i, m := range models {
		if got := renderString(t, render(m)); got != lines[i] {
			t.Errorf("model %d differs from the golden one:\n got %s\nwant %s", i, got, lines[i])
		}
	}
	for _, s := range branches {
		if !strings.Contains(string(want), s) {
			t.Errorf("no golden line holds %q", s)
		}
	}
}

// TestMonthGridEscapes checks that titles and notes are escaped as text
// and that day links with a script scheme are sanitized, as templ does.
func TestMonthGridEscapes(t *testing.T) {
	title := `<script>alert("x")</script> & 'q'`
	ch := Chip{ID: 7, Title: title, Occ: "a&b"}
	c := CalendarView{Base: "javascript:alert(1)", Weeks: [][]CalCell{{{Date: calendar.MakeDate(2025, 6, 3), Count: 2, Dots: []string{"blue"},
		Top: []Bar{{Chip: ch, Span: 2, Note: title}}, Chips: []Chip{ch}, More: 1}}}}
	got := renderString(t, monthGrid(c))
	esc := "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;q&#39;"
	if strings.Contains(got, "<script>") || strings.Count(got, esc) != 3 {
		t.Errorf("title not escaped 3 times as %s:\n%s", esc, got)
	}
	if strings.Contains(got, "javascript:") || strings.Count(got, `href="about:invalid#TemplFailedSanitizationURL"`) != 2 {
		t.Errorf("day URL not sanitized:\n%s", got)
	}
	if strings.Count(got, `href="/events/7?occ=a&amp;b"`) != 2 {
		t.Errorf("event URL not escaped:\n%s", got)
	}
}

// TestMonthGridEventLinksAndCounts checks that the grid links chips to
// Chip.URL and days to their day view, sanitized and escaped as templ
// writes an href, labels days "Monday 9 June", and writes the number of
// events as eventCount says.
func TestMonthGridEventLinksAndCounts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		ch := Chip{ID: r.Int64N(1e12) - 5e11, Occ: pick(r, "", "20250610T090000Z", "a&b<c\"'")}
		if got, want := string(appendEventURL(nil, ch.ID, ch.Occ)), templ.EscapeString(templ.URL(ch.URL())); got != want {
			t.Fatalf("URL of %+v: %s, want %s", ch, got, want)
		}
	}
	for _, base := range []string{"/calendar", "/", "/a?x=<\"'>&", "javascript:alert(1)", "JavaScript:x", "mailto:a@b", "/a:b"} {
		prefix := appendDayURLPrefix(nil, base)
		for range 50 {
			d := calendar.MakeDate(1+r.IntN(9999), time.Month(1+r.IntN(12)), 1+r.IntN(31))
			if got, want := string(appendDayURL(nil, prefix, d)), templ.EscapeString(templ.URL(paths.Calendar(base, calendar.Day, d))); got != want {
				t.Fatalf("day URL of %s on %q: %s, want %s", d, base, got, want)
			}
		}
	}
	for d, want := range map[calendar.Date]string{calendar.MakeDate(2025, 6, 9): "x Monday 9 June", calendar.MakeDate(2024, 2, 29): "x Thursday 29 February",
		calendar.MakeDate(2026, 11, 1): "x Sunday 1 November"} {
		if got := string(appendDayLabel([]byte("x "), d)); got != want {
			t.Fatalf("label of %s: %q, want %q", d, got, want)
		}
	}
	for n := range 200 {
		if got, want := string(appendEventCount(nil, n)), eventCount(n); got != want {
			t.Fatalf("count %d: %s, want %s", n, got, want)
		}
	}
}

// BenchmarkMonthGrid renders the month grid alone.
func BenchmarkMonthGrid(b *testing.B) { benchRender(b, monthGrid(benchMonth())) }
