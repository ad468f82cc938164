package calendar

import (
	"errors"
	"testing"
	"time"
)

func TestParseLocal(t *testing.T) {
	berlin := loadLoc(t, "Europe/Berlin")
	ny := loadLoc(t, "America/New_York")
	havana := loadLoc(t, "America/Havana")
	for _, tc := range []struct {
		in   string
		loc  *time.Location
		want string // RFC 3339 with nanoseconds
	}{
		{"2025-06-09T09:00", berlin, "2025-06-09T09:00:00+02:00"},
		{"2025-06-09t09:00", berlin, "2025-06-09T09:00:00+02:00"},
		{"2025-06-09 09:00", berlin, "2025-06-09T09:00:00+02:00"},
		{"2025-06-09T09:00:30", berlin, "2025-06-09T09:00:30+02:00"},
		{"2025-06-09T09:00:30.5", berlin, "2025-06-09T09:00:30.5+02:00"},
		{"2025-06-09T09:00:30.123456789", berlin, "2025-06-09T09:00:30.123456789+02:00"},
		{"2025-12-31T23:59", ny, "2025-12-31T23:59:00-05:00"},
		{"2025-06-09T00:00", nil, "2025-06-09T00:00:00Z"},
		{"2025-06-09", berlin, "2025-06-09T00:00:00+02:00"},
		{"2025-03-30", berlin, "2025-03-30T00:00:00+01:00"},
		{"2025-03-09", havana, "2025-03-09T01:00:00-04:00"}, // day starts after the gap
		// DST gap: resolves forward by the size of the gap.
		{"2025-03-30T02:00", berlin, "2025-03-30T03:00:00+02:00"},
		{"2025-03-30T02:30", berlin, "2025-03-30T03:30:00+02:00"},
		{"2025-03-30T03:00", berlin, "2025-03-30T03:00:00+02:00"},
		{"2025-03-09T02:30", ny, "2025-03-09T03:30:00-04:00"},
		{"2025-03-09T00:30", havana, "2025-03-09T01:30:00-04:00"},
		// DST overlap: the earlier instant.
		{"2025-10-26T02:30", berlin, "2025-10-26T02:30:00+02:00"},
		{"2025-10-26T03:00", berlin, "2025-10-26T03:00:00+01:00"},
		{"2025-11-02T01:30", ny, "2025-11-02T01:30:00-04:00"},
		{"2025-11-02T00:30", havana, "2025-11-02T00:30:00-04:00"},
	} {
		got, err := ParseLocal(tc.in, tc.loc)
		if err != nil {
			t.Errorf("ParseLocal(%q): %v", tc.in, err)
			continue
		}
		if s := got.Format(time.RFC3339Nano); s != tc.want {
			t.Errorf("ParseLocal(%q, %v) = %s, want %s", tc.in, tc.loc, s, tc.want)
		}
	}
}

func TestParseLocalRejects(t *testing.T) {
	for _, in := range []string{
		"", "2025-06-09T", "2025-06-09T9:00", "2025-06-09T09:0", "2025-06-09T24:00",
		"2025-06-09T23:60", "2025-06-09T09:00:60", "2025-06-09T09:00:5", "2025-06-09T09:00:",
		"2025-06-09T09:00:00.", "2025-06-09T09:00:00.1234567890", "2025-06-09T09:00:00.x",
		"2025-06-09T09:00Z", "2025-06-09T09:00+02:00", "2025-06-09T09:00:00Z",
		"2025-02-30T09:00", "2025-2-3T09:00", "0000-01-01T00:00", "2025-06-09X09:00",
		"2025-06-09T09-00", "2025-06-09T-1:00", " 2025-06-09T09:00", "2025-06-09T09:00 ",
		"2025-06-09T09:00:00,5", "2025-06-09T+9:00",
	} {
		if got, err := ParseLocal(in, time.UTC); err == nil {
			t.Errorf("ParseLocal(%q) = %v, want error", in, got)
		} else if !errors.Is(err, ErrInvalidLocal) {
			t.Errorf("ParseLocal(%q) error does not wrap ErrInvalidLocal", in)
		}
	}
}

func TestFormatLocalInput(t *testing.T) {
	berlin := loadLoc(t, "Europe/Berlin")
	instant := time.Date(2025, 6, 9, 7, 5, 59, 0, time.UTC)
	for _, tc := range []struct {
		t    time.Time
		loc  *time.Location
		want string
	}{
		{instant, berlin, "2025-06-09T09:05"},
		{instant, time.UTC, "2025-06-09T07:05"},
		{instant, nil, "2025-06-09T07:05"},
		{time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC), berlin, "2026-01-01T00:30"},
		{time.Time{}, berlin, ""},
	} {
		if got := FormatLocalInput(tc.t, tc.loc); got != tc.want {
			t.Errorf("FormatLocalInput(%v, %v) = %q, want %q", tc.t, tc.loc, got, tc.want)
		}
	}
	// Round trip through the form.
	in := "2025-10-26T02:30"
	got, err := ParseLocal(in, berlin)
	if err != nil || FormatLocalInput(got, berlin) != in {
		t.Errorf("round trip of %q = %v, %v", in, got, err)
	}
}
