package handlers

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/views"
)

// The event form: reading it (validation is events.Input.Validate) and
// filling it again.

// readEventInput reads the event form's fields (form-encoded or multipart,
// for POST and PUT alike).
func readEventInput(c *fiber.Ctx) events.Input {
	return events.Input{
		Title:       c.FormValue("title"),
		Description: c.FormValue("description"),
		Location:    c.FormValue("location"),
		Start:       c.FormValue("start"),
		End:         c.FormValue("end"),
		AllDay:      isChecked(c.FormValue("all_day")),
		Color:       c.FormValue("color"),
		Rrule:       c.FormValue("rrule"),
		RruleCustom: c.FormValue("rrule_custom"),
		RruleSet:    formHas(c, "rrule"),
		Calendar:    c.FormValue("calendar"),
		Reminders:   formValues(c, "reminder"),
		// reminders_set: the form has the Reminders control, even with
		// none chosen.
		RemindersSet: formHas(c, "reminders_set") || formHas(c, "reminder"),
	}
}

// formValues are every value of the posted form's field key, in order.
func formValues(c *fiber.Ctx, key string) []string {
	var out []string
	for _, v := range c.Request().PostArgs().PeekMulti(key) {
		out = append(out, string(v))
	}
	if len(out) == 0 {
		if mf, err := c.MultipartForm(); err == nil {
			out = mf.Value[key]
		}
	}
	return out
}

// formHas reports whether the posted form has a field named key (even an
// empty one).
func formHas(c *fiber.Ctx, key string) bool {
	if c.Request().PostArgs().Has(key) {
		return true
	}
	if mf, err := c.MultipartForm(); err == nil {
		_, ok := mf.Value[key]
		return ok
	}
	return false
}

// hiddenFields is the form as posted, to carry through the scope question.
func hiddenFields(in *events.Input) []views.HiddenField {
	clean := func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
	out := []views.HiddenField{
		{Name: "title", Value: clean(in.Title)},
		{Name: "description", Value: clean(in.Description)},
		{Name: "location", Value: clean(in.Location)},
		{Name: "start", Value: clean(in.Start)},
		{Name: "end", Value: clean(in.End)},
		{Name: "color", Value: clean(in.Color)},
	}
	if in.AllDay {
		out = append(out, views.HiddenField{Name: "all_day", Value: "on"})
	}
	if in.RruleSet {
		out = append(out, views.HiddenField{Name: "rrule", Value: clean(in.Rrule)})
	}
	if in.RruleCustom != "" {
		out = append(out, views.HiddenField{Name: "rrule_custom", Value: clean(in.RruleCustom)})
	}
	if in.Calendar != "" {
		out = append(out, views.HiddenField{Name: "calendar", Value: clean(in.Calendar)})
	}
	if in.RemindersSet {
		out = append(out, views.HiddenField{Name: "reminders_set", Value: "1"})
		for _, r := range in.Reminders {
			if r = strings.TrimSpace(r); r != "" {
				out = append(out, views.HiddenField{Name: "reminder", Value: clean(r)})
			}
		}
	}
	return out
}

// isChecked reads a checkbox: "on" is what browsers send; scripts may say
// "true", "1" or "yes".
func isChecked(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "on", "true", "1", "yes":
		return true
	}
	return false
}

// formOfInput is the form re-shown after a validation error: everything as
// typed (invalid UTF-8 replaced, so the page stays valid HTML).
func formOfInput(in events.Input) views.EventForm {
	clean := func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
	f := views.EventForm{
		Title:       clean(in.Title),
		Description: clean(in.Description),
		Location:    clean(in.Location),
		Start:       clean(in.Start),
		End:         clean(in.End),
		AllDay:      in.AllDay,
		Color:       clean(in.Color),
		Calendar:    clean(strings.TrimSpace(in.Calendar)),
	}
	// The Reminders control's fields as posted: the selects', then the
	// custom field's (a script's extra fields are left out).
	for i, r := range in.Reminders {
		switch {
		case i < views.ReminderSlots:
			f.Reminders = append(f.Reminders, clean(r))
		case i == views.ReminderSlots:
			f.ReminderCustom = clean(r)
		}
	}
	return f
}

// reminderFields are stored reminders as the form's select values.
func reminderFields(minutes []int) []string {
	out := make([]string, len(minutes))
	for i, m := range minutes {
		out[i] = strconv.Itoa(m)
	}
	return out
}

// formOfEvent is the edit form of a stored event, in loc: an all-day event
// shows its first and last (inclusive) day.
func formOfEvent(ev db.Event, loc *time.Location) views.EventForm {
	f := views.EventForm{
		ID:          ev.ID,
		Title:       ev.Title,
		Description: ev.Description,
		Location:    ev.Location,
		AllDay:      ev.AllDay,
		Color:       ev.Color,
		Calendar:    strconv.FormatInt(ev.CalendarID, 10),
	}
	if ev.AllDay {
		first, last := calendar.SpanDates(ev.StartsAt, ev.EndsAt, true, loc)
		f.Start, f.End = first.String(), last.String()
	} else {
		f.Start = calendar.FormatLocalInput(ev.StartsAt, loc)
		f.End = calendar.FormatLocalInput(ev.EndsAt, loc)
	}
	return f
}

// writableCalendars are the choices of the event form's calendar select:
// the calendars uid owns or may edit, their own first.
func (h *Handler) writableCalendars(ctx context.Context, uid int64) ([]views.Option, error) {
	cals, err := h.events.Calendars(ctx, uid)
	var out []views.Option
	for _, cal := range cals {
		if !cal.Role.CanWrite() {
			continue
		}
		label := cal.Name
		if cal.Role != events.RoleOwner {
			label += " (" + cal.Owner + ")"
		}
		out = append(out, views.Option{Value: strconv.FormatInt(cal.ID, 10), Label: label})
	}
	return out, err
}
