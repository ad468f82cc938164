package views

import (
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

// Reminders: the event form's control, the words the details use, and the
// presets the form and the settings offer.

// ReminderSlots is how many reminder selects the event form has
// (events.MaxReminders).
const ReminderSlots = 5

// maxReminderMinutes bounds the custom reminder field
// (events.MaxReminderMinutes).
const maxReminderMinutes = 4 * 7 * 24 * 60

// reminderPresets are the minutes the reminder selects offer.
func reminderPresets() []int { return []int{0, 5, 10, 30, 60, 1440} }

// ReminderText says a reminder in words: "At start", "10 minutes
// before", "1 hour 30 minutes before", "1 day before", "2 weeks before".
func ReminderText(minutes int) string {
	if minutes <= 0 {
		return "At start"
	}
	return reminderSpan(minutes) + " before"
}

// reminderSpan says a number of minutes in words: "1 hour 30 minutes"
// ("At start" for none), as the reminder selects list them.
func reminderSpan(minutes int) string {
	if minutes <= 0 {
		return "At start"
	}
	var parts []string
	for _, u := range []struct {
		size int
		name string
	}{{7 * 24 * 60, "week"}, {24 * 60, "day"}, {60, "hour"}, {1, "minute"}} {
		if n := minutes / u.size; n > 0 {
			minutes -= n * u.size
			part := strconv.Itoa(n) + " " + u.name
			if n > 1 {
				part += "s"
			}
			parts = append(parts, part)
		}
	}
	return strings.Join(parts, " ")
}

// ReminderTexts says each of reminders in words.
func ReminderTexts(minutes []int) []string {
	out := make([]string, len(minutes))
	for i, m := range minutes {
		out[i] = ReminderText(m)
	}
	return out
}

// reminderOptions are a reminder select's choices with value (minutes, as
// posted) chosen: none, then the presets; a value that is none of them
// comes first, in words when it is a number of minutes, else as posted
// (the control says "before the start").
func reminderOptions(value string) []Option {
	value = strings.TrimSpace(value)
	opts := []Option{{Value: "", Label: "None", Selected: value == ""}}
	found := value == ""
	for _, m := range reminderPresets() {
		v := strconv.Itoa(m)
		opts = append(opts, Option{Value: v, Label: reminderSpan(m), Selected: v == value})
		found = found || v == value
	}
	if found {
		return opts
	}
	label := value + " (not valid)"
	if m, err := strconv.Atoi(value); err == nil && m >= 0 && m <= maxReminderMinutes {
		label = reminderSpan(m)
	}
	return append([]Option{{Value: value, Label: label, Selected: true}}, opts...)
}

// reminderSlots are the values of the form's reminder selects, "" for an
// unused one.
func (f EventForm) reminderSlots() []string {
	out := make([]string, ReminderSlots)
	copy(out, f.Reminders)
	return out
}

// reminderID is the id of the reminder select i (0-based).
func reminderID(i int) string { return "event-reminder-" + strconv.Itoa(i+1) }

// reminderCustomAttrs are the custom reminder field's type and bounds: a
// number field, or a text field for a value that is not a number, so that
// it stays visible beside its message.
func (f EventForm) reminderCustomAttrs() templ.Attributes {
	if _, err := strconv.Atoi(strings.TrimSpace(f.ReminderCustom)); err != nil && f.ReminderCustom != "" {
		return templ.Attributes{"type": "text"}
	}
	return templ.Attributes{"type": "number", "min": "0", "max": strconv.Itoa(maxReminderMinutes)}
}
