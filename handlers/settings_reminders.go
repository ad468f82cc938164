package handlers

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
)

// saveDefaultReminder sets the reminder new events start with (the form's
// default_reminder, minutes before the start; empty for none), or
// re-renders the settings with the message (422).
func (h *Handler) saveDefaultReminder(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v := viewerOf(c)
	text := strings.TrimSpace(strings.ToValidUTF8(c.FormValue("default_reminder"), "\uFFFD"))
	var minutes *int32
	if text != "" {
		m, err := strconv.ParseInt(text, 10, 32)
		if err != nil {
			m = -1 // not a number: refused with the range's message
		}
		m32 := int32(m)
		minutes = &m32
	}
	err := h.events.SetDefaultReminder(ctx, v.ID, minutes)
	if fe, ok := asFormError(err); ok {
		u, err := h.store.GetUser(ctx, v.ID)
		if err != nil {
			return db.NotFound(err)
		}
		r := views.ReminderSettings{Default: text, Errors: views.FieldErrors(fe.Fields)}
		return h.renderSettings(c, fiber.StatusUnprocessableEntity, u, views.SettingsPage{Profile: profileForm(u), Reminder: r})
	}
	if err != nil {
		return err
	}
	return redirect(c, "/settings?saved=reminders")
}

// reminderSettings is the settings page's reminders section r for user u:
// the stored default, unless r holds a refused one as posted.
func reminderSettings(u db.User, r views.ReminderSettings) views.ReminderSettings {
	if r.Errors == nil && u.DefaultReminder != nil {
		r.Default = strconv.Itoa(int(*u.DefaultReminder))
	}
	return r
}
