package dav_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
)

// A second independent client: Debian's vdirsyncer keeps a directory of
// .ics files (a laptop's calendar) in two-way sync with eventcal. Files
// edited, added and removed in the directory reach the web; the web's
// changes reach the directory; a conflict resolves as configured.

// requireVdirsyncer returns the vdirsyncer command; without one the test
// is skipped, or fails in CI (.ci/run installs vdirsyncer).
func requireVdirsyncer(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("vdirsyncer")
	if err == nil {
		return p
	}
	msg := "vdirsyncer is not installed (Debian: apt-get install vdirsyncer)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg + " — CI must run this test (.ci/run installs vdirsyncer)")
	}
	t.Skip(msg)
	return ""
}

// vdir is vdirsyncer set up for one user: the server as storage b, a
// directory of .ics files as storage a, the server winning conflicts.
type vdir struct {
	t        *testing.T
	bin, cfg string
	root     string // the directory storage; one subdirectory per calendar
}

const vdirConfig = `[general]
status_path = "%[1]s/status/"

[pair cal]
a = "laptop"
b = "eventcal"
collections = ["from b"]
conflict_resolution = "b wins"

[storage laptop]
type = "filesystem"
path = "%[1]s/laptop/"
fileext = ".ics"

[storage eventcal]
type = "caldav"
url = "%[2]s/"
username = "%[3]s"
password = "%[4]s"
`

func newVdir(t *testing.T, bin string, s *server, u user) *vdir {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	if err := os.WriteFile(cfg, fmt.Appendf(nil, vdirConfig, dir, s.URL, u.Username, u.secret), 0o600); err != nil {
		t.Fatal(err)
	}
	return &vdir{t: t, bin: bin, cfg: cfg, root: filepath.Join(dir, "laptop")}
}

// run runs a vdirsyncer command, answering its questions with stdin, and
// returns what it printed.
func (v *vdir) run(stdin string, args ...string) string {
	v.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, v.bin, append([]string{"-c", v.cfg}, args...)...)
	cmd.Env = append(os.Environ(), "NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost")
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil || strings.Contains(out.String(), "error:") {
		v.t.Fatalf("vdirsyncer %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

// files returns the directory's files of the one calendar, by SUMMARY.
func (v *vdir) files() map[string]string {
	v.t.Helper()
	paths, err := filepath.Glob(filepath.Join(v.root, "*", "*.ics"))
	if err != nil {
		v.t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			v.t.Fatal(err)
		}
		data := strings.ReplaceAll(string(b), "\r\n ", "")
		if s := icsValues(data, "SUMMARY"); len(s) > 0 {
			out[s[0]] = p
		}
	}
	return out
}

// summaries lists the files' summaries.
func (v *vdir) summaries() []string {
	var out []string
	for s := range v.files() {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// icsValues returns the values of the (unfolded) lines of property name.
func icsValues(data, name string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n") {
		head, value, ok := strings.Cut(line, ":")
		if ok && (head == name || strings.HasPrefix(head, name+";")) {
			out = append(out, value)
		}
	}
	return out
}

// write writes a file with CRLF line ends.
func (v *vdir) write(path, data string) {
	v.t.Helper()
	data = strings.ReplaceAll(strings.ReplaceAll(data, "\r\n", "\n"), "\n", "\r\n")
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		v.t.Fatal(err)
	}
}

const laptopEvents = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//eventcal tests//vdirsyncer//EN
BEGIN:VEVENT
UID:%s
DTSTAMP:20261201T100000Z
%s
END:VEVENT
END:VCALENDAR
`

func TestVdirsyncerSyncsBothWays(t *testing.T) {
	t.Parallel() // a few seconds of another process: run beside the rest
	bin := requireVdirsyncer(t)
	s := startServer(t)
	lea := s.user(t, "lea", "Europe/Berlin")
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	web := &webSide{t: t, svc: service(), owner: events.Owner{ID: lea.ID, Loc: berlin, TZName: "Europe/Berlin"}}
	web.create("Lunch (from the web)", "2026-12-15 12:00")
	web.create("Web meeting", "2026-12-17 10:00")
	laptop := newVdir(t, bin, s, lea)

	// Discovery from the base URL (vdirsyncer falls back to
	// /.well-known/caldav), the local calendar made on request, then the
	// first sync.
	if out := laptop.run("y\n", "discover"); !strings.Contains(out, `("Personal")`) {
		t.Fatalf("discover found no Personal calendar:\n%s", out)
	}
	laptop.run("", "sync")
	if got := laptop.summaries(); !slices.Equal(got, []string{"Lunch (from the web)", "Web meeting"}) {
		t.Fatalf("after the first sync the laptop holds %v", got)
	}

	laptopChanges(laptop)
	laptop.run("", "sync")
	byKey := web.expectView("after the laptop's changes",
		"2026-12-14 10:00 Dentist", "2026-12-15 12:00 Lunch (edited on the laptop)", "2026-12-18 08:00 Flight",
		"2027-01-05 18:00 Yoga", "2027-01-19 20:00 Yoga (late)", "2027-01-26 18:00 Yoga",
		"2027-02-02 18:00 Yoga", "2027-02-09 18:00 Yoga")

	vdirWebChanges(t, web, byKey)
	laptop.run("", "sync")
	checkLaptopAfterWeb(t, laptop)

	// Both sides change the lunch: the server wins, and the next sync
	// has nothing left to do.
	files := laptop.files()
	lunch := files["Lunch (edited on the laptop)"]
	b, _ := os.ReadFile(lunch)
	laptop.write(lunch, strings.Replace(string(b), "SUMMARY:Lunch (edited on the laptop)", "SUMMARY:Lunch (laptop again)", 1))
	l := byKey["2026-12-15 12:00 Lunch (edited on the laptop)"]
	if _, err := web.svc.Update(context.Background(), web.owner, events.Ref{ID: l.ID}, events.Values{Title: "Lunch (web again)", Start: l.StartsAt, End: l.EndsAt}); err != nil {
		t.Fatal(err)
	}
	laptop.run("", "sync")
	if got := laptop.summaries(); !slices.Contains(got, "Lunch (web again)") || slices.Contains(got, "Lunch (laptop again)") {
		t.Fatalf("after a conflict the laptop holds %v", got)
	}
	if _, byKey := web.view(); byKey["2026-12-15 12:00 Lunch (web again)"].ID == 0 {
		t.Fatal("the web lost its side of the conflict")
	}
	if out := laptop.run("", "sync"); strings.Contains(out, "Copying") || strings.Contains(out, "Deleting") {
		t.Fatalf("a sync with nothing changed did:\n%s", out)
	}
}

// laptopChanges edits the web's lunch, deletes its meeting and adds an
// event, a series with an exception and an event with an alarm, as files.
func laptopChanges(v *vdir) {
	v.t.Helper()
	files := v.files()
	lunch := files["Lunch (from the web)"]
	b, err := os.ReadFile(lunch)
	if err != nil {
		v.t.Fatal(err)
	}
	v.write(lunch, strings.Replace(string(b), "SUMMARY:Lunch (from the web)", "SUMMARY:Lunch (edited on the laptop)", 1))
	if err := os.Remove(files["Web meeting"]); err != nil {
		v.t.Fatal(err)
	}
	dir := filepath.Dir(lunch)
	v.write(filepath.Join(dir, "dentist.ics"), fmt.Sprintf(laptopEvents, "dentist@laptop.example",
		"DTSTART:20261214T090000Z\nDTEND:20261214T100000Z\nSUMMARY:Dentist"))
	v.write(filepath.Join(dir, "flight.ics"), fmt.Sprintf(laptopEvents, "flight@laptop.example",
		"DTSTART:20261218T070000Z\nDTEND:20261218T090000Z\nSUMMARY:Flight\n"+
			"BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:Flight\nTRIGGER:-PT1H\nEND:VALARM"))
	v.write(filepath.Join(dir, "yoga.ics"), fmt.Sprintf(laptopEvents, "yoga@laptop.example",
		"DTSTART;TZID=Europe/Berlin:20270105T180000\nDTEND;TZID=Europe/Berlin:20270105T190000\n"+
			"RRULE:FREQ=WEEKLY;COUNT=6\nEXDATE;TZID=Europe/Berlin:20270112T180000\nSUMMARY:Yoga\nEND:VEVENT\n"+
			"BEGIN:VEVENT\nUID:yoga@laptop.example\nDTSTAMP:20261201T100000Z\nRECURRENCE-ID;TZID=Europe/Berlin:20270119T180000\n"+
			"DTSTART;TZID=Europe/Berlin:20270119T200000\nDTEND;TZID=Europe/Berlin:20270119T210000\nSUMMARY:Yoga (late)"))
}

// vdirWebChanges edits the laptop's dentist, deletes its flight, cancels
// an occurrence of its series and creates an event, on the web.
func vdirWebChanges(t *testing.T, web *webSide, byKey map[string]db.Event) {
	t.Helper()
	ctx := context.Background()
	d := byKey["2026-12-14 10:00 Dentist"]
	if _, err := web.svc.Update(ctx, web.owner, events.Ref{ID: d.ID}, events.Values{Title: "Dentist (web)", Start: d.StartsAt, End: d.EndsAt}); err != nil {
		t.Fatal(err)
	}
	if err := web.svc.Delete(ctx, web.owner, events.Ref{ID: byKey["2026-12-18 08:00 Flight"].ID}); err != nil {
		t.Fatal(err)
	}
	occ := byKey["2027-01-26 18:00 Yoga"]
	id, rid := events.Link(&occ)
	if err := web.svc.Delete(ctx, web.owner, events.Ref{ID: id, Occ: rid, Scope: events.ScopeThis}); err != nil {
		t.Fatal(err)
	}
	web.create("Made on the web later", "2026-12-20 09:00")
}

// checkLaptopAfterWeb: the directory holds the web's changes, the
// laptop's UIDs kept.
func checkLaptopAfterWeb(t *testing.T, v *vdir) {
	t.Helper()
	want := []string{"Dentist (web)", "Lunch (edited on the laptop)", "Made on the web later", "Yoga"}
	if got := v.summaries(); !slices.Equal(got, want) {
		t.Fatalf("after the web's changes the laptop holds %v, want %v", got, want)
	}
	files := v.files()
	read := func(summary string) string {
		b, err := os.ReadFile(files[summary])
		if err != nil {
			t.Fatal(err)
		}
		return strings.ReplaceAll(string(b), "\r\n ", "")
	}
	if uid := icsValues(read("Dentist (web)"), "UID"); !slices.Equal(uid, []string{"dentist@laptop.example"}) {
		t.Fatalf("the dentist's UID is now %v", uid)
	}
	yoga := read("Yoga")
	ex := strings.Join(icsValues(yoga, "EXDATE"), ",")
	if !strings.Contains(ex, "20270112T") || !strings.Contains(ex, "20270126T") || len(icsValues(yoga, "RECURRENCE-ID")) != 1 ||
		!slices.Contains(icsValues(yoga, "SUMMARY"), "Yoga (late)") {
		t.Fatalf("the series on the laptop:\n%s", yoga)
	}
}
