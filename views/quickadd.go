package views

import "strings"

// QuickPreview is what a line of quick add would create, or what was not
// understood in it: the title and the days, times, repetition and place in
// a line (both clipped for the preview), and the problem ("" when the line
// can be added).
type QuickPreview struct {
	Title   string
	When    string
	Problem string
}

// QuickAddPage is the quick add page: the text as typed and its preview.
// Refused is set when a post was refused (422): the problem is announced.
type QuickAddPage struct {
	Text      string
	Preview   QuickPreview
	CSRFToken string
	Refused   bool
}

// Shortcut is one key of the keyboard shortcuts and what it does.
type Shortcut struct {
	Keys []string
	Does string
}

// Shortcuts lists the keyboard shortcuts app.js offers, for the help.
func Shortcuts() []Shortcut {
	return []Shortcut{
		{[]string{"c"}, "New event"},
		{[]string{"q"}, "Quick add"},
		{[]string{"t"}, "Today"},
		{[]string{"j", "n"}, "Next month, week or day"},
		{[]string{"k", "p"}, "Previous month, week or day"},
		{[]string{"m"}, "Month view"},
		{[]string{"w"}, "Week view"},
		{[]string{"d"}, "Day view"},
		{[]string{"a"}, "Agenda view"},
		{[]string{"y"}, "Year view"},
		{[]string{"/"}, "Search"},
		{[]string{"?"}, "This list"},
	}
}

// viewKey is the key of a calendar view's shortcut: its name's initial.
func viewKey(label string) string {
	if label == "" {
		return ""
	}
	return strings.ToLower(label[:1])
}
