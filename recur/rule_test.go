package recur

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/calendar"
)

func TestParseCanonical(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"FREQ=DAILY", "FREQ=DAILY"},
		{"FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10"},
		{"freq=weekly;byday=th,tu;count=10", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10"},
		{"RRULE:FREQ=DAILY;", "FREQ=DAILY"},
		{"  FREQ=DAILY  ", "FREQ=DAILY"},
		{"COUNT=3;FREQ=DAILY;INTERVAL=1", "FREQ=DAILY;COUNT=3"},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO,SU;WKST=MO", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU"},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=SU", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=SU"},
		{"FREQ=MONTHLY;BYDAY=+2TU", "FREQ=MONTHLY;BYDAY=2TU"},
		{"FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"},
		{"FREQ=MONTHLY;BYDAY=1MO,-1MO,3MO", "FREQ=MONTHLY;BYDAY=-1MO,1MO,3MO"},
		{"FREQ=MONTHLY;BYMONTHDAY=15,1,-1,15", "FREQ=MONTHLY;BYMONTHDAY=-1,1,15"},
		{"FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH"},
		{"FREQ=YEARLY;BYMONTH=7,1", "FREQ=YEARLY;BYMONTH=1,7"},
		{"FREQ=YEARLY;BYDAY=20MO", "FREQ=YEARLY;BYDAY=20MO"},
		{"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"},
		{"FREQ=DAILY;UNTIL=20270331", "FREQ=DAILY;UNTIL=20270331"},
		{"FREQ=DAILY;UNTIL=20270331T215959Z", "FREQ=DAILY;UNTIL=20270331T215959Z"},
		{"FREQ=DAILY;INTERVAL=1000;COUNT=1000", "FREQ=DAILY;INTERVAL=1000;COUNT=1000"},
		{"FREQ=DAILY;COUNT=007", "FREQ=DAILY;COUNT=7"},
		{"FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=29"},
	} {
		r, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if got := r.String(); got != tc.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.in, got, tc.want)
		}
		again, err := Parse(r.String())
		if err != nil || !again.Equal(r) {
			t.Errorf("round trip of %q: %v, %v", r, again, err)
		}
		if c, err := Canonical(tc.in); err != nil || c != tc.want {
			t.Errorf("Canonical(%q) = %q, %v", tc.in, c, err)
		}
	}
}

func TestParseAccessors(t *testing.T) {
	r := mustParse(t, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=4")
	if r.Freq() != Weekly || r.Interval() != 2 || r.Count() != 4 || !r.Until().IsZero() || !r.UntilDate().IsZero() || r.Endless() {
		t.Errorf("accessors of %v wrong", r)
	}
	u := mustParse(t, "FREQ=DAILY;UNTIL=20270331T215959Z")
	if want := time.Date(2027, 3, 31, 21, 59, 59, 0, time.UTC); !u.Until().Equal(want) || u.Until().Location() != time.UTC {
		t.Errorf("Until() = %v", u.Until())
	}
	d := mustParse(t, "FREQ=DAILY;UNTIL=20270331")
	if d.UntilDate() != (calendar.Date{Y: 2027, M: time.March, D: 31}) || !d.Until().IsZero() {
		t.Errorf("UntilDate() = %v", d.UntilDate())
	}
	if !mustParse(t, "FREQ=YEARLY").Endless() || (Rule{}).Endless() || !(Rule{}).IsZero() || (Rule{}).String() != "" {
		t.Error("Endless/IsZero wrong")
	}
	if Freq(0).String() != "" || Yearly.String() != "YEARLY" {
		t.Error("Freq.String wrong")
	}
	if c, err := Canonical("  "); c != "" || err != nil {
		t.Errorf(`Canonical("  ") = %q, %v`, c, err)
	}
}

func TestParseRejects(t *testing.T) {
	for _, tc := range []struct {
		in   string
		kind error
		msg  string // a part of the message
	}{
		{"", ErrInvalidRule, "empty"},
		{"   ", ErrInvalidRule, "empty"},
		{"garbage", ErrInvalidRule, "NAME=VALUE"},
		{"FREQ", ErrInvalidRule, "NAME=VALUE"},
		{"FREQ=", ErrInvalidRule, "NAME=VALUE"},
		{"FREQ=DAILY;;COUNT=2", ErrInvalidRule, "NAME=VALUE"},
		{"FREQ=DAILY;COUNT==2", ErrInvalidRule, "NAME=VALUE"},
		{"FREQ=HOURLY", ErrInvalidRule, "more often than daily"},
		{"FREQ=MINUTELY", ErrInvalidRule, "more often than daily"},
		{"FREQ=SECONDLY", ErrInvalidRule, "more often than daily"},
		{"FREQ=FORTNIGHTLY", ErrInvalidRule, "FREQ must be"},
		{"FREQ=DAILY;BYHOUR=9", ErrInvalidRule, "BYHOUR is not supported"},
		{"FREQ=DAILY;BYMINUTE=30", ErrInvalidRule, "BYMINUTE is not supported"},
		{"FREQ=DAILY;BYSECOND=1", ErrInvalidRule, "BYSECOND is not supported"},
		{"FREQ=YEARLY;BYWEEKNO=20", ErrInvalidRule, "BYWEEKNO is not supported"},
		{"FREQ=YEARLY;BYYEARDAY=100", ErrInvalidRule, "BYYEARDAY"},
		{"FREQ=YEARLY;BYEASTER=0", ErrInvalidRule, "BYEASTER"},
		{"FREQ=DAILY;X-FOO=1", ErrInvalidRule, "Unknown part"},
		{"COUNT=3", ErrInvalidRule, "needs FREQ"},
		{"FREQ=DAILY;FREQ=WEEKLY", ErrInvalidRule, "twice"},
		{"FREQ=DAILY;COUNT=100000", ErrInvalidRule, "COUNT must be"},
		{"FREQ=DAILY;COUNT=1001", ErrInvalidRule, "COUNT must be"},
		{"FREQ=DAILY;COUNT=0", ErrInvalidRule, "COUNT must be"},
		{"FREQ=DAILY;COUNT=-1", ErrInvalidRule, "COUNT must be"},
		{"FREQ=DAILY;INTERVAL=1001", ErrInvalidRule, "INTERVAL must be"},
		{"FREQ=DAILY;INTERVAL=0", ErrInvalidRule, "INTERVAL must be"},
		{"FREQ=DAILY;COUNT=3;UNTIL=20270101", ErrInvalidRule, "not both"},
		{"FREQ=DAILY;UNTIL=20270101T000000", ErrInvalidRule, "UNTIL must be"},
		{"FREQ=DAILY;UNTIL=20270230", ErrInvalidRule, "UNTIL must be"},
		{"FREQ=DAILY;UNTIL=00000101", ErrInvalidRule, "UNTIL must be"},
		{"FREQ=DAILY;UNTIL=20270101T246000Z", ErrInvalidRule, "UNTIL must be"},
		{"FREQ=DAILY;UNTIL=2027-01-01", ErrInvalidRule, "UNTIL must be"},
		{"FREQ=WEEKLY;BYDAY=XX", ErrInvalidRule, "BYDAY takes"},
		{"FREQ=WEEKLY;BYDAY=MO,", ErrInvalidRule, "BYDAY takes"},
		{"FREQ=MONTHLY;BYDAY=0MO", ErrInvalidRule, "BYDAY takes"},
		{"FREQ=WEEKLY;BYDAY=2TU", ErrInvalidRule, "needs FREQ=MONTHLY"},
		{"FREQ=DAILY;BYDAY=-1FR", ErrInvalidRule, "needs FREQ=MONTHLY"},
		{"FREQ=MONTHLY;BYDAY=6MO", ErrInvalidRule, "does not exist"},
		{"FREQ=YEARLY;BYMONTH=3;BYDAY=-6MO", ErrInvalidRule, "does not exist"},
		{"FREQ=YEARLY;BYDAY=54MO", ErrInvalidRule, "does not exist"},
		{"FREQ=MONTHLY;BYMONTHDAY=32", ErrInvalidRule, "BYMONTHDAY takes"},
		{"FREQ=MONTHLY;BYMONTHDAY=0", ErrInvalidRule, "BYMONTHDAY takes"},
		{"FREQ=MONTHLY;BYMONTHDAY=-32", ErrInvalidRule, "BYMONTHDAY takes"},
		{"FREQ=MONTHLY;BYMONTHDAY=1.5", ErrInvalidRule, "unexpected character"},
		{"FREQ=YEARLY;BYMONTH=13", ErrInvalidRule, "BYMONTH takes"},
		{"FREQ=YEARLY;BYMONTH=0", ErrInvalidRule, "BYMONTH takes"},
		{"FREQ=WEEKLY;BYMONTHDAY=1", ErrInvalidRule, "cannot be used with FREQ=WEEKLY"},
		{"FREQ=MONTHLY;BYSETPOS=1", ErrInvalidRule, "BYSETPOS needs"},
		{"FREQ=DAILY;BYMONTH=6;BYSETPOS=1", ErrInvalidRule, "no use with FREQ=DAILY"},
		{"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", ErrInvalidRule, "BYSETPOS takes"},
		{"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=367", ErrInvalidRule, "BYSETPOS takes"},
		{"FREQ=WEEKLY;WKST=XX", ErrInvalidRule, "WKST must be"},
		{"FREQ=DAILY\nRRULE:FREQ=DAILY", ErrInvalidRule, "unexpected character"},
		{"DTSTART=20250101;FREQ=DAILY", ErrInvalidRule, "DTSTART is not supported"},
		{"FREQ=DAILY;COUNT=3 ", ErrInvalidRule, ""}, // trimmed: valid, see below
		{"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", ErrNoOccurrence, "never repeats"},
		{"FREQ=MONTHLY;BYMONTH=4,6,9,11;BYMONTHDAY=31,-31", ErrNoOccurrence, "never repeats"},
		{"FREQ=DAILY;COUNT=" + strings.Repeat("9", 600), ErrInvalidRule, "too long"},
		{"FREQ=DAILY;BYDAY=MÖ", ErrInvalidRule, "unexpected character \"Ö\""},
	} {
		r, err := Parse(tc.in)
		if tc.msg == "" {
			if err != nil {
				t.Errorf("Parse(%q): %v", tc.in, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("Parse(%q) = %q, want an error", tc.in, r)
			continue
		}
		if !r.IsZero() {
			t.Errorf("Parse(%q) returned %q with its error", tc.in, r)
		}
		if !errors.Is(err, tc.kind) {
			t.Errorf("Parse(%q) error %v is not %v", tc.in, err, tc.kind)
		}
		var re *Error
		if !errors.As(err, &re) || !strings.Contains(re.Msg, tc.msg) {
			t.Errorf("Parse(%q) error %q, want a message containing %q", tc.in, err, tc.msg)
		}
	}
}

func TestWeekdayNumString(t *testing.T) {
	for _, tc := range []struct {
		w    WeekdayNum
		want string
	}{
		{WeekdayNum{Day: time.Tuesday}, "TU"},
		{WeekdayNum{N: 2, Day: time.Tuesday}, "2TU"},
		{WeekdayNum{N: -1, Day: time.Friday}, "-1FR"},
		{WeekdayNum{N: 53, Day: time.Sunday}, "53SU"},
	} {
		if got := tc.w.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.w, got, tc.want)
		}
	}
}

func TestParseRejectsImpossibleCombinations(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"FREQ=MONTHLY;BYMONTHDAY=1;BYDAY=2MO", false},
		{"FREQ=MONTHLY;BYMONTHDAY=8;BYDAY=2MO", true},
		{"FREQ=MONTHLY;BYMONTHDAY=14;BYDAY=2MO", true},
		{"FREQ=MONTHLY;BYMONTHDAY=15;BYDAY=2MO", false},
		{"FREQ=MONTHLY;BYMONTHDAY=1,15;BYDAY=2MO,3MO", true},
		{"FREQ=MONTHLY;BYMONTHDAY=-1;BYDAY=-1FR", true},
		{"FREQ=MONTHLY;BYMONTHDAY=-8;BYDAY=-1FR", false},
		{"FREQ=MONTHLY;BYMONTHDAY=22;BYDAY=-1FR", true},  // 28-day February
		{"FREQ=MONTHLY;BYMONTHDAY=21;BYDAY=-1FR", false}, // never the last
		{"FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=5TH", true},
		{"FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30;BYDAY=5TH", false},
		{"FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=1;BYDAY=4TH", false},
		{"FREQ=YEARLY;BYMONTHDAY=1;BYDAY=20MO", true}, // numbered in the year: not checked
		{"FREQ=YEARLY;BYMONTHDAY=1;BYDAY=MO", true},
		{"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=5", true},
		{"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6", false},
		{"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6,-1", true},
		{"FREQ=MONTHLY;BYDAY=1MO,3MO;BYSETPOS=-3", false},
		{"FREQ=MONTHLY;BYMONTHDAY=1,2;BYSETPOS=3", false},
		{"FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=2", true},
		{"FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=3", false},
		{"FREQ=WEEKLY;BYMONTH=1;BYSETPOS=2", false},
		{"FREQ=YEARLY;BYMONTH=1,2;BYMONTHDAY=1;BYSETPOS=2", true},
		{"FREQ=YEARLY;BYMONTH=1,2;BYMONTHDAY=1;BYSETPOS=3", false},
		{"FREQ=YEARLY;BYDAY=1MO,-1MO;BYSETPOS=2", true},
		{"FREQ=YEARLY;BYDAY=MO;BYSETPOS=53", true},
		{"FREQ=YEARLY;BYDAY=MO;BYSETPOS=54", false},
	} {
		_, err := Parse(tc.in)
		if tc.ok && err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
		}
		if !tc.ok && !errors.Is(err, ErrNoOccurrence) {
			t.Errorf("Parse(%q) = %v, want ErrNoOccurrence", tc.in, err)
		}
	}
}
