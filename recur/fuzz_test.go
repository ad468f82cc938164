package recur

import (
	"errors"
	"testing"
	"time"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"FREQ=DAILY", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=2TU",
		"FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=YEARLY", "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270331", "FREQ=DAILY;UNTIL=20270331T215959Z",
		"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "FREQ=WEEKLY;WKST=SU;INTERVAL=2;BYDAY=SU,SA",
		"FREQ=YEARLY;BYDAY=-53MO", "FREQ=YEARLY;BYDAY=53SU", "FREQ=MONTHLY;BYDAY=5MO;BYMONTH=2",
		"FREQ=WEEKLY;BYSETPOS=-366;BYMONTH=12", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-29",
		"FREQ=HOURLY", "FREQ=DAILY;BYHOUR=9", "FREQ=DAILY;COUNT=100000", "", "garbage", "RRULE:freq=daily;",
		"FREQ=DAILY;INTERVAL=+1", "FREQ=DAILY;COUNT=-0", "FREQ=MONTHLY;BYDAY=+5SU,-5SU", "FREQ=WEEKLY;BYDAY=MO,",
		"FREQ=DAILY;UNTIL=99991231T235959Z", "FREQ=YEARLY;INTERVAL=1000;UNTIL=00010101",
	} {
		f.Add(s)
	}
	start := time.Date(2025, 6, 10, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s)
		if err != nil {
			if !r.IsZero() {
				t.Fatalf("Parse(%q) returned %q with an error", s, r)
			}
			var re *Error
			if !errors.As(err, &re) || re.Msg == "" || !errors.Is(err, ErrInvalidRule) && !errors.Is(err, ErrNoOccurrence) {
				t.Fatalf("Parse(%q) error %#v", s, err)
			}
			return
		}
		c := r.String()
		r2, err := Parse(c)
		if err != nil {
			t.Fatalf("Parse(%q) = %q, which does not parse: %v", s, c, err)
		}
		if r2.String() != c {
			t.Fatalf("Parse(%q) = %q, then %q", s, c, r2)
		}
		_ = Describe(r, start, time.UTC)

		series, err := NewSeries(r, start, start.Add(time.Hour), false, time.UTC, nil)
		if err != nil {
			return
		}
		from := start.AddDate(0, 1, 0)
		to := from.AddDate(0, 0, 42)
		occ := series.Between(from, to, 0)
		for i, o := range occ {
			if !o.Start.Before(to) || !o.End.After(from) && o.Start.Before(from) {
				t.Fatalf("%q: occurrence %v outside [%v, %v)", c, o.Start, from, to)
			}
			if i > 0 && !o.Start.After(occ[i-1].Start) {
				t.Fatalf("%q: occurrences out of order at %d", c, i)
			}
		}
		if n := r.Count(); n > 0 && len(occ) > n {
			t.Fatalf("%q: %d occurrences", c, len(occ))
		}
		if o, ok := series.Next(from); ok && len(occ) > 0 && !o.Start.Equal(occ[0].Start) {
			t.Fatalf("%q: Next(%v) = %v, Between starts with %v", c, from, o.Start, occ[0].Start)
		}
	})
}
