package views

import (
	"slices"
	"testing"
)

func TestReminderText(t *testing.T) {
	for _, c := range []struct {
		minutes int
		want    string
	}{
		{0, "At start"},
		{1, "1 minute before"},
		{5, "5 minutes before"},
		{10, "10 minutes before"},
		{60, "1 hour before"},
		{90, "1 hour 30 minutes before"},
		{120, "2 hours before"},
		{1440, "1 day before"},
		{1441, "1 day 1 minute before"},
		{2 * 1440, "2 days before"},
		{10080, "1 week before"},
		{10080 + 1440 + 60, "1 week 1 day 1 hour before"},
		{40320, "4 weeks before"},
	} {
		if got := ReminderText(c.minutes); got != c.want {
			t.Errorf("ReminderText(%d) = %q, want %q", c.minutes, got, c.want)
		}
	}
}

// TestReminderOptions: the presets with the value chosen; a value that is
// none of them comes first, in words or marked as not valid.
func TestReminderOptions(t *testing.T) {
	chosen := func(opts []Option) []string {
		var out []string
		for _, o := range opts {
			if o.Selected {
				out = append(out, o.Value+"="+o.Label)
			}
		}
		return out
	}
	for _, c := range []struct {
		value string
		want  string
		n     int
	}{
		{"", "=None", 7},
		{"0", "0=At start", 7},
		{"10", "10=10 minutes", 7},
		{"1440", "1440=1 day", 7},
		{"90", "90=1 hour 30 minutes", 8},
		{"-5", "-5=-5 (not valid)", 8},
		{"50000", "50000=50000 (not valid)", 8},
		{"abc", "abc=abc (not valid)", 8},
	} {
		opts := reminderOptions(c.value)
		if got := chosen(opts); !slices.Equal(got, []string{c.want}) || len(opts) != c.n {
			t.Errorf("reminderOptions(%q): chosen %q of %d, want %q of %d", c.value, got, len(opts), c.want, c.n)
		}
	}
}
