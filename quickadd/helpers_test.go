package quickadd

import (
	"errors"
	"testing"
	"time"
	// Embedded zone data keeps the tests independent of the machine's
	// tzdata. The package itself does not import it; the main binary does.
	_ "time/tzdata"

	"github.com/eventcal/eventcal/recur"
)

// stamp is how the tests write an instant: wall clock and zone in loc.
const stamp = "2006-01-02 15:04 MST"

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("zone %s: %v", name, err)
	}
	return loc
}

// berlinNow is the tests' usual now: Wednesday 2 December 2026, 10:00.
func berlinNow(t testing.TB) (time.Time, *time.Location) {
	loc := mustLoad(t, "Europe/Berlin")
	return time.Date(2026, 12, 2, 10, 0, 0, 0, loc), loc
}

// checkValid asserts what every successful Result promises.
func checkValid(t testing.TB, text string, r Result, loc *time.Location) {
	t.Helper()
	if r.End.Before(r.Start) {
		t.Errorf("%q: end %v before start %v", text, r.End, r.Start)
	}
	if r.Title == "" {
		t.Errorf("%q: empty title", text)
	}
	if r.Rule != "" {
		c, err := recur.Canonical(r.Rule)
		if err != nil || c != r.Rule {
			t.Errorf("%q: rule %q not canonical (%q, %v)", text, r.Rule, c, err)
		}
	}
	if r.AllDay {
		for _, at := range []time.Time{r.Start, r.End} {
			if l := at.In(loc); l.Hour() != 0 || l.Minute() != 0 {
				t.Errorf("%q: all-day bound %v is not local midnight", text, l)
			}
		}
	}
}

// wantErr asserts that err is an *Error of kind with a message.
func wantErr(t testing.TB, text string, err, kind error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, kind) || e.Msg == "" {
		t.Errorf("%q: error %v, want %v with a message", text, err, kind)
	}
}
