package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/eventcal/eventcal/db"
)

// pointJS is a point of the first element matching sel, in the viewport:
// fx and fy are fractions of its width and height.
func pointJS(sel string, fx, fy float64) string {
	return fmt.Sprintf(`(() => { const r = document.querySelector(%s).getBoundingClientRect();
		return [r.left + r.width * %g, r.top + r.height * %g]; })()`, jsString(sel), fx, fy)
}

// scrollTo scrolls the first element matching sel into view ("start" or
// "center" of the window).
func (f *flow) scrollTo(sel, block string) {
	f.t.Helper()
	eval[bool](f, fmt.Sprintf(`(document.querySelector(%s).scrollIntoView({block: %s}), true)`, jsString(sel), jsString(block)))
}

// monthCell selects the month grid's cell of a date.
func monthCell(date string) string {
	return fmt.Sprintf(`#calendar .mo td:has(.dn[href*="date=%s"])`, date)
}

// press, moveTo and release drive the mouse (the left button held between
// them); moveTo goes in a few steps, as a hand would.
func (f *flow) press(at []float64) {
	f.t.Helper()
	f.do("press", chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, at[0], at[1], chromedp.ButtonLeft, chromedp.ClickCount(1)))
}

func (f *flow) moveTo(from, to []float64) {
	f.t.Helper()
	held := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
	const steps = 6
	for i := 1; i <= steps; i++ {
		x := from[0] + (to[0]-from[0])*float64(i)/steps
		y := from[1] + (to[1]-from[1])*float64(i)/steps
		f.do("move", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y, held))
	}
}

func (f *flow) release(at []float64) {
	f.t.Helper()
	f.do("release", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, at[0], at[1], chromedp.ButtonLeft, chromedp.ClickCount(1)))
}

// dragFromTo drags from one point to another and lets go.
func (f *flow) dragFromTo(from, to []float64) {
	f.t.Helper()
	f.press(from)
	f.moveTo(from, to)
	f.release(to)
}

// waitStart waits until the event titled title (of user uid) starts and
// ends at the given Berlin times.
func (f *flow) waitStart(uid int64, title string, start, end time.Time) {
	f.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	var s, e time.Time
	for time.Now().Before(deadline) {
		err := env.Pool.QueryRow(context.Background(), `SELECT starts_at, ends_at FROM events WHERE user_id = $1 AND title = $2`, uid, title).Scan(&s, &e)
		if err == nil && s.Equal(start) && e.Equal(end) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	f.fail(fmt.Sprintf("%s at %v – %v", title, start, end), fmt.Errorf("it is at %v – %v", s.In(start.Location()), e.In(start.Location())))
}

// shareFirstCalendar shares the calendar of owner's events with user
// sharee in role ("view" or "edit").
func shareFirstCalendar(t *testing.T, owner, sharee int64, role string) {
	t.Helper()
	ctx := context.Background()
	var cal int64
	if err := env.Pool.QueryRow(ctx, `SELECT calendar_id FROM events WHERE user_id = $1 LIMIT 1`, owner).Scan(&cal); err != nil {
		t.Fatal(err)
	}
	if err := env.Store.UpsertShare(ctx, db.UpsertShareParams{CalendarID: cal, UserID: sharee, Role: role}); err != nil {
		t.Fatal(err)
	}
}

// dragReadyJS is true when the drag script has loaded and htmx is idle.
const dragReadyJS = `window.eventcalDrag === true && ` + htmxIdleJS

// TestDragInWeek: in the week view an event dragged one day right and an
// hour down moves there (the page and the database say so), its Undo puts
// it back, and dragging its bottom edge makes it end later.
func TestDragInWeek(t *testing.T) {
	srv := startServer(t)
	u := createUser(t, "dragweek", false)
	seedEvents(t, u.ID, []seed{{Title: "Dentist", Day: 10, Hour: 9, Minutes: 60}, {Title: "Gym", Day: 12, Hour: 18, Minutes: 60}})
	loc := berlin(t)
	at := func(d, h, m int) time.Time { return time.Date(2025, time.June, d, h, m, 0, 0, loc) }
	b := newBrowser(t, srv)
	f := b.flow(t)
	f.login(u.Username)
	f.open("/calendar?view=week&date=2025-06-10")
	f.waitJS("drag script loaded", dragReadyJS)

	chip := f.chipSel("Dentist")
	f.scrollTo(chip, "center")
	from := eval[[]float64](f, pointJS(chip, .5, .2))
	rowH := eval[float64](f, `document.querySelector("#calendar .col").getBoundingClientRect().height / 96`)
	colW := eval[float64](f, `document.querySelector("#calendar .col").getBoundingClientRect().width`)
	to := []float64{from[0] + colW, from[1] + 4*rowH}
	f.dragFromTo(from, to)
	f.waitStart(u.ID, "Dentist", at(11, 10, 0), at(11, 11, 0))
	f.waitJS("the chip on Wednesday at 10:00", `(() => { const li = document.querySelector(`+jsString(chip)+`)?.closest("li");
		return !!li && li.classList.contains("t40") && li.closest(".col") === document.querySelectorAll("#calendar .col")[2]; })()`)
	f.wantText(".undo p", "“Dentist” moved.")
	if got := f.activeElement(); got == "body" || got == "none" {
		t.Errorf("focus after the drag: %s", got)
	}

	f.do("undo", click(".undo button"))
	f.waitStart(u.ID, "Dentist", at(10, 9, 0), at(10, 10, 0))
	f.waitText(".undo p", "“Dentist” is back where it was.")
	f.waitJS("one note", `document.querySelectorAll(".undo").length === 1`)

	f.waitJS("drag script ready", dragReadyJS+` && !!document.querySelector(`+jsString(chip+" .rz")+`)`)
	f.scrollTo(chip, "center")
	edge := eval[[]float64](f, pointJS(chip+" .rz", .5, .5))
	f.dragFromTo(edge, []float64{edge[0], edge[1] + 2*rowH})
	f.waitStart(u.ID, "Dentist", at(10, 9, 0), at(10, 10, 30))
	f.waitJS("the chip spans 6 quarter hours", `document.querySelector(`+jsString(chip)+`)?.closest("li").classList.contains("h6")`)

	// A click (no movement) still opens the event.
	f.waitJS("idle", dragReadyJS)
	f.do("open the event", click(f.chipSel("Gym")))
	f.waitJS("the dialog", `!!document.querySelector("#dialog-root dialog[open]")`)
}

// TestDragInMonth: in the month an event dragged from a Friday to the next
// week's Tuesday moves there; held over › the drag turns to July and the
// drop lands in July; the note goes away after 10 s. An event of a
// calendar shared to view cannot be dragged.
func TestDragInMonth(t *testing.T) {
	srv := startServer(t)
	u := createUser(t, "dragmonth", false)
	seedEvents(t, u.ID, []seed{{Title: "Book club", Day: 13, Hour: 19, Minutes: 90}, {Title: "Holiday", Day: 20}})
	mum := createUser(t, "dragmum", false)
	seedEvents(t, mum.ID, []seed{{Title: "Mum's visit", Day: 24, Hour: 12, Minutes: 60}})
	shareFirstCalendar(t, mum.ID, u.ID, "view")
	loc := berlin(t)
	at := func(m time.Month, d, h, min int) time.Time { return time.Date(2025, m, d, h, min, 0, 0, loc) }
	b := newBrowser(t, srv)
	f := b.flow(t)
	f.login(u.Username)
	f.open("/calendar?view=month&date=2025-06-01")
	f.waitJS("drag script loaded", dragReadyJS)

	f.scrollTo("#calendar", "start")
	visit := f.chipSel("Mum's visit")
	if !eval[bool](f, `document.querySelector(`+jsString(visit)+`).classList.contains("ro")`) {
		t.Error("an event of a calendar shared to view is not marked read-only")
	}
	f.dragFromTo(eval[[]float64](f, pointJS(visit, .5, .5)), eval[[]float64](f, pointJS(monthCell("2025-06-26"), .5, .8)))
	time.Sleep(300 * time.Millisecond)
	f.waitJS("no drop", htmxIdleJS+` && !document.querySelector(".undo, .ghost, .drop") && !!document.querySelector(`+jsString(monthCell("2025-06-24")+" a.ev.ro")+`)`)
	f.waitStart(mum.ID, "Mum's visit", at(6, 24, 12, 0), at(6, 24, 13, 0))

	f.scrollTo("#calendar", "start")
	from := eval[[]float64](f, pointJS(f.chipSel("Book club"), .5, .5))
	to := eval[[]float64](f, pointJS(monthCell("2025-06-17"), .5, .8))
	f.dragFromTo(from, to)
	f.waitStart(u.ID, "Book club", at(6, 17, 19, 0), at(6, 17, 20, 30))
	f.waitJS("the chip on the 17th", `!!document.querySelector(`+jsString(monthCell("2025-06-17")+" a.ev:not(.ad)")+`)`)

	f.waitJS("idle", dragReadyJS)
	f.scrollTo("#calendar", "start")
	from = eval[[]float64](f, pointJS(f.chipSel("Holiday"), .5, .5))
	next := eval[[]float64](f, pointJS(`#calendar .cn a[rel=next]`, .5, .5))
	f.press(from)
	f.moveTo(from, next)
	f.waitText("#cal-h", "July 2025")
	f.waitJS("July shown", htmxIdleJS)
	cell := eval[[]float64](f, pointJS(monthCell("2025-07-02"), .5, .8))
	f.moveTo(next, cell)
	f.release(cell)
	f.waitStart(u.ID, "Holiday", at(7, 2, 0, 0), at(7, 3, 0, 0))
	f.waitJS("the chip on 2 July", `!!document.querySelector(`+jsString(monthCell("2025-07-02")+" a.ev.ad")+`)`)
	f.wantText(".undo p", "“Holiday” moved.")
	f.waitJS("the note gone after 10 s", `!document.querySelector(".undo")`)
}

// touch sends a touch event at a point (none for the end).
func (f *flow) touch(typ input.DispatchTouchEventType, at []float64) {
	f.t.Helper()
	p := input.DispatchTouchEventParams{Type: typ, TouchPoints: []*input.TouchPoint{}}
	if at != nil {
		p.TouchPoints = []*input.TouchPoint{{X: at[0], Y: at[1]}}
	}
	if _, err := chromedp.Call(f.ctx, input.DispatchTouchEvent, p); err != nil {
		f.fail("touch "+string(typ), err)
	}
}

// TestDragByTouch: on a phone, a swipe that starts on an event scrolls and
// leaves it; an event held for a moment and then dragged an hour down in
// the day view moves there.
func TestDragByTouch(t *testing.T) {
	srv := startServer(t)
	u := createUser(t, "dragtouch", false)
	seedEvents(t, u.ID, []seed{{Title: "Physio", Day: 10, Hour: 9, Minutes: 30}})
	loc := berlin(t)
	b := newBrowser(t, srv)
	f := b.flow(t)
	f.login(u.Username)
	f.viewport(412, 860, true)
	f.open("/calendar?view=day&date=2025-06-10")
	f.waitJS("drag script loaded", dragReadyJS)
	chip := f.chipSel("Physio")
	rowH := eval[float64](f, `document.querySelector("#calendar .col").getBoundingClientRect().height / 96`)
	at := func(h, m int) time.Time { return time.Date(2025, time.June, 10, h, m, 0, 0, loc) }

	// A swipe that starts on the event scrolls the page; the event stays.
	f.scrollTo(chip, "center")
	from := eval[[]float64](f, pointJS(chip, .5, .3))
	f.touch(input.DispatchTouchEventTypeTouchStart, from)
	for i := 1; i <= 6; i++ {
		f.touch(input.DispatchTouchEventTypeTouchMove, []float64{from[0], from[1] - 4*rowH*float64(i)/6})
	}
	f.touch(input.DispatchTouchEventTypeTouchEnd, nil)
	time.Sleep(300 * time.Millisecond)
	f.waitJS("nothing dragged", htmxIdleJS+` && !document.querySelector(".undo, .ghost")`)
	f.waitStart(u.ID, "Physio", at(9, 0), at(9, 30))

	f.scrollTo(chip, "center")
	from = eval[[]float64](f, pointJS(chip, .5, .3))
	f.touch(input.DispatchTouchEventTypeTouchStart, from)
	time.Sleep(600 * time.Millisecond) // the hold that makes a touch a drag
	for i := 1; i <= 6; i++ {
		f.touch(input.DispatchTouchEventTypeTouchMove, []float64{from[0], from[1] + 4*rowH*float64(i)/6})
	}
	f.touch(input.DispatchTouchEventTypeTouchEnd, nil)
	f.waitStart(u.ID, "Physio", at(10, 0), at(10, 30))
	f.waitText(".undo p", "“Physio” moved.")
}
