package handlers

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/quickadd"
	"github.com/eventcal/eventcal/views"
)

// previewClip is how many characters of the title and the place a preview
// shows, which keeps the fragment under a kilobyte.
const previewClip = 50

// quickPreview answers GET /events/quick?text=: for htmx the preview
// fragment of what the line would add (or what was not understood in it),
// otherwise the quick add page with that preview.
func (h *Handler) quickPreview(c *fiber.Ctx) error {
	v := viewerOf(c)
	p := views.QuickAddPage{Text: c.Query("text"), CSRFToken: csrfToken(c)}
	if strings.TrimSpace(p.Text) != "" {
		res, err := quickadd.Parse(p.Text, h.now(), v.Loc, v.WeekStart)
		p.Preview = quickPreviewOf(res, err, v.Clock)
	}
	return h.render(c, fiber.StatusOK, quickPage(p))
}

// quickCreate answers POST /events/quick: the line becomes an event in the
// viewer's first writable calendar, through the same service call as the
// event form (with the default reminder), and the answer is the form's
// (303 to the event). A line that cannot be added re-shows the quick add
// page with the text and what was not understood (422).
func (h *Handler) quickCreate(c *fiber.Ctx) error {
	v := viewerOf(c)
	p := views.QuickAddPage{Text: c.FormValue("text"), CSRFToken: csrfToken(c), Refused: true}
	res, err := quickadd.Parse(p.Text, h.now(), v.Loc, v.WeekStart)
	p.Preview = quickPreviewOf(res, err, v.Clock)
	if err == nil {
		var ev db.Event
		ev, p.Preview.Problem, err = h.quickAdd(c, v, res)
		if err != nil {
			return err
		}
		if p.Preview.Problem == "" {
			return h.quickAdded(c, v, ev.ID)
		}
	}
	return h.render(c, fiber.StatusUnprocessableEntity, quickPage(p))
}

// quickAdded answers an added line as the event form's post is answered;
// for htmx the empty field comes along, out of band.
func (h *Handler) quickAdded(c *fiber.Ctx, v *Viewer, id int64) error {
	if err := h.eventSaved(c, v, id, ""); err != nil || !isFragment(c) {
		return err
	}
	return views.QuickAddBar(true).Render(c.UserContext(), c.Response().BodyWriter())
}

// quickAdd creates the event res describes; a refusal is a message for
// the person typing.
func (h *Handler) quickAdd(c *fiber.Ctx, v *Viewer, res quickadd.Result) (db.Event, string, error) {
	in := quickInput(res, v)
	def, err := h.events.DefaultReminder(c.UserContext(), v.ID)
	if err != nil {
		return db.Event{}, "", err
	}
	if def != nil {
		in.Reminders, in.RemindersSet = []string{strconv.Itoa(int(*def))}, true
	}
	vals, errs := in.Validate(v.Loc)
	if len(errs) > 0 {
		return db.Event{}, firstMessage(errs), nil
	}
	ev, err := h.events.Create(c.UserContext(), owner(v), vals)
	if qe := (*events.QuotaError)(nil); errors.As(err, &qe) {
		return ev, qe.Message(), nil
	}
	if fe, ok := asFormError(err); ok {
		return ev, firstMessage(fe.Fields), nil
	}
	return ev, "", err
}

// quickInput is the event form res fills in, in v's zone.
func quickInput(res quickadd.Result, v *Viewer) events.Input {
	in := events.Input{Title: res.Title, Location: res.Location, AllDay: res.AllDay, Rrule: res.Rule, RruleSet: true}
	if res.AllDay {
		first, last := calendar.SpanDates(res.Start, res.End, true, v.Loc)
		in.Start, in.End = first.String(), last.String()
	} else {
		in.Start, in.End = calendar.FormatLocalInput(res.Start, v.Loc), calendar.FormatLocalInput(res.End, v.Loc)
	}
	return in
}

// quickPreviewOf is the preview of a parse: the event in words (times on
// the viewer's clock), and the parser's sentence when it refused the line.
func quickPreviewOf(res quickadd.Result, err error, clock calendar.Clock) views.QuickPreview {
	var p views.QuickPreview
	if qe := (*quickadd.Error)(nil); errors.As(err, &qe) {
		p.Problem = qe.Msg
	} else if err != nil {
		p.Problem = "This line cannot be read."
	}
	if !res.Start.IsZero() {
		shown := res
		shown.Location = clipText(res.Location, previewClip)
		p.Title, p.When = clipText(res.Title, previewClip), shown.Summary(clock)
	}
	return p
}

// quickPage is the quick add page, or its preview for htmx.
func quickPage(p views.QuickAddPage) page {
	return page{Title: "Quick add", Nav: "quick", Content: views.QuickAddContent(p), Fragment: views.QuickPreviewContent(p.Preview)}
}

// clipText shortens s to at most n characters, marking the cut.
func clipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// shortcuts lists the keyboard shortcuts: a page, or the dialog for htmx.
func (h *Handler) shortcuts(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, page{Title: "Keyboard shortcuts", Nav: "calendar",
		Content: views.ShortcutsContent(false), Fragment: views.EventDialog(views.ShortcutsContent(true))})
}
