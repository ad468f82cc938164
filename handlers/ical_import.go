package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/ical"
	"github.com/eventcal/eventcal/recur"
	"github.com/eventcal/eventcal/views"
)

// Import of an .ics file in two steps: the upload (POST /events/import) is
// parsed and kept in Redis for events.PlanTTL under a random id, and the
// preview (GET /events/import/{id}) says what will be imported and what is
// skipped, and why; "Import" (POST /events/import/{id}) stores it all in
// one transaction. An event whose UID was imported before (or that an
// eventcal export named event-<id>@eventcal, when that event is the
// user's) is updated rather than added again.

const (
	importMaxBytes = ical.DefaultMaxBytes
	importListMax  = 200 // events and skipped items listed in the preview
)

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
	id, err := h.events.PlanFile(c.UserContext(), v.ID, v.Loc, f, fh.Filename)
	if err != nil {
		return h.importFailed(c, err)
	}
	return redirect(c, "/events/import/"+id)
}

// importFailed answers an upload or import the service refused: the form
// again with why, or 429 while another import of the user runs.
func (h *Handler) importFailed(c *fiber.Ctx, err error) error {
	var fe *ical.Error
	var qe *events.QuotaError
	switch {
	case errors.As(err, &fe):
		return h.importRefused(c, fiber.StatusUnprocessableEntity, fe.Msg)
	case errors.As(err, &qe):
		return h.importRefused(c, fiber.StatusUnprocessableEntity, qe.Message())
	case errors.Is(err, events.ErrImportBusy):
		return throttled(c, 5, "Import in progress", "Another import of yours is being read or stored. Please wait for it to finish.")
	}
	return err
}

// importGone answers for a preview that no longer exists.
func (h *Handler) importGone(c *fiber.Ctx) error {
	return h.importRefused(c, fiber.StatusNotFound, "This preview has expired or was already imported. Choose the file again.")
}

// importPreview shows what a pending import will do.
func (h *Handler) importPreview(c *fiber.Ctx) error {
	v := viewerOf(c)
	id := c.Params("id")
	plan, ok, err := h.events.Plan(c.UserContext(), v.ID, id)
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
			p.Events = append(p.Events, previewEvent(e, targets[i] != 0, v, h.zones))
		}
	}
	p.EventsMore = len(plan.Events) - len(p.Events)
	for _, sk := range plan.Skipped[:min(len(plan.Skipped), importListMax)] {
		p.Skipped = append(p.Skipped, views.PreviewSkip{Title: sk.Title, Reason: sk.Reason})
	}
	p.SkippedMore = len(plan.Skipped) - len(p.Skipped)
	return h.render(c, fiber.StatusOK, page{Title: "Import events", Nav: "calendar", Content: views.ImportPreviewContent(p)})
}

// previewEvent is one line of the preview, in the viewer's zone and clock.
func previewEvent(e events.ImportEvent, update bool, v *Viewer, zones *calendar.Zones) views.PreviewEvent {
	pe := views.PreviewEvent{Title: e.Title, When: views.WhenText(e.Start, e.End, e.AllDay, v.Loc, v.Clock), Update: update}
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
	added, updated, ok, err := h.events.ImportPlan(c.UserContext(), v.ID, c.Params("id"))
	if err != nil {
		return h.importFailed(c, err)
	}
	if !ok {
		return h.importGone(c)
	}
	return redirect(c, "/events/import?imported="+strconv.Itoa(added)+"&updated="+strconv.Itoa(updated))
}
