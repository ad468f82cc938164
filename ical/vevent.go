package ical

import (
	"errors"
	"strconv"
	"strings"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/recur"
)

// event reads one VEVENT. A non-empty reason says why it cannot be imported.
func (d *decoder) event(c *goical.Component) (p parsed, reason string) {
	var cut bool
	ev := &p.ev
	ev.Title, cut = cleanText(textValue(c, goical.PropSummary), false, MaxTitleRunes)
	p.shortened = p.shortened || cut
	if ev.Title == "" {
		ev.Title = UntitledEvent
	}
	uid := strings.TrimSpace(textValue(c, goical.PropUID))
	if len(uid) > MaxUIDBytes {
		return p, "Its UID is longer than " + strconv.Itoa(MaxUIDBytes) + " bytes."
	}
	ev.UID, _ = cleanText(uid, false, MaxUIDBytes)
	ev.Description, cut = cleanText(textValue(c, goical.PropDescription), true, MaxDescriptionRunes)
	p.shortened = p.shortened || cut
	ev.Location, cut = cleanText(textValue(c, goical.PropLocation), false, MaxLocationRunes)
	p.shortened = p.shortened || cut
	ev.Color = strings.ToLower(strings.TrimSpace(textValue(c, goical.PropColor)))
	p.cancelled = strings.EqualFold(strings.TrimSpace(textValue(c, goical.PropStatus)), "CANCELLED")
	if s := c.Props.Get(goical.PropSequence); s != nil {
		p.seq, _ = strconv.Atoi(strings.TrimSpace(s.Value))
	}

	if rp := c.Props.Get(goical.PropRecurrenceID); rp != nil {
		if strings.EqualFold(rp.Params.Get(goical.ParamRange), "THISANDFUTURE") {
			return p, "It changes this and all following occurrences (RANGE=THISANDFUTURE), which eventcal cannot import."
		}
		w, why := d.when(rp, rp.Value)
		if why != "" {
			return p, "Its RECURRENCE-ID: " + why
		}
		p.rid = &w
	}

	sp := c.Props.Get(goical.PropDateTimeStart)
	if sp == nil {
		return p, "It has no start (DTSTART)."
	}
	start, why := d.when(sp, sp.Value)
	if why != "" {
		return p, "Its start: " + why
	}
	if why := d.setTimes(c, ev, start); why != "" {
		return p, why
	}
	ev.Reminders = d.reminders(c, ev)

	if p.rid != nil {
		return p, "" // an override: its own rule, if any, is ignored
	}
	if why := d.setRule(c, ev, start); why != "" {
		return p, why
	}
	return p, ""
}

// setTimes reads the end (DTEND, DURATION or the default) and fills Start,
// End, AllDay and Loc.
func (d *decoder) setTimes(c *goical.Component, ev *Event, start when) string {
	ev.AllDay = start.isDate
	ev.Loc = d.loc
	ep := c.Props.Get(goical.PropDateTimeEnd)
	dp := c.Props.Get(goical.PropDuration)
	if start.isDate {
		first, end := start.date, start.date.AddDays(1)
		switch {
		case ep != nil:
			w, why := d.when(ep, ep.Value)
			if why != "" {
				return "Its end: " + why
			}
			end = w.date
			if !w.isDate {
				end = calendar.DateOf(w.instant, d.loc)
			}
			if end.Before(first) {
				return "It ends before it starts."
			}
			if end == first {
				end = first.AddDays(1)
			}
		case dp != nil:
			days, exact, ok := parseDuration(dp.Value)
			if !ok || days < 0 || exact < 0 {
				return "Its DURATION is not valid."
			}
			days += int((exact + 24*time.Hour - 1) / (24 * time.Hour))
			end = first.AddDays(max(days, 1))
		}
		if first.DaysUntil(end) > MaxEventDays {
			return "It lasts longer than ten years."
		}
		if !yearOK(end) {
			return "Its end is out of range."
		}
		ev.Start, ev.End = first.Start(d.loc), end.Start(d.loc)
		return ""
	}
	ev.Start, ev.End = start.instant, start.instant
	switch {
	case ep != nil:
		w, why := d.when(ep, ep.Value)
		if why != "" {
			return "Its end: " + why
		}
		ev.End = w.instant
		if w.isDate {
			ev.End = w.date.Start(start.zone())
		}
	case dp != nil:
		days, exact, ok := parseDuration(dp.Value)
		if !ok {
			return "Its DURATION is not valid."
		}
		loc := start.zone()
		if start.file != nil {
			loc = time.UTC // the file's zone has no wall-clock arithmetic: exact days
		}
		ev.End = start.instant.In(loc).AddDate(0, 0, days).Add(exact)
	}
	if ev.End.Before(ev.Start) {
		return "It ends before it starts."
	}
	first, last := calendar.SpanDates(ev.Start, ev.End, false, d.loc)
	if first.DaysUntil(last)+1 > MaxEventDays {
		return "It lasts longer than ten years."
	}
	if !yearOK(calendar.DateOf(ev.End, time.UTC)) {
		return "Its end is out of range."
	}
	return ""
}

// setRule reads RRULE and EXDATE into a series, in the zone of its start.
func (d *decoder) setRule(c *goical.Component, ev *Event, start when) string {
	rules := c.Props.Values(goical.PropRecurrenceRule)
	has := func(name string) bool { return len(c.Props.Values(name)) > 0 }
	switch {
	case len(rules) == 0:
		if has(goical.PropRecurrenceDates) {
			return "It repeats on a list of dates (RDATE), which eventcal cannot import."
		}
		return ""
	case len(rules) > 1:
		return "It has more than one repeat rule (RRULE), which eventcal cannot import."
	case has(goical.PropRecurrenceDates):
		return "It repeats on extra dates (RDATE), which eventcal cannot import."
	case has("EXRULE"):
		return "It has an exception rule (EXRULE), which eventcal cannot import."
	}
	loc := d.loc
	if !start.isDate {
		switch {
		case start.file != nil:
			return "It repeats in the time zone " + strconv.Quote(clipText(start.tzid, 60)) + ", which eventcal does not know."
		case start.loc != nil:
			loc = start.loc
		}
	}
	r, err := recur.Parse(localUntilToUTC(rules[0].Value, loc))
	var re *recur.Error
	if errors.As(err, &re) {
		return "Its repeat rule is not supported: " + re.Msg
	} else if err != nil {
		return "Its repeat rule is not supported."
	}
	var exdates []time.Time
	for _, xp := range c.Props.Values(goical.PropExceptionDates) {
		for _, v := range strings.Split(xp.Value, ",") {
			w, why := d.when(&xp, v)
			if why != "" {
				return "One of its cancelled dates (EXDATE): " + why
			}
			t := w.instant
			if w.isDate {
				t = w.date.Start(loc)
			}
			exdates = append(exdates, t)
			if len(exdates) > recur.MaxCount*2 {
				return "It cancels too many occurrences (EXDATE)."
			}
		}
	}
	s, err := recur.NewSeries(r, ev.Start, ev.End, ev.AllDay, loc, exdates)
	if errors.As(err, &re) {
		return "Its repeat rule does not fit its dates: " + re.Msg
	} else if err != nil {
		return "Its repeat rule does not fit its dates."
	}
	ev.Rule, ev.Loc, ev.Exdates = r.String(), loc, s.Exceptions
	return ""
}

// localUntilToUTC rewrites a local-time UNTIL (YYYYMMDDTHHMMSS, which some
// programs write) as UTC in loc; other rules are returned as they are.
func localUntilToUTC(rule string, loc *time.Location) string {
	parts := strings.Split(strings.TrimSpace(rule), ";")
	for i, p := range parts {
		name, v, ok := strings.Cut(p, "=")
		if !ok || !strings.EqualFold(name, "UNTIL") || len(v) != 15 {
			continue
		}
		w, ok := parseWhenValue(v)
		if !ok || w.isDate {
			continue
		}
		t, err := calendar.ParseLocal(w.floating.Format("2006-01-02T15:04:05"), loc)
		if err == nil {
			parts[i] = "UNTIL=" + t.UTC().Format(utcFormat)
		}
	}
	return strings.Join(parts, ";")
}

// titleOf is a component's SUMMARY for a message, or what.
func titleOf(c *goical.Component, what string) string {
	if t, _ := cleanText(textValue(c, goical.PropSummary), false, 80); t != "" {
		return t
	}
	return what
}
