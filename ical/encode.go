package ical

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/recur"
)

// ProductID is the PRODID of every calendar eventcal writes.
const ProductID = "-//eventcal//eventcal//EN"

// Value formats of DATE and DATE-TIME (local and UTC).
const (
	dateFormat     = "20060102"
	localFormat    = "20060102T150405"
	utcFormat      = "20060102T150405Z"
	endlessYears   = 20 // how far a VTIMEZONE reaches past an endless series' start (or now)
	timezoneMargin = 1  // years of VTIMEZONE before the first and after the last occurrence
)

// EncodeOptions are the calendar-wide parts of an export.
type EncodeOptions struct {
	// Name is the calendar's display name (NAME, X-WR-CALNAME); "" for none.
	Name string
	// Now is the DTSTAMP of every event (time.Now when zero).
	Now time.Time
	// Refresh, when set, asks subscribers to reload that often
	// (REFRESH-INTERVAL, X-PUBLISHED-TTL).
	Refresh time.Duration
	// Loc is the owner's zone: an empty calendar carries its VTIMEZONE, so
	// that the file still holds a component.
	Loc *time.Location
}

// Encode writes events (series with their Overrides) as one VCALENDAR.
func Encode(w io.Writer, events []Event, opt EncodeOptions) error {
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	cal := goical.NewCalendar()
	addProp(cal.Props, goical.PropVersion, "2.0", nil)
	addProp(cal.Props, goical.PropProductID, ProductID, nil)
	addProp(cal.Props, goical.PropCalendarScale, "GREGORIAN", nil)
	if opt.Name != "" {
		addText(cal.Props, goical.PropName, exportText(opt.Name))
		addText(cal.Props, "X-WR-CALNAME", exportText(opt.Name))
	}
	if opt.Refresh > 0 {
		d := durationValue(opt.Refresh)
		// RFC 7986 requires VALUE=DURATION here, though it is the default.
		addProp(cal.Props, goical.PropRefreshInterval, d, goical.Params{goical.ParamValue: {string(goical.ValueDuration)}})
		addProp(cal.Props, "X-PUBLISHED-TTL", d, nil)
	}

	enc := encoder{now: now.UTC(), zones: map[string]*zoneSpan{}}
	for i := range events {
		enc.noteZone(&events[i])
	}
	for _, id := range enc.zoneOrder {
		z := enc.zones[id]
		cal.Children = append(cal.Children, vtimezone(z.loc, id, z.from, z.to))
	}
	for _, e := range events {
		cal.Children = append(cal.Children, enc.vevent(e, nil))
		for _, o := range e.Overrides {
			o.UID = e.UID
			cal.Children = append(cal.Children, enc.vevent(o, &e))
		}
	}
	if len(cal.Children) == 0 {
		loc := orUTC(opt.Loc)
		y := now.In(loc).Year()
		cal.Children = append(cal.Children, vtimezone(loc, loc.String(), y, y))
	}
	// The library writes properties in name order and does not fold.
	var b bytes.Buffer
	if err := goical.NewEncoder(&b).Encode(cal); err != nil {
		return err
	}
	return writeFolded(w, b.Bytes())
}

// encoder carries what one Encode call shares between events.
type encoder struct {
	now       time.Time
	zones     map[string]*zoneSpan // by TZID
	zoneOrder []string
}

// zoneSpan is a zone a series is written in, and the years its VTIMEZONE covers.
type zoneSpan struct {
	loc      *time.Location
	from, to int
}

// tzidOf is the TZID a timed series is written in, "" for UTC.
func tzidOf(e *Event) string {
	if e.AllDay || !e.IsSeries() {
		return ""
	}
	loc := e.loc()
	if loc == time.UTC || loc.String() == "UTC" {
		return ""
	}
	return loc.String()
}

// noteZone records the zone and years of a timed series.
func (enc *encoder) noteZone(e *Event) {
	id := tzidOf(e)
	if id == "" {
		return
	}
	loc := e.loc()
	from := e.Start.In(loc).Year()
	to := from
	if s, ok := seriesOf(e); ok {
		if last, ok := s.Last(); ok {
			to = last.End.In(loc).Year()
		} else {
			to = max(from, enc.now.Year()) + endlessYears
		}
	}
	from, to = max(from-timezoneMargin, 1), min(to+timezoneMargin, 9999)
	z, ok := enc.zones[id]
	if !ok {
		enc.zones[id] = &zoneSpan{loc: loc, from: from, to: to}
		enc.zoneOrder = append(enc.zoneOrder, id)
		return
	}
	z.from, z.to = min(z.from, from), max(z.to, to)
}

// seriesOf builds e's recur.Series (false when the rule does not parse).
func seriesOf(e *Event) (recur.Series, bool) {
	r, err := recur.Parse(e.Rule)
	if err != nil {
		return recur.Series{}, false
	}
	s, err := recur.NewSeries(r, e.Start, e.End, e.AllDay, e.loc(), e.Exdates)
	return s, err == nil
}

// vevent is one VEVENT; master is the series of an override.
func (enc *encoder) vevent(e Event, master *Event) *goical.Component {
	ve := goical.NewComponent(goical.CompEvent)
	p := ve.Props
	addText(p, goical.PropUID, exportText(e.UID))
	addProp(p, goical.PropDateTimeStamp, enc.now.Format(utcFormat), nil)
	if !e.Created.IsZero() {
		addProp(p, goical.PropCreated, e.Created.UTC().Format(utcFormat), nil)
	}
	if !e.Modified.IsZero() {
		addProp(p, goical.PropLastModified, e.Modified.UTC().Format(utcFormat), nil)
	}
	loc := e.loc()
	tzid := tzidOf(&e)
	switch {
	case e.AllDay:
		first, last := calendar.SpanDates(e.Start, e.End, true, loc)
		addProp(p, goical.PropDateTimeStart, dateValue(first), dateParams())
		addProp(p, goical.PropDateTimeEnd, dateValue(last.AddDays(1)), dateParams())
	case tzid != "":
		addProp(p, goical.PropDateTimeStart, e.Start.In(loc).Format(localFormat), tzidParams(tzid))
		addProp(p, goical.PropDateTimeEnd, e.End.In(loc).Format(localFormat), tzidParams(tzid))
	default:
		addProp(p, goical.PropDateTimeStart, e.Start.UTC().Format(utcFormat), nil)
		addProp(p, goical.PropDateTimeEnd, e.End.UTC().Format(utcFormat), nil)
	}
	if master != nil {
		value, params := instantValue(e.RecurrenceID, master)
		addProp(p, goical.PropRecurrenceID, value, params)
	}
	addText(p, goical.PropSummary, exportText(e.Title))
	if e.Description != "" {
		addText(p, goical.PropDescription, exportText(e.Description))
	}
	if e.Location != "" {
		addText(p, goical.PropLocation, exportText(e.Location))
	}
	if e.Color != "" {
		addText(p, goical.PropColor, exportText(e.Color))
	}
	if rule := untilLike(e.Rule, e.AllDay, loc); rule != "" && master == nil {
		addProp(p, goical.PropRecurrenceRule, rule, nil)
		for _, x := range e.Exdates {
			value, params := instantValue(x, &e)
			addProp(p, goical.PropExceptionDates, value, params)
		}
	}
	ve.Children = valarms(&e, master)
	return ve
}

// instantValue writes a recurrence id the way the series' DTSTART is
// written: a DATE for an all-day series, local time with TZID in a zone, or
// UTC.
func instantValue(t time.Time, series *Event) (string, goical.Params) {
	loc := series.loc()
	switch id := tzidOf(series); {
	case series.AllDay:
		return dateValue(calendar.DateOf(t, loc)), dateParams()
	case id != "":
		return t.In(loc).Format(localFormat), tzidParams(id)
	}
	return t.UTC().Format(utcFormat), nil
}

// dateValue formats d as a DATE value (YYYYMMDD).
func dateValue(d calendar.Date) string { return fmt.Sprintf("%04d%02d%02d", d.Y, int(d.M), d.D) }

func dateParams() goical.Params {
	return goical.Params{goical.ParamValue: {string(goical.ValueDate)}}
}

func tzidParams(id string) goical.Params { return goical.Params{goical.ParamTimezoneID: {id}} }

// untilLike returns a rule in canonical form with its UNTIL in the form
// RFC 5545 wants with the series' DTSTART: a DATE for an all-day series, a
// UTC DATE-TIME for a timed one, keeping the occurrences it includes
// (package recur reads both). A rule that does not parse (or "") gives "":
// nothing unchecked reaches the file.
func untilLike(rule string, allDay bool, loc *time.Location) string {
	if rule == "" {
		return ""
	}
	r, err := recur.Parse(rule)
	if err != nil {
		return ""
	}
	var until string
	switch {
	case allDay && !r.Until().IsZero():
		until = dateValue(calendar.DateOf(r.Until(), loc))
	case !allDay && !r.UntilDate().IsZero():
		// Every start on that day: up to the last second before the next.
		until = r.UntilDate().AddDays(1).Start(loc).Add(-time.Second).UTC().Format(utcFormat)
	default:
		return r.String()
	}
	parts := strings.Split(r.String(), ";")
	for i, p := range parts {
		if strings.HasPrefix(p, "UNTIL=") {
			parts[i] = "UNTIL=" + until
		}
	}
	return strings.Join(parts, ";")
}

// vtimezone describes loc for the years from..to (inclusive) from Go's zone
// data: the offset in force on 1 January of from, then every change, each
// as an observance of its own (no RRULE, so it is exact for those years).
func vtimezone(loc *time.Location, tzid string, from, to int) *goical.Component {
	tz := goical.NewComponent(goical.CompTimezone)
	addText(tz.Props, goical.PropTimezoneID, tzid)
	t := time.Date(from, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(to+1, 1, 1, 0, 0, 0, 0, time.UTC)
	cur := zoneAt(t, loc)
	tz.Children = append(tz.Children, observance(cur, cur, t.In(loc)))
	for t.Before(end) {
		next := t.Add(24 * time.Hour)
		if zoneAt(next, loc) == cur {
			t = next
			continue
		}
		tr := transition(t, next, cur, loc)
		nz := zoneAt(tr, loc)
		tz.Children = append(tz.Children, observance(cur, nz, tr.In(time.FixedZone("", cur.offset))))
		cur, t = nz, tr
	}
	return tz
}

// zoneState is a zone's abbreviation, offset and DST flag at an instant.
type zoneState struct {
	name   string
	offset int
	dst    bool
}

func zoneAt(t time.Time, loc *time.Location) zoneState {
	lt := t.In(loc)
	name, off := lt.Zone()
	return zoneState{name: name, offset: off, dst: lt.IsDST()}
}

// transition finds the first second after lo (≤ hi) where the zone is no
// longer cur.
func transition(lo, hi time.Time, cur zoneState, loc *time.Location) time.Time {
	for hi.Sub(lo) > time.Second {
		mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
		if mid.Equal(lo) {
			break
		}
		if zoneAt(mid, loc) == cur {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// observance is one STANDARD or DAYLIGHT component: from the instant whose
// wall time (in the previous offset) is onset, the zone is to.
func observance(from, to zoneState, onset time.Time) *goical.Component {
	name := goical.CompTimezoneStandard
	if to.dst {
		name = goical.CompTimezoneDaylight
	}
	c := goical.NewComponent(name)
	addProp(c.Props, goical.PropDateTimeStart, onset.Format(localFormat), nil)
	addProp(c.Props, goical.PropTimezoneOffsetFrom, offsetValue(from.offset), nil)
	addProp(c.Props, goical.PropTimezoneOffsetTo, offsetValue(to.offset), nil)
	if to.name != "" {
		addText(c.Props, goical.PropTimezoneName, to.name)
	}
	return c
}

// offsetValue formats a UTC offset in seconds as ±hhmm[ss].
func offsetValue(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	s := fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}

// durationValue formats a positive duration as an RFC 5545 dur-value in
// whole seconds (PT1H, PT90S).
func durationValue(d time.Duration) string {
	sec := int64(d / time.Second)
	var b strings.Builder
	b.WriteString("PT")
	if h := sec / 3600; h > 0 {
		b.WriteString(strconv.FormatInt(h, 10) + "H")
	}
	if m := sec / 60 % 60; m > 0 {
		b.WriteString(strconv.FormatInt(m, 10) + "M")
	}
	if s := sec % 60; s > 0 || sec == 0 {
		b.WriteString(strconv.FormatInt(s, 10) + "S")
	}
	return b.String()
}
