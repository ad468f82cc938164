package recur

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/teambition/rrule-go"
)

func TestWeeklyKeepsWallClockAcrossDST(t *testing.T) {
	for _, tc := range []struct {
		zone, start string
		want        []string
	}{
		{"Europe/Berlin", "2025-03-19 09:00", []string{
			"2025-03-19 09:00 CET", "2025-03-26 09:00 CET", "2025-04-02 09:00 CEST", "2025-04-09 09:00 CEST",
		}},
		{"Europe/Berlin", "2025-10-15 09:00", []string{
			"2025-10-15 09:00 CEST", "2025-10-22 09:00 CEST", "2025-10-29 09:00 CET", "2025-11-05 09:00 CET",
		}},
		{"America/New_York", "2025-02-26 09:00", []string{
			"2025-02-26 09:00 EST", "2025-03-05 09:00 EST", "2025-03-12 09:00 EDT", "2025-03-19 09:00 EDT",
		}},
		{"America/New_York", "2025-10-22 09:00", []string{
			"2025-10-22 09:00 EDT", "2025-10-29 09:00 EDT", "2025-11-05 09:00 EST", "2025-11-12 09:00 EST",
		}},
	} {
		loc := loadLoc(t, tc.zone)
		s := timed(t, "FREQ=WEEKLY", loc, tc.start, time.Hour)
		got := s.Between(s.Start, s.Start.AddDate(0, 0, 28), 0)
		if !slices.Equal(starts(got, loc), tc.want) {
			t.Errorf("%s weekly from %s = %v, want %v", tc.zone, tc.start, starts(got, loc), tc.want)
		}
		for i, o := range got {
			if o.End.Sub(o.Start) != time.Hour {
				t.Errorf("%s occurrence %d lasts %v", tc.zone, i, o.End.Sub(o.Start))
			}
			if !o.RecurrenceID.Equal(o.Start) || o.RecurrenceID.Location() != time.UTC {
				t.Errorf("recurrence id %v for start %v", o.RecurrenceID, o.Start)
			}
			if o.Index != i {
				t.Errorf("index %d, want %d", o.Index, i)
			}
		}
		// The UTC instants do move by an hour.
		if got[1].Start.UTC().Hour() == got[2].Start.UTC().Hour() {
			t.Errorf("%s: UTC hour did not change across DST", tc.zone)
		}
	}
}

func TestDSTGapAndOverlap(t *testing.T) {
	ber := loadLoc(t, "Europe/Berlin")
	ny := loadLoc(t, "America/New_York")
	for _, tc := range []struct {
		name  string
		loc   *time.Location
		start string
		want  []string
		utc   []string // the instants, to pin the overlap's choice
	}{
		{"Berlin gap moves forward", ber, "2025-03-29 02:30",
			[]string{"2025-03-29 02:30 CET", "2025-03-30 03:30 CEST", "2025-03-31 02:30 CEST"},
			[]string{"01:30", "01:30", "00:30"}},
		{"Berlin overlap takes the earlier instant", ber, "2025-10-25 02:30",
			[]string{"2025-10-25 02:30 CEST", "2025-10-26 02:30 CEST", "2025-10-27 02:30 CET"},
			[]string{"00:30", "00:30", "01:30"}},
		{"New York gap moves forward", ny, "2025-03-08 02:30",
			[]string{"2025-03-08 02:30 EST", "2025-03-09 03:30 EDT", "2025-03-10 02:30 EDT"},
			[]string{"07:30", "07:30", "06:30"}},
		{"New York overlap takes the earlier instant", ny, "2025-11-01 01:30",
			[]string{"2025-11-01 01:30 EDT", "2025-11-02 01:30 EDT", "2025-11-03 01:30 EST"},
			[]string{"05:30", "05:30", "06:30"}},
	} {
		s := timed(t, "FREQ=DAILY;COUNT=3", tc.loc, tc.start, 30*time.Minute)
		got := all(s, s.Start.AddDate(0, 0, 10))
		if !slices.Equal(starts(got, tc.loc), tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, starts(got, tc.loc), tc.want)
			continue
		}
		for i, o := range got {
			if u := o.RecurrenceID.Format("15:04"); u != tc.utc[i] {
				t.Errorf("%s: occurrence %d at %s UTC, want %s", tc.name, i, u, tc.utc[i])
			}
		}
	}
}

func TestSkippedDayIsNotDuplicated(t *testing.T) {
	// Samoa skipped 30 December 2011: its occurrence would land on the 31st.
	apia := loadLoc(t, "Pacific/Apia")
	s := timed(t, "FREQ=DAILY", apia, "2011-12-28 10:00", time.Hour)
	got := dates(s.Between(s.Start, s.Start.AddDate(0, 0, 6), 0), apia)
	want := []string{"2011-12-28", "2011-12-29", "2011-12-31", "2012-01-01", "2012-01-02"}
	if !slices.Equal(got, want) {
		t.Errorf("Apia = %v, want %v", got, want)
	}
}

func TestMonthEndAndLeapDays(t *testing.T) {
	ber := loadLoc(t, "Europe/Berlin")
	for _, tc := range []struct {
		rule, start, to string
		want            []string
	}{
		{"FREQ=MONTHLY;BYMONTHDAY=31", "2025-01-31", "2026-01-01", []string{
			"2025-01-31", "2025-03-31", "2025-05-31", "2025-07-31", "2025-08-31", "2025-10-31", "2025-12-31"}},
		{"FREQ=MONTHLY", "2025-01-31", "2025-09-01", []string{ // the day of the start, same rule
			"2025-01-31", "2025-03-31", "2025-05-31", "2025-07-31", "2025-08-31"}},
		{"FREQ=MONTHLY;BYMONTHDAY=30", "2024-01-30", "2024-05-01", []string{
			"2024-01-30", "2024-03-30", "2024-04-30"}},
		{"FREQ=MONTHLY;BYMONTHDAY=-1", "2024-01-31", "2025-04-01", []string{
			"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30", "2024-07-31",
			"2024-08-31", "2024-09-30", "2024-10-31", "2024-11-30", "2024-12-31", "2025-01-31", "2025-02-28",
			"2025-03-31"}},
		{"FREQ=MONTHLY;BYDAY=-1FR", "2025-01-31", "2025-08-01", []string{
			"2025-01-31", "2025-02-28", "2025-03-28", "2025-04-25", "2025-05-30", "2025-06-27", "2025-07-25"}},
		{"FREQ=MONTHLY;BYDAY=2TU", "2025-06-10", "2025-11-01", []string{
			"2025-06-10", "2025-07-08", "2025-08-12", "2025-09-09", "2025-10-14"}},
		{"FREQ=MONTHLY;BYDAY=5MO", "2025-03-31", "2026-01-01", []string{ // months with five Mondays
			"2025-03-31", "2025-06-30", "2025-09-29", "2025-12-29"}},
		{"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "2025-05-30", "2025-10-01", []string{
			"2025-05-30", "2025-06-30", "2025-07-31", "2025-08-29", "2025-09-30"}},
		{"FREQ=YEARLY", "2024-02-29", "2110-01-01", []string{
			"2024-02-29", "2028-02-29", "2032-02-29", "2036-02-29", "2040-02-29", "2044-02-29", "2048-02-29",
			"2052-02-29", "2056-02-29", "2060-02-29", "2064-02-29", "2068-02-29", "2072-02-29", "2076-02-29",
			"2080-02-29", "2084-02-29", "2088-02-29", "2092-02-29", "2096-02-29", "2104-02-29", "2108-02-29"}},
		{"FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", "2025-11-27", "2029-01-01", []string{
			"2025-11-27", "2026-11-26", "2027-11-25", "2028-11-23"}},
		{"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", "2027-02-28", "2030-01-01", []string{
			"2027-02-28", "2028-02-29", "2029-02-28"}},
	} {
		s := timed(t, tc.rule, ber, tc.start+" 18:00", time.Hour)
		got := dates(s.Between(s.Start, local(t, ber, tc.to), 0), ber)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s from %s:\n got %v\nwant %v", tc.rule, tc.start, got, tc.want)
		}
	}
}

func TestCountAndUntil(t *testing.T) {
	ber := loadLoc(t, "Europe/Berlin")
	ny := loadLoc(t, "America/New_York")
	for _, tc := range []struct {
		name, rule string
		loc        *time.Location
		start      string
		want       []string
	}{
		{"count", "FREQ=DAILY;COUNT=3", ber, "2025-06-01 09:00", []string{"2025-06-01", "2025-06-02", "2025-06-03"}},
		{"count 1", "FREQ=WEEKLY;COUNT=1", ber, "2025-06-01 09:00", []string{"2025-06-01"}},
		{"until date is inclusive", "FREQ=DAILY;UNTIL=20250603", ber, "2025-06-01 23:30",
			[]string{"2025-06-01", "2025-06-02", "2025-06-03"}},
		{"until date in New York", "FREQ=DAILY;UNTIL=20250603", ny, "2025-06-01 23:30",
			[]string{"2025-06-01", "2025-06-02", "2025-06-03"}},
		{"until UTC equal to an occurrence includes it", "FREQ=DAILY;UNTIL=20250603T070000Z", ber, "2025-06-01 09:00",
			[]string{"2025-06-01", "2025-06-02", "2025-06-03"}},
		{"until UTC a second before excludes it", "FREQ=DAILY;UNTIL=20250603T065959Z", ber, "2025-06-01 09:00",
			[]string{"2025-06-01", "2025-06-02"}},
		{"until UTC late on the local day", "FREQ=DAILY;UNTIL=20250603T212959Z", ber, "2025-06-01 23:30",
			[]string{"2025-06-01", "2025-06-02"}}, // 23:30 CEST on the 3rd is 21:30Z
		{"until across DST", "FREQ=WEEKLY;UNTIL=20251029T080000Z", ber, "2025-10-15 09:00",
			[]string{"2025-10-15", "2025-10-22", "2025-10-29"}},
		{"interval days", "FREQ=DAILY;INTERVAL=3;COUNT=4", ber, "2025-06-29 09:00",
			[]string{"2025-06-29", "2025-07-02", "2025-07-05", "2025-07-08"}},
		{"every 2 weeks on two days", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=6", ber, "2025-06-03 09:00",
			[]string{"2025-06-03", "2025-06-05", "2025-06-17", "2025-06-19", "2025-07-01", "2025-07-03"}},
		{"every 2 weeks, week starting Sunday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO;WKST=SU;COUNT=4", ber, "2025-06-01 09:00",
			[]string{"2025-06-01", "2025-06-02", "2025-06-15", "2025-06-16"}},
		{"every 2 weeks, week starting Monday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO;COUNT=4", ber, "2025-06-01 09:00",
			[]string{"2025-06-01", "2025-06-09", "2025-06-15", "2025-06-23"}},
		{"every 2 months on the 2nd Tuesday", "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=3", ber, "2025-06-10 09:00",
			[]string{"2025-06-10", "2025-08-12", "2025-10-14"}},
		{"every 3 years", "FREQ=YEARLY;INTERVAL=3;COUNT=3", ber, "2025-06-10 09:00",
			[]string{"2025-06-10", "2028-06-10", "2031-06-10"}},
		{"start not matched is still the first and counts", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3", ber, "2025-06-02 09:00",
			[]string{"2025-06-02", "2025-06-03", "2025-06-05"}},
	} {
		s := timed(t, tc.rule, tc.loc, tc.start, 30*time.Minute)
		got := dates(all(s, s.Start.AddDate(10, 0, 0)), tc.loc)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s (%s): %v, want %v", tc.name, tc.rule, got, tc.want)
		}
		last, ok := s.Last()
		if !ok || last.Start.In(tc.loc).Format("2006-01-02") != tc.want[len(tc.want)-1] {
			t.Errorf("%s: Last() = %v, %v", tc.name, last.Start, ok)
		}
		if last.Index >= 0 && last.Index != len(tc.want)-1 {
			t.Errorf("%s: Last().Index = %d", tc.name, last.Index)
		}
	}
}

func TestBetweenWindows(t *testing.T) {
	ber := loadLoc(t, "Europe/Berlin")
	// 22:00 to 02:00 every day.
	night := timed(t, "FREQ=DAILY", ber, "2025-06-01 22:00", 4*time.Hour)
	// All-day, three days long, every week.
	trip := allDay(t, "FREQ=WEEKLY", ber, "2025-03-28", 3)
	for _, tc := range []struct {
		name     string
		s        Series
		from, to string
		want     []string
	}{
		{"an occurrence from the evening before overlaps the day", night, "2025-06-10 00:00", "2025-06-11 00:00",
			[]string{"2025-06-09 22:00 CEST", "2025-06-10 22:00 CEST"}},
		{"one ending exactly at from does not", night, "2025-06-10 02:00", "2025-06-10 22:00", nil},
		{"one starting exactly at to does not", night, "2025-06-10 03:00", "2025-06-10 22:00", nil},
		{"one starting at from does", night, "2025-06-10 22:00", "2025-06-10 22:01",
			[]string{"2025-06-10 22:00 CEST"}},
		{"a window before the start", night, "2025-05-01 00:00", "2025-06-01 22:00", nil},
		{"the first occurrence", night, "2025-05-01 00:00", "2025-06-02 01:00",
			[]string{"2025-06-01 22:00 CEST"}},
		{"an all-day occurrence started before the window", trip, "2025-04-05 00:00", "2025-04-06 00:00",
			[]string{"2025-04-04 00:00 CEST"}},
		{"an all-day occurrence ends at the start of the day after", trip, "2025-03-31 00:00", "2025-04-04 00:00", nil},
		{"all-day across the DST change", trip, "2025-03-27 00:00", "2025-04-12 00:00",
			[]string{"2025-03-28 00:00 CET", "2025-04-04 00:00 CEST", "2025-04-11 00:00 CEST"}},
	} {
		got := tc.s.Between(local(t, ber, tc.from), local(t, ber, tc.to), 0)
		if !slices.Equal(starts(got, ber), tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
			t.Errorf("%s: %v, want %v", tc.name, starts(got, ber), tc.want)
		}
	}
	// All-day occurrences are whole local days, 23 hours long across the
	// spring change, and their recurrence id is the start of the day.
	got := trip.Between(local(t, ber, "2025-03-27 00:00"), local(t, ber, "2025-04-05 00:00"), 0)
	if len(got) != 2 {
		t.Fatalf("trip = %v", starts(got, ber))
	}
	if d := got[0].End.Sub(got[0].Start); d != 71*time.Hour {
		t.Errorf("first trip lasts %v, want 71h", d)
	}
	if first, last := calendar.SpanDates(got[0].Start, got[0].End, true, ber); first.String() != "2025-03-28" || last.String() != "2025-03-30" {
		t.Errorf("first trip covers %v..%v", first, last)
	}
	if !got[1].RecurrenceID.Equal(local(t, ber, "2025-04-04")) {
		t.Errorf("all-day recurrence id %v", got[1].RecurrenceID)
	}
	// max bounds the answer.
	if n := len(night.Between(night.Start, night.Start.AddDate(1, 0, 0), 10)); n != 10 {
		t.Errorf("max 10 gave %d", n)
	}
	if n := len(night.Between(night.Start, night.Start.AddDate(10, 0, 0), 0)); n != DefaultMax {
		t.Errorf("max 0 gave %d, want %d", n, DefaultMax)
	}
}

func TestAllDayWhereMidnightIsMissing(t *testing.T) {
	// Havana springs forward at midnight: 2025-03-09 starts at 01:00.
	hav := loadLoc(t, "America/Havana")
	s := allDay(t, "FREQ=DAILY;COUNT=3", hav, "2025-03-08", 1)
	got := all(s, s.Start.AddDate(0, 1, 0))
	if want := []string{"2025-03-08 00:00 CST", "2025-03-09 01:00 CDT", "2025-03-10 00:00 CDT"}; !slices.Equal(starts(got, hav), want) {
		t.Errorf("Havana = %v, want %v", starts(got, hav), want)
	}
	if !got[1].End.Equal(got[2].Start) {
		t.Errorf("day 2 ends %v, day 3 starts %v", got[1].End, got[2].Start)
	}
}

func TestExceptions(t *testing.T) {
	ber := loadLoc(t, "Europe/Berlin")
	base := timed(t, "FREQ=DAILY;COUNT=20", ber, "2025-03-25 09:00", time.Hour)
	occ := all(base, base.Start.AddDate(1, 0, 0))
	if len(occ) != 20 {
		t.Fatalf("%d occurrences", len(occ))
	}
	few := []time.Time{occ[1].RecurrenceID, occ[5].RecurrenceID.In(ber)} // any zone names the instant
	var many []time.Time
	for i := 0; i < 20; i += 2 {
		many = append(many, occ[i].RecurrenceID)
	}
	for _, tc := range []struct {
		name string
		ex   []time.Time
		want []int
	}{
		{"few", few, []int{0, 2, 3, 4, 6, 7}},
		{"many (a map)", many, []int{1, 3, 5, 7}},
		{"not an occurrence", []time.Time{occ[1].RecurrenceID.Add(time.Minute)}, []int{0, 1, 2, 3, 4, 5, 6, 7}},
	} {
		s, err := NewSeries(base.Rule, base.Start, base.Start.Add(base.Duration), false, ber, tc.ex)
		if err != nil {
			t.Fatal(err)
		}
		got := s.Between(occ[0].Start, occ[8].Start, 0)
		var idx []int
		for _, o := range got {
			idx = append(idx, o.Index)
		}
		if !slices.Equal(idx, tc.want) {
			t.Errorf("%s: indexes %v, want %v", tc.name, idx, tc.want)
		}
		for _, ex := range tc.ex {
			if _, ok := s.Occurrence(ex); ok != slices.ContainsFunc(occ, func(o Occurrence) bool { return o.RecurrenceID.Equal(ex) }) {
				t.Errorf("%s: Occurrence(%v) = %v", tc.name, ex, ok)
			}
			if !s.IsException(ex) {
				t.Errorf("%s: IsException(%v) false", tc.name, ex)
			}
		}
	}
	// Exceptions do not make COUNT produce more occurrences.
	s := base
	s.Exceptions = []time.Time{occ[19].RecurrenceID}
	if got := all(s, s.Start.AddDate(1, 0, 0)); len(got) != 19 || got[18].Index != 18 {
		t.Errorf("count with the last one cancelled: %d occurrences", len(got))
	}
}

func TestNext(t *testing.T) {
	ber := loadLoc(t, "Europe/Berlin")
	old := timed(t, "FREQ=WEEKLY;BYDAY=MO", ber, "2005-06-06 09:00", time.Hour)
	for _, tc := range []struct {
		name  string
		s     Series
		after string
		want  string
		ok    bool
	}{
		{"upcoming", old, "2025-06-10 12:00", "2025-06-16 09:00 CEST", true},
		{"in progress counts", old, "2025-06-16 09:30", "2025-06-16 09:00 CEST", true},
		{"ending exactly now counts", old, "2025-06-16 10:00", "2025-06-16 09:00 CEST", true},
		{"just over", old, "2025-06-16 10:01", "2025-06-23 09:00 CEST", true},
		{"before the start", old, "2000-01-01 00:00", "2005-06-06 09:00 CEST", true},
		{"far ahead", old, "2525-01-02 00:00", "2525-01-08 09:00 CET", true},
		{"after the last", timed(t, "FREQ=DAILY;UNTIL=20250603", ber, "2025-06-01 09:00", time.Hour),
			"2025-06-03 10:00:01", "", false},
		{"count", timed(t, "FREQ=DAILY;COUNT=3", ber, "2025-06-01 09:00", time.Hour),
			"2025-06-02 11:00", "2025-06-03 09:00 CEST", true},
	} {
		o, ok := tc.s.Next(local(t, ber, tc.after))
		if ok != tc.ok || ok && o.Start.In(ber).Format(layout) != tc.want {
			t.Errorf("%s: Next = %v, %v; want %s, %v", tc.name, o.Start.In(ber).Format(layout), ok, tc.want, tc.ok)
		}
	}
	// Cancelled occurrences are skipped.
	s := old
	s.Exceptions = []time.Time{local(t, ber, "2025-06-16 09:00"), local(t, ber, "2025-06-23 09:00")}
	if o, ok := s.Next(local(t, ber, "2025-06-10 12:00")); !ok || o.Start.In(ber).Format(layout) != "2025-06-30 09:00 CEST" {
		t.Errorf("Next skipping exceptions = %v, %v", o.Start, ok)
	}
	if _, ok := old.Last(); ok {
		t.Error("Last() of an endless series reported one")
	}
}

func TestValidate(t *testing.T) {
	ber := loadLoc(t, "Europe/Berlin")
	for _, tc := range []struct {
		rule, start string
		kind        error
	}{
		{"FREQ=YEARLY;BYMONTH=2", "2025-01-30 09:00", ErrNoOccurrence}, // 30 February
		{"FREQ=DAILY;INTERVAL=7;BYDAY=MO", "2025-06-03 09:00", ErrNoOccurrence},
		{"FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYDAY=FR;BYMONTHDAY=29", "2025-02-01 09:00", ErrNoOccurrence},
		{"FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=31", "2025-02-01 09:00", ErrNoOccurrence},
		{"FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29", "2025-02-01 09:00", ErrNoOccurrence},
		{"FREQ=DAILY;INTERVAL=14;BYDAY=WE", "2025-06-03 09:00", ErrNoOccurrence},
		{"FREQ=DAILY;UNTIL=20250101", "2025-06-01 09:00", ErrInvalidSeries},
		{"FREQ=DAILY;UNTIL=20250601T065959Z", "2025-06-01 09:00", ErrInvalidSeries},
		{"FREQ=WEEKLY;BYDAY=TU;UNTIL=20250602", "2025-06-02 09:00", ErrNoOccurrence}, // ends before it repeats
		// Sparse but real.
		{"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", "2025-01-01 09:00", nil}, // 2044
		{"FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29", "2024-02-01 09:00", nil},
		{"FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "2025-06-01 09:00", nil},
		{"FREQ=DAILY;UNTIL=20250601T070000Z", "2025-06-01 09:00", nil},
	} {
		st := local(t, ber, tc.start)
		_, err := NewSeries(mustParse(t, tc.rule), st, st.Add(time.Hour), false, ber, nil)
		if tc.kind == nil {
			if err != nil {
				t.Errorf("%s from %s: %v", tc.rule, tc.start, err)
			}
			continue
		}
		if !errors.Is(err, tc.kind) {
			t.Errorf("%s from %s: %v, want %v", tc.rule, tc.start, err, tc.kind)
		}
	}
	r := mustParse(t, "FREQ=DAILY")
	now := time.Date(2025, 6, 1, 9, 0, 0, 0, ber)
	for name, s := range map[string]Series{
		"no rule":           {Start: now, Loc: ber},
		"no start":          {Rule: r, Loc: ber},
		"negative duration": {Rule: r, Start: now, Duration: -time.Second},
		"year 10000":        {Rule: r, Start: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if err := s.Validate(); !errors.Is(err, ErrInvalidSeries) {
			t.Errorf("%s: Validate() = %v", name, err)
		}
		if s.Between(now, now.AddDate(1, 0, 0), 0) != nil {
			t.Errorf("%s: Between gave occurrences", name)
		}
		if _, ok := s.Next(now); ok {
			t.Errorf("%s: Next gave one", name)
		}
	}
	if _, err := NewSeries(r, now, now.Add(-time.Second), false, ber, nil); !errors.Is(err, ErrInvalidSeries) {
		t.Errorf("end before start: %v", err)
	}
	if _, err := NewSeries(r, time.Time{}, now, false, ber, nil); !errors.Is(err, ErrInvalidSeries) {
		t.Errorf("zero start: %v", err)
	}
	if err := (Series{Rule: r, Start: now}).Validate(); err != nil {
		t.Errorf("nil zone is UTC: %v", err)
	}
}

func TestNewSeriesNormalises(t *testing.T) {
	ber := loadLoc(t, "Europe/Berlin")
	r := mustParse(t, "FREQ=DAILY")
	start := time.Date(2025, 6, 1, 9, 0, 5, 999, time.UTC)
	s, err := NewSeries(r, start, start.Add(time.Hour), false, ber, []time.Time{
		start.Add(48 * time.Hour), start.Add(24 * time.Hour).In(ber), start.Add(48 * time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Start.Equal(start.Truncate(time.Second)) || s.Duration != time.Hour || s.Loc != ber {
		t.Errorf("series %+v", s)
	}
	if len(s.Exceptions) != 2 || !s.Exceptions[0].Equal(start.Add(24*time.Hour).Truncate(time.Second)) || s.Exceptions[0].Location() != time.UTC {
		t.Errorf("exceptions %v", s.Exceptions)
	}
	// The later of two equal wall-clock readings becomes the earlier one.
	late := time.Date(2025, 10, 26, 1, 30, 0, 0, time.UTC) // 02:30 CET, the second time round
	s, err = NewSeries(r, late, late.Add(time.Hour), false, ber, nil)
	if err != nil || !s.Start.Equal(late.Add(-time.Hour)) {
		t.Errorf("overlap start normalised to %v, %v", s.Start, err)
	}
	// An all-day series runs on whole days.
	mid := time.Date(2025, 6, 1, 15, 0, 0, 0, ber)
	s, err = NewSeries(r, mid, mid.Add(2*time.Hour), true, ber, nil)
	if err != nil || !s.Start.Equal(time.Date(2025, 6, 1, 0, 0, 0, 0, ber)) || s.Duration != 24*time.Hour || !s.AllDay {
		t.Errorf("all-day %+v, %v", s, err)
	}
	if o := s.Between(s.Start, s.Start.Add(time.Hour), 0); len(o) != 1 || !o[0].End.Equal(time.Date(2025, 6, 2, 0, 0, 0, 0, ber)) {
		t.Errorf("all-day occurrence %+v", o)
	}
}

// TestShiftedExpansionMatchesFull checks the optimisation that starts the
// library near the window: far from the start, Between must give exactly
// what the library gives when it walks every period from DTSTART.
func TestShiftedExpansionMatchesFull(t *testing.T) {
	ber := loadLoc(t, "Europe/Berlin")
	rules := []string{
		"FREQ=DAILY",
		"FREQ=DAILY;INTERVAL=3",
		"FREQ=DAILY;INTERVAL=10;BYDAY=MO,FR",
		"FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29",
		"FREQ=WEEKLY",
		"FREQ=WEEKLY;INTERVAL=3;BYDAY=SU,WE",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO,SA;WKST=SU",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1,1",
		"FREQ=WEEKLY;BYDAY=TU;BYMONTH=1,7",
		"FREQ=MONTHLY",
		"FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=-1,31",
		"FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR,1MO",
		"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2",
		"FREQ=YEARLY",
		"FREQ=YEARLY;INTERVAL=3;BYMONTH=3,10;BYDAY=-1SU",
		"FREQ=YEARLY;INTERVAL=2;BYDAY=20MO",
		"FREQ=YEARLY;BYMONTH=2,3",
		"FREQ=MONTHLY;BYMONTH=6;BYDAY=SA;BYSETPOS=2",
		"FREQ=DAILY;UNTIL=20330101",
		"FREQ=WEEKLY;INTERVAL=4;UNTIL=20321231T230000Z",
	}
	startTimes := []string{"2001-01-31 09:00", "2004-02-29 23:30", "2005-10-30 02:30", "2006-03-26 02:30", "2010-12-31 00:00"}
	windows := []struct{ from, to string }{
		{"2025-03-20 00:00", "2025-05-01 00:00"},
		{"2025-10-20 00:00", "2025-11-03 00:00"},
		{"2028-02-01 00:00", "2028-03-15 00:00"},
		{"2032-12-15 00:00", "2033-01-15 00:00"},
		{"2009-01-01 00:00", "2012-01-01 00:00"},
	}
	for _, rule := range rules {
		for _, start := range startTimes {
			st := local(t, ber, start)
			s, err := NewSeries(mustParse(t, rule), st, st.Add(90*time.Minute), false, ber, nil)
			if err != nil {
				continue // e.g. UNTIL before the start
			}
			p, _ := s.plan()
			for _, w := range windows {
				from, to := local(t, ber, w.from), local(t, ber, w.to)
				want := referenceBetween(t, p, from, to)
				got := s.Between(from, to, 5000)
				if g, w2 := starts2(got), starts2(want); !slices.Equal(g, w2) {
					i := 0
					for i < len(g) && i < len(w2) && g[i] == w2[i] {
						i++
					}
					t.Errorf("%s from %s in [%s, %s): %d occurrences, want %d; first difference at %d",
						rule, start, w.from, w.to, len(g), len(w2), i)
				}
			}
		}
	}
}

func starts2(os []Occurrence) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Start.UTC().Format(time.RFC3339) + "/" + o.End.UTC().Format(time.RFC3339)
	}
	return out
}

// referenceBetween expands p the slow way, independently of iter: the
// library walks from DTSTART with the rule as parsed, each result placed
// in the zone and filtered.
func referenceBetween(t *testing.T, p *plan, from, to time.Time) []Occurrence {
	t.Helper()
	opt := p.rule.option()
	opt.Dtstart, opt.Count = p.f0, p.count
	r, err := rrule.NewRRule(opt)
	if err != nil {
		t.Fatal(err)
	}
	fs := r.Between(p.f0, p.floating(to).Add(48*time.Hour), true)
	if len(fs) == 0 || !fs[0].Equal(p.f0) {
		fs = append([]time.Time{p.f0}, fs...) // DTSTART is always the first
	}
	var out []Occurrence
	for _, f := range fs {
		start := resolve(f, p.allDay, p.loc)
		if !p.until.IsZero() && start.After(p.until) || !start.Before(to) {
			break
		}
		o := Occurrence{Start: start, End: start.Add(p.dur)}
		if o.End.After(from) || !o.Start.Before(from) {
			out = append(out, o)
		}
	}
	return out
}

func TestMovedExceptions(t *testing.T) {
	ber := loadLoc(t, "Europe/Berlin")
	s := timed(t, "FREQ=WEEKLY", ber, "2025-03-19 09:00", time.Hour,
		local(t, ber, "2025-03-26 09:00"), local(t, ber, "2025-04-02 09:00"))
	got := s.MovedExceptions(local(t, ber, "2025-03-20 10:30"))
	want := []time.Time{local(t, ber, "2025-03-27 10:30").UTC(), local(t, ber, "2025-04-03 10:30").UTC()}
	if !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Errorf("moved = %v, want %v", got, want)
	}
	moved := s
	moved.Start, moved.Exceptions = local(t, ber, "2025-03-20 10:30"), got
	if occ := moved.Between(moved.Start, moved.Start.AddDate(0, 0, 21), 0); len(occ) != 1 {
		t.Errorf("moved series still shows %v", starts(occ, ber))
	}
	day := allDay(t, "FREQ=WEEKLY", ber, "2025-03-24", 1, local(t, ber, "2025-03-31"))
	if got := day.MovedExceptions(local(t, ber, "2025-03-25")); len(got) != 1 || !got[0].Equal(local(t, ber, "2025-04-01")) {
		t.Errorf("all-day moved = %v", got)
	}
}

// TestBetweenCostIndependentOfAge counts the library results Between takes
// (a measure that, unlike time, does not depend on the machine): for a
// series without COUNT a window costs the same whatever the series' age.
// (The two series need not be in phase: only the cost is compared.)
func TestBetweenCostIndependentOfAge(t *testing.T) {
	ber := loadLoc(t, "Europe/Berlin")
	from := local(t, ber, "2025-05-26 00:00")
	to := from.AddDate(0, 0, 42)
	for _, tc := range []struct{ rule, old, recent string }{
		{"FREQ=DAILY", "2005-06-01 09:00", "2025-05-19 09:00"},
		{"FREQ=DAILY;INTERVAL=3", "2005-06-01 09:00", "2025-05-19 09:00"},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;WKST=SU", "2005-06-06 09:00", "2025-05-12 09:00"},
		{"FREQ=MONTHLY;BYDAY=-1FR", "2005-06-24 09:00", "2025-04-25 09:00"},
		{"FREQ=YEARLY;BYMONTH=6;BYDAY=MO", "2005-06-06 09:00", "2024-06-03 09:00"},
		{"FREQ=DAILY;UNTIL=20300101", "2005-06-01 09:00", "2025-05-19 09:00"},
	} {
		var pulled [2]int
		var got [2][]string
		for i, start := range []string{tc.old, tc.recent} {
			s := timed(t, tc.rule, ber, start, time.Hour)
			p, err := s.plan()
			if err != nil {
				t.Fatal(err)
			}
			var occ []Occurrence
			occ, pulled[i] = p.between(exSet{}, from, to, 0)
			got[i] = starts(occ, ber)
		}
		if d := len(got[0]) - len(got[1]); len(got[0]) == 0 || d < -1 || d > 1 {
			t.Errorf("%s: %d occurrences for the old series, %d for the recent one", tc.rule, len(got[0]), len(got[1]))
		}
		if pulled[0] > 2*pulled[1] || pulled[0] > 2*len(got[0])+10 {
			t.Errorf("%s: took %d library results for a series started in %s, %d for one started in %s (%d occurrences)",
				tc.rule, pulled[0], tc.old[:4], pulled[1], tc.recent[:4], len(got[0]))
		}
	}
}
