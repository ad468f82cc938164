package recur

import (
	"slices"
	"testing"

	"github.com/eventcal/eventcal/calendar"
)

func TestDescribe(t *testing.T) {
	ber := loadLoc(t, "Europe/Berlin")
	for _, tc := range []struct{ rule, start, want string }{
		{"", "2025-06-10", "Does not repeat"},
		{"FREQ=DAILY", "2025-06-10", "Every day"},
		{"FREQ=DAILY;INTERVAL=3", "2025-06-10", "Every 3 days"},
		{"FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "2025-06-10", "Every weekday"},
		{"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2025-06-10", "Every weekday"},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR", "2025-06-10", "Every 2 weeks on Monday, Tuesday, Wednesday, Thursday and Friday"},
		{"FREQ=DAILY;BYDAY=SA,SU", "2025-06-10", "Every day on Saturday and Sunday"},
		{"FREQ=DAILY;BYMONTH=12", "2025-12-01", "Every day in December"},
		{"FREQ=WEEKLY;COUNT=10", "2025-06-09", "Weekly on Monday, 10 times"},
		{"FREQ=WEEKLY;BYDAY=TU", "2025-06-10", "Weekly on Tuesday"},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270331", "2025-06-10", "Every 2 weeks on Tuesday and Thursday, until 31 March 2027"},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270331T215959Z", "2025-06-10", "Every 2 weeks on Tuesday and Thursday, until 31 March 2027"},
		{"FREQ=WEEKLY;UNTIL=20270331T225959Z", "2025-06-10", "Weekly on Tuesday, until 1 April 2027"},
		{"FREQ=WEEKLY;COUNT=1", "2025-06-10", "Weekly on Tuesday, once"},
		{"FREQ=MONTHLY;BYDAY=2TU", "2025-06-10", "Every month on the 2nd Tuesday"},
		{"FREQ=MONTHLY;BYDAY=-1FR", "2025-06-27", "Every month on the last Friday"},
		{"FREQ=MONTHLY;BYDAY=-2FR", "2025-06-20", "Every month on the 2nd to last Friday"},
		{"FREQ=MONTHLY;BYDAY=1MO,3MO", "2025-06-02", "Every month on the 1st Monday and the 3rd Monday"},
		{"FREQ=MONTHLY;BYDAY=TU", "2025-06-10", "Every month on every Tuesday"},
		{"FREQ=MONTHLY;BYMONTHDAY=31", "2025-01-31", "Every month on day 31"},
		{"FREQ=MONTHLY", "2025-01-31", "Every month on day 31"},
		{"FREQ=MONTHLY;BYMONTHDAY=1,15", "2025-06-01", "Every month on days 1 and 15"},
		{"FREQ=MONTHLY;BYMONTHDAY=-1", "2025-06-30", "Every month on the last day"},
		{"FREQ=MONTHLY;BYMONTHDAY=1,-1", "2025-06-01", "Every month on day 1 and the last day"},
		{"FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR", "2025-06-13", "Every month on day 13, when it is Friday"},
		{"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "2025-06-30", "Every month on the last weekday"},
		{"FREQ=MONTHLY;BYDAY=SA,SU;BYSETPOS=1", "2025-06-01", "Every month on every Saturday and every Sunday (only the 1st of each month)"},
		{"FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO", "2025-06-02", "Every 3 months on the 1st Monday"},
		{"FREQ=MONTHLY;BYMONTH=1,7;BYMONTHDAY=1", "2025-07-01", "Every month on day 1 in January and July"},
		{"FREQ=YEARLY", "2024-02-29", "Every year on 29 February"},
		{"FREQ=YEARLY", "2025-06-10", "Every year on 10 June"},
		{"FREQ=YEARLY;INTERVAL=2", "2025-06-10", "Every 2 years on 10 June"},
		{"FREQ=YEARLY;BYMONTH=3,6", "2025-03-10", "Every year on 10 March and 10 June"},
		{"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "2024-02-29", "Every year on 29 February"},
		{"FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", "2025-11-27", "Every year on the 4th Thursday of November"},
		{"FREQ=YEARLY;BYDAY=20MO", "2025-05-19", "Every year on the 20th Monday of the year"},
		{"FREQ=YEARLY;BYMONTH=3;BYDAY=MO", "2025-03-03", "Every year on every Monday in March"},
		{"FREQ=YEARLY;BYMONTHDAY=1", "2025-03-01", "Every year on day 1 of every month"},
		{"FREQ=YEARLY;BYMONTH=1,7;BYMONTHDAY=-1", "2025-01-31", "Every year on the last day in January and July"},
	} {
		var r Rule
		if tc.rule != "" {
			r = mustParse(t, tc.rule)
		}
		d, err := calendar.ParseDate(tc.start)
		if err != nil {
			t.Fatal(err)
		}
		if got := Describe(r, d.At(9, 0, ber), ber); got != tc.want {
			t.Errorf("Describe(%q) = %q, want %q", tc.rule, got, tc.want)
		}
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{
		1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd",
		23: "23rd", 53: "53rd", 101: "101st", 111: "111th", -1: "last", -2: "2nd to last", -3: "3rd to last",
	} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestPresets(t *testing.T) {
	for _, tc := range []struct {
		date string
		want []Preset
	}{
		{"2025-06-27", []Preset{ // the 4th and last Friday
			{"", "Does not repeat"},
			{"FREQ=DAILY", "Daily"},
			{"FREQ=WEEKLY;BYDAY=FR", "Weekly on Friday"},
			{"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Every weekday (Monday to Friday)"},
			{"FREQ=MONTHLY;BYDAY=4FR", "Monthly on the 4th Friday"},
			{"FREQ=MONTHLY;BYDAY=-1FR", "Monthly on the last Friday"},
			{"FREQ=MONTHLY;BYMONTHDAY=27", "Monthly on day 27"},
			{"FREQ=YEARLY", "Yearly on 27 June"},
		}},
		{"2025-06-10", []Preset{ // the 2nd Tuesday
			{"", "Does not repeat"},
			{"FREQ=DAILY", "Daily"},
			{"FREQ=WEEKLY;BYDAY=TU", "Weekly on Tuesday"},
			{"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Every weekday (Monday to Friday)"},
			{"FREQ=MONTHLY;BYDAY=2TU", "Monthly on the 2nd Tuesday"},
			{"FREQ=MONTHLY;BYMONTHDAY=10", "Monthly on day 10"},
			{"FREQ=YEARLY", "Yearly on 10 June"},
		}},
		{"2025-06-29", []Preset{ // the 5th Sunday, and the last day but one
			{"", "Does not repeat"},
			{"FREQ=DAILY", "Daily"},
			{"FREQ=WEEKLY;BYDAY=SU", "Weekly on Sunday"},
			{"FREQ=MONTHLY;BYDAY=-1SU", "Monthly on the last Sunday"},
			{"FREQ=MONTHLY;BYMONTHDAY=29", "Monthly on day 29"},
			{"FREQ=YEARLY", "Yearly on 29 June"},
		}},
		{"2024-02-29", []Preset{ // a leap day, the last Thursday, the last day
			{"", "Does not repeat"},
			{"FREQ=DAILY", "Daily"},
			{"FREQ=WEEKLY;BYDAY=TH", "Weekly on Thursday"},
			{"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Every weekday (Monday to Friday)"},
			{"FREQ=MONTHLY;BYDAY=-1TH", "Monthly on the last Thursday"},
			{"FREQ=MONTHLY;BYMONTHDAY=29", "Monthly on day 29"},
			{"FREQ=MONTHLY;BYMONTHDAY=-1", "Monthly on the last day"},
			{"FREQ=YEARLY", "Yearly on 29 February (leap years only)"},
		}},
	} {
		d, err := calendar.ParseDate(tc.date)
		if err != nil {
			t.Fatal(err)
		}
		if got := Presets(d); !slices.Equal(got, tc.want) {
			t.Errorf("Presets(%s) =\n %q\nwant\n %q", tc.date, got, tc.want)
		}
	}
}

// TestPresetsMatchTheirStart checks, for every day of two years, that each
// preset is canonical, that its rule's first occurrence is the start
// itself (no DTSTART extra), and that PresetFor finds it again.
func TestPresetsMatchTheirStart(t *testing.T) {
	ber := loadLoc(t, "Europe/Berlin")
	for d := (calendar.Date{Y: 2027, M: 1, D: 1}); d.Y < 2029; d = d.AddDays(1) {
		for _, p := range Presets(d) {
			if p.Value == "" {
				continue
			}
			r := mustParse(t, p.Value)
			if r.String() != p.Value {
				t.Fatalf("%s: preset %q is not canonical (%q)", d, p.Value, r)
			}
			s, err := NewSeries(r, d.At(9, 0, ber), d.At(10, 0, ber), false, ber, nil)
			if err != nil {
				t.Fatalf("%s: %s: %v", d, p.Value, err)
			}
			p2, _ := s.plan()
			it := p2.iterFrom(p2.f0)
			if it.extra {
				t.Errorf("%s: %s does not match its start", d, p.Value)
			}
			if got, ok := PresetFor(d, " "+p.Value+";"); !ok || got != p {
				t.Errorf("%s: PresetFor(%q) = %v, %v", d, p.Value, got, ok)
			}
		}
	}
	d := calendar.Date{Y: 2025, M: 6, D: 10}
	if p, ok := PresetFor(d, ""); !ok || p.Label != "Does not repeat" {
		t.Errorf("PresetFor empty = %v, %v", p, ok)
	}
	if _, ok := PresetFor(d, "FREQ=WEEKLY;BYDAY=WE"); ok {
		t.Error("PresetFor of a custom rule matched")
	}
	if _, ok := PresetFor(d, "nonsense"); ok {
		t.Error("PresetFor of nonsense matched")
	}
	if p, ok := PresetFor(d, "freq=monthly;byday=+2tu"); !ok || p.Value != "FREQ=MONTHLY;BYDAY=2TU" {
		t.Errorf("PresetFor non-canonical = %v, %v", p, ok)
	}
}
