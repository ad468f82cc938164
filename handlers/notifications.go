package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/paths"
	"github.com/eventcal/eventcal/views"
)

// notificationsShown is how many sent reminders /notifications lists.
const notificationsShown = 50

// notificationsPage lists the viewer's latest sent reminders, newest
// first, with their times in the viewer's zone.
func (h *Handler) notificationsPage(c *fiber.Ctx) error {
	v := viewerOf(c)
	rows, err := h.events.RecentReminders(c.UserContext(), v.ID, notificationsShown)
	if err != nil {
		return err
	}
	p := views.NotificationsPage{Rows: make([]views.NotificationRow, len(rows))}
	for i, r := range rows {
		p.Rows[i] = notificationRow(r, v.Loc, v.Clock)
	}
	return h.render(c, fiber.StatusOK, page{Title: "Notifications", Nav: "notifications", Content: views.NotificationsContent(p)})
}

// notificationRow is a sent reminder as listed, in loc on clock: it links to
// its event, or to the occurrence of a series it was for.
func notificationRow(r events.SentReminder, loc *time.Location, clock calendar.Clock) views.NotificationRow {
	d := r.ReminderDelivery
	row := views.NotificationRow{
		Title:    d.Title,
		Location: d.Location,
		Reminder: views.ReminderText(int(d.Minutes)),
		Sent:     views.LongDate(calendar.DateOf(d.SentAt, loc)) + ", " + clock.Time(d.SentAt.In(loc)),
		SentISO:  d.SentAt.UTC().Format(time.RFC3339),
	}
	day := calendar.DateOf(d.StartsAt, loc)
	if d.AllDay {
		row.Starts, row.StartsISO = views.LongDate(day)+" (all day)", day.String()
	} else {
		row.Starts = views.LongDate(day) + ", " + clock.Time(d.StartsAt.In(loc))
		row.StartsISO = d.StartsAt.UTC().Format(time.RFC3339)
	}
	if r.Present {
		occ := ""
		if r.Series {
			occ = events.FormatOcc(d.Occurrence)
		}
		row.URL = paths.Event(d.EventID, "", occ)
	}
	return row
}
