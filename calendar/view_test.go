package calendar

import (
	"errors"
	"testing"
	"time"
)

func TestParseView(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want View
		ok   bool
	}{
		{"", Month, true},
		{"month", Month, true},
		{"week", Week, true},
		{"day", Day, true},
		{" Week ", Week, true},
		{"DAY", Day, true},
		{"year", Year, true},
		{"Agenda", Agenda, true},
		{"months", "", false},
		{"decade", "", false},
	} {
		got, err := ParseView(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseView(%q) = %q, %v", tc.in, got, err)
		}
		if err != nil && !errors.Is(err, ErrInvalidView) {
			t.Errorf("ParseView(%q) error does not wrap ErrInvalidView", tc.in)
		}
		if tc.ok != got.Valid() {
			t.Errorf("View(%q).Valid() = %v", got, got.Valid())
		}
	}
	if Week.String() != "week" {
		t.Error("View.String")
	}
}

func TestPrevNext(t *testing.T) {
	for _, tc := range []struct {
		v          View
		d          string
		prev, next string
	}{
		{Month, "2025-06-09", "2025-05-09", "2025-07-09"},
		{Month, "2025-03-31", "2025-02-28", "2025-04-30"},
		{Month, "2025-12-31", "2025-11-30", "2026-01-31"},
		{Month, "2026-01-15", "2025-12-15", "2026-02-15"},
		{Month, "2028-03-31", "2028-02-29", "2028-04-30"},
		{Week, "2025-06-09", "2025-06-02", "2025-06-16"},
		{Week, "2025-12-29", "2025-12-22", "2026-01-05"},
		{Day, "2025-12-31", "2025-12-30", "2026-01-01"},
		{Day, "2028-03-01", "2028-02-29", "2028-03-02"},
		{Agenda, "2025-06-09", "2025-05-10", "2025-07-09"},
		{Year, "2025-06-09", "2024-06-09", "2026-06-09"},
		{Year, "2028-02-29", "2027-02-28", "2029-02-28"},
		{View("x"), "2025-06-09", "2025-05-09", "2025-07-09"},
	} {
		d := mustDate(t, tc.d)
		if got := Prev(tc.v, d).String(); got != tc.prev {
			t.Errorf("Prev(%s, %s) = %s, want %s", tc.v, tc.d, got, tc.prev)
		}
		if got := Next(tc.v, d).String(); got != tc.next {
			t.Errorf("Next(%s, %s) = %s, want %s", tc.v, tc.d, got, tc.next)
		}
	}
}

func TestTitle(t *testing.T) {
	for _, tc := range []struct {
		v         View
		d         string
		weekStart time.Weekday
		want      string
	}{
		{Month, "2025-06-09", time.Monday, "June 2025"},
		{Month, "2026-01-31", time.Sunday, "January 2026"},
		{Week, "2025-06-09", time.Monday, "9 – 15 June 2025"},
		{Week, "2025-06-12", time.Monday, "9 – 15 June 2025"},
		{Week, "2025-06-12", time.Sunday, "8 – 14 June 2025"},
		{Week, "2025-07-02", time.Monday, "30 June – 6 July 2025"},
		{Week, "2025-12-31", time.Monday, "29 December 2025 – 4 January 2026"},
		{Week, "2026-01-03", time.Sunday, "28 December 2025 – 3 January 2026"},
		{Week, "2025-12-01", time.Monday, "1 – 7 December 2025"},
		{Day, "2025-06-09", time.Monday, "Monday, 9 June 2025"},
		{Day, "2026-01-01", time.Monday, "Thursday, 1 January 2026"},
		{Agenda, "2025-06-09", time.Sunday, "9 June – 8 July 2025"},
		{Agenda, "2025-12-20", time.Monday, "20 December 2025 – 18 January 2026"},
		{Year, "2025-06-09", time.Monday, "2025"},
		{View(""), "2025-06-09", time.Monday, "June 2025"},
	} {
		if got := Title(tc.v, mustDate(t, tc.d), tc.weekStart); got != tc.want {
			t.Errorf("Title(%q, %s, %v) = %q, want %q", tc.v, tc.d, tc.weekStart, got, tc.want)
		}
	}
}

func TestViewRangeAgendaAndYear(t *testing.T) {
	d := mustDate(t, "2024-06-09")
	if r := ViewRange(Agenda, d, time.Monday); r.From != d || r.Len() != AgendaDays {
		t.Errorf("agenda range %v", r)
	}
	r := ViewRange(Year, d, time.Sunday)
	if r.From.String() != "2024-01-01" || r.To.String() != "2025-01-01" || r.Len() != 366 {
		t.Errorf("year range %v (%d days)", r, r.Len())
	}
}
