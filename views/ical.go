package views

import "strconv"

// ImportPage is the upload form of an .ics file, with the outcome of the
// last import or the reason a file was refused.
type ImportPage struct {
	CSRFToken string
	MaxMB     int
	// Error says why the file was refused ("" when it was not).
	Error string
	// Done is the message after an import ("" before).
	Done string
}

// ImportPreview lists what an uploaded file will import before it is.
type ImportPreview struct {
	CSRFToken string
	Action    string // where "Import" posts
	FileName  string
	Singles   int
	Series    int
	Overrides int // changed occurrences of the series
	Updates   int // events imported before (same UID) that will be updated
	Shortened int // events whose text is cut to the limits
	Events    []PreviewEvent
	// EventsMore counts events not listed.
	EventsMore int
	Skipped    []PreviewSkip
	// SkippedMore counts skipped items not listed.
	SkippedMore  int
	SkippedTotal int
}

// PreviewEvent is one event of the preview.
type PreviewEvent struct {
	Title   string
	When    string // in the viewer's zone
	Repeats string // "" for a single event
	Update  bool   // replaces an event imported before
}

// PreviewSkip is one item left out, with the reason.
type PreviewSkip struct {
	Title  string
	Reason string
}

// Total is how many events (single events and series) will be stored.
func (p ImportPreview) Total() int { return p.Singles + p.Series }

func (p ImportPreview) summary() string {
	s := plural(p.Singles, "event", "events") + ", " + plural(p.Series, "repeating event", "repeating events")
	if p.Overrides > 0 {
		s += " (with " + plural(p.Overrides, "changed occurrence", "changed occurrences") + ")"
	}
	return s + ", " + strconv.Itoa(p.SkippedTotal) + " skipped."
}

func (p ImportPreview) buttonLabel() string {
	return "Import " + plural(p.Total(), "event", "events")
}

// FeedSettings is the settings page's section on calendar files: the
// private subscription address (on or off), export and import.
type FeedSettings struct {
	CSRFToken string
	On        bool
	Since     string // when the current address was made
	// URL and WebcalURL are set only right after the address was made:
	// only its hash is kept, so it cannot be shown again.
	URL       string
	WebcalURL string
	// Notice is the message after turning the feed off.
	Notice string
	// Errors holds current_password's message when making an address
	// was refused.
	Errors FieldErrors
}

// feedButton is the label of the button that makes an address.
func (f FeedSettings) feedButton() string {
	if f.On {
		return "Make a new address"
	}
	return "Make a private address"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
