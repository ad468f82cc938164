package calendar

import (
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2025, 6, 9, h, m, 0, 0, time.UTC) }
	cases := []struct {
		c          Clock
		t          time.Time
		time, hour string
	}{
		{Clock24, at(0, 5), "00:05", "00:00"},
		{Clock24, at(9, 30), "09:30", "09:00"},
		{Clock24, at(13, 0), "13:00", "13:00"},
		{Clock12, at(0, 5), "12:05 AM", "12 AM"},
		{Clock12, at(9, 30), "9:30 AM", "9 AM"},
		{Clock12, at(12, 0), "12:00 PM", "12 PM"},
		{Clock12, at(23, 45), "11:45 PM", "11 PM"},
	}
	for _, tc := range cases {
		if got := tc.c.Time(tc.t); got != tc.time {
			t.Errorf("%v.Time(%v) = %q, want %q", tc.c, tc.t, got, tc.time)
		}
		if got := tc.c.Hour(tc.t.Hour()); got != tc.hour {
			t.Errorf("%v.Hour(%d) = %q, want %q", tc.c, tc.t.Hour(), got, tc.hour)
		}
	}
	if got := Clock12.Seconds(at(13, 5).Add(7 * time.Second)); got != "1:05:07 PM" {
		t.Errorf("Clock12.Seconds = %q", got)
	}
	if got := Clock24.Seconds(at(9, 5)); got != "09:05:00" {
		t.Errorf("Clock24.Seconds = %q", got)
	}
	spans := []struct {
		c    Clock
		a, b time.Time
		want string
	}{
		{Clock24, at(9, 0), at(10, 15), "09:00–10:15"},
		{Clock12, at(9, 0), at(10, 15), "9:00–10:15 AM"},
		{Clock12, at(11, 30), at(13, 0), "11:30 AM–1:00 PM"},
		{Clock12, at(13, 0), at(14, 0), "1:00–2:00 PM"},
	}
	for _, tc := range spans {
		if got := tc.c.Span(tc.a, tc.b); got != tc.want {
			t.Errorf("%v.Span = %q, want %q", tc.c, got, tc.want)
		}
	}
}

func TestParseSettings(t *testing.T) {
	for in, want := range map[string]Clock{"24h": Clock24, "12h": Clock12} {
		if c, ok := ParseClock(in); !ok || c != want || c.String() != in {
			t.Errorf("ParseClock(%q) = %v %v", in, c, ok)
		}
	}
	for _, bad := range []string{"", "12", "am/pm", "24H "} {
		if _, ok := ParseClock(bad); ok {
			t.Errorf("ParseClock(%q) accepted", bad)
		}
	}
	for in, want := range map[string]time.Weekday{"monday": time.Monday, "Sunday": time.Sunday, "saturday": time.Saturday} {
		if d, ok := ParseWeekStart(in); !ok || d != want || WeekStartName(d) != WeekStartName(want) {
			t.Errorf("ParseWeekStart(%q) = %v %v", in, d, ok)
		}
	}
	for _, bad := range []string{"", "tuesday", "1", "mon"} {
		if _, ok := ParseWeekStart(bad); ok {
			t.Errorf("ParseWeekStart(%q) accepted", bad)
		}
	}
}
