package ical

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/recur"
)

// DecodeOptions tell Decode how to read a file.
type DecodeOptions struct {
	// Loc is the importing user's zone: floating times and all-day dates
	// are read in it. nil means UTC.
	Loc *time.Location
	// MaxBytes and MaxEvents bound the file (DefaultMaxBytes and
	// DefaultMaxEvents when ≤ 0).
	MaxBytes  int64
	MaxEvents int
}

// Result is what a file holds that eventcal can store, and what it cannot.
type Result struct {
	// Events are single events and series (with their Overrides), in file
	// order.
	Events []Event
	// Skipped lists the events left out, with the reason.
	Skipped []Skipped
	// Shortened counts events whose text was cut to eventcal's limits.
	Shortened int
}

// Skipped is an event (or other component) that is not imported.
type Skipped struct {
	Title  string // its SUMMARY, or what it is
	Reason string // a sentence for the user
}

// Counts returns how many single events, series and changed occurrences r
// holds.
func (r Result) Counts() (singles, series, overrides int) {
	for _, e := range r.Events {
		if e.IsSeries() {
			series++
			overrides += len(e.Overrides)
		} else {
			singles++
		}
	}
	return singles, series, overrides
}

// Decode reads an iCalendar file. A file that is not one, is cut off or
// breaks the limits is an *Error; events that cannot be stored are listed
// in Result.Skipped with the reason, and the rest is returned.
func Decode(r io.Reader, opt DecodeOptions) (*Result, error) {
	maxBytes := opt.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	maxEvents := opt.MaxEvents
	if maxEvents <= 0 {
		maxEvents = DefaultMaxEvents
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > maxBytes {
		return nil, fileErrorf("The file is larger than %d MB.", maxBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if _, err := scan(data, maxEvents); err != nil {
		return nil, err
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		return nil, &Error{Msg: "The file is not a valid iCalendar file."}
	}
	d := &decoder{
		loc:       orUTC(opt.Loc),
		fileZones: map[string]*fileZone{},
		zoneCache: map[string]zoneRef{},
	}
	return d.decode(cal), nil
}

// decoder carries one Decode's zones.
type decoder struct {
	loc       *time.Location
	fileZones map[string]*fileZone // the file's VTIMEZONEs by TZID
	zoneCache map[string]zoneRef
}

// parsed is one VEVENT read, before series and overrides are matched.
type parsed struct {
	ev        Event
	seq       int
	rid       *when // RECURRENCE-ID
	cancelled bool
	shortened bool
}

func (d *decoder) decode(cal *ics.Calendar) *Result {
	res := &Result{}
	for _, c := range cal.Components {
		if vt, ok := c.(*ics.VTimezone); ok {
			if id := propValue(&vt.ComponentBase, ics.ComponentPropertyTzid); id != "" {
				if fz := parseFileZone(vt); fz != nil {
					d.fileZones[id] = fz
				}
			}
		}
	}
	var (
		items     []parsed
		overrides []parsed
		skipUIDs  = map[string]bool{}
	)
	for _, c := range cal.Components {
		switch c := c.(type) {
		case *ics.VEvent:
			p, reason := d.event(&c.ComponentBase)
			switch {
			case reason != "":
				res.Skipped = append(res.Skipped, Skipped{Title: p.ev.Title, Reason: reason})
				if p.ev.UID != "" && p.rid == nil {
					skipUIDs[p.ev.UID] = true
				}
			case p.rid != nil:
				overrides = append(overrides, p)
			case p.cancelled:
				res.Skipped = append(res.Skipped, Skipped{Title: p.ev.Title, Reason: "It is cancelled."})
			default:
				items = append(items, p)
			}
		case *ics.VTodo:
			res.Skipped = append(res.Skipped, Skipped{Title: titleOf(&c.ComponentBase, "A to-do"), Reason: "It is a to-do, not an event."})
		case *ics.VJournal:
			res.Skipped = append(res.Skipped, Skipped{Title: titleOf(&c.ComponentBase, "A journal entry"), Reason: "It is a journal entry, not an event."})
		case *ics.VBusy:
			res.Skipped = append(res.Skipped, Skipped{Title: "Free/busy times", Reason: "Free/busy information is not an event."})
		}
	}

	// One event per UID: the highest SEQUENCE, else the later one.
	byUID := map[string]int{}
	var kept []parsed
	for _, p := range items {
		uid := p.ev.UID
		if i, dup := byUID[uid]; dup && uid != "" {
			loser := p
			if p.seq >= kept[i].seq {
				loser, kept[i] = kept[i], p
			}
			res.Skipped = append(res.Skipped, Skipped{Title: loser.ev.Title, Reason: "Another event in the file has the same UID and replaces it."})
			continue
		}
		if uid != "" {
			byUID[uid] = len(kept)
		}
		kept = append(kept, p)
	}

	// Changed and cancelled occurrences join their series.
	for _, o := range overrides {
		i, ok := byUID[o.ev.UID]
		switch {
		case !ok && skipUIDs[o.ev.UID]:
			res.Skipped = append(res.Skipped, Skipped{Title: o.ev.Title, Reason: "It changes one occurrence of a repeating event that was skipped."})
			continue
		case !ok || !kept[i].ev.IsSeries():
			res.Skipped = append(res.Skipped, Skipped{Title: o.ev.Title, Reason: "It changes one occurrence of a repeating event that is not in the file."})
			continue
		}
		m := &kept[i].ev
		rid := o.rid.instant
		if o.rid.isDate {
			rid = o.rid.date.Start(m.loc())
		}
		rid = recur.RecurrenceID(rid)
		s, ok := seriesOf(m)
		if !ok {
			continue
		}
		if _, ok := s.Occurrence(rid); !ok {
			res.Skipped = append(res.Skipped, Skipped{Title: o.ev.Title, Reason: "Its RECURRENCE-ID is not an occurrence of its repeating event."})
			continue
		}
		if o.cancelled {
			m.Exdates = addTime(m.Exdates, rid)
			m.Overrides = dropOverride(m.Overrides, rid)
			continue
		}
		if containsTime(m.Exdates, rid) {
			res.Skipped = append(res.Skipped, Skipped{Title: o.ev.Title, Reason: "It changes an occurrence that the repeating event cancels."})
			continue
		}
		ov := o.ev
		ov.RecurrenceID = rid
		ov.Rule, ov.Exdates = "", nil
		m.Overrides = append(dropOverride(m.Overrides, rid), ov)
		if o.shortened {
			res.Shortened++
		}
	}
	for _, p := range kept {
		res.Events = append(res.Events, p.ev)
		if p.shortened {
			res.Shortened++
		}
	}
	return res
}

func addTime(ts []time.Time, t time.Time) []time.Time {
	if containsTime(ts, t) {
		return ts
	}
	return append(ts, t)
}

func containsTime(ts []time.Time, t time.Time) bool {
	for _, x := range ts {
		if x.Equal(t) {
			return true
		}
	}
	return false
}

func dropOverride(ovs []Event, rid time.Time) []Event {
	out := ovs[:0]
	for _, o := range ovs {
		if !o.RecurrenceID.Equal(rid) {
			out = append(out, o)
		}
	}
	return out
}

// event reads one VEVENT. A non-empty reason says why it cannot be imported.
func (d *decoder) event(cb *ics.ComponentBase) (p parsed, reason string) {
	var cut bool
	ev := &p.ev
	ev.Title, cut = cleanText(propValue(cb, ics.ComponentPropertySummary), false, MaxTitleRunes)
	p.shortened = p.shortened || cut
	if ev.Title == "" {
		ev.Title = UntitledEvent
	}
	uid := strings.TrimSpace(propValue(cb, ics.ComponentPropertyUniqueId))
	if len(uid) > MaxUIDBytes {
		return p, "Its UID is longer than " + strconv.Itoa(MaxUIDBytes) + " bytes."
	}
	ev.UID, _ = cleanText(uid, false, MaxUIDBytes)
	ev.Description, cut = cleanText(propValue(cb, ics.ComponentPropertyDescription), true, MaxDescriptionRunes)
	p.shortened = p.shortened || cut
	ev.Location, cut = cleanText(propValue(cb, ics.ComponentPropertyLocation), false, MaxLocationRunes)
	p.shortened = p.shortened || cut
	ev.Color = strings.ToLower(strings.TrimSpace(propValue(cb, ics.ComponentPropertyColor)))
	p.cancelled = strings.EqualFold(strings.TrimSpace(propValue(cb, ics.ComponentPropertyStatus)), "CANCELLED")
	if s := cb.GetProperty(ics.ComponentPropertySequence); s != nil {
		p.seq, _ = strconv.Atoi(strings.TrimSpace(s.Value))
	}

	if rp := cb.GetProperty(ics.ComponentPropertyRecurrenceId); rp != nil {
		if strings.EqualFold(param(rp, "RANGE"), "THISANDFUTURE") {
			return p, "It changes this and all following occurrences (RANGE=THISANDFUTURE), which eventcal cannot import."
		}
		w, why := d.when(rp, rp.Value)
		if why != "" {
			return p, "Its RECURRENCE-ID: " + why
		}
		p.rid = &w
	}

	sp := cb.GetProperty(ics.ComponentPropertyDtStart)
	if sp == nil {
		return p, "It has no start (DTSTART)."
	}
	start, why := d.when(sp, sp.Value)
	if why != "" {
		return p, "Its start: " + why
	}
	if why := d.setTimes(cb, ev, start); why != "" {
		return p, why
	}

	if p.rid != nil {
		return p, "" // an override: its own rule, if any, is ignored
	}
	if why := d.setRule(cb, ev, start); why != "" {
		return p, why
	}
	return p, ""
}

// setTimes reads the end (DTEND, DURATION or the default) and fills Start,
// End, AllDay and Loc.
func (d *decoder) setTimes(cb *ics.ComponentBase, ev *Event, start when) string {
	ev.AllDay = start.isDate
	ev.Loc = d.loc
	ep := cb.GetProperty(ics.ComponentPropertyDtEnd)
	dp := cb.GetProperty(ics.ComponentPropertyDuration)
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
func (d *decoder) setRule(cb *ics.ComponentBase, ev *Event, start when) string {
	rules := cb.GetProperties(ics.ComponentPropertyRrule)
	switch {
	case len(rules) == 0:
		if cb.HasProperty(ics.ComponentPropertyRdate) {
			return "It repeats on a list of dates (RDATE), which eventcal cannot import."
		}
		return ""
	case len(rules) > 1:
		return "It has more than one repeat rule (RRULE), which eventcal cannot import."
	case cb.HasProperty(ics.ComponentPropertyRdate):
		return "It repeats on extra dates (RDATE), which eventcal cannot import."
	case cb.HasProperty(ics.ComponentPropertyExrule):
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
	for _, xp := range cb.GetProperties(ics.ComponentPropertyExdate) {
		for _, v := range strings.Split(xp.Value, ",") {
			w, why := d.when(xp, v)
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

// when is a DATE or DATE-TIME value read.
type when struct {
	isDate   bool
	date     calendar.Date // the DATE
	floating time.Time     // the wall-clock reading on a UTC clock (DATE-TIME)
	utc      bool          // ends in Z
	instant  time.Time     // where it is (DATE-TIME), or the DATE's start in the user's zone
	loc      *time.Location
	file     *fileZone // the TZID is known only through the file's VTIMEZONE
	tzid     string
}

// zone is where the value's wall clock runs (for DURATION arithmetic).
func (w when) zone() *time.Location {
	if w.loc != nil {
		return w.loc
	}
	return time.UTC
}

// when reads value (of property p, whose TZID applies) as a DATE or
// DATE-TIME. A non-empty reason says why it cannot be read.
func (d *decoder) when(p *ics.IANAProperty, value string) (when, string) {
	v := strings.TrimSpace(value)
	w, ok := parseWhenValue(v)
	if !ok {
		return w, "the date " + strconv.Quote(clipText(v, 40)) + " is not valid."
	}
	if w.isDate {
		if !yearOK(w.date) {
			return w, "the date " + strconv.Quote(v) + " is out of range."
		}
		w.instant = w.date.Start(d.loc)
		return w, ""
	}
	if !yearOK(calendar.DateOf(w.floating, time.UTC)) {
		return w, "the date " + strconv.Quote(v) + " is out of range."
	}
	switch tzid := param(p, "TZID"); {
	case w.utc:
		w.loc, w.instant = time.UTC, w.floating
	case tzid != "":
		w.tzid = tzid
		z := d.resolveZone(tzid)
		switch {
		case z.loc != nil:
			w.loc = z.loc
			w.instant, _ = calendar.ParseLocal(w.floating.Format("2006-01-02T15:04:05"), z.loc)
		case z.file != nil:
			w.file = z.file
			w.instant = z.file.instant(w.floating)
		default:
			return w, "the time zone " + strconv.Quote(clipText(tzid, 60)) + " is not known and the file does not describe it."
		}
	default: // floating: the user's zone
		w.loc = d.loc
		w.instant, _ = calendar.ParseLocal(w.floating.Format("2006-01-02T15:04:05"), d.loc)
	}
	return w, ""
}

// parseWhenValue parses YYYYMMDD, YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ.
func parseWhenValue(v string) (when, bool) {
	var w when
	if len(v) < 8 || !digits(v[:8]) {
		return w, false
	}
	d, err := calendar.ParseDate(v[0:4] + "-" + v[4:6] + "-" + v[6:8])
	if err != nil {
		return w, false
	}
	switch {
	case len(v) == 8:
		w.isDate, w.date = true, d
		return w, true
	case len(v) == 15 || (len(v) == 16 && (v[15] == 'Z' || v[15] == 'z')):
		if v[8] != 'T' && v[8] != 't' || !digits(v[9:15]) {
			return w, false
		}
		hh, _ := strconv.Atoi(v[9:11])
		mm, _ := strconv.Atoi(v[11:13])
		ss, _ := strconv.Atoi(v[13:15])
		if hh > 23 || mm > 59 || ss > 60 {
			return w, false
		}
		ss = min(ss, 59) // a leap second
		w.floating = time.Date(d.Y, d.M, d.D, hh, mm, ss, 0, time.UTC)
		w.date = d
		w.utc = len(v) == 16
		return w, true
	}
	return w, false
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func yearOK(d calendar.Date) bool { return d.Y >= MinYear && d.Y <= MaxYear }

// parseDuration reads a dur-value ([+-]P[nW][nD][T[nH][nM][nS]]) as days
// (nominal) and an exact part.
func parseDuration(v string) (days int, exact time.Duration, ok bool) {
	s := strings.ToUpper(strings.TrimSpace(v))
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	if !strings.HasPrefix(s, "P") || len(s) < 3 {
		return 0, 0, false
	}
	s = s[1:]
	inTime, n, any := false, 0, false
	const limit = 1_000_000
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + int(c-'0')
			if n > limit {
				return 0, 0, false
			}
			continue
		case c == 'T' && !inTime && (i == 0 || s[i-1] > '9'):
			inTime = true
			continue
		}
		if i == 0 || s[i-1] < '0' || s[i-1] > '9' {
			return 0, 0, false
		}
		switch {
		case c == 'W' && !inTime:
			days += 7 * n
		case c == 'D' && !inTime:
			days += n
		case c == 'H' && inTime:
			exact += time.Duration(n) * time.Hour
		case c == 'M' && inTime:
			exact += time.Duration(n) * time.Minute
		case c == 'S' && inTime:
			exact += time.Duration(n) * time.Second
		default:
			return 0, 0, false
		}
		n, any = 0, true
	}
	if !any || n != 0 || s[len(s)-1] == 'T' {
		return 0, 0, false
	}
	if neg {
		days, exact = -days, -exact
	}
	return days, exact, true
}

// propValue is the first value of a property ("" when absent).
func propValue(cb *ics.ComponentBase, name ics.ComponentProperty) string {
	if p := cb.GetProperty(name); p != nil {
		return p.Value
	}
	return ""
}

// param is the first value of a property parameter ("" when absent).
func param(p *ics.IANAProperty, name string) string {
	for k, vs := range p.ICalParameters {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

// titleOf is a component's SUMMARY for a message, or what.
func titleOf(cb *ics.ComponentBase, what string) string {
	if t, _ := cleanText(propValue(cb, ics.ComponentPropertySummary), false, 80); t != "" {
		return t
	}
	return what
}
