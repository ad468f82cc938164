package events

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/recur"
)

// Event limits (DESIGN.md, Data; the schema checks the same).
const (
	MaxTitleRunes       = 200
	MaxDescriptionRunes = 10000
	MaxLocationRunes    = 200
	// MaxEventDays bounds how many local days an event may cover (ten
	// years), below calendar.MaxSpanDays so that invalidation reaches every
	// cached date the event is on.
	MaxEventDays = 3653
	// MinEventYear and MaxEventYear bound the dates accepted, leaving room
	// on both sides for any zone's offset and an all-day event's end.
	MinEventYear = 1000
	MaxEventYear = 9998
)

// Input is the event form exactly as posted.
type Input struct {
	Title       string
	Description string
	Location    string
	Start       string
	End         string
	AllDay      bool
	Color       string
	// Rrule is the Repeat control: a rule (a preset's or any other RRULE
	// value), "" for does not repeat, or recur.Custom for the rule
	// in RruleCustom. RruleSet is false when the form has no rrule field
	// at all (a script's post): an edit then keeps the series' rule.
	Rrule       string
	RruleCustom string
	RruleSet    bool
	// Calendar is the calendar field: an id, or "" for the event's own
	// (a new event's: the owner's first).
	Calendar string
	// Reminders are the reminder fields (minutes before the start, "" for
	// an unused one); RemindersSet is false when the form has none at all
	// (a script's post): an edit then keeps the event's reminders.
	Reminders    []string
	RemindersSet bool
}

// RuleText is the rule the Repeat control names: its value, or the custom
// field's when it says "Custom…".
func (in Input) RuleText() string {
	if strings.TrimSpace(in.Rrule) == recur.Custom {
		return strings.TrimSpace(in.RruleCustom)
	}
	return strings.TrimSpace(in.Rrule)
}

// Values is a validated event: clean text and instants.
type Values struct {
	CalendarID  int64 // 0: the event's own calendar, or the first for a new one
	Reminders   []int // minutes before the start; nil keeps an event's (a post without them)
	Title       string
	Description string
	Location    string
	Start       time.Time
	End         time.Time // exclusive; local midnight after the last day when AllDay
	AllDay      bool
	Color       string
	// Rule is the repeat rule (zero: does not repeat); RuleSet reports
	// whether the form said (see Input.RruleSet). Series is the
	// series the values make in the zone they were read in, when Rule is
	// set and valid.
	Rule    recur.Rule
	RuleSet bool
	Series  recur.Series
}

// FieldErrors maps a form field's name to its message.
type FieldErrors map[string]string

// Validate checks the input, reading times in loc, and returns the event to
// store or a message for every invalid field. It never fails otherwise.
func (in Input) Validate(loc *time.Location) (Values, FieldErrors) {
	errs := FieldErrors{}
	out := Values{AllDay: in.AllDay}

	out.Title = strings.TrimSpace(in.Title)
	if msg := textProblem(out.Title, false); msg != "" {
		errs["title"] = msg
	} else if out.Title == "" {
		errs["title"] = "Enter a title."
	} else if n := utf8.RuneCountInString(out.Title); n > MaxTitleRunes {
		errs["title"] = tooLong(MaxTitleRunes, n)
	}

	out.Description = normalizeNewlines(in.Description)
	out.Description = strings.TrimRight(strings.TrimLeft(out.Description, "\n"), " \t\n")
	if msg := textProblem(out.Description, true); msg != "" {
		errs["description"] = msg
	} else if n := utf8.RuneCountInString(out.Description); n > MaxDescriptionRunes {
		errs["description"] = tooLong(MaxDescriptionRunes, n)
	}

	out.Location = strings.TrimSpace(in.Location)
	if msg := textProblem(out.Location, false); msg != "" {
		errs["location"] = msg
	} else if n := utf8.RuneCountInString(out.Location); n > MaxLocationRunes {
		errs["location"] = tooLong(MaxLocationRunes, n)
	}

	out.Color = strings.TrimSpace(in.Color) // "": the calendar's colour
	if _, ok := palette.Name(out.Color); !ok && out.Color != "" {
		errs["color"] = "Choose one of the listed colours."
	}

	var timesOK bool
	if in.AllDay {
		out.Start, out.End, timesOK = in.allDayTimes(loc, errs)
	} else {
		out.Start, out.End, timesOK = in.timedTimes(loc, errs)
	}
	if timesOK {
		first, last := calendar.SpanDates(out.Start, out.End, out.AllDay, loc)
		if first.DaysUntil(last)+1 > MaxEventDays {
			errs["end"] = "An event can last at most ten years."
			timesOK = false
		}
	}

	if c := strings.TrimSpace(in.Calendar); c != "" {
		if id, ok := ParseID(c); ok {
			out.CalendarID = id
		} else {
			errs["calendar"] = calendarProblem
		}
	}

	if in.RemindersSet {
		out.Reminders = parseReminders(in.Reminders, errs)
	}

	out.RuleSet = in.RruleSet
	if in.RruleSet && strings.TrimSpace(in.Rrule) == recur.Custom && in.RuleText() == "" {
		errs["rrule"] = "Type the custom rule, or choose another Repeat option."
	}
	if text := in.RuleText(); text != "" && in.RruleSet {
		rule, err := recur.Parse(text)
		switch {
		case err != nil:
			errs["rrule"] = RuleProblem(err)
		case timesOK:
			out.Rule = rule
			if out.Series, err = recur.NewSeries(rule, out.Start, out.End, out.AllDay, loc, nil); err != nil {
				errs["rrule"] = RuleProblem(err)
			}
		default:
			out.Rule = rule
		}
	}
	return out, errs
}

// calendarProblem is the message for a calendar the user may not add to.
const calendarProblem = "Choose one of the calendars you may add events to."

// RuleProblem is the form's message for a refused rule: recur's sentence.
func RuleProblem(err error) string {
	var re *recur.Error
	if errors.As(err, &re) {
		return re.Msg
	}
	return "The repeat rule is not valid."
}

// timedTimes parses start and end as local date-times (a plain date is
// midnight); a time in a DST gap moves forward (02:30 becomes 03:30).
func (in Input) timedTimes(loc *time.Location, errs FieldErrors) (start, end time.Time, ok bool) {
	start, okS := ParseWhen(in.Start, loc)
	if !okS {
		errs["start"] = whenProblem(in.Start, "start", false)
	}
	end, okE := ParseWhen(in.End, loc)
	if !okE {
		errs["end"] = whenProblem(in.End, "end", false)
	}
	if okS && okE && end.Before(start) {
		errs["end"] = "The end cannot be before the start."
		return start, end, false
	}
	return start, end, okS && okE
}

// allDayTimes takes the date part of start and end (an empty end is the
// start day) and returns local midnight of the first day and local midnight
// after the last day.
func (in Input) allDayTimes(loc *time.Location, errs FieldErrors) (start, end time.Time, ok bool) {
	first, okS := parseDay(in.Start, loc)
	if !okS {
		errs["start"] = whenProblem(in.Start, "first day", true)
	}
	last, okE := first, okS
	if strings.TrimSpace(in.End) != "" {
		if last, okE = parseDay(in.End, loc); !okE {
			errs["end"] = whenProblem(in.End, "last day", true)
		}
	}
	if !okS || !okE {
		return time.Time{}, time.Time{}, false
	}
	if last.Before(first) {
		errs["end"] = "The last day cannot be before the first day."
		return time.Time{}, time.Time{}, false
	}
	return first.Start(loc), last.AddDays(1).Start(loc), true
}

// ParseWhen parses a local date-time (or date) within the accepted years.
func ParseWhen(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	t, err := calendar.ParseLocal(s, loc)
	if err != nil {
		return time.Time{}, false
	}
	d, err := calendar.ParseDate(s[:10]) // ParseLocal accepted at least a date
	return t, err == nil && YearOK(d)
}

// parseDay returns the date part of a date or date-time.
func parseDay(s string, loc *time.Location) (calendar.Date, bool) {
	s = strings.TrimSpace(s)
	if _, err := calendar.ParseLocal(s, loc); err != nil {
		return calendar.Date{}, false
	}
	d, err := calendar.ParseDate(s[:10])
	return d, err == nil && YearOK(d)
}

// YearOK reports whether d is within the accepted years.
func YearOK(d calendar.Date) bool { return d.Y >= MinEventYear && d.Y <= MaxEventYear }

// whenProblem explains why a start or end was refused.
func whenProblem(s, what string, allDay bool) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "Enter the " + what + "."
	case len(s) >= 10 && validDatePrefix(s):
		return "Enter a year between " + strconv.Itoa(MinEventYear) + " and " + strconv.Itoa(MaxEventYear) + "."
	case allDay:
		return "Enter the " + what + " as a date, like 2025-06-09."
	}
	return "Enter the " + what + " as a date and time, like 2025-06-09T09:00."
}

// validDatePrefix reports whether s is a well-formed date or date-time
// (refused for its year only).
func validDatePrefix(s string) bool {
	_, err := calendar.ParseLocal(s, time.UTC)
	return err == nil
}

// textProblem refuses text that cannot be stored or shown as typed: invalid
// UTF-8 and control characters (line breaks and tabs only where multiline).
func textProblem(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "This contains characters that are not valid text."
	}
	for _, r := range s {
		if r == '\t' || (multiline && r == '\n') {
			continue
		}
		if r == '\n' || r == '\r' {
			return "Use a single line."
		}
		if unicode.IsControl(r) {
			return "This contains control characters; remove them."
		}
	}
	return ""
}

// normalizeNewlines turns CRLF and lone CR into LF.
func normalizeNewlines(s string) string {
	if !strings.ContainsRune(s, '\r') {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

func tooLong(limit, n int) string {
	return "Use at most " + formatCount(limit) + " characters (this has " + formatCount(n) + ")."
}

// formatCount writes n with a space between thousands ("10 000").
func formatCount(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 4 {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// parseReminders reads the reminder fields: whole minutes from 0 to
// MaxReminderMinutes, at most MaxReminders, duplicates and empty fields
// left out, sorted.
func parseReminders(fields []string, errs FieldErrors) []int {
	out := []int{}
	for _, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		m, err := strconv.Atoi(f)
		if err != nil || m < 0 || m > MaxReminderMinutes {
			errs["reminder"] = "A reminder is a number of minutes before the start, from 0 to 40320 (4 weeks)."
			return nil
		}
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	if len(out) > MaxReminders {
		errs["reminder"] = "An event has at most 5 reminders."
		return nil
	}
	slices.Sort(out)
	return out
}
