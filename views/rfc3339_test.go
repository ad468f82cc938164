package views

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestAppendRFC3339MatchesTheLayout: every instant in every kind of zone
// (UTC, whole and half hours, west of Greenwich, local mean time of the
// 19th century) is written as time.RFC3339 writes it.
func TestAppendRFC3339MatchesTheLayout(t *testing.T) {
	var zones []*time.Location
	for _, name := range []string{"UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham", "America/New_York"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		zones = append(zones, loc)
	}
	zones = append(zones, time.FixedZone("odd", -(3*3600+25*60+7)))
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 20000 {
		at := time.Unix(r.Int64N(8e9)-4e9, int64(r.IntN(1e9))).In(zones[i%len(zones)])
		if got, want := string(appendRFC3339([]byte("x"), at)), "x"+at.Format(time.RFC3339); got != want {
			t.Fatalf("%v: %q, want %q", at, got, want)
		}
	}
	far := time.Date(12000, 1, 2, 3, 4, 5, 0, time.UTC)
	if got := string(appendRFC3339(nil, far)); got != far.Format(time.RFC3339) {
		t.Errorf("year 12000: %q", got)
	}
}
