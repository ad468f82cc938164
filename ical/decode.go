package ical

import (
	"bytes"
	"io"
	"slices"
	"time"

	goical "github.com/emersion/go-ical"

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
	lines, err := scan(data, maxEvents)
	if err != nil {
		return nil, err
	}
	cal, err := goical.NewDecoder(bytes.NewReader(lines)).Decode()
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

// decode turns the parsed file into a Result: single events and series,
// the occurrences they change, and what is skipped.
func (d *decoder) decode(cal *goical.Calendar) *Result {
	d.readZones(cal)
	res := &Result{}
	items, overrides, skipUIDs := d.readComponents(res, cal)
	kept, byUID := latestByUID(res, items)
	attachOverrides(res, overrides, kept, byUID, skipUIDs)
	for _, p := range kept {
		res.Events = append(res.Events, p.ev)
		if p.shortened {
			res.Shortened++
		}
	}
	return res
}

// readZones keeps the file's VTIMEZONEs, by TZID, for the times that name
// them.
func (d *decoder) readZones(cal *goical.Calendar) {
	for _, c := range cal.Children {
		if c.Name != goical.CompTimezone {
			continue
		}
		if id := textValue(c, goical.PropTimezoneID); id != "" {
			if fz := parseFileZone(c); fz != nil {
				d.fileZones[id] = fz
			}
		}
	}
}

// readComponents reads the file's components: the events that stand alone
// or start a series (items), those that change one occurrence (overrides),
// and the UIDs of the events skipped. What cannot be imported is listed in
// res.Skipped.
func (d *decoder) readComponents(res *Result, cal *goical.Calendar) (items, overrides []parsed, skipUIDs map[string]bool) {
	skipUIDs = map[string]bool{}
	for _, c := range cal.Children {
		switch c.Name {
		case goical.CompEvent:
			p, reason := d.event(c)
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
		case goical.CompToDo:
			res.Skipped = append(res.Skipped, Skipped{Title: titleOf(c, "A to-do"), Reason: "It is a to-do, not an event."})
		case goical.CompJournal:
			res.Skipped = append(res.Skipped, Skipped{Title: titleOf(c, "A journal entry"), Reason: "It is a journal entry, not an event."})
		case goical.CompFreeBusy:
			res.Skipped = append(res.Skipped, Skipped{Title: "Free/busy times", Reason: "Free/busy information is not an event."})
		}
	}
	return items, overrides, skipUIDs
}

// latestByUID keeps one event per UID: the highest SEQUENCE, else the later
// one; the others are listed in res.Skipped. byUID maps each UID to its
// event's index in kept.
func latestByUID(res *Result, items []parsed) (kept []parsed, byUID map[string]int) {
	byUID = map[string]int{}
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
	return kept, byUID
}

// attachOverrides makes changed and cancelled occurrences join their series
// in kept; those whose series is not there are listed in res.Skipped.
func attachOverrides(res *Result, overrides, kept []parsed, byUID map[string]int, skipUIDs map[string]bool) {
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
		attachOverride(res, &kept[i].ev, o)
	}
}

// attachOverride applies o, which changes or cancels one occurrence of
// series m, to m; an o that names no occurrence m can take is listed in
// res.Skipped.
func attachOverride(res *Result, m *Event, o parsed) {
	rid := o.rid.instant
	if o.rid.isDate {
		rid = o.rid.date.Start(m.loc())
	}
	rid = recur.RecurrenceID(rid)
	s, ok := seriesOf(m)
	if !ok {
		return
	}
	if _, ok := s.Occurrence(rid); !ok {
		res.Skipped = append(res.Skipped, Skipped{Title: o.ev.Title, Reason: "Its RECURRENCE-ID is not an occurrence of its repeating event."})
		return
	}
	if o.cancelled {
		m.Exdates = addTime(m.Exdates, rid)
		m.Overrides = dropOverride(m.Overrides, rid)
		return
	}
	if containsTime(m.Exdates, rid) {
		res.Skipped = append(res.Skipped, Skipped{Title: o.ev.Title, Reason: "It changes an occurrence that the repeating event cancels."})
		return
	}
	ov := o.ev
	ov.RecurrenceID = rid
	ov.Rule, ov.Exdates = "", nil
	if slices.Equal(ov.Reminders, m.Reminders) {
		ov.Reminders = nil // as the series
	}
	m.Overrides = append(dropOverride(m.Overrides, rid), ov)
	if o.shortened {
		res.Shortened++
	}
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
