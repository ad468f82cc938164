package accounts_test

import (
	"strings"
	"testing"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/views"
)

// The registration and settings forms offer views.Timezones(): every one
// must be accepted.
func TestTimezoneListIsValid(t *testing.T) {
	zones := views.Timezones()
	if len(zones) < 300 {
		t.Fatalf("only %d zones", len(zones))
	}
	seen := map[string]bool{}
	for _, z := range zones {
		if seen[z] {
			t.Errorf("%s listed twice", z)
		}
		seen[z] = true
		if accounts.TimezoneProblem(&calendar.Zones{}, z) != "" {
			t.Errorf("%s does not load", z)
		}
	}
	for _, z := range []string{"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney"} {
		if !seen[z] {
			t.Errorf("%s missing", z)
		}
	}
	for _, bad := range []string{"", "Local", "Mars/Olympus", "../../etc/passwd", "Europe/Berlin "} {
		if accounts.TimezoneProblem(&calendar.Zones{}, bad) == "" {
			t.Errorf("%q accepted", bad)
		}
	}
}

// A zone typed into the time zone field plainly, with spaces or in the
// wrong case, is the zone it names; anything else stays as typed.
func TestZoneNameAsTyped(t *testing.T) {
	zones := &calendar.Zones{}
	for in, want := range map[string]string{
		"Europe/Berlin": "Europe/Berlin", " Europe/Berlin ": "Europe/Berlin", "europe/berlin": "Europe/Berlin",
		"America/New York": "America/New_York", "america/new  york": "America/New_York", "AMERICA/LOS_ANGELES": "America/Los_Angeles",
		"utc": "UTC", "asia/ho chi minh": "Asia/Ho_Chi_Minh", "America/Port-au-Prince": "America/Port-au-Prince",
		"Mars/Olympus": "Mars/Olympus", "../../etc/passwd": "../../etc/passwd", "": "", "Local": "Local",
	} {
		if got := accounts.ZoneName(zones, in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
	// Every listed zone whose words are capitalised (most; not
	// "Africa/Dar_es_Salaam" or "America/Port-au-Prince"), typed in lower
	// case with spaces, is found again.
	found := 0
	for _, z := range views.Timezones() {
		if !capitalised(z) {
			continue
		}
		typed := strings.ReplaceAll(strings.ToLower(z), "_", " ")
		if got := accounts.ZoneName(zones, typed); got != z {
			t.Errorf("%q: %q, want %q", typed, got, z)
		}
		found++
	}
	if found < 350 {
		t.Errorf("only %d zones capitalised", found)
	}
}

// capitalised reports whether each word of a zone name (between "/", "_"
// and "-") is an upper-case letter followed by lower-case ones.
func capitalised(z string) bool {
	for _, w := range strings.FieldsFunc(z, func(r rune) bool { return r == '/' || r == '_' || r == '-' }) {
		if w[:1] != strings.ToUpper(w[:1]) || w[1:] != strings.ToLower(w[1:]) {
			return false
		}
	}
	return true
}
