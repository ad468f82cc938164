package recur

import (
	"strconv"
	"time"

	"github.com/eventcal/eventcal/calendar"
)

// Custom is the Repeat control's value for "Custom…": the rule is the
// one typed in the form's custom field.
const Custom = "custom"

// Preset is one choice of the event form's Repeat control: Value is the
// canonical RRULE that goes in the `rrule` field ("" for does not repeat),
// Label the text shown.
type Preset struct {
	Value string
	Label string
}

// Presets returns the Repeat choices for an event starting on start, in
// this order: does not repeat; daily; weekly on its weekday; every weekday
// (when start is Monday to Friday); monthly on its n-th weekday (the 2nd
// Tuesday), and on the last one when it is the last in its month (then a
// 5th one is offered only as the last); monthly on its day of the month,
// and on the last day when it is the month's last; yearly. Every rule
// matches start, so start is its first occurrence. The form also offers a
// free "custom" text field for any other rule (see PresetFor).
func Presets(start calendar.Date) []Preset {
	wd := start.Weekday()
	code := dayCodes[wd]
	nth := (start.D-1)/7 + 1
	dim := calendar.DaysInMonth(start.Y, start.M)
	lastWeekday := start.D+7 > dim

	ps := []Preset{
		{"", "Does not repeat"},
		{"FREQ=DAILY", "Daily"},
		{"FREQ=WEEKLY;BYDAY=" + code, "Weekly on " + wd.String()},
	}
	if wd >= time.Monday && wd <= time.Friday {
		ps = append(ps, Preset{"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Every weekday (Monday to Friday)"})
	}
	if nth <= 4 {
		ps = append(ps, Preset{
			"FREQ=MONTHLY;BYDAY=" + strconv.Itoa(nth) + code,
			"Monthly on the " + ordinal(nth) + " " + wd.String(),
		})
	}
	if lastWeekday {
		ps = append(ps, Preset{"FREQ=MONTHLY;BYDAY=-1" + code, "Monthly on the last " + wd.String()})
	}
	ps = append(ps, Preset{"FREQ=MONTHLY;BYMONTHDAY=" + strconv.Itoa(start.D), "Monthly on day " + strconv.Itoa(start.D)})
	if start.D == dim && start.D >= 28 {
		ps = append(ps, Preset{"FREQ=MONTHLY;BYMONTHDAY=-1", "Monthly on the last day"})
	}
	yearly := "Yearly on " + strconv.Itoa(start.D) + " " + start.M.String()
	if start.M == time.February && start.D == 29 {
		yearly += " (leap years only)"
	}
	ps = append(ps, Preset{"FREQ=YEARLY", yearly})
	return ps
}

// PresetFor returns the preset of Presets(start) that rule (any RRULE text,
// not necessarily canonical) is, so that the form can select it again; false
// when it is none of them (show it in the custom field) or does not parse.
// The empty rule is the "Does not repeat" preset.
func PresetFor(start calendar.Date, rule string) (Preset, bool) {
	c, err := Canonical(rule)
	if err != nil {
		return Preset{}, false
	}
	for _, p := range Presets(start) {
		if p.Value == c {
			return p, true
		}
	}
	return Preset{}, false
}
