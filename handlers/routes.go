package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/etag"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/eventcal/eventcal/views"
)

// routes lists every route and the middleware in front of them.
func (h *Handler) routes(app *fiber.App, reg *prometheus.Registry) {
	app.Use(h.begin)
	app.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: h.logPanic}))
	// Not the live-update stream: compression would hold its events back.
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed,
		Next: func(c *fiber.Ctx) bool { return c.Path() == streamPath }}))

	app.Get("/healthz", h.healthz)
	if h.cfg.MetricsAddr == "" {
		h.opsRoutes(app, reg) // else on their own listener (MetricsApp)
	}
	app.Get("/assets/:file", h.asset)

	app.Use(h.checkHost)
	// Installable and offline: the manifest, icons, worker and offline pages.
	h.offlineRoutes(app)
	// The subscription feed needs no session: before loadViewer, so that a
	// calendar app polling it never makes one.
	app.Get("/feed/:file", h.feed)
	// CalDAV: calendar apps sign in on each request with an app password.
	h.davRoutes(app)
	app.Use(h.loadViewer)
	app.Use(h.markViewer)
	app.Use(h.csrfProtect)
	app.Use(h.liveOrigin)
	// ETags for signed-out pages only: signed-in pages are no-store, so no
	// browser revalidates them, and the CRC of every body cost a tenth of a
	// cached page's CPU.
	app.Use(etag.New(etag.Config{Next: func(c *fiber.Ctx) bool { return viewerOf(c) != nil }}))

	h.accountRoutes(app)
	h.eventRoutes(app)
	h.calendarRoutes(app)
	h.adminRoutes(app)
	app.Use(func(c *fiber.Ctx) error { return notFound() })
}

// accountRoutes are sign-up, sign-in and settings.
func (h *Handler) accountRoutes(app *fiber.App) {
	user := h.requireUser

	app.Get("/register", h.registerForm)
	app.Post("/register", h.register)
	app.Get("/login", h.loginForm)
	app.Post("/login", h.login)
	app.Post("/logout", h.logout)
	app.Get("/settings", user, h.settingsPage)
	app.Post("/settings", user, h.saveSettings)
	app.Get(views.TimezoneSuggestionsURL, user, h.timezoneSuggestions)
	app.Post("/settings/password", user, h.changePassword)
	app.Post("/settings/reminders", user, h.saveDefaultReminder)
	app.Post("/settings/feed", user, h.feedOn)
	app.Post("/settings/feed/off", user, h.feedOff)
	app.Post("/settings/app-passwords", user, h.appPasswordCreate)
	app.Post("/settings/app-passwords/:id/delete", user, h.appPasswordRevoke)
}

// eventRoutes are the calendar, the events and search, for a signed-in user.
func (h *Handler) eventRoutes(app *fiber.App) {
	user := h.requireUser
	app.Get("/", user, h.dashboard)
	app.Get("/calendar", user, h.calendarPage)
	app.Get("/upcoming", user, h.upcoming)
	app.Get("/events", user, h.dayEvents)
	app.Get(streamPath, h.eventStream) // before /events/:id; signed out: "ended"

	// Events.
	app.Get("/events/new", user, h.eventNew) // before /events/:id
	// Quick add, before /events/:id ("quick" is no id).
	app.Get("/events/quick", user, h.quickPreview)
	app.Post("/events/quick", user, h.quickCreate)
	app.Get("/shortcuts", user, h.shortcuts)
	// iCalendar export and import, before /events/:id ("5.ics" is no id).
	app.Get("/events.ics", user, h.exportCalendar)
	app.Get("/events/:id.ics", user, h.exportEvent)
	app.Get("/events/import", user, h.importForm)
	app.Post("/events/import", user, h.importUpload)
	app.Get("/events/import/:id", user, h.importPreview)
	app.Post("/events/import/:id", user, h.importCommit)
	app.Post("/events", user, h.eventCreate)
	app.Get("/events/:id/edit", user, h.eventEdit)
	app.Get("/events/:id/delete", user, h.eventDeleteConfirm)
	app.Post("/events/:id/delete", user, h.eventDelete)
	app.Get("/events/:id/move", user, h.eventMoveConfirm)
	app.Post("/events/:id/move", user, h.eventMove)
	app.Get("/events/:id", user, h.eventShow)
	app.Post("/events/:id", user, h.eventUpdate)
	app.Put("/events/:id", user, h.eventUpdate)
	app.Delete("/events/:id", user, h.eventDelete)

	// Search.
	app.Get("/search", user, h.search)

	// Sent reminders.
	app.Get("/notifications", user, h.notificationsPage)
}

// calendarRoutes are the viewer's calendars and their sharing.
func (h *Handler) calendarRoutes(app *fiber.App) {
	user := h.requireUser
	app.Get("/calendars", user, h.calendarsPage)
	app.Post("/calendars", user, h.calendarCreate)
	app.Get("/calendars/:id.ics", user, h.calendarExport) // before /calendars/:id
	app.Get("/calendars/:id", user, h.calendarShow)
	app.Post("/calendars/:id", user, h.calendarUpdate)
	app.Post("/calendars/:id/visible", user, h.calendarVisible)
	app.Post("/calendars/:id/shares", user, h.calendarShare)
	app.Post("/calendars/:id/shares/:user_id/delete", user, h.calendarUnshare)
	app.Post("/calendars/:id/leave", user, h.calendarLeave)
	app.Get("/calendars/:id/delete", user, h.calendarDeleteConfirm)
	app.Post("/calendars/:id/delete", user, h.calendarDelete)
}

// adminRoutes are the admin pages. The group's handlers run as middleware on every /admin URL and
// verb: signed-out visitors go to login, non-admins get 403.
func (h *Handler) adminRoutes(app *fiber.App) {
	adm := app.Group("/admin", h.requireUser, h.requireAdmin, h.adminCurrent)
	adm.Get("", h.adminUsers)
	adm.Get("/users", h.adminUsers)
	adm.Post("/users/:id/activate", h.adminUserActivate)
	adm.Post("/users/:id/deactivate", h.adminUserDeactivate)
	adm.Post("/users/:id/grant", h.adminUserGrant)
	adm.Post("/users/:id/revoke", h.adminUserRevoke)
	adm.Get("/users/:id/calendars", h.adminUserCalendars)
	adm.Get("/users/:id/password", h.adminPasswordForm)
	adm.Get("/users/:id/export.ics", h.adminExportGet)
	adm.Post("/users/:id/export.ics", h.adminExportUser)
	adm.Post("/users/:id/password", h.adminSetPassword)
	adm.Get("/users/:id/delete", h.adminUserDeleteConfirm)
	adm.Post("/users/:id/delete", h.adminUserDelete)
	adm.Get("/events", h.adminEvents)
	adm.Get("/events/:id/edit", h.adminEventEdit)
	adm.Get("/events/:id/delete", h.adminEventDeleteConfirm)
	adm.Post("/events/:id/delete", h.adminEventDelete)
	adm.Get("/events/:id", h.adminEventShow)
	adm.Post("/events/:id", h.adminEventUpdate)
	adm.Get("/cache", h.adminCache)
	adm.Post("/cache/drop-user", h.adminCacheDropUser)
	adm.Post("/cache/drop-all", h.adminCacheDropAll)
	adm.Get("/queue", h.adminQueue)
	adm.Get("/audit", h.adminAudit)
}
