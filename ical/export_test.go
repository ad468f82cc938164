package ical

import "testing"

// Fixtures and Sample give the external tests (package ical_test, which
// may import icaltest) the fixtures of the internal ones.
func Fixtures(t testing.TB) []Event { return fixtures(t) }

func Sample(t testing.TB, name string) []byte { return sample(t, name) }
