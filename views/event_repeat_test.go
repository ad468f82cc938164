package views

import (
	"testing"
	"unicode/utf8"

	"github.com/eventcal/eventcal/calendar"
)

// FuzzRepeatForm feeds arbitrary Repeat values to the re-shown event
// form: it never panics and stays valid UTF-8.
func FuzzRepeatForm(f *testing.F) {
	f.Add("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10", "")
	f.Add("custom", "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231")
	f.Add("custom", "\xff")
	f.Fuzz(func(t *testing.T, rrule, custom string) {
		var form EventForm
		form.SetRepeat(rrule, custom, calendar.MakeDate(2025, 6, 10))
		if !utf8.ValidString(form.RepeatCustom) {
			t.Fatalf("re-shown custom rule is invalid UTF-8: %q", form.RepeatCustom)
		}
	})
}
