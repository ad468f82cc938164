package recur

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestSplitAt(t *testing.T) {
	ber := loadLoc(t, "Europe/Berlin")
	for _, tc := range []struct {
		name, rule, start string
		allDay            bool
		at                int // index of the occurrence to split at
		before, after     string
	}{
		{"count", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10", "2025-03-18 09:00", false, 4,
			"FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6"},
		{"count, last one", "FREQ=DAILY;COUNT=3", "2025-03-18 09:00", false, 2,
			"FREQ=DAILY;COUNT=2", "FREQ=DAILY;COUNT=1"},
		{"count with a DTSTART the rule does not match", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=5", "2025-03-17 09:00", false, 2,
			"FREQ=WEEKLY;BYDAY=TU,TH;COUNT=2", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3"},
		{"until UTC", "FREQ=WEEKLY;UNTIL=20250501T070000Z", "2025-03-19 09:00", false, 2,
			"FREQ=WEEKLY;UNTIL=20250326T080000Z", "FREQ=WEEKLY;UNTIL=20250501T070000Z"},
		{"until date", "FREQ=DAILY;INTERVAL=2;UNTIL=20250410", "2025-03-28 21:00", false, 3,
			"FREQ=DAILY;INTERVAL=2;UNTIL=20250401T190000Z", "FREQ=DAILY;INTERVAL=2;UNTIL=20250410"},
		{"endless", "FREQ=MONTHLY;BYDAY=-1FR", "2025-01-31 18:00", false, 5,
			"FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20250530T160000Z", "FREQ=MONTHLY;BYDAY=-1FR"},
		{"endless all-day", "FREQ=WEEKLY", "2025-03-24", true, 3,
			"FREQ=WEEKLY;UNTIL=20250407", "FREQ=WEEKLY"},
		{"all-day with count", "FREQ=YEARLY;COUNT=5", "2024-02-29", true, 1,
			"FREQ=YEARLY;COUNT=1", "FREQ=YEARLY;COUNT=4"},
	} {
		var s Series
		if tc.allDay {
			s = allDay(t, tc.rule, ber, tc.start, 2)
		} else {
			s = timed(t, tc.rule, ber, tc.start, time.Hour)
		}
		horizon := s.Start.AddDate(30, 0, 0)
		orig := all(s, horizon)
		rid := orig[tc.at].RecurrenceID
		before, after, err := SplitAt(s, rid)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if before.String() != tc.before || after.String() != tc.after {
			t.Errorf("%s: split into %q and %q, want %q and %q", tc.name, before, after, tc.before, tc.after)
		}
		b, a, err := s.Split(rid)
		if err != nil {
			t.Fatal(err)
		}
		if !b.Start.Equal(s.Start) || !a.Start.Equal(orig[tc.at].Start) || a.Duration != s.Duration || a.AllDay != s.AllDay || a.Loc != s.Loc {
			t.Errorf("%s: halves %+v / %+v", tc.name, b, a)
		}
		if err := b.Validate(); err != nil {
			t.Errorf("%s: before: %v", tc.name, err)
		}
		if err := a.Validate(); err != nil {
			t.Errorf("%s: after: %v", tc.name, err)
		}
		union := append(all(b, horizon), all(a, horizon)...)
		if !slices.Equal(starts2(union), starts2(orig)) {
			t.Errorf("%s: halves give\n %v\nwant\n %v", tc.name, starts(union, ber), starts(orig, ber))
		}
	}
}

// TestSplitEverywhere splits at every occurrence and checks that the two
// halves always give back the original.
func TestSplitEverywhere(t *testing.T) {
	ny := loadLoc(t, "America/New_York")
	for _, rule := range []string{
		"FREQ=DAILY;COUNT=12",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=9",
		"FREQ=WEEKLY;BYDAY=SU;UNTIL=20251130T150000Z",
		"FREQ=MONTHLY;BYMONTHDAY=31;UNTIL=20261231",
		"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=8",
	} {
		s := timed(t, rule, ny, "2025-08-31 01:30", 2*time.Hour)
		horizon := s.Start.AddDate(5, 0, 0)
		orig := all(s, horizon)
		for i := 1; i < len(orig); i++ {
			b, a, err := s.Split(orig[i].RecurrenceID)
			if err != nil {
				t.Fatalf("%s at %d: %v", rule, i, err)
			}
			bo, ao := all(b, horizon), all(a, horizon)
			if len(bo) != i || !slices.Equal(starts2(append(bo, ao...)), starts2(orig)) {
				t.Errorf("%s split at %d: %d + %d occurrences, want %d + %d", rule, i, len(bo), len(ao), i, len(orig)-i)
			}
		}
	}
}

func TestSplitAtErrorsAndExceptions(t *testing.T) {
	ber := loadLoc(t, "Europe/Berlin")
	s := timed(t, "FREQ=DAILY", ber, "2025-06-01 09:00", time.Hour,
		local(t, ber, "2025-06-02 09:00"), local(t, ber, "2025-06-05 09:00"), local(t, ber, "2025-06-09 09:00"))
	if _, _, err := SplitAt(s, s.Start); !errors.Is(err, ErrSplitAtFirst) {
		t.Errorf("split at the first: %v", err)
	}
	if _, _, err := SplitAt(s, local(t, ber, "2025-06-03 09:01")); !errors.Is(err, ErrNotOccurrence) {
		t.Errorf("split off the grid: %v", err)
	}
	if _, _, err := SplitAt(s, local(t, ber, "2025-05-31 09:00")); !errors.Is(err, ErrNotOccurrence) {
		t.Errorf("split before the start: %v", err)
	}
	if _, _, err := SplitAt(Series{}, s.Start); !errors.Is(err, ErrInvalidSeries) {
		t.Errorf("split of nothing: %v", err)
	}
	// A cancelled occurrence can still be split at; exceptions go with
	// their half.
	b, a, err := s.Split(local(t, ber, "2025-06-05 09:00"))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Exceptions) != 1 || len(a.Exceptions) != 2 {
		t.Errorf("exceptions %v / %v", b.Exceptions, a.Exceptions)
	}
	if b.Rule.String() != "FREQ=DAILY;UNTIL=20250604T070000Z" {
		t.Errorf("before = %s", b.Rule)
	}
	got := a.Between(a.Start, a.Start.AddDate(0, 0, 5), 0)
	if want := []string{"2025-06-06", "2025-06-07", "2025-06-08"}; !slices.Equal(dates(got, ber), want) {
		t.Errorf("after = %v, want %v", dates(got, ber), want)
	}
	// The original rule is untouched.
	if s.Rule.String() != "FREQ=DAILY" {
		t.Errorf("original rule became %s", s.Rule)
	}
}
