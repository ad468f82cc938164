package events_test

import (
	"context"
	"errors"
	"testing"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
)

// Who may write what: another user's event and an address that names no
// occurrence are ErrNotFound on every call; the admin writes record an
// audit row and keep the owner's reads fresh.

// notFound fails the test unless err is events.ErrNotFound.
func notFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, events.ErrNotFound) {
		t.Errorf("%s: %v, want ErrNotFound", what, err)
	}
}

// refuseAll checks that Resolve, Update in every scope and Delete in
// every scope of id and occ are ErrNotFound for o.
func refuseAll(t *testing.T, f *fixture, o events.Owner, id int64, occ string) {
	t.Helper()
	ctx := context.Background()
	_, err := f.svc.Resolve(ctx, o.ID, id, occ)
	notFound(t, "Resolve "+occ, err)
	vals := values(t, form("Hijacked", "2025-06-12T11:00", "2025-06-12T11:30", "FREQ=DAILY"))
	for _, sc := range []events.Scope{"", events.ScopeThis, events.ScopeFollowing, events.ScopeAll} {
		_, err := f.svc.Update(ctx, o, events.Ref{ID: id, Occ: occ, Scope: sc}, vals)
		notFound(t, "Update "+occ+" "+string(sc), err)
		notFound(t, "Delete "+occ+" "+string(sc), f.svc.Delete(ctx, o, events.Ref{ID: id, Occ: occ, Scope: sc}))
	}
}

func TestSeriesOfAnotherUserIsNotFound(t *testing.T) {
	f := newFixture(t)
	other := ownerOf(newUser(t, "Europe/Berlin"), &calendar.Zones{})
	id := f.create(t, form("Secret routine", "2025-06-02T09:00", "2025-06-02T09:30", "FREQ=DAILY"))
	f.update(t, this(id, rid(6, 12, 7, 0)), form("Secret routine moved", "2025-06-12T11:00", "2025-06-12T11:30", "FREQ=DAILY"))
	ov := overrides(t, id)[0]
	f.occs(t, juneGrid) // cached for the owner
	master := f.stored(t, id)
	for _, occ := range []string{"", rid(6, 12, 7, 0), rid(6, 13, 7, 0)} {
		refuseAll(t, f, other, id, occ)
	}
	refuseAll(t, f, other, ov.ID, "")
	// Nothing of it shows to the other user, and nothing changed.
	got, err := f.svc.Days(t.Context(), other, juneGrid)
	if err != nil {
		t.Fatal(err)
	}
	for d, evs := range got {
		if len(evs) != 0 {
			t.Errorf("the other user's %s: %q", d, items(evs))
		}
	}
	if up, err := f.svc.Upcoming(t.Context(), other.ID); err != nil || len(up) != 0 {
		t.Errorf("the other user's upcoming: %q, %v", items(up), err)
	}
	if p, err := f.svc.Search(t.Context(), other.ID, "secret", 1); err != nil || p.Total != 0 {
		t.Errorf("the other user's search: %+v, %v", p, err)
	}
	if m := f.stored(t, id); !m.UpdatedAt.Equal(master.UpdatedAt) || m.Title != "Secret routine" || len(m.Exdates) != 0 || f.rows(t) != 2 {
		t.Errorf("the other user changed the series: %+v, %d rows", m, f.rows(t))
	}
	// 2 June – 6 July, one of them moved within.
	if n := len(f.occs(t, juneGrid)[id]); n != 35 {
		t.Errorf("the owner sees %d occurrences, want 35", n)
	}
}

func TestSeriesBadOccurrencesAreNotFound(t *testing.T) {
	f := newFixture(t)
	id := f.standup(t)
	single := f.create(t, form("One-off", "2025-06-12T12:00", "2025-06-12T13:00", ""))
	f.update(t, this(id, standupRIDs[1]), form("Moved", "2025-06-13T09:00", "2025-06-13T09:30", standupRule))
	ov := overrides(t, id)[0].ID
	f.remove(t, this(id, standupRIDs[3]))
	for _, occ := range []string{
		"1749711600",                // unix seconds
		"2025-06-12T07:00:00+00:00", // an offset
		"2025-06-12T07:00:00z",
		"2025-06-12T07:00:00.000Z",
		"2025-06-12T09:00:00Z", // not an occurrence (wrong time)
		"2025-06-11T07:00:00Z", // not an occurrence (a Wednesday)
		"2025-07-01T07:00:00Z", // after the last
		"2025-06-03T07:00:00Z", // before the first
		"2025-06-12",
		"garbage",
		standupRIDs[3], // cancelled
	} {
		refuseAll(t, f, f.o, id, occ)
	}
	// A single event has no occurrences; an override row's id names its
	// occurrence already; a missing id is no event.
	refuseAll(t, f, f.o, single, rid(6, 12, 10, 0))
	refuseAll(t, f, f.o, ov, standupRIDs[1])
	refuseAll(t, f, f.o, 1<<62, "")
	if m := f.stored(t, id); m.Title != "Standup" || !times(m.Exdates, utc(6, 19, 7, 0)) || f.rows(t) != 3 {
		t.Errorf("after the refused calls: %+v, %d rows", m, f.rows(t))
	}
	equal(t, "June", f.occs(t, juneGrid)[id], []string{standupRIDs[0], standupRIDs[1], standupRIDs[2], standupRIDs[4], standupRIDs[5]})
}

// audit is an admin_audit row as the tests compare it.
type audit struct {
	ActorID  int64
	Actor    string
	Action   string
	TargetID int64
	Detail   string
}

// audits lists the audit rows about event id, oldest first.
func audits(t *testing.T, id int64) []audit {
	t.Helper()
	rows, err := env.Pool.Query(context.Background(),
		`SELECT actor_id, actor_username, action, target_id, detail FROM admin_audit
		 WHERE target_type = $1 AND target_id = $2 ORDER BY id`, db.AuditEvent, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []audit
	for rows.Next() {
		var a audit
		if err := rows.Scan(&a.ActorID, &a.Actor, &a.Action, &a.TargetID, &a.Detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// adminSetup stores the standup with its 12th moved to Friday the 13th
// ("Standup (Friday)"), reads it once so that the cache holds it, and
// returns an admin actor, the master's id and the override's.
func adminSetup(t *testing.T, f *fixture) (actor db.Actor, id, ov int64) {
	t.Helper()
	a := newUser(t, "UTC")
	id = f.standup(t)
	f.update(t, this(id, standupRIDs[1]), form("Standup (Friday)", "2025-06-13T15:00", "2025-06-13T15:45", standupRule))
	ov = overrides(t, id)[0].ID
	f.occs(t, juneGrid)
	f.upcoming(t)
	f.resolve(t, id, "")
	return db.Actor{ID: a.ID, Username: a.Username}, id, ov
}

func TestAdminUpdate(t *testing.T) {
	f := newFixture(t)
	actor, id, ov := adminSetup(t, f)
	// A master: the whole series, its rule kept (the admin form has none).
	in := events.Input{Title: "Standup (admin)", Start: "2025-06-10T09:00", End: "2025-06-10T09:30", Color: "green"}
	ev, err := f.svc.AdminUpdate(t.Context(), actor, id, in)
	if err != nil || ev.OwnerUsername != f.user.Username || ev.Loc.String() != "Europe/Berlin" || ev.Event.Title != "Standup" {
		t.Fatalf("AdminUpdate: %+v, %v", ev, err)
	}
	if m := f.stored(t, id); m.Title != "Standup (admin)" || m.Rrule != standupRule || m.Color != "green" || !m.StartsAt.Equal(utc(6, 10, 7, 0)) {
		t.Errorf("master %+v", m)
	}
	want := []audit{{actor.ID, actor.Username, "event.update", id, "“Standup (admin)” of " + f.user.Username}}
	equal(t, "audit", audits(t, id), want)
	// The owner's cached reads show it.
	equal(t, "the 17th", f.on(t, date(6, 17)), []string{"2025-06-17 09:00–09:30 Standup (admin) " + ref(id, standupRIDs[2])})
	if up := f.upcoming(t); len(up) != 5 || up[1] != "2025-06-17 09:00–09:30 Standup (admin) "+ref(id, standupRIDs[2]) {
		t.Errorf("upcoming %q", up)
	}
	if tg := f.resolve(t, id, ""); tg.Event.Title != "Standup (admin)" {
		t.Errorf("resolved %q", tg.Event.Title)
	}
	// An override row: that occurrence only.
	in = events.Input{Title: "Standup (late)", Start: "2025-06-13T16:00", End: "2025-06-13T16:30", Color: "blue"}
	if _, err := f.svc.AdminUpdate(t.Context(), actor, ov, in); err != nil {
		t.Fatal(err)
	}
	equal(t, "the 13th", f.on(t, date(6, 13)), []string{"2025-06-13 16:00–16:30 Standup (late) " + ref(id, standupRIDs[1])})
	if ovs := overrides(t, id); len(ovs) != 1 || ovs[0].ID != ov || !ovs[0].RecurrenceID.Equal(utc(6, 12, 7, 0)) || ovs[0].Rrule != "" {
		t.Errorf("overrides %+v", ovs)
	}
	if m := f.stored(t, id); m.Title != "Standup (admin)" || len(m.Exdates) != 0 {
		t.Errorf("the master changed: %+v", m)
	}
	equal(t, "override audit", audits(t, ov), []audit{{actor.ID, actor.Username, "event.update", ov, "“Standup (late)” of " + f.user.Username}})
	// Invalid values: a FormError, nothing written, no audit row.
	_, err = f.svc.AdminUpdate(t.Context(), actor, id, events.Input{Title: " ", Start: "2025-06-10T09:00", End: "2025-06-10T08:00"})
	var fe *events.FormError
	if !errors.As(err, &fe) || fe.Fields["title"] != "Enter a title." || fe.Fields["end"] != "The end cannot be before the start." {
		t.Errorf("invalid: %v", err)
	}
	equal(t, "audit after the refusal", audits(t, id), want)
	_, err = f.svc.AdminUpdate(t.Context(), actor, 1<<62, in)
	notFound(t, "a missing event", err)
}

func TestAdminDelete(t *testing.T) {
	f := newFixture(t)
	actor, id, ov := adminSetup(t, f)
	// An override row: its occurrence is cancelled.
	ev, err := f.svc.AdminDelete(t.Context(), actor, ov)
	if err != nil || ev.Event.Title != "Standup (Friday)" {
		t.Fatalf("AdminDelete: %+v, %v", ev, err)
	}
	if !f.gone(t, ov) || !times(f.stored(t, id).Exdates, utc(6, 12, 7, 0)) {
		t.Errorf("override gone %v, exdates %v", f.gone(t, ov), f.stored(t, id).Exdates)
	}
	equal(t, "override audit", audits(t, ov), []audit{{actor.ID, actor.Username, "event.delete", ov, "“Standup (Friday)” of " + f.user.Username}})
	equal(t, "the 13th", f.on(t, date(6, 13)), nil)
	equal(t, "June", f.occs(t, juneGrid)[id], []string{standupRIDs[0], standupRIDs[2], standupRIDs[3], standupRIDs[4], standupRIDs[5]})
	if up := f.upcoming(t); len(up) != 4 || up[0] != "2025-06-17 09:00–09:30 Standup "+ref(id, standupRIDs[2]) {
		t.Errorf("upcoming %q", up)
	}
	// A master: the whole series.
	if _, err := f.svc.AdminDelete(t.Context(), actor, id); err != nil {
		t.Fatal(err)
	}
	if !f.gone(t, id) || f.rows(t) != 0 {
		t.Errorf("the series is still there: %d rows", f.rows(t))
	}
	equal(t, "master audit", audits(t, id), []audit{{actor.ID, actor.Username, "event.delete", id, "“Standup” of " + f.user.Username}})
	equal(t, "June after", f.occs(t, juneGrid)[id], nil)
	equal(t, "upcoming after", f.upcoming(t), nil)
	_, err = f.svc.Resolve(t.Context(), f.user.ID, id, "")
	notFound(t, "Resolve after", err)
	_, err = f.svc.AdminDelete(t.Context(), actor, id)
	notFound(t, "deleted twice", err)
	equal(t, "no audit for a refusal", audits(t, id), []audit{{actor.ID, actor.Username, "event.delete", id, "“Standup” of " + f.user.Username}})
}
