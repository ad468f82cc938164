package recur

import (
	"errors"
	"testing"
	"time"
)

func TestLastWithinBudget(t *testing.T) {
	r, err := Parse("FREQ=DAILY;COUNT=1000")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2025, 6, 9, 9, 0, 0, 0, time.UTC)
	s, err := NewSeries(r, start, start.Add(time.Hour), false, time.UTC, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := s.Last()

	b := NewBudget(2500)
	for i := 0; i < 2; i++ {
		got, ok, err := s.LastWithin(b)
		if err != nil || !ok || !got.Start.Equal(want.Start) {
			t.Fatalf("series %d within budget: %v %v %v, want %v", i, got.Start, ok, err, want.Start)
		}
	}
	if left := b.Left(); left > 500 || left < 400 {
		t.Fatalf("two series of 1000 left %d of 2500", left)
	}
	if _, _, err := s.LastWithin(b); !errors.Is(err, ErrOverBudget) {
		t.Fatalf("third series: err %v, want ErrOverBudget", err)
	}
	if !b.Exhausted() {
		t.Fatal("budget not exhausted")
	}

	u, _ := Parse("FREQ=WEEKLY;UNTIL=20300101T000000Z")
	us, _ := NewSeries(u, start, start.Add(time.Hour), false, time.UTC, nil)
	if _, _, err := us.LastWithin(NewBudget(1)); !errors.Is(err, ErrOverBudget) {
		t.Fatalf("UNTIL series on a budget of 1: err %v", err)
	}
	if _, ok, err := us.LastWithin(nil); err != nil || !ok {
		t.Fatalf("nil budget: %v %v", ok, err)
	}
}
