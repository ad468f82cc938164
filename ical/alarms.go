package ical

// Reminders are VALARMs (RFC 5545 3.6.6) inside their VEVENT.
//
// Encode writes one per reminder: ACTION:DISPLAY, DESCRIPTION (the event's
// title, which a DISPLAY alarm requires) and TRIGGER;RELATED=START: PT0S
// for "at start", else minus whole hours and minutes (-PT10M, -PT1H30M,
// -PT24H, -PT672H). Days are never written: RFC 5545 counts a day of a
// duration in wall-clock time (23 or 25 hours across a DST change), while
// a reminder is an exact number of minutes. An override without its own
// reminders (nil) gets its series' VALARMs, as RFC 5545 has an override
// replace the whole occurrence; one with none while its series has some
// gets an RFC 9074 ACTION:NONE alarm, which never goes off.
//
// Decode reads every VALARM of a VEVENT but those with ACTION:NONE,
// whatever its ACTION (DISPLAY, AUDIO, EMAIL: the moment is the same) and
// whatever else it holds (UID, X-WR-ALARMUID, ACKNOWLEDGED, X-MOZ-LASTACK
// are ignored). Its TRIGGER gives a moment:
//   - a duration relative to the start (RELATED=START or none), a day
//     counting 24 hours;
//   - a duration relative to the end (RELATED=END): the end plus it;
//   - a DATE-TIME (VALUE=DATE-TIME, or a value that is no duration).
//
// A moment at or before the start is a reminder of the whole minutes
// before it (rounded toward the start: -PT90S is 1 minute, -PT30S at
// start); one after the start, or more than MaxReminderMinutes before it,
// and a TRIGGER that cannot be read, are left out without a word (the
// event is imported). The reminders are then sorted, duplicates dropped,
// and the MaxReminders smallest kept. A VEVENT with any VALARM gets a
// non-nil list, maybe empty.

import (
	"slices"
	"strconv"
	"strings"
	"time"

	goical "github.com/emersion/go-ical"
)

// noneTrigger is the TRIGGER RFC 9074 (7) suggests for ACTION:NONE.
const noneTrigger = "19760401T005545Z"

// normalizeReminders returns the reminders of rs in range, ascending,
// without duplicates, at most MaxReminders (the smallest); nil stays nil.
func normalizeReminders(rs []int) []int {
	if rs == nil {
		return nil
	}
	out := make([]int, 0, min(len(rs), MaxReminders))
	for _, m := range rs {
		if m >= 0 && m <= MaxReminderMinutes {
			out = append(out, m)
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	return out[:min(len(out), MaxReminders)]
}

// valarms are the VALARMs of e; master is the series of an override.
func valarms(e *Event, master *Event) []*goical.Component {
	rs := e.Reminders
	if master != nil && rs == nil {
		rs = master.Reminders
	}
	rs = normalizeReminders(rs)
	title := exportText(e.Title)
	if strings.TrimSpace(title) == "" {
		title = UntitledEvent
	}
	var out []*goical.Component
	for _, m := range rs {
		a := goical.NewComponent(goical.CompAlarm)
		addProp(a.Props, goical.PropAction, "DISPLAY", nil)
		addText(a.Props, goical.PropDescription, title)
		addProp(a.Props, goical.PropTrigger, triggerValue(m), goical.Params{goical.ParamRelated: {"START"}})
		out = append(out, a)
	}
	if len(out) == 0 && master != nil && e.Reminders != nil && len(normalizeReminders(master.Reminders)) > 0 {
		a := goical.NewComponent(goical.CompAlarm)
		addProp(a.Props, goical.PropAction, "NONE", nil)
		addProp(a.Props, goical.PropTrigger, noneTrigger, goical.Params{goical.ParamValue: {string(goical.ValueDateTime)}})
		out = append(out, a)
	}
	return out
}

// triggerValue is the TRIGGER of a reminder m minutes before the start.
func triggerValue(m int) string {
	if m == 0 {
		return "PT0S"
	}
	s := "-PT"
	if h := m / 60; h > 0 {
		s += strconv.Itoa(h) + "H"
	}
	if m%60 > 0 {
		s += strconv.Itoa(m%60) + "M"
	}
	return s
}

// reminders reads the VALARMs of VEVENT c, whose times ev holds: nil when
// it has none.
func (d *decoder) reminders(c *goical.Component, ev *Event) []int {
	var rs []int
	for _, a := range c.Children {
		if a.Name != goical.CompAlarm {
			continue
		}
		if rs == nil {
			rs = []int{}
		}
		if m, ok := d.alarmMinutes(a, ev); ok {
			rs = append(rs, m)
		}
	}
	return normalizeReminders(rs)
}

// alarmMinutes reads VALARM a as minutes before ev's start; ok is false
// when it is no reminder eventcal keeps.
func (d *decoder) alarmMinutes(a *goical.Component, ev *Event) (minutes int, ok bool) {
	if strings.EqualFold(strings.TrimSpace(rawValue(a, goical.PropAction)), "NONE") {
		return 0, false
	}
	tp := a.Props.Get(goical.PropTrigger)
	if tp == nil {
		return 0, false
	}
	var before int64 // seconds before the start
	days, exact, isDuration := parseDuration(tp.Value)
	switch related := tp.Params.Get(goical.ParamRelated); {
	case strings.EqualFold(tp.Params.Get(goical.ParamValue), string(goical.ValueDateTime)) || !isDuration:
		w, why := d.when(tp, tp.Value)
		if why != "" || w.isDate {
			return 0, false
		}
		before = int64(ev.Start.Sub(w.instant) / time.Second)
	case related == "" || strings.EqualFold(related, "START"):
		before = -(int64(days)*86400 + int64(exact/time.Second))
	case strings.EqualFold(related, "END"):
		before = -(int64(ev.End.Sub(ev.Start)/time.Second) + int64(days)*86400 + int64(exact/time.Second))
	default:
		return 0, false
	}
	if before < 0 || before/60 > MaxReminderMinutes {
		return 0, false
	}
	return int(before / 60), true
}
