package views

import (
	"strings"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/recur"
)

// SetRepeat fills the form's Repeat control: the presets for f's start date (or
// fallback when it has none), choosing sel — a preset, "Custom…", or any
// other rule, which is shown as the custom one — and the custom field's
// text.
func (f *EventForm) SetRepeat(sel, custom string, fallback calendar.Date) {
	day := fallback
	if len(f.Start) >= 10 {
		if d, err := calendar.ParseDate(f.Start[:10]); err == nil {
			day = d
		}
	}
	sel = strings.TrimSpace(sel)
	chosen := ""
	if sel == recur.Custom {
		chosen = recur.Custom
	} else if p, ok := recur.PresetFor(day, sel); ok {
		chosen = p.Value
	} else if sel != "" {
		chosen = recur.Custom
		if strings.TrimSpace(custom) == "" {
			custom = sel
		}
	}
	f.Repeat = f.Repeat[:0]
	for _, p := range recur.Presets(day) {
		f.Repeat = append(f.Repeat, RepeatOption{Value: p.Value, Label: p.Label, Selected: p.Value == chosen})
	}
	f.Repeat = append(f.Repeat, RepeatOption{Value: recur.Custom, Label: "Custom…", Selected: chosen == recur.Custom})
	f.RepeatCustom = strings.ToValidUTF8(custom, "\uFFFD")
}
