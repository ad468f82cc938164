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

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/ical"
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
	plan := events.PlanOf(res, fh.Filename)
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
func (h *Handler) loadPlan(c *fiber.Ctx, claim bool) (plan events.Plan, id string, ok bool, err error) {
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
	targets, err := h.events.ImportTargets(c.UserContext(), v.ID, plan.Events)
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
	for _, sk := range plan.Skipped[:min(len(plan.Skipped), importListMax)] {
		p.Skipped = append(p.Skipped, views.PreviewSkip{Title: sk.Title, Reason: sk.Reason})
	}
	p.SkippedMore = len(plan.Skipped) - len(p.Skipped)
	return h.render(c, fiber.StatusOK, page{Title: "Import events", Nav: "calendar", Content: views.ImportPreviewContent(p)})
}

// previewEvent is one line of the preview, in the viewer's zone.
func previewEvent(e events.ImportEvent, update bool, loc *time.Location, zones *calendar.Zones) views.PreviewEvent {
	pe := views.PreviewEvent{Title: e.Title, When: views.WhenText(e.Start, e.End, e.AllDay, loc), Update: update}
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
	added, updated, err := h.events.Import(ctx, v.ID, plan.Events)
	if err != nil {
		// Nothing was stored: keep the preview for another try.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		if b, merr := json.Marshal(plan); merr == nil {
			h.redis.Set(rctx, h.importKey(v.ID, id), b, importTTL)
		}
		return err
	}
	return redirect(c, "/events/import?imported="+strconv.Itoa(added)+"&updated="+strconv.Itoa(updated))
}
