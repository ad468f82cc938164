package events

import (
	"context"
	"strings"
	"time"
	"unicode"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/ical"
	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/recur"
)

// Skip is an item of an imported file that is not imported, and why.
type Skip struct {
	Title  string
	Reason string
}

// ImportTargets returns, for each of evs, the id of user uid's event it
// would update (0: a new event); see importTargets.
func (s *Service) ImportTargets(ctx context.Context, uid int64, evs []ImportEvent) ([]int64, error) {
	return importTargets(ctx, s.store.Queries, uid, evs)
}

// Plan is a parsed file waiting for confirmation.
type Plan struct {
	FileName  string        `json:"file"`
	Events    []ImportEvent `json:"events"`
	Skipped   []Skip        `json:"skipped"`
	Shortened int           `json:"shortened"`
}

// ImportEvent is one event to store: a single event, a series (with its
// overrides) or an override (RecurrenceID set).
type ImportEvent struct {
	UID          string        `json:"uid,omitempty"`
	Title        string        `json:"title"`
	Description  string        `json:"description,omitempty"`
	Location     string        `json:"location,omitempty"`
	Color        string        `json:"color"`
	Start        time.Time     `json:"start"`
	End          time.Time     `json:"end"`
	AllDay       bool          `json:"all_day,omitempty"`
	Rule         string        `json:"rule,omitempty"`
	TZID         string        `json:"tzid,omitempty"`
	UntilAt      *time.Time    `json:"until_at,omitempty"`
	Exdates      []time.Time   `json:"exdates,omitempty"`
	RecurrenceID *time.Time    `json:"rid,omitempty"`
	Overrides    []ImportEvent `json:"overrides,omitempty"`
	// Reminders are minutes before the start (VALARMs); nil keeps an
	// updated event's.
	Reminders []int `json:"reminders,omitempty"`
}

// importTargets returns, for each event, the id of the user's event it
// updates (0: a new event): one imported before under the same UID, or the
// user's own event an eventcal export named event-<id>@eventcal.
func importTargets(ctx context.Context, q *db.Queries, uid int64, evs []ImportEvent) ([]int64, error) {
	out := make([]int64, len(evs))
	var uids []string
	var ownIDs []int64
	for _, e := range evs {
		if e.UID == "" {
			continue
		}
		uids = append(uids, e.UID)
		if id, ok := ownExportID(e.UID); ok {
			ownIDs = append(ownIDs, id)
		}
	}
	if len(uids) == 0 {
		return out, nil
	}
	rows, err := q.ImportFindUIDs(ctx, db.ImportFindUIDsParams{UserID: uid, Uids: uids})
	if err != nil {
		return nil, err
	}
	byUID := make(map[string]int64, len(rows))
	for _, r := range rows {
		byUID[r.Uid] = r.EventID
	}
	own := map[int64]bool{}
	if len(ownIDs) > 0 {
		ids, err := q.ImportFindOwnEvents(ctx, db.ImportFindOwnEventsParams{UserID: uid, Ids: ownIDs})
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			own[id] = true
		}
	}
	used := map[int64]bool{}
	for i, e := range evs {
		t, ok := byUID[e.UID]
		if !ok {
			if id, isOwn := ownExportID(e.UID); isOwn && own[id] {
				t = id
			}
		}
		if t != 0 && !used[t] {
			out[i] = t
			used[t] = true
		}
	}
	return out, nil
}

// ownExportID reads the event id of a UID eventcal made (event-<id>@eventcal).
func ownExportID(uid string) (int64, bool) {
	s, ok := strings.CutPrefix(uid, "event-")
	if !ok {
		return 0, false
	}
	s, ok = strings.CutSuffix(s, "@eventcal")
	if !ok {
		return 0, false
	}
	return ParseID(s)
}

// Import stores evs for user uid in one transaction (serialised per
// user): updates first, then inserts, then the series' overrides and the
// UIDs, each step as one batch (one round trip). After the commit the
// user's cached lists go.
func (s *Service) Import(ctx context.Context, uid int64, evs []ImportEvent) (added, updated int, err error) {
	var audience []int64
	err = s.store.InTx(ctx, func(q *db.Queries) error {
		added, updated = 0, 0
		if _, err := q.LockUserForImport(ctx, uid); err != nil {
			return db.NotFound(err)
		}
		targets, err := importTargets(ctx, q, uid, evs)
		if err != nil {
			return err
		}
		ids := make([]int64, len(evs))
		var (
			ups  []db.ImportUpdateEventParams
			dels []db.ImportDeleteOverridesParams
			ins  []db.ImportInsertEventParams
			at   []int // index in evs of each insert
		)
		for i, e := range evs {
			if t := targets[i]; t != 0 {
				ids[i] = t
				ups = append(ups, updateParams(uid, t, e))
				dels = append(dels, db.ImportDeleteOverridesParams{SeriesID: &ids[i], UserID: uid})
				continue
			}
			ins = append(ins, insertParams(uid, e, nil))
			at = append(at, i)
		}
		updated, added = len(ups), len(ins)
		if err := s.checkQuota(ctx, q, uid, rowsAdded(evs, targets)); err != nil {
			return err
		}
		if len(ups) > 0 {
			if err := batchErr(q.ImportDeleteOverrides(ctx, dels).Exec); err != nil {
				return err
			}
			if err := batchErr(q.ImportUpdateEvent(ctx, ups).Exec); err != nil {
				return err
			}
		}
		if len(ins) > 0 {
			var first error
			q.ImportInsertEvent(ctx, ins).QueryRow(func(j int, id int64, err error) {
				if err != nil && first == nil {
					first = err
				}
				ids[at[j]] = id
			})
			if first != nil {
				return first
			}
		}
		if err := importOverridesAndUIDs(ctx, q, uid, evs, ids, targets); err != nil {
			return err
		}
		if err := s.scheduleReminders(ctx, q, ids); err != nil {
			return err
		}
		audience, err = importAudience(ctx, q, uid)
		return err
	})
	if err == nil {
		s.cache.DropUser(ctx, uid)
		for _, u := range audience {
			if u != uid {
				s.cache.SeriesChanged(ctx, u)
			}
		}
		s.live.Changed(ctx, append(audience, uid)...)
	}
	return added, updated, err
}

// importAudience is who reads the calendar an import writes to (the
// user's first), besides the user.
func importAudience(ctx context.Context, q *db.Queries, uid int64) ([]int64, error) {
	cal, err := q.FirstOwnCalendar(ctx, uid)
	if err != nil {
		return nil, err
	}
	return q.CalendarAudience(ctx, cal)
}

// importOverridesAndUIDs inserts the series' overrides under their
// masters (ids, by index in evs) and records the UIDs of new events.
func importOverridesAndUIDs(ctx context.Context, q *db.Queries, uid int64, evs []ImportEvent, ids, targets []int64) error {
	var (
		ovs  []db.ImportInsertEventParams
		uids []db.ImportSetUIDParams
	)
	for i, e := range evs {
		for _, o := range e.Overrides {
			ovs = append(ovs, insertParams(uid, o, &ids[i]))
		}
		if targets[i] == 0 && e.UID != "" {
			uids = append(uids, db.ImportSetUIDParams{EventID: ids[i], UserID: uid, Uid: e.UID})
		}
	}
	for i, e := range evs {
		if err := setReminders(ctx, q, ids[i], e.Reminders); err != nil {
			return err
		}
	}
	if len(ovs) > 0 {
		var first error
		q.ImportInsertEvent(ctx, ovs).QueryRow(func(_ int, _ int64, err error) {
			if err != nil && first == nil {
				first = err
			}
		})
		if first != nil {
			return first
		}
	}
	if len(uids) > 0 {
		return batchErr(q.ImportSetUID(ctx, uids).Exec)
	}
	return nil
}

// rowsAdded is how many rows an import adds: its new events and every
// series' overrides (an updated series' old ones go first).
func rowsAdded(evs []ImportEvent, targets []int64) int {
	n := 0
	for i, e := range evs {
		if targets[i] == 0 {
			n++
		}
		n += len(e.Overrides)
	}
	return n
}

// batchErr runs a batch's Exec and returns its first error.
func batchErr(exec func(func(int, error))) error {
	var first error
	exec(func(_ int, err error) {
		if err != nil && first == nil {
			first = err
		}
	})
	return first
}

func insertParams(uid int64, e ImportEvent, series *int64) db.ImportInsertEventParams {
	p := db.ImportInsertEventParams{
		UserID: uid, Title: e.Title, Description: e.Description, Location: e.Location,
		StartsAt: e.Start, EndsAt: e.End, AllDay: e.AllDay, Color: e.Color,
		Rrule: e.Rule, Tzid: e.TZID, UntilAt: e.UntilAt, Exdates: nonNil(e.Exdates),
	}
	if series != nil {
		p.SeriesID, p.RecurrenceID = series, e.RecurrenceID
		p.Rrule, p.Tzid, p.UntilAt, p.Exdates = "", "", nil, []time.Time{}
	}
	return p
}

func updateParams(uid, id int64, e ImportEvent) db.ImportUpdateEventParams {
	return db.ImportUpdateEventParams{
		ID: id, UserID: uid, Title: e.Title, Description: e.Description, Location: e.Location,
		StartsAt: e.Start, EndsAt: e.End, AllDay: e.AllDay, Color: e.Color,
		Rrule: e.Rule, Tzid: e.TZID, UntilAt: e.UntilAt, Exdates: nonNil(e.Exdates),
	}
}

func nonNil(ts []time.Time) []time.Time {
	if ts == nil {
		return []time.Time{}
	}
	return ts
}

// PlanOf turns a decoded file into what will be stored.
func PlanOf(res *ical.Result, fileName string) Plan {
	plan := Plan{FileName: cleanFileName(fileName), Shortened: res.Shortened}
	budget := recur.NewBudget(ImportOccurrenceBudget)
	for _, e := range res.Events {
		ie, ok := planEvent(e, budget)
		if !ok {
			plan.Skipped = append(plan.Skipped, Skip{Title: e.Title, Reason: overBudgetReason})
			continue
		}
		plan.Events = append(plan.Events, ie)
	}
	for _, s := range res.Skipped {
		plan.Skipped = append(plan.Skipped, Skip{Title: s.Title, Reason: s.Reason})
	}
	return plan
}

// ImportOccurrenceBudget bounds the occurrences one import may compute
// (each series' last one is stored for range queries): what a file of
// repeating events costs the server stays bounded whatever its rules.
const ImportOccurrenceBudget = 200_000

// overBudgetReason is why a series past the budget is not imported.
const overBudgetReason = "Its repeat rule, with those before it in the file, has more occurrences than one import computes (200 000); import it from a smaller file."

// planEvent is what is stored of an ical event: colours outside the
// palette become the default, a series keeps its zone by name and the end
// of its last occurrence (until_at, as the series code writes it),
// computed within budget; false when the budget ran out.
func planEvent(e ical.Event, budget *recur.Budget) (ImportEvent, bool) {
	ie := ImportEvent{
		UID: e.UID, Title: e.Title, Description: e.Description, Location: e.Location,
		Color: paletteOrCalendar(e.Color), Start: e.Start, End: e.End, AllDay: e.AllDay,
		Reminders: e.Reminders,
	}
	if !e.IsSeries() {
		return ie, true
	}
	loc := e.Loc
	if loc == nil {
		loc = time.UTC
	}
	ie.Rule, ie.TZID, ie.Exdates = e.Rule, loc.String(), e.Exdates
	if r, err := recur.Parse(e.Rule); err == nil {
		if s, err := recur.NewSeries(r, e.Start, e.End, e.AllDay, loc, e.Exdates); err == nil {
			last, ok, err := s.LastWithin(budget)
			if err != nil {
				return ImportEvent{}, false
			}
			if ok {
				t := last.End.UTC()
				ie.UntilAt = &t
			}
		}
	}
	for _, o := range e.Overrides {
		oi, _ := planEvent(o, nil)
		oi.UID, oi.Reminders = "", nil // an occurrence is reminded as its series
		rid := o.RecurrenceID.UTC()
		oi.RecurrenceID = &rid
		ie.Overrides = append(ie.Overrides, oi)
	}
	return ie, true
}

// paletteOrCalendar keeps a palette colour; any other means the
// calendar's ("").
func paletteOrCalendar(c string) string {
	if _, ok := palette.Name(c); ok {
		return c
	}
	return ""
}

// cleanFileName is an uploaded file's name fit for display.
func cleanFileName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	if r := []rune(s); len(r) > 100 {
		s = string(r[:100]) + "…"
	}
	return s
}
