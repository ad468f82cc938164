package views

import (
	"net/url"
	"strconv"
)

// AdminResultsID is the id of an admin list's results region (table and
// pager); an htmx request whose HX-Target is this id gets only the region.
const AdminResultsID = "admin-results"

// AdminTab is one entry of the admin area's own navigation.
type AdminTab struct {
	Key   string // "users", "events", "cache", "queue", "audit"
	Label string
	URL   string
}

// adminTabs lists the admin sections in display order.
func adminTabs() []AdminTab {
	return []AdminTab{
		{"users", "Users", "/admin/users"},
		{"events", "Events", "/admin/events"},
		{"cache", "Cache", "/admin/cache"},
		{"queue", "Queue", "/admin/queue"},
		{"audit", "Audit log", "/admin/audit"},
	}
}

// Pager is the previous/next navigation of a paginated list.
type Pager struct {
	Page    int   // 1-based
	Pages   int   // at least 1
	Total   int64 // rows in the whole list
	First   int   // 1-based number of the first row shown (0 when none)
	Last    int   // number of the last row shown
	PrevURL string
	NextURL string
}

// summary is "Rows 51–100 of 230" or "No rows".
func (p Pager) summary(noun string) string {
	if p.Total == 0 {
		return "No " + noun
	}
	return strconv.Itoa(p.First) + "–" + strconv.Itoa(p.Last) + " of " + strconv.FormatInt(p.Total, 10) + " " + noun
}

func (p Pager) pageText() string {
	return "Page " + strconv.Itoa(p.Page) + " of " + strconv.Itoa(p.Pages)
}

// AdminUserQuery is the users list's search, sort and page.
type AdminUserQuery struct {
	Q    string
	Sort string // username, email, events, joined, last_login
	Desc bool
	Page int
}

// Values encodes the query as URL parameters (defaults left out).
func (q AdminUserQuery) Values() url.Values {
	v := url.Values{}
	if q.Q != "" {
		v.Set("q", q.Q)
	}
	if q.Sort != "" {
		v.Set("sort", q.Sort)
	}
	if q.Desc {
		v.Set("dir", "desc")
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	return v
}

// Encode is the query string of the list ("" for the default list).
func (q AdminUserQuery) Encode() string { return q.Values().Encode() }

// URL is the users list with this query.
func (q AdminUserQuery) URL() string { return withQuery("/admin/users", q.Encode()) }

func withQuery(path, query string) string {
	if query == "" {
		return path
	}
	return path + "?" + query
}

// AdminUserColumn is a sortable column of the users list.
type AdminUserColumn struct {
	Key   string
	Label string
}

// AdminUserColumns lists the sortable columns in display order.
func AdminUserColumns() []AdminUserColumn {
	return []AdminUserColumn{
		{"username", "Username"},
		{"email", "Email"},
		{"events", "Events"},
		{"joined", "Joined"},
		{"last_login", "Last login"},
	}
}

// AdminUsersPage is the users list.
type AdminUsersPage struct {
	CSRFToken string
	Query     AdminUserQuery
	Rows      []AdminUserRow
	Pager     Pager
	Notice    string // after a successful action (no JS)
	Error     string // a refused action (no JS)
}

// sortURL is the list sorted by key: ascending first, flipped when it is
// already the sort column.
func (p AdminUsersPage) sortURL(key string) string {
	q := p.Query
	q.Page = 1
	if q.Sort == key {
		q.Desc = !q.Desc
	} else {
		q.Sort, q.Desc = key, false
	}
	return q.URL()
}

// ariaSort is the column's aria-sort value ("" when not the sort column).
func (p AdminUsersPage) ariaSort(key string) string {
	if p.Query.Sort != key {
		return ""
	}
	if p.Query.Desc {
		return "descending"
	}
	return "ascending"
}

// sortHint says what following a column's link does.
func (p AdminUsersPage) sortHint(key string) string {
	if p.Query.Sort == key && !p.Query.Desc {
		return ", sort descending"
	}
	return ", sort ascending"
}

// AdminUserRow is one row of the users list with its actions.
type AdminUserRow struct {
	ID           int64
	Username     string
	Email        string
	Events       int64
	EventsURL    string // the admin events list of this user
	Joined       string // formatted in the admin's zone
	JoinedISO    string
	LastLogin    string // "" when never
	LastLoginISO string
	Active       bool
	Admin        bool
	Self         bool   // the signed-in admin's own row
	Return       string // the list's query string, posted back by the actions
	CSRFToken    string
	Message      string // why an action was refused (htmx)
	// The user's own calendars, the calendars shared with them and the
	// shares they gave.
	OwnCalendars    int64
	SharedCalendars int64
	SharesGiven     int64
}

func (r AdminUserRow) rowID() string { return "admin-user-" + strconv.FormatInt(r.ID, 10) }

// userPath is an admin URL of this user ("/admin/users/7/deactivate").
func (r AdminUserRow) userPath(action string) string {
	return "/admin/users/" + strconv.FormatInt(r.ID, 10) + "/" + action
}

// passwordURL is the set-password page, coming back to this list.
func (r AdminUserRow) passwordURL() string {
	return withQuery(r.userPath("password"), returnQuery(r.Return))
}

func returnQuery(ret string) string {
	if ret == "" {
		return ""
	}
	return url.Values{"return": {ret}}.Encode()
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

func (r AdminUserRow) deleteQuestion() string {
	return "Delete " + r.Username + " and their " + eventsCount(r.Events) + "? This cannot be undone."
}

func eventsCount(n int64) string {
	if n == 1 {
		return "1 event"
	}
	return strconv.FormatInt(n, 10) + " events"
}

// AdminUserDelete is the confirmation asked before deleting an account.
type AdminUserDelete struct {
	CSRFToken string
	ID        int64
	Username  string
	Events    int64
	Return    string
	CancelURL string
}

func (d AdminUserDelete) action() string {
	return "/admin/users/" + strconv.FormatInt(d.ID, 10) + "/delete"
}

// AdminPasswordForm sets a user's password.
type AdminPasswordForm struct {
	CSRFToken string
	ID        int64
	Username  string
	Return    string
	CancelURL string
	Errors    FieldErrors
}

func (f AdminPasswordForm) action() string {
	return "/admin/users/" + strconv.FormatInt(f.ID, 10) + "/password"
}

func (f AdminPasswordForm) summary() errorSummary {
	return summarize("admin-password-errors", f.Errors,
		[2]string{"password", "admin-password"}, [2]string{"password_confirm", "admin-password-confirm"})
}

// AdminEventFilter is the events list's filters and page.
type AdminEventFilter struct {
	Owner string
	From  string // YYYY-MM-DD, in the owner's zone
	To    string
	Q     string
	Page  int
}

// Values encodes the filter as URL parameters (empty ones left out).
func (f AdminEventFilter) Values() url.Values {
	v := url.Values{}
	for _, kv := range [][2]string{{"owner", f.Owner}, {"from", f.From}, {"to", f.To}, {"q", f.Q}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if f.Page > 1 {
		v.Set("page", strconv.Itoa(f.Page))
	}
	return v
}

// Encode is the filter's query string.
func (f AdminEventFilter) Encode() string { return f.Values().Encode() }

// URL is the events list with this filter.
func (f AdminEventFilter) URL() string { return withQuery("/admin/events", f.Encode()) }

// AdminEventsPage is the list of every user's events.
type AdminEventsPage struct {
	CSRFToken string
	Filter    AdminEventFilter
	Errors    FieldErrors // invalid filter fields
	Rows      []AdminEventRow
	Pager     Pager
	Notice    string
}

func (p AdminEventsPage) summary() errorSummary {
	return summarize("admin-events-errors", p.Errors,
		[2]string{"from", "admin-events-from"}, [2]string{"to", "admin-events-to"})
}

// AdminEventRow is one event of the events list.
type AdminEventRow struct {
	ID        int64
	Title     string
	Owner     string
	OwnerURL  string // the list filtered to this owner
	Calendar  string // its calendar's name
	When      string // in the owner's zone
	Zone      string
	Location  string
	Color     string
	Return    string
	CSRFToken string
}

func (r AdminEventRow) deleteQuestion() string {
	return "Delete “" + r.Title + "” of " + r.Owner + "?"
}

// AdminEventDetails is any user's event as the admin sees it.
type AdminEventDetails struct {
	EventDetails
	Owner     string
	Calendar  string // its calendar's name
	OwnerZone string
	OwnerURL  string
	Created   string
	Updated   string
	Notice    string
}

// AdminEventForm edits any user's event; times are in the owner's zone.
type AdminEventForm struct {
	EventForm
	Owner string
}

// AdminEventDelete is the confirmation asked before deleting an event.
type AdminEventDelete struct {
	CSRFToken string
	ID        int64
	Title     string
	Owner     string
	When      string
	Return    string
}

// AdminCachePage shows the cache counters and the drop forms.
type AdminCachePage struct {
	CSRFToken string
	Families  []AdminCacheFamily
	KeysError string // the keys could not be counted
	Username  string // the drop-user form's value
	Errors    FieldErrors
	Notice    string
}

// AdminCacheFamily is one key family's counters.
type AdminCacheFamily struct {
	Name   string
	Hits   uint64
	Misses uint64
	Ratio  string // "87.5 %", or "–" before any lookup
	Keys   int
}

func (f AdminCacheFamily) hits() string   { return strconv.FormatUint(f.Hits, 10) }
func (f AdminCacheFamily) misses() string { return strconv.FormatUint(f.Misses, 10) }
func (f AdminCacheFamily) keys() string   { return strconv.Itoa(f.Keys) }

// AdminAuditPage is the audit log, newest first.
type AdminAuditPage struct {
	Rows  []AdminAuditRow
	Pager Pager
}

// AdminAuditRow is one admin action.
type AdminAuditRow struct {
	When    string
	WhenISO string
	Actor   string
	Action  string
	Target  string // "user 7", "event 12", "cache"
	Detail  string
}
