package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
)

// adminUserSortKeys are the sort keys of the users list (the query takes no
// other value).
func adminUserSortKeys() []string {
	return []string{"username", "email", "events", "joined", "last_login"}
}

// Messages of the rules about the admin's own account.
const (
	adminRefuseSelfDeactivate = "You cannot deactivate your own account."
	adminRefuseSelfRevoke     = "You cannot remove your own administrator rights; another administrator can."
	adminRefuseSelfDelete     = "You cannot delete your own account; another administrator can."
)

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
	pattern := likePattern(q.Q)
	total, err := h.store.AdminCountUsers(ctx, pattern)
	if err != nil {
		return err
	}
	rows, err := h.store.AdminListUsers(ctx, db.AdminListUsersParams{
		Pattern:    pattern,
		SortKey:    q.Sort,
		Descending: q.Desc,
		SkipRows:   adminOffset(q.Page),
		MaxRows:    adminPageSize,
	})
	if err != nil {
		return err
	}
	p := views.AdminUsersPage{CSRFToken: csrfToken(c), Query: q, Notice: notice, Error: errMsg}
	ret := q.Encode()
	for _, r := range rows {
		p.Rows = append(p.Rows, h.adminUserRow(c, v, db.AdminGetUserRowRow(r), ret))
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

// adminUserRow is the view model of one row; ret is the list's query string.
func (h *Handler) adminUserRow(c *fiber.Ctx, v *Viewer, r db.AdminGetUserRowRow, ret string) views.AdminUserRow {
	row := views.AdminUserRow{
		ID:        r.ID,
		Username:  r.Username,
		Email:     r.Email,
		Events:    r.EventCount,
		EventsURL: views.AdminEventFilter{Owner: r.Username}.URL(),
		Joined:    adminDate(r.CreatedAt, v.Loc),
		JoinedISO: adminISO(r.CreatedAt),
		Active:    r.IsActive,
		Admin:     r.IsAdmin,
		Self:      r.ID == v.ID,
		Return:    ret,
		CSRFToken: csrfToken(c),
	}
	if r.LastLoginAt != nil {
		row.LastLogin = adminDateTime(*r.LastLoginAt, v.Loc)
		row.LastLoginISO = adminISO(*r.LastLoginAt)
	}
	return row
}

// adminUserAction is one action on a user row.
type adminUserAction struct {
	name string // the URL segment, the audit action ("user.<name>") and the notice code
	// removesAdmin: the action takes an active admin away (the last one may not go).
	removesAdmin bool
	// self refuses the action on the admin's own account ("" allows it).
	self string
	// apply changes the locked user inside the transaction and returns the
	// audit detail.
	apply func(ctx context.Context, q *db.Queries, u db.User) (string, error)
	// after runs once the transaction has committed (sessions, cache).
	after func(ctx context.Context, h *Handler, v *Viewer, u db.User) error
	// deletes: the row is gone afterwards.
	deletes bool
}

// adminEndSessions ends every session of u (they sign in again to see the
// change), except the acting admin's current one.
func adminEndSessions(ctx context.Context, h *Handler, v *Viewer, u db.User) error {
	keep := ""
	if u.ID == v.ID {
		keep = v.SessionID
	}
	if err := h.endSessions(ctx, u.ID, keep); err != nil {
		return unavailable("Sign-out", fmt.Errorf("ending sessions of user %d: %w", u.ID, err))
	}
	return nil
}

// adminDropUser drops u's cache and ends their sessions (deactivated, deleted).
func adminDropUser(ctx context.Context, h *Handler, v *Viewer, u db.User) error {
	h.cache.DropUser(ctx, u.ID)
	return adminEndSessions(ctx, h, v, u)
}

// adminUserActivate lets a deactivated user log in again.
func (h *Handler) adminUserActivate(c *fiber.Ctx) error {
	return h.adminRunUserAction(c, adminUserAction{
		name: "activate",
		apply: func(ctx context.Context, q *db.Queries, u db.User) (string, error) {
			return u.Username, q.SetUserActive(ctx, db.SetUserActiveParams{ID: u.ID, IsActive: true})
		},
	})
}

// adminUserDeactivate stops a user logging in and ends their sessions now.
func (h *Handler) adminUserDeactivate(c *fiber.Ctx) error {
	return h.adminRunUserAction(c, adminUserAction{
		name:         "deactivate",
		removesAdmin: true,
		self:         adminRefuseSelfDeactivate,
		apply: func(ctx context.Context, q *db.Queries, u db.User) (string, error) {
			return u.Username, q.SetUserActive(ctx, db.SetUserActiveParams{ID: u.ID, IsActive: false})
		},
		after: adminDropUser,
	})
}

// adminUserGrant makes a user an administrator; their sessions end so the
// rights apply from their next login.
func (h *Handler) adminUserGrant(c *fiber.Ctx) error {
	return h.adminRunUserAction(c, adminUserAction{
		name: "grant",
		apply: func(ctx context.Context, q *db.Queries, u db.User) (string, error) {
			return u.Username, q.SetUserAdmin(ctx, db.SetUserAdminParams{ID: u.ID, IsAdmin: true})
		},
		after: adminEndSessions,
	})
}

// adminUserRevoke takes a user's administrator rights away and ends their
// sessions (which still carry the rights).
func (h *Handler) adminUserRevoke(c *fiber.Ctx) error {
	return h.adminRunUserAction(c, adminUserAction{
		name:         "revoke",
		removesAdmin: true,
		self:         adminRefuseSelfRevoke,
		apply: func(ctx context.Context, q *db.Queries, u db.User) (string, error) {
			return u.Username, q.SetUserAdmin(ctx, db.SetUserAdminParams{ID: u.ID, IsAdmin: false})
		},
		after: adminEndSessions,
	})
}

// adminUserDelete deletes an account; its events go with it (ON DELETE
// CASCADE), its cache is dropped and its sessions end.
func (h *Handler) adminUserDelete(c *fiber.Ctx) error {
	return h.adminRunUserAction(c, adminUserAction{
		name:         "delete",
		removesAdmin: true,
		self:         adminRefuseSelfDelete,
		deletes:      true,
		apply: func(ctx context.Context, q *db.Queries, u db.User) (string, error) {
			n, err := q.CountUserEvents(ctx, u.ID)
			if err != nil {
				return "", err
			}
			return u.Username + " with " + strconv.FormatInt(n, 10) + " events", q.AdminDeleteUser(ctx, u.ID)
		},
		after: adminDropUser,
	})
}

// adminRunUserAction applies a on the user named by :id in one transaction with
// its audit row, under a lock on every active admin (so the last-admin
// rule holds against concurrent changes). A plain post goes back to the
// list (303, query kept); htmx gets the re-rendered row (nothing after a
// delete). A refused action shows its message in the row or on the list.
func (h *Handler) adminRunUserAction(c *fiber.Ctx, a adminUserAction) error {
	v := viewerOf(c)
	id, ok := parseEventID(c.Params("id"))
	if !ok {
		return notFound()
	}
	ret := adminUserQuery(adminReturn(c))
	ctx := c.UserContext()
	var target db.User
	err := h.store.InTx(ctx, func(q *db.Queries) error {
		admins, err := q.AdminLockActiveAdmins(ctx)
		if err != nil {
			return err
		}
		if !slices.Contains(admins, v.ID) {
			return forbidden("This page is for administrators.")
		}
		if target, err = q.AdminGetUserForUpdate(ctx, id); err != nil {
			return db.NotFound(err)
		}
		if a.removesAdmin && target.IsAdmin && target.IsActive && len(admins) <= 1 {
			return &adminRefusal{status: fiber.StatusConflict,
				msg: target.Username + " is the last active administrator. Make another user an administrator first."}
		}
		if target.ID == v.ID && a.self != "" {
			return &adminRefusal{status: fiber.StatusForbidden, msg: a.self}
		}
		detail, err := a.apply(ctx, q, target)
		if err != nil {
			return err
		}
		return db.RecordAudit(ctx, q, actor(v), "user."+a.name, db.AuditUser, target.ID, detail)
	})
	var refusal *adminRefusal
	switch {
	case errors.As(err, &refusal):
		return h.adminUserRefused(c, v, id, ret, refusal)
	case errors.Is(err, db.ErrNotFound):
		return notFound()
	case err != nil:
		return err
	}
	if a.after != nil {
		if err := a.after(ctx, h, v, target); err != nil {
			return err
		}
	}
	if !isFragment(c) {
		return c.Redirect(adminDone(ret.URL(), a.name), fiber.StatusSeeOther)
	}
	c.Vary(hxRequest)
	if a.deletes {
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
func (h *Handler) adminUserRefused(c *fiber.Ctx, v *Viewer, id int64, ret views.AdminUserQuery, r *adminRefusal) error {
	if !isFragment(c) {
		return h.adminRenderUsers(c, r.status, ret, "", r.msg)
	}
	row, err := h.store.AdminGetUserRow(c.UserContext(), id)
	if err != nil {
		return db.NotFound(err)
	}
	vm := h.adminUserRow(c, v, row, ret.Encode())
	vm.Message = r.msg
	c.Vary(hxRequest)
	return h.write(c, r.status, views.AdminUserRowView(vm))
}

// adminUserDeleteConfirm asks before deleting an account (where Delete
// leads without JS).
func (h *Handler) adminUserDeleteConfirm(c *fiber.Ctx) error {
	v := viewerOf(c)
	id, ok := parseEventID(c.Params("id"))
	if !ok {
		return notFound()
	}
	row, err := h.store.AdminGetUserRow(c.UserContext(), id)
	if err != nil {
		return db.NotFound(err)
	}
	if row.ID == v.ID {
		return forbidden(adminRefuseSelfDelete)
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
	id, ok := parseEventID(c.Params("id"))
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
	v := viewerOf(c)
	u, err := h.adminUserParam(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	ret := adminUserQuery(adminReturn(c))
	pw, confirm := c.FormValue("password"), c.FormValue("password_confirm")
	errs := views.FieldErrors{}
	var weak *WeakPasswordError
	switch err := CheckPassword(pw, u.Username, u.Email); {
	case errors.As(err, &weak):
		errs["password"] = weak.Reason
	case err != nil:
		errs["password"] = "This password cannot be used."
	case confirm != pw:
		errs["password_confirm"] = "The two passwords are not the same."
	}
	if len(errs) > 0 {
		return h.adminRenderPasswordForm(c, fiber.StatusUnprocessableEntity, u, ret, errs)
	}
	hash, err := h.hashPassword(pw)
	if err != nil {
		return err
	}
	err = h.store.InTx(ctx, func(q *db.Queries) error {
		locked, err := q.AdminGetUserForUpdate(ctx, u.ID)
		if err != nil {
			return db.NotFound(err)
		}
		if err := q.UpdateUserPassword(ctx, db.UpdateUserPasswordParams{ID: u.ID, PasswordHash: hash}); err != nil {
			return err
		}
		return db.RecordAudit(ctx, q, actor(v), "user.password", db.AuditUser, u.ID, locked.Username)
	})
	if err != nil {
		return err
	}
	if err := adminEndSessions(ctx, h, v, u); err != nil {
		return err
	}
	return redirect(c, adminDone(ret.URL(), "password"))
}
