package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/paths"
	"github.com/eventcal/eventcal/views"
)

// savedAppPasswordRevoked is the ?saved= value after a revoke.
const savedAppPasswordRevoked = "app-password-revoked"

// appPasswordCreate makes an app password named by the form's name and
// answers with the settings page showing its secret, once: the secret is
// in this response only (no redirect, no session, no cache; the page is
// no-store). A bad name re-renders the form (422).
func (h *Handler) appPasswordCreate(c *fiber.Ctx) error {
	ctx := c.UserContext()
	u, err := h.store.GetUser(ctx, viewerOf(c).ID)
	if err != nil {
		return db.NotFound(err)
	}
	name := c.FormValue("name")
	ap, secret, err := h.accounts.CreateAppPassword(ctx, u.ID, name)
	if errs, ok := asFieldErrors(err); ok {
		p := views.SettingsPage{Profile: profileForm(u), Apps: views.AppPasswordSettings{Name: name, Errors: views.FieldErrors(errs)}}
		return h.renderSettings(c, fiber.StatusUnprocessableEntity, u, p)
	}
	if err != nil {
		return err
	}
	p := views.SettingsPage{Profile: profileForm(u), Apps: views.AppPasswordSettings{Secret: secret, SecretName: ap.Name}}
	return h.renderSettings(c, fiber.StatusOK, u, p)
}

// appPasswordRevoke deletes one of the viewer's app passwords and goes
// back to the settings page (303). A bad id or another user's is 404.
func (h *Handler) appPasswordRevoke(c *fiber.Ctx) error {
	id, ok := parseID(c.Params("id"))
	if !ok {
		return notFound()
	}
	if err := h.accounts.RevokeAppPassword(c.UserContext(), viewerOf(c).ID, id); err != nil {
		return err // db.ErrNotFound is 404
	}
	return redirect(c, "/settings?saved="+savedAppPasswordRevoked+"#app-passwords")
}

// appPasswordsState completes the settings page's app passwords section a
// for user u: the CalDAV address, the username and the list (a secret just
// made and a refused name stay in a).
func (h *Handler) appPasswordsState(c *fiber.Ctx, u db.User, a views.AppPasswordSettings) (views.AppPasswordSettings, error) {
	list, err := h.accounts.AppPasswords(c.UserContext(), u.ID)
	if err != nil {
		return a, err
	}
	a.CSRFToken = csrfToken(c)
	a.DAVURL = c.BaseURL() + paths.DAV
	a.Username = u.Username
	loc := time.UTC
	if v := viewerOf(c); v != nil && v.Loc != nil {
		loc = v.Loc
	}
	a.List = make([]views.AppPasswordRow, len(list))
	for i, ap := range list {
		a.List[i] = appPasswordRow(ap, loc, viewerClock(c))
	}
	if a.Secret == "" && c.Query("saved") == savedAppPasswordRevoked {
		a.Notice = "The app password is revoked: apps that used it can no longer sign in."
	}
	return a, nil
}

// appPasswordRow is one app password as listed, its times in loc on clock.
func appPasswordRow(ap accounts.AppPassword, loc *time.Location, clock calendar.Clock) views.AppPasswordRow {
	r := views.AppPasswordRow{
		ID:        ap.ID,
		Name:      ap.Name,
		Created:   ap.CreatedAt.In(loc).Format("2 Jan 2006"),
		CreatedAt: ap.CreatedAt.Format(time.RFC3339),
	}
	if ap.LastUsedAt != nil {
		r.LastUsed = ap.LastUsedAt.In(loc).Format("2 Jan 2006") + ", " + clock.Time(ap.LastUsedAt.In(loc))
		r.LastUsedAt = ap.LastUsedAt.Format(time.RFC3339)
	}
	return r
}
