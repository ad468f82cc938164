package handlers

import (
	"context"
	"errors"
	"net/url"
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
)

// adminUserSortKeys are the sort keys of the users list (the query takes no
// other value).
func adminUserSortKeys() []string {
	return []string{"username", "email", "events", "joined", "last_login"}
}

// adminUserQuery reads the users list's search, sort and page from values,
// keeping only whitelisted values.
func adminUserQuery(v url.Values) views.AdminUserQuery {
	q := views.AdminUserQuery{Q: adminSearchText(v.Get("q")), Sort: "username", Page: adminPageNumber(v.Get("page"))}
	if s := v.Get("sort"); slices.Contains(adminUserSortKeys(), s) {
		q.Sort = s
	}
	q.Desc = v.Get("dir") == "desc"
	return q
}

// adminUserNotice is the message after a successful user action (no JS).
func adminUserNotice(code string) string {
	switch code {
	case "activate":
		return "The account is active again; the user can log in."
	case "deactivate":
		return "The account is deactivated and its sessions have ended."
	case "grant":
		return "Administrator rights granted. The user's sessions have ended; the rights apply from their next login."
	case "revoke":
		return "Administrator rights removed, and the user's sessions have ended."
	case "password":
		return "The password is set, and the user's sessions have ended."
	case "delete":
		return "The account and its events are deleted."
	}
	return ""
}

// adminUsers is the users list (GET /admin and /admin/users).
func (h *Handler) adminUsers(c *fiber.Ctx) error {
	vals := adminQueryValues(c)
	return h.adminRenderUsers(c, fiber.StatusOK, adminUserQuery(vals), adminUserNotice(vals.Get("done")), "")
}

// adminRenderUsers shows one page of the users list, or only its results
// region for an htmx search, sort or page request.
func (h *Handler) adminRenderUsers(c *fiber.Ctx, status int, q views.AdminUserQuery, notice, errMsg string) error {
	ctx := c.UserContext()
	v := viewerOf(c)
	rows, total, err := h.adminListUsers(ctx, q)
	if err != nil {
		return err
	}
	p := views.AdminUsersPage{CSRFToken: csrfToken(c), Query: q, Notice: notice, Error: errMsg}
	ret := q.Encode()
	for _, r := range rows {
		p.Rows = append(p.Rows, h.adminUserRow(c, v, db.AdminGetUserRowRow{
			ID: r.ID, Username: r.Username, Email: r.Email, IsAdmin: r.IsAdmin, IsActive: r.IsActive,
			CreatedAt: r.CreatedAt, LastLoginAt: r.LastLoginAt, EventCount: r.EventCount,
			OwnCalendars: r.OwnCalendars, SharedCalendars: r.SharedCalendars, SharesGiven: r.SharesGiven,
		}, ret))
	}
	p.Pager = adminPager(q.Page, total, len(rows), func(n int) string {
		qq := q
		qq.Page = n
		return qq.URL()
	})
	pg := page{Title: "Users · Admin", Nav: "admin", Content: views.AdminUsersContent(p)}
	if adminWantsResults(c) {
		pg.Fragment = views.AdminUsersResults(p)
	}
	return h.render(c, status, pg)
}

// adminListUsers returns one page of the users list and how many users
// match in all. Past the last page, where no row carries the total, the
// first row is read for it.
func (h *Handler) adminListUsers(ctx context.Context, q views.AdminUserQuery) ([]db.AdminListUsersRow, int64, error) {
	arg := db.AdminListUsersParams{
		Pattern:    likePattern(q.Q),
		SortKey:    q.Sort,
		Descending: q.Desc,
		SkipRows:   adminOffset(q.Page),
		MaxRows:    adminPageSize,
	}
	rows, err := h.store.AdminListUsers(ctx, arg)
	if err != nil || len(rows) > 0 {
		return rows, firstTotal(rows), err
	}
	if arg.SkipRows == 0 {
		return rows, 0, nil
	}
	arg.SkipRows, arg.MaxRows = 0, 1
	first, err := h.store.AdminListUsers(ctx, arg)
	return rows, firstTotal(first), err
}

// firstTotal is the total carried by the rows (0 without rows).
func firstTotal(rows []db.AdminListUsersRow) int64 {
	if len(rows) == 0 {
		return 0
	}
	return rows[0].Total
}

// adminUserRow is the view model of one row; ret is the list's query string.
func (h *Handler) adminUserRow(c *fiber.Ctx, v *Viewer, r db.AdminGetUserRowRow, ret string) views.AdminUserRow {
	row := views.AdminUserRow{
		ID:           r.ID,
		Username:     r.Username,
		Email:        r.Email,
		Events:       r.EventCount,
		EventsURL:    views.AdminEventFilter{Owner: r.Username}.URL(),
		OwnCalendars: r.OwnCalendars, SharedCalendars: r.SharedCalendars, SharesGiven: r.SharesGiven,
		Joined:    adminDate(r.CreatedAt, v.Loc),
		JoinedISO: adminISO(r.CreatedAt),
		Active:    r.IsActive,
		Admin:     r.IsAdmin,
		Self:      r.ID == v.ID,
		Return:    ret,
		CSRFToken: csrfToken(c),
	}
	if r.LastLoginAt != nil {
		row.LastLogin = adminDateTime(*r.LastLoginAt, v)
		row.LastLoginISO = adminISO(*r.LastLoginAt)
	}
	return row
}

// The actions on a user row (POST /admin/users/:id/<action>).
func (h *Handler) adminUserActivate(c *fiber.Ctx) error {
	return h.adminRunUserAction(c, accounts.Activate)
}

func (h *Handler) adminUserDeactivate(c *fiber.Ctx) error {
	return h.adminRunUserAction(c, accounts.Deactivate)
}

func (h *Handler) adminUserGrant(c *fiber.Ctx) error { return h.adminRunUserAction(c, accounts.Grant) }

func (h *Handler) adminUserRevoke(c *fiber.Ctx) error {
	return h.adminRunUserAction(c, accounts.Revoke)
}

func (h *Handler) adminUserDelete(c *fiber.Ctx) error {
	return h.adminRunUserAction(c, accounts.Delete)
}

// adminRunUserAction applies a to the user named by :id (see
// accounts.ApplyUserAction). A plain post goes back to the list (303, query
// kept); htmx gets the re-rendered row (nothing after a delete). A refused
// action shows its message in the row or on the list.
func (h *Handler) adminRunUserAction(c *fiber.Ctx, a accounts.UserAction) error {
	v := viewerOf(c)
	id, ok := parseID(c.Params("id"))
	if !ok {
		return notFound()
	}
	ret := adminUserQuery(adminReturn(c))
	ctx := c.UserContext()
	err := h.accounts.ApplyUserAction(ctx, adminOf(v), id, a)
	var refusal *accounts.Refusal
	switch {
	case errors.As(err, &refusal):
		return h.adminUserRefused(c, v, id, ret, refusal)
	case errors.Is(err, accounts.ErrNotAdmin):
		return forbidden("This page is for administrators.")
	case errors.Is(err, db.ErrNotFound):
		return notFound()
	case errors.Is(err, accounts.ErrUnavailable):
		return unavailable("Sign-out", err)
	case err != nil:
		return err
	}
	if !isFragment(c) {
		return c.Redirect(adminDone(ret.URL(), string(a)), fiber.StatusSeeOther)
	}
	c.Vary(hxRequest)
	if a == accounts.Delete {
		c.Status(fiber.StatusOK) // an empty row: htmx removes it
		return nil
	}
	row, err := h.store.AdminGetUserRow(ctx, id)
	if err != nil {
		return db.NotFound(err)
	}
	return h.write(c, fiber.StatusOK, views.AdminUserRowView(h.adminUserRow(c, v, row, ret.Encode())))
}

// adminUserRefused shows why an action was refused: in the row for htmx, above
// the list otherwise.
func (h *Handler) adminUserRefused(c *fiber.Ctx, v *Viewer, id int64, ret views.AdminUserQuery, r *accounts.Refusal) error {
	status := fiber.StatusForbidden
	if r.Reason == accounts.LastAdmin {
		status = fiber.StatusConflict
	}
	if !isFragment(c) {
		return h.adminRenderUsers(c, status, ret, "", r.Message)
	}
	row, err := h.store.AdminGetUserRow(c.UserContext(), id)
	if err != nil {
		return db.NotFound(err)
	}
	vm := h.adminUserRow(c, v, row, ret.Encode())
	vm.Message = r.Message
	c.Vary(hxRequest)
	return h.write(c, status, views.AdminUserRowView(vm))
}

// adminUserDeleteConfirm asks before deleting an account (where Delete
// leads without JS).
func (h *Handler) adminUserDeleteConfirm(c *fiber.Ctx) error {
	v := viewerOf(c)
	id, ok := parseID(c.Params("id"))
	if !ok {
		return notFound()
	}
	row, err := h.store.AdminGetUserRow(c.UserContext(), id)
	if err != nil {
		return db.NotFound(err)
	}
	if row.ID == v.ID {
		return forbidden(accounts.RefuseSelfDelete)
	}
	ret := adminUserQuery(adminReturn(c))
	d := views.AdminUserDelete{
		CSRFToken: csrfToken(c),
		ID:        row.ID,
		Username:  row.Username,
		Events:    row.EventCount,
		Return:    ret.Encode(),
		CancelURL: ret.URL(),
	}
	return h.render(c, fiber.StatusOK, page{Title: "Delete " + row.Username + " · Admin", Nav: "admin", Content: views.AdminUserDeleteContent(d)})
}

// adminUserParam loads the user named by :id; a malformed or unknown id is
// the 404 page.
func (h *Handler) adminUserParam(c *fiber.Ctx) (db.User, error) {
	id, ok := parseID(c.Params("id"))
	if !ok {
		return db.User{}, notFound()
	}
	u, err := h.store.GetUser(c.UserContext(), id)
	return u, db.NotFound(err)
}

// adminPasswordForm shows the set-password form of a user.
func (h *Handler) adminPasswordForm(c *fiber.Ctx) error {
	u, err := h.adminUserParam(c)
	if err != nil {
		return err
	}
	return h.adminRenderPasswordForm(c, fiber.StatusOK, u, adminUserQuery(adminReturn(c)), nil)
}

func (h *Handler) adminRenderPasswordForm(c *fiber.Ctx, status int, u db.User, ret views.AdminUserQuery, errs views.FieldErrors) error {
	f := views.AdminPasswordForm{
		CSRFToken: csrfToken(c),
		ID:        u.ID,
		Username:  u.Username,
		Return:    ret.Encode(),
		CancelURL: ret.URL(),
		Errors:    errs,
	}
	return h.render(c, status, page{Title: "Set password · Admin", Nav: "admin", Content: views.AdminPasswordContent(f)})
}

// adminSetPassword sets a user's password (the accounts password policy
// applies) and ends their sessions; the admin's own current session stays.
func (h *Handler) adminSetPassword(c *fiber.Ctx) error {
	u, err := h.adminUserParam(c)
	if err != nil {
		return err
	}
	ret := adminUserQuery(adminReturn(c))
	err = h.accounts.SetPassword(c.UserContext(), adminOf(viewerOf(c)), u, c.FormValue("password"), c.FormValue("password_confirm"))
	if errs, ok := asFieldErrors(err); ok {
		return h.adminRenderPasswordForm(c, fiber.StatusUnprocessableEntity, u, ret, views.FieldErrors(errs))
	}
	if errors.Is(err, accounts.ErrUnavailable) {
		return unavailable("Sign-out", err)
	}
	if err != nil {
		return err
	}
	return redirect(c, adminDone(ret.URL(), "password"))
}
