package views

// NotificationsPage lists the user's latest sent reminders.
type NotificationsPage struct {
	Rows []NotificationRow // newest first
}

// NotificationRow is one sent reminder, its times in the viewer's zone.
type NotificationRow struct {
	Title  string
	URL    string // the event (its occurrence, for a series); "" when it is gone
	Starts string // "Mon 9 Jun 2025, 10:00", or "Mon 9 Jun 2025 (all day)"
	// StartsISO is the start for <time datetime>: RFC 3339, or the date
	// of an all-day event.
	StartsISO string
	Location  string
	Reminder  string // "10 minutes before"
	Sent      string
	SentISO   string // RFC 3339, for <time datetime>
}
