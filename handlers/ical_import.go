package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/ical"
	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/recur"
	"github.com/eventcal/eventcal/views"
)

// Import of an .ics file in two steps: the upload (POST /events/import) is
// parsed and kept in Redis for importTTL under a random id, and the
// preview (GET /events/import/{id}) says what will be imported and what is
// skipped, and why; "Import" (POST /events/import/{id}) stores it all in
// one transaction. An event whose UID was imported before (or that an
// eventcal export named event-<id>@eventcal, when that event is the
// user's) is updated rather than added again.

const (
	importMaxBytes = ical.DefaultMaxBytes
	importTTL      = 15 * time.Minute
	importListMax  = 200 // events and skipped items listed in the preview
)

// importPlan is a parsed file waiting for confirmation.
type importPlan struct {
	FileName  string              `json:"file"`
	Events    []importEvent       `json:"events"`
	Skipped   []views.PreviewSkip `json:"skipped"`
	Shortened int                 `json:"shortened"`
}

// importEvent is one event to store: a single event, a series (with its
// overrides) or an override (RecurrenceID set).
type importEvent struct {
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
	Overrides    []importEvent `json:"overrides,omitempty"`
}

// importKey is the Redis key of a user's pending import.
func (h *Handler) importKey(uid int64, id string) string {
	return h.cfg.RedisPrefix + "import:" + strconv.FormatInt(uid, 10) + ":" + id
}

// importForm is the upload page; after an import it says what was done.
func (h *Handler) importForm(c *fiber.Ctx) error {
	p := views.ImportPage{}
	if n, err := strconv.Atoi(c.Query("imported")); err == nil && n >= 0 {
		u, _ := strconv.Atoi(c.Query("updated"))
		p.Done = importDoneMessage(n, max(u, 0))
	}
	return h.renderImport(c, fiber.StatusOK, p)
}

func importDoneMessage(added, updated int) string {
	msg := "Imported: " + countNoun(added, "new event", "new events")
	if updated > 0 {
		msg += ", " + countNoun(updated, "event", "events") + " updated"
	}
	return msg + "."
}

func countNoun(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func (h *Handler) renderImport(c *fiber.Ctx, status int, p views.ImportPage) error {
	p.CSRFToken = csrfToken(c)
	p.MaxMB = importMaxBytes >> 20
	return h.render(c, status, page{Title: "Import events", Nav: "calendar", Content: views.ImportContent(p)})
}

// importRefused re-shows the upload form with why the file was refused.
func (h *Handler) importRefused(c *fiber.Ctx, status int, msg string) error {
	return h.renderImport(c, status, views.ImportPage{Error: msg})
}

// importUpload parses the uploaded file, keeps it for the preview and goes
// there. A file that is not a calendar is refused with a message (422).
func (h *Handler) importUpload(c *fiber.Ctx) error {
	v := viewerOf(c)
	fh, err := c.FormFile("file")
	if err != nil {
		return h.importRefused(c, fiber.StatusUnprocessableEntity, "Choose an .ics file to import.")
	}
	if fh.Size > importMaxBytes {
		return h.importRefused(c, fiber.StatusUnprocessableEntity, "The file is larger than "+strconv.Itoa(importMaxBytes>>20)+" MB.")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	res, err := ical.Decode(f, ical.DecodeOptions{Loc: v.Loc, MaxBytes: importMaxBytes})
	var fe *ical.Error
	if errors.As(err, &fe) {
		return h.importRefused(c, fiber.StatusUnprocessableEntity, fe.Msg)
	} else if err != nil {
		return err
	}
	plan := planOf(res, fh.Filename)
	b, err := json.Marshal(plan)
	if err != nil {
		return err
	}
	id, err := randomID()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := h.redis.Set(ctx, h.importKey(v.ID, id), b, importTTL).Err(); err != nil {
		return unavailable("Import", err)
	}
	return redirect(c, "/events/import/"+id)
}

// randomID is 16 random bytes in hex.
func randomID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// validImportID reports whether s has the shape of randomID's result.
func validImportID(s string) bool {
	if len(s) != 32 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// loadPlan reads the viewer's pending import named by :id; ok is false
// when there is none (expired, already imported, or never made). With
// claim, the plan is also deleted (GETDEL), so that a double submit
// imports it once.
func (h *Handler) loadPlan(c *fiber.Ctx, claim bool) (plan importPlan, id string, ok bool, err error) {
	id = c.Params("id")
	if !validImportID(id) {
		return plan, id, false, nil
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	key := h.importKey(viewerOf(c).ID, id)
	get := h.redis.Get
	if claim {
		get = h.redis.GetDel
	}
	b, err := get(ctx, key).Bytes()
	switch {
	case errors.Is(err, redis.Nil):
		return plan, id, false, nil
	case err != nil:
		return plan, id, false, unavailable("Import", err)
	}
	if err := json.Unmarshal(b, &plan); err != nil {
		return plan, id, false, nil
	}
	return plan, id, true, nil
}

// importGone answers for a preview that no longer exists.
func (h *Handler) importGone(c *fiber.Ctx) error {
	return h.importRefused(c, fiber.StatusNotFound, "This preview has expired or was already imported. Choose the file again.")
}

// importPreview shows what a pending import will do.
func (h *Handler) importPreview(c *fiber.Ctx) error {
	v := viewerOf(c)
	plan, id, ok, err := h.loadPlan(c, false)
	if err != nil {
		return err
	}
	if !ok {
		return h.importGone(c)
	}
	targets, err := importTargets(c.UserContext(), h.store.Queries, v.ID, plan.Events)
	if err != nil {
		return err
	}
	p := views.ImportPreview{
		CSRFToken:    csrfToken(c),
		Action:       "/events/import/" + id,
		FileName:     plan.FileName,
		Shortened:    plan.Shortened,
		SkippedTotal: len(plan.Skipped),
	}
	for i, e := range plan.Events {
		if e.Rule != "" {
			p.Series++
			p.Overrides += len(e.Overrides)
		} else {
			p.Singles++
		}
		if targets[i] != 0 {
			p.Updates++
		}
		if len(p.Events) < importListMax {
			p.Events = append(p.Events, previewEvent(e, targets[i] != 0, v.Loc, h.zones))
		}
	}
	p.EventsMore = len(plan.Events) - len(p.Events)
	p.Skipped = plan.Skipped[:min(len(plan.Skipped), importListMax)]
	p.SkippedMore = len(plan.Skipped) - len(p.Skipped)
	return h.render(c, fiber.StatusOK, page{Title: "Import events", Nav: "calendar", Content: views.ImportPreviewContent(p)})
}

// previewEvent is one line of the preview, in the viewer's zone.
func previewEvent(e importEvent, update bool, loc *time.Location, zones *calendar.Zones) views.PreviewEvent {
	pe := views.PreviewEvent{Title: e.Title, When: eventWhenText(e.Start, e.End, e.AllDay, loc), Update: update}
	if e.Rule != "" {
		if r, err := recur.Parse(e.Rule); err == nil {
			pe.Repeats = recur.Describe(r, e.Start, zones.Load(e.TZID))
		}
	}
	return pe
}

// importCommit stores a pending import in one transaction, drops the
// viewer's cache and goes back to the import page with the outcome.
func (h *Handler) importCommit(c *fiber.Ctx) error {
	v := viewerOf(c)
	plan, id, ok, err := h.loadPlan(c, true)
	if err != nil {
		return err
	}
	if !ok {
		return h.importGone(c)
	}
	ctx := c.UserContext()
	added, updated, err := h.importEvents(ctx, v.ID, plan.Events)
	if err != nil {
		// Nothing was stored: keep the preview for another try.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		if b, merr := json.Marshal(plan); merr == nil {
			h.redis.Set(rctx, h.importKey(v.ID, id), b, importTTL)
		}
		return err
	}
	h.cache.DropUser(ctx, v.ID)
	return redirect(c, "/events/import?imported="+strconv.Itoa(added)+"&updated="+strconv.Itoa(updated))
}

// importTargets returns, for each event, the id of the user's event it
// updates (0: a new event): one imported before under the same UID, or the
// user's own event an eventcal export named event-<id>@eventcal.
func importTargets(ctx context.Context, q *db.Queries, uid int64, evs []importEvent) ([]int64, error) {
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
	return parseEventID(s)
}

// importEvents stores evs for user uid in one transaction (serialised per
// user): updates first, then inserts, then the series' overrides and the
// UIDs, each step as one batch (one round trip).
func (h *Handler) importEvents(ctx context.Context, uid int64, evs []importEvent) (added, updated int, err error) {
	err = h.store.InTx(ctx, func(q *db.Queries) error {
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
	})
	return added, updated, err
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

func insertParams(uid int64, e importEvent, series *int64) db.ImportInsertEventParams {
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

func updateParams(uid, id int64, e importEvent) db.ImportUpdateEventParams {
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

// planOf turns a decoded file into what will be stored.
func planOf(res *ical.Result, fileName string) importPlan {
	plan := importPlan{FileName: cleanFileName(fileName), Shortened: res.Shortened}
	for _, e := range res.Events {
		plan.Events = append(plan.Events, importEventOf(e))
	}
	for _, s := range res.Skipped {
		plan.Skipped = append(plan.Skipped, views.PreviewSkip{Title: s.Title, Reason: s.Reason})
	}
	return plan
}

// importEventOf is what is stored of an ical event: colours outside the
// palette become the default, a series keeps its zone by name and the end
// of its last occurrence (until_at, as the series code writes it).
func importEventOf(e ical.Event) importEvent {
	ie := importEvent{
		UID: e.UID, Title: e.Title, Description: e.Description, Location: e.Location,
		Color: palette.Default, Start: e.Start, End: e.End, AllDay: e.AllDay,
	}
	if _, ok := palette.Name(e.Color); ok {
		ie.Color = e.Color
	}
	if !e.IsSeries() {
		return ie
	}
	loc := e.Loc
	if loc == nil {
		loc = time.UTC
	}
	ie.Rule, ie.TZID, ie.Exdates = e.Rule, loc.String(), e.Exdates
	if r, err := recur.Parse(e.Rule); err == nil {
		if s, err := recur.NewSeries(r, e.Start, e.End, e.AllDay, loc, e.Exdates); err == nil {
			if last, ok := s.Last(); ok {
				t := last.End.UTC()
				ie.UntilAt = &t
			}
		}
	}
	for _, o := range e.Overrides {
		oi := importEventOf(o)
		oi.UID = ""
		rid := o.RecurrenceID.UTC()
		oi.RecurrenceID = &rid
		ie.Overrides = append(ie.Overrides, oi)
	}
	return ie
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
