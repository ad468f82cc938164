package handlers

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
)

// feed serves GET /feed/:file, file being <token>.ics: the owner's whole
// calendar without a session (see accounts/feed.go). An unknown, disabled
// or malformed token is 404; too many requests for the token or from the
// address are 429 with Retry-After.
func (h *Handler) feed(c *fiber.Ctx) error {
	ctx := c.UserContext()
	token, ok := strings.CutSuffix(c.Params("file"), ".ics")
	if !ok {
		return notFound()
	}
	err := h.accounts.CountFeedRequest(ctx, token, h.clientIP(c))
	if wait, blocked := asThrottled(err); blocked {
		return feedTooMany(c, wait)
	} else if errors.Is(err, db.ErrNotFound) {
		return notFound()
	}
	owner, err := h.accounts.FeedOwner(ctx, token)
	if errors.Is(err, db.ErrNotFound) {
		return notFound()
	} else if err != nil {
		return err
	}
	body, err := h.calendarFile(ctx, owner.ID, owner.Username, h.zones.Load(owner.Timezone))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	c.Set("X-Robots-Tag", "noindex")
	return sendICS(c, body, "eventcal.ics", false)
}

// feedOn makes a new subscription address (replacing any old one) once
// the current password confirms it, and shows the settings page with it,
// once. A wrong password re-renders the page (422).
func (h *Handler) feedOn(c *fiber.Ctx) error {
	ctx := c.UserContext()
	u, err := h.store.GetUser(ctx, viewerOf(c).ID)
	if err != nil {
		return db.NotFound(err)
	}
	token, err := h.accounts.EnableFeed(ctx, u.ID, c.FormValue("current_password"), h.clientIP(c))
	if wait, ok := asThrottled(err); ok {
		return tooManyAttempts(c, wait)
	}
	if errs, ok := asFieldErrors(err); ok {
		p := views.SettingsPage{Profile: profileForm(u), Feed: views.FeedSettings{Errors: views.FieldErrors(errs)}}
		return h.renderSettings(c, fiber.StatusUnprocessableEntity, u, p)
	}
	if err != nil {
		return err
	}
	path := "/feed/" + token + ".ics"
	p := views.SettingsPage{
		Profile: profileForm(u),
		Feed: views.FeedSettings{
			URL:       c.BaseURL() + path,
			WebcalURL: "webcal://" + c.Hostname() + path,
		},
	}
	return h.renderSettings(c, fiber.StatusOK, u, p)
}

// feedOff turns the subscription address off.
func (h *Handler) feedOff(c *fiber.Ctx) error {
	if err := h.accounts.FeedOff(c.UserContext(), viewerOf(c).ID); err != nil {
		return err
	}
	return redirect(c, "/settings?saved=feed-off#calendar-files")
}

// feedState completes the settings page's feed section f for user uid:
// whether the feed is on and since when (an address just made stays in f).
func (h *Handler) feedState(c *fiber.Ctx, uid int64, f views.FeedSettings) (views.FeedSettings, error) {
	f.CSRFToken = csrfToken(c)
	created, err := h.store.GetFeedToken(c.UserContext(), uid)
	switch err = db.NotFound(err); {
	case err == nil:
		f.On = true
		loc := time.UTC
		if v := viewerOf(c); v != nil {
			loc = v.Loc
		}
		f.Since = created.In(loc).Format("2 Jan 2006") + ", " + viewerClock(c).Time(created.In(loc))
	case errors.Is(err, db.ErrNotFound):
		f.On = false
	default:
		return f, err
	}
	if f.URL == "" && c.Query("saved") == "feed-off" && !f.On {
		f.Notice = "The subscription address is off: it no longer works."
	}
	return f, nil
}
