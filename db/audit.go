package db

import (
	"context"
	"strings"
	"unicode/utf8"
)

// Audit target types.
const (
	AuditUser     = "user"
	AuditEvent    = "event"
	AuditCache    = "cache"
	AuditCalendar = "calendar"
)

// auditDetailMax bounds an audit row's detail, in characters (the schema
// checks 500).
const auditDetailMax = 500

// Actor is who does an audited change: an administrator.
type Actor struct {
	ID       int64
	Username string
}

// RecordAudit writes an audit row in q's transaction (or outside one): what
// actor did (action, e.g. "user.grant") to a target (type and id; 0 for
// none), with a detail cut to what the schema holds.
func RecordAudit(ctx context.Context, q *Queries, actor Actor, action, targetType string, targetID int64, detail string) error {
	var tid *int64
	if targetID != 0 {
		tid = &targetID
	}
	aid := actor.ID
	return q.AdminInsertAudit(ctx, AdminInsertAuditParams{
		ActorID:       &aid,
		ActorUsername: actor.Username,
		Action:        action,
		TargetType:    targetType,
		TargetID:      tid,
		Detail:        ClipText(detail, auditDetailMax),
	})
}

// ClipText cuts s to at most n characters, ending in "…" when cut (valid
// UTF-8 out).
func ClipText(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
