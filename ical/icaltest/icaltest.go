// Package icaltest checks iCalendar files against ical.js, the parser many
// calendar apps use, for the tests of packages ical and handlers: it runs
// ical/testdata/parse.mjs with Node and compares what ical.js reads (every
// event, every occurrence of every series up to a bound) with what
// package ical decodes and package recur expands.
//
// Node and the npm package ical.js (npm ci) are needed: without them the
// check is skipped, except under CI=true, where it fails.
package icaltest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/ical"
	"github.com/eventcal/eventcal/recur"
)

// JSEvent is one VEVENT as parse.mjs prints it.
type JSEvent struct {
	UID          string         `json:"uid"`
	Summary      string         `json:"summary"`
	Description  string         `json:"description"`
	Location     string         `json:"location"`
	Color        string         `json:"color"`
	Start        string         `json:"start"`
	End          string         `json:"end"`
	AllDay       bool           `json:"allDay"`
	RecurrenceID string         `json:"recurrenceId"`
	RRule        string         `json:"rrule"`
	Exdates      []string       `json:"exdates"`
	Occurrences  []JSOccurrence `json:"occurrences"`
	Alarms       []JSAlarm      `json:"alarms"`
}

// JSAlarm is one VALARM as parse.mjs prints it: Seconds after the start
// (or end, by Related) for a duration TRIGGER, At for a DATE-TIME one.
type JSAlarm struct {
	Action      string `json:"action"`
	Description string `json:"description"`
	Related     string `json:"related"`
	Seconds     *int   `json:"seconds"`
	At          string `json:"at"`
}

// JSOccurrence is one occurrence of a series as ical.js expands it.
type JSOccurrence struct {
	RecurrenceID string `json:"recurrenceId"`
	Start        string `json:"start"`
	End          string `json:"end"`
	Summary      string `json:"summary"`
}

// repoRoot is the module's directory (this file is ical/icaltest/).
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// ParseWithICALJS runs parse.mjs on data and returns what ical.js read,
// expanding series up to until. It skips the test when Node or ical.js is
// missing (fails under CI=true) and fails it when ical.js reports an error.
func ParseWithICALJS(t testing.TB, data []byte, until time.Time) []JSEvent {
	t.Helper()
	root := repoRoot()
	node, err := exec.LookPath("node")
	missing := ""
	switch {
	case err != nil:
		missing = "node is not installed"
	default:
		if _, err := os.Stat(filepath.Join(root, "node_modules", "ical.js", "package.json")); err != nil {
			missing = "node_modules/ical.js is missing (run npm ci)"
		}
	}
	if missing != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("ical.js check: %s", missing)
		}
		t.Skipf("ical.js check skipped: %s", missing)
	}
	f := filepath.Join(t.TempDir(), "calendar.ics")
	if err := os.WriteFile(f, data, 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(node, filepath.Join(root, "ical", "testdata", "parse.mjs"), f, until.UTC().Format(time.RFC3339))
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ical.js could not read the file: %v\n%s", err, stderr.String())
	}
	var out []JSEvent
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("parse.mjs output: %v", err)
	}
	return out
}

// Check decodes data with package ical (floating times and all-day dates
// in loc), reads it with ical.js and reports every difference: each event's
// text, times and all-day flag, and each series' occurrences up to until
// (cancelled ones left out, changed ones as changed). Nothing may be
// skipped by either.
func Check(t testing.TB, data []byte, loc *time.Location, until time.Time) {
	t.Helper()
	res, err := ical.Decode(bytes.NewReader(data), ical.DecodeOptions{Loc: loc})
	if err != nil {
		t.Fatalf("ical.Decode: %v", err)
	}
	if len(res.Skipped) > 0 {
		t.Errorf("ical.Decode skipped %v", res.Skipped)
	}
	js := ParseWithICALJS(t, data, until)
	find := func(uid, rid string) *JSEvent {
		for i := range js {
			if js[i].UID == uid && js[i].RecurrenceID == rid {
				return &js[i]
			}
		}
		return nil
	}
	n := 0
	for _, e := range res.Events {
		n++
		got := find(e.UID, "")
		if got == nil {
			t.Errorf("ical.js has no event %q", e.UID)
			continue
		}
		compareEvent(t, e, *got)
		compareReminders(t, e.UID, "", e.Reminders, got.Alarms)
		if !e.IsSeries() {
			continue
		}
		for _, o := range e.Overrides {
			n++
			rid := when(o.RecurrenceID, e.AllDay, e.Loc)
			og := find(e.UID, rid)
			if og == nil {
				t.Errorf("ical.js has no change of %q at %s", e.UID, rid)
				continue
			}
			compareEvent(t, o, *og)
			rs := o.Reminders
			if rs == nil {
				rs = e.Reminders // as the series, which the file repeats
			}
			compareReminders(t, e.UID, rid, rs, og.Alarms)
		}
		compareOccurrences(t, e, got.Occurrences, until)
	}
	if n != len(js) {
		t.Errorf("ical.js read %d VEVENTs, package ical %d", len(js), n)
	}
}

// when formats an instant as parse.mjs does: a date in loc for all-day
// values, else UTC ISO with milliseconds.
func when(t time.Time, allDay bool, loc *time.Location) string {
	if allDay {
		return calendar.DateOf(t, orUTC(loc)).String()
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

func compareEvent(t testing.TB, e ical.Event, got JSEvent) {
	t.Helper()
	want := JSEvent{
		UID: got.UID, Summary: e.Title, Description: e.Description, Location: e.Location, Color: e.Color,
		Start: when(e.Start, e.AllDay, e.Loc), End: when(e.End, e.AllDay, e.Loc), AllDay: e.AllDay,
		RecurrenceID: got.RecurrenceID,
	}
	if e.AllDay {
		first, last := calendar.SpanDates(e.Start, e.End, true, orUTC(e.Loc))
		want.Start, want.End = first.String(), last.AddDays(1).String()
	}
	g := got
	g.RRule, g.Exdates, g.Occurrences, g.Alarms = "", nil, nil, nil
	if !reflect.DeepEqual(g, want) {
		t.Errorf("event %q %s:\nical.js: %+v\nwant:    %+v", got.UID, got.RecurrenceID, g, want)
	}
}

// String describes a for a test message.
func (a JSAlarm) String() string {
	trigger := a.At
	if a.Seconds != nil {
		trigger = strconv.Itoa(*a.Seconds) + "s"
	}
	return "ACTION " + a.Action + ", TRIGGER " + trigger + " (RELATED " + a.Related + ")"
}

// compareReminders checks the VALARMs ical.js read against the reminders
// package ical decoded: each alarm but ACTION:NONE a duration relative to
// the start, at or before it, in whole minutes, a DISPLAY one with a
// DESCRIPTION.
func compareReminders(t testing.TB, uid, rid string, want []int, alarms []JSAlarm) {
	t.Helper()
	got := []int{}
	for _, a := range alarms {
		switch {
		case strings.EqualFold(a.Action, "NONE"):
			continue
		case a.Seconds == nil || !(a.Related == "" || strings.EqualFold(a.Related, "START")) || *a.Seconds > 0 || *a.Seconds%60 != 0:
			t.Errorf("event %q %s: ical.js reads an alarm eventcal does not write: %s", uid, rid, a)
			continue
		case strings.EqualFold(a.Action, "DISPLAY") && a.Description == "":
			t.Errorf("event %q %s: a DISPLAY alarm without a DESCRIPTION", uid, rid)
		}
		got = append(got, -*a.Seconds/60)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("event %q %s: ical.js reads reminders %v, package ical %v", uid, rid, got, want)
	}
}

// compareOccurrences checks a series' expansion by ical.js against recur's.
func compareOccurrences(t testing.TB, e ical.Event, got []JSOccurrence, until time.Time) {
	t.Helper()
	r, err := recur.Parse(e.Rule)
	if err != nil {
		t.Errorf("%q: rule %q: %v", e.UID, e.Rule, err)
		return
	}
	ex := slices.Clone(e.Exdates)
	for _, o := range e.Overrides {
		ex = append(ex, o.RecurrenceID)
	}
	s, err := recur.NewSeries(r, e.Start, e.End, e.AllDay, e.Loc, ex)
	if err != nil {
		t.Errorf("%q: series: %v", e.UID, err)
		return
	}
	type occ struct {
		rid time.Time
		o   JSOccurrence
	}
	var want []occ
	for _, o := range s.Between(s.Start, until, 5000) {
		want = append(want, occ{o.RecurrenceID, JSOccurrence{
			RecurrenceID: when(o.RecurrenceID, e.AllDay, e.Loc),
			Start:        when(o.Start, e.AllDay, e.Loc),
			End:          when(o.End, e.AllDay, e.Loc),
			Summary:      e.Title,
		}})
	}
	for _, o := range e.Overrides {
		if o.RecurrenceID.Before(until) {
			w := JSOccurrence{
				RecurrenceID: when(o.RecurrenceID, e.AllDay, e.Loc),
				Start:        when(o.Start, o.AllDay, o.Loc),
				End:          when(o.End, o.AllDay, o.Loc),
				Summary:      o.Title,
			}
			if o.AllDay {
				first, last := calendar.SpanDates(o.Start, o.End, true, orUTC(o.Loc))
				w.Start, w.End = first.String(), last.AddDays(1).String()
			}
			want = append(want, occ{o.RecurrenceID, w})
		}
	}
	slices.SortFunc(want, func(a, b occ) int { return a.rid.Compare(b.rid) })
	if len(want) != len(got) {
		t.Errorf("series %q (%s): ical.js has %d occurrences before %s, recur %d\nical.js: %v\nrecur:   %v",
			e.UID, e.Rule, len(got), until.Format(time.DateOnly), len(want), summarize(got), want)
		return
	}
	for i := range want {
		if want[i].o != got[i] {
			t.Errorf("series %q occurrence %d:\nical.js: %+v\nrecur:   %+v", e.UID, i, got[i], want[i].o)
		}
	}
}

func summarize(os []JSOccurrence) string {
	var b strings.Builder
	for _, o := range os {
		b.WriteString(o.RecurrenceID)
		b.WriteByte(' ')
	}
	return b.String()
}
