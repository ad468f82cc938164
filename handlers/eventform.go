package handlers

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/recur"
	"github.com/eventcal/eventcal/views"
)

// Event limits (DESIGN.md, Data; the schema checks the same).
const (
	maxTitleRunes       = 200
	maxDescriptionRunes = 10000
	maxLocationRunes    = 200
	// maxEventDays bounds how many local days an event may cover (ten
	// years), below calendar.MaxSpanDays so that invalidation reaches every
	// cached date the event is on.
	maxEventDays = 3653
	// minEventYear and maxEventYear bound the dates accepted, leaving room
	// on both sides for any zone's offset and an all-day event's end.
	minEventYear = 1000
	maxEventYear = 9998
)

// eventInput is the event form exactly as posted.
type eventInput struct {
	Title       string
	Description string
	Location    string
	Start       string
	End         string
	AllDay      bool
	Color       string
	// Rrule is the Repeat control: a rule (a preset's or any other RRULE
	// value), "" for does not repeat, or views.RepeatCustom for the rule
	// in RruleCustom. RruleSet is false when the form has no rrule field
	// at all (a script's post): an edit then keeps the series' rule.
	Rrule       string
	RruleCustom string
	RruleSet    bool
}

// readEventInput reads the event form's fields (form-encoded or multipart,
// for POST and PUT alike).
func readEventInput(c *fiber.Ctx) eventInput {
	return eventInput{
		Title:       c.FormValue("title"),
		Description: c.FormValue("description"),
		Location:    c.FormValue("location"),
		Start:       c.FormValue("start"),
		End:         c.FormValue("end"),
		AllDay:      isChecked(c.FormValue("all_day")),
		Color:       c.FormValue("color"),
		Rrule:       c.FormValue("rrule"),
		RruleCustom: c.FormValue("rrule_custom"),
		RruleSet:    formHas(c, "rrule"),
	}
}

// formHas reports whether the posted form has a field named key (even an
// empty one).
func formHas(c *fiber.Ctx, key string) bool {
	if c.Request().PostArgs().Has(key) {
		return true
	}
	if mf, err := c.MultipartForm(); err == nil {
		_, ok := mf.Value[key]
		return ok
	}
	return false
}

// hiddenFields is the form as posted, to carry through the scope question.
func (in eventInput) hiddenFields() []views.HiddenField {
	clean := func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
	out := []views.HiddenField{
		{Name: "title", Value: clean(in.Title)},
		{Name: "description", Value: clean(in.Description)},
		{Name: "location", Value: clean(in.Location)},
		{Name: "start", Value: clean(in.Start)},
		{Name: "end", Value: clean(in.End)},
		{Name: "color", Value: clean(in.Color)},
	}
	if in.AllDay {
		out = append(out, views.HiddenField{Name: "all_day", Value: "on"})
	}
	if in.RruleSet {
		out = append(out, views.HiddenField{Name: "rrule", Value: clean(in.Rrule)})
	}
	if in.RruleCustom != "" {
		out = append(out, views.HiddenField{Name: "rrule_custom", Value: clean(in.RruleCustom)})
	}
	return out
}

// ruleText is the rule the Repeat control names: its value, or the custom
// field's when it says "Custom…".
func (in eventInput) ruleText() string {
	if strings.TrimSpace(in.Rrule) == views.RepeatCustom {
		return strings.TrimSpace(in.RruleCustom)
	}
	return strings.TrimSpace(in.Rrule)
}

// isChecked reads a checkbox: "on" is what browsers send; scripts may say
// "true", "1" or "yes".
func isChecked(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "on", "true", "1", "yes":
		return true
	}
	return false
}

// eventValues is a validated event: clean text and instants.
type eventValues struct {
	Title       string
	Description string
	Location    string
	Start       time.Time
	End         time.Time // exclusive; local midnight after the last day when AllDay
	AllDay      bool
	Color       string
	// Rule is the repeat rule (zero: does not repeat); RuleSet reports
	// whether the form said (see eventInput.RruleSet). Series is the
	// series the values make in the zone they were read in, when Rule is
	// set and valid.
	Rule    recur.Rule
	RuleSet bool
	Series  recur.Series
}

// fieldErrors maps a form field's name to its message.
type fieldErrors map[string]string

// validate checks the input, reading times in loc, and returns the event to
// store or a message for every invalid field. It never fails otherwise.
func (in eventInput) validate(loc *time.Location) (eventValues, fieldErrors) {
	errs := fieldErrors{}
	out := eventValues{AllDay: in.AllDay}

	out.Title = strings.TrimSpace(in.Title)
	if msg := textProblem(out.Title, false); msg != "" {
		errs["title"] = msg
	} else if out.Title == "" {
		errs["title"] = "Enter a title."
	} else if n := utf8.RuneCountInString(out.Title); n > maxTitleRunes {
		errs["title"] = tooLong(maxTitleRunes, n)
	}

	out.Description = normalizeNewlines(in.Description)
	out.Description = strings.TrimRight(strings.TrimLeft(out.Description, "\n"), " \t\n")
	if msg := textProblem(out.Description, true); msg != "" {
		errs["description"] = msg
	} else if n := utf8.RuneCountInString(out.Description); n > maxDescriptionRunes {
		errs["description"] = tooLong(maxDescriptionRunes, n)
	}

	out.Location = strings.TrimSpace(in.Location)
	if msg := textProblem(out.Location, false); msg != "" {
		errs["location"] = msg
	} else if n := utf8.RuneCountInString(out.Location); n > maxLocationRunes {
		errs["location"] = tooLong(maxLocationRunes, n)
	}

	out.Color = strings.TrimSpace(in.Color)
	if out.Color == "" {
		out.Color = palette.Default
	} else if _, ok := palette.Name(out.Color); !ok {
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
		if first.DaysUntil(last)+1 > maxEventDays {
			errs["end"] = "An event can last at most ten years."
			timesOK = false
		}
	}

	out.RuleSet = in.RruleSet
	if in.RruleSet && strings.TrimSpace(in.Rrule) == views.RepeatCustom && in.ruleText() == "" {
		errs["rrule"] = "Type the custom rule, or choose another Repeat option."
	}
	if text := in.ruleText(); text != "" && in.RruleSet {
		rule, err := recur.Parse(text)
		switch {
		case err != nil:
			errs["rrule"] = ruleProblem(err)
		case timesOK:
			out.Rule = rule
			if out.Series, err = recur.NewSeries(rule, out.Start, out.End, out.AllDay, loc, nil); err != nil {
				errs["rrule"] = ruleProblem(err)
			}
		default:
			out.Rule = rule
		}
	}
	return out, errs
}

// ruleProblem is the form's message for a refused rule: recur's sentence.
func ruleProblem(err error) string {
	var re *recur.Error
	if errors.As(err, &re) {
		return re.Msg
	}
	return "The repeat rule is not valid."
}

// timedTimes parses start and end as local date-times (a plain date is
// midnight); a time in a DST gap moves forward (02:30 becomes 03:30).
func (in eventInput) timedTimes(loc *time.Location, errs fieldErrors) (start, end time.Time, ok bool) {
	start, okS := parseWhen(in.Start, loc)
	if !okS {
		errs["start"] = whenProblem(in.Start, "start", false)
	}
	end, okE := parseWhen(in.End, loc)
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
func (in eventInput) allDayTimes(loc *time.Location, errs fieldErrors) (start, end time.Time, ok bool) {
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

// parseWhen parses a local date-time (or date) within the accepted years.
func parseWhen(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	t, err := calendar.ParseLocal(s, loc)
	if err != nil {
		return time.Time{}, false
	}
	d, err := calendar.ParseDate(s[:10]) // ParseLocal accepted at least a date
	return t, err == nil && yearOK(d)
}

// parseDay returns the date part of a date or date-time.
func parseDay(s string, loc *time.Location) (calendar.Date, bool) {
	s = strings.TrimSpace(s)
	if _, err := calendar.ParseLocal(s, loc); err != nil {
		return calendar.Date{}, false
	}
	d, err := calendar.ParseDate(s[:10])
	return d, err == nil && yearOK(d)
}

func yearOK(d calendar.Date) bool { return d.Y >= minEventYear && d.Y <= maxEventYear }

// whenProblem explains why a start or end was refused.
func whenProblem(s, what string, allDay bool) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "Enter the " + what + "."
	case len(s) >= 10 && validDatePrefix(s):
		return "Enter a year between " + strconv.Itoa(minEventYear) + " and " + strconv.Itoa(maxEventYear) + "."
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

// formOfInput is the form re-shown after a validation error: everything as
// typed (invalid UTF-8 replaced, so the page stays valid HTML).
func formOfInput(in eventInput) views.EventForm {
	clean := func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
	return views.EventForm{
		Title:       clean(in.Title),
		Description: clean(in.Description),
		Location:    clean(in.Location),
		Start:       clean(in.Start),
		End:         clean(in.End),
		AllDay:      in.AllDay,
		Color:       clean(in.Color),
	}
}

// withRepeat fills f's Repeat control: the presets for f's start date (or
// fallback when it has none), choosing sel — a preset, "Custom…", or any
// other rule, which is shown as the custom one — and the custom field's
// text.
func withRepeat(f *views.EventForm, sel, custom string, fallback calendar.Date) {
	day := fallback
	if len(f.Start) >= 10 {
		if d, err := calendar.ParseDate(f.Start[:10]); err == nil {
			day = d
		}
	}
	sel = strings.TrimSpace(sel)
	chosen := ""
	if sel == views.RepeatCustom {
		chosen = views.RepeatCustom
	} else if p, ok := recur.PresetFor(day, sel); ok {
		chosen = p.Value
	} else if sel != "" {
		chosen = views.RepeatCustom
		if strings.TrimSpace(custom) == "" {
			custom = sel
		}
	}
	f.Repeat = f.Repeat[:0]
	for _, p := range recur.Presets(day) {
		f.Repeat = append(f.Repeat, views.RepeatOption{Value: p.Value, Label: p.Label, Selected: p.Value == chosen})
	}
	f.Repeat = append(f.Repeat, views.RepeatOption{Value: views.RepeatCustom, Label: "Custom…", Selected: chosen == views.RepeatCustom})
	f.RepeatCustom = strings.ToValidUTF8(custom, "\uFFFD")
}

// formOfEvent is the edit form of a stored event, in loc: an all-day event
// shows its first and last (inclusive) day.
func formOfEvent(ev db.Event, loc *time.Location) views.EventForm {
	f := views.EventForm{
		ID:          ev.ID,
		Title:       ev.Title,
		Description: ev.Description,
		Location:    ev.Location,
		AllDay:      ev.AllDay,
		Color:       ev.Color,
	}
	if ev.AllDay {
		first, last := calendar.SpanDates(ev.StartsAt, ev.EndsAt, true, loc)
		f.Start, f.End = first.String(), last.String()
	} else {
		f.Start = calendar.FormatLocalInput(ev.StartsAt, loc)
		f.End = calendar.FormatLocalInput(ev.EndsAt, loc)
	}
	return f
}
