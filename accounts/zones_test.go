package accounts_test

import (
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
