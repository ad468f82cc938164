package calendar

import (
	"testing"
	"time"
)

func TestZonesLoad(t *testing.T) {
	var z Zones
	for _, name := range []string{"", "Local", "Not/AZone", "../../etc/passwd"} {
		if got := z.Load(name); got != time.UTC {
			t.Errorf("Load(%q) = %v, want UTC", name, got)
		}
		if _, ok := z.Lookup(name); ok {
			t.Errorf("Lookup(%q) ok", name)
		}
	}
	b1, ok := z.Lookup("Europe/Berlin")
	if !ok || b1.String() != "Europe/Berlin" {
		t.Fatalf("Lookup(Europe/Berlin) = %v, %v", b1, ok)
	}
	if b2 := z.Load("Europe/Berlin"); b2 != b1 {
		t.Error("a zone is loaded again instead of reused")
	}
}
