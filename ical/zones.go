package ical

import (
	"strconv"
	"strings"
	"time"

	goical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// zoneRef is what a TZID resolves to: an IANA (or fixed) zone, or only the
// offsets of the file's VTIMEZONE, which place single times but cannot
// carry a series across its DST changes.
type zoneRef struct {
	loc  *time.Location
	file *fileZone
}

// resolveZone maps a TZID to a zone (see the package documentation).
func (d *decoder) resolveZone(tzid string) zoneRef {
	if z, ok := d.zoneCache[tzid]; ok {
		return z
	}
	z := d.lookupZone(tzid)
	d.zoneCache[tzid] = z
	return z
}

func (d *decoder) lookupZone(tzid string) zoneRef {
	name := strings.Trim(strings.TrimSpace(tzid), `"`)
	if loc := ianaZone(name); loc != nil {
		return zoneRef{loc: loc}
	}
	// Mozilla-style and other prefixed names: the last segments.
	if strings.Contains(name, "/") {
		seg := strings.Split(strings.Trim(name, "/"), "/")
		for n := min(3, len(seg)); n >= 1; n-- {
			if loc := ianaZone(strings.Join(seg[len(seg)-n:], "/")); loc != nil {
				return zoneRef{loc: loc}
			}
		}
	}
	if iana := windowsZone(name); iana != "" {
		if loc := ianaZone(iana); loc != nil {
			return zoneRef{loc: loc}
		}
	}
	if fz, ok := d.fileZones[tzid]; ok {
		if off, fixed := fz.fixed(); fixed {
			if loc := etcZone(off); loc != nil {
				return zoneRef{loc: loc}
			}
		}
		return zoneRef{file: fz}
	}
	return zoneRef{}
}

// ianaZone loads an IANA zone by name; nil when it is not one. "Local" (the
// server's zone) is never one.
func ianaZone(name string) *time.Location {
	if name == "" || name == "Local" || len(name) > 100 {
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil
	}
	return loc
}

// etcZone is the IANA zone of a fixed offset of whole hours (Etc/GMT-1 is
// UTC+1), so that a series in it can be stored by name; nil otherwise.
func etcZone(off int) *time.Location {
	if off%3600 != 0 || off < -12*3600 || off > 14*3600 {
		return nil
	}
	switch h := off / 3600; {
	case h == 0:
		return ianaZone("UTC")
	case h > 0:
		return ianaZone("Etc/GMT-" + strconv.Itoa(h))
	default:
		return ianaZone("Etc/GMT+" + strconv.Itoa(-h))
	}
}

// windowsZone maps the common Windows (Outlook, Exchange) zone names to IANA
// zones (the CLDR "001" territory of each); "" when unknown.
func windowsZone(name string) string {
	switch name {
	case "UTC", "Coordinated Universal Time":
		return "UTC"
	case "GMT Standard Time":
		return "Europe/London"
	case "Greenwich Standard Time":
		return "Atlantic/Reykjavik"
	case "W. Europe Standard Time":
		return "Europe/Berlin"
	case "Central Europe Standard Time":
		return "Europe/Budapest"
	case "Central European Standard Time":
		return "Europe/Warsaw"
	case "Romance Standard Time":
		return "Europe/Paris"
	case "E. Europe Standard Time":
		return "Europe/Chisinau"
	case "FLE Standard Time":
		return "Europe/Kiev"
	case "GTB Standard Time":
		return "Europe/Bucharest"
	case "Russian Standard Time":
		return "Europe/Moscow"
	case "Turkey Standard Time":
		return "Europe/Istanbul"
	case "Israel Standard Time":
		return "Asia/Jerusalem"
	case "Egypt Standard Time":
		return "Africa/Cairo"
	case "South Africa Standard Time":
		return "Africa/Johannesburg"
	case "W. Central Africa Standard Time":
		return "Africa/Lagos"
	case "Arabian Standard Time":
		return "Asia/Dubai"
	case "Arab Standard Time":
		return "Asia/Riyadh"
	case "India Standard Time":
		return "Asia/Calcutta"
	case "SE Asia Standard Time":
		return "Asia/Bangkok"
	case "China Standard Time":
		return "Asia/Shanghai"
	case "Singapore Standard Time":
		return "Asia/Singapore"
	case "Tokyo Standard Time":
		return "Asia/Tokyo"
	case "Korea Standard Time":
		return "Asia/Seoul"
	case "AUS Eastern Standard Time":
		return "Australia/Sydney"
	case "E. Australia Standard Time":
		return "Australia/Brisbane"
	case "W. Australia Standard Time":
		return "Australia/Perth"
	case "New Zealand Standard Time":
		return "Pacific/Auckland"
	case "Hawaiian Standard Time":
		return "Pacific/Honolulu"
	case "Alaskan Standard Time":
		return "America/Anchorage"
	case "Pacific Standard Time":
		return "America/Los_Angeles"
	case "US Mountain Standard Time":
		return "America/Phoenix"
	case "Mountain Standard Time":
		return "America/Denver"
	case "Central Standard Time":
		return "America/Chicago"
	case "Canada Central Standard Time":
		return "America/Regina"
	case "Central Standard Time (Mexico)":
		return "America/Mexico_City"
	case "Eastern Standard Time":
		return "America/New_York"
	case "Atlantic Standard Time":
		return "America/Halifax"
	case "Newfoundland Standard Time":
		return "America/St_Johns"
	case "E. South America Standard Time":
		return "America/Sao_Paulo"
	case "Argentina Standard Time":
		return "America/Buenos_Aires"
	}
	return ""
}

// fileZone is a VTIMEZONE of the file: its observances, in floating time
// (wall-clock readings on a UTC clock).
type fileZone struct {
	obs []observanceDef
}

// observanceDef is one STANDARD or DAYLIGHT: from each onset (wall time in
// the offset before it) the zone is offset to.
type observanceDef struct {
	start    time.Time
	from, to int
	rule     *rrule.ROption // yearly onsets, or nil
	rdates   []time.Time
}

// parseFileZone reads a VTIMEZONE; observances it cannot read are left out.
func parseFileZone(vt *goical.Component) *fileZone {
	fz := &fileZone{}
	for _, c := range vt.Children {
		if c.Name != goical.CompTimezoneStandard && c.Name != goical.CompTimezoneDaylight {
			continue
		}
		start, ok1 := floatingValue(rawValue(c, goical.PropDateTimeStart))
		from, ok2 := parseOffset(rawValue(c, goical.PropTimezoneOffsetFrom))
		to, ok3 := parseOffset(rawValue(c, goical.PropTimezoneOffsetTo))
		if !ok1 || !ok2 || !ok3 {
			continue
		}
		o := observanceDef{start: start, from: from, to: to}
		if p := c.Props.Get(goical.PropRecurrenceRule); p != nil {
			// Only yearly rules: anything finer could make a lookup slow.
			if opt, err := rrule.StrToROption(stripUntil(p.Value)); err == nil && opt.Freq == rrule.YEARLY && opt.Interval <= 1 && opt.Count == 0 {
				opt.Dtstart = start
				if _, err := rrule.NewRRule(*opt); err == nil {
					o.rule = opt
				}
			}
		}
		for _, p := range c.Props.Values(goical.PropRecurrenceDates) {
			for _, v := range strings.Split(p.Value, ",") {
				if t, ok := floatingValue(v); ok && len(o.rdates) < 400 {
					o.rdates = append(o.rdates, t)
				}
			}
		}
		fz.obs = append(fz.obs, o)
		if len(fz.obs) >= 400 {
			break
		}
	}
	if len(fz.obs) == 0 {
		return nil
	}
	return fz
}

// stripUntil drops UNTIL from an observance's rule: the library rejects a
// local UNTIL, and the latest onset before a time is all that is needed.
func stripUntil(rule string) string {
	parts := strings.Split(rule, ";")
	out := parts[:0]
	for _, p := range parts {
		if !strings.HasPrefix(strings.ToUpper(p), "UNTIL=") {
			out = append(out, p)
		}
	}
	return strings.Join(out, ";")
}

// fixed reports whether the zone has one offset only.
func (fz *fileZone) fixed() (int, bool) {
	off := fz.obs[0].to
	for _, o := range fz.obs {
		if o.to != off {
			return 0, false
		}
	}
	return off, true
}

// instant places a wall-clock reading (floating) in the zone.
func (fz *fileZone) instant(wall time.Time) time.Time {
	var best time.Time
	off, found := 0, false
	for _, o := range fz.obs {
		onset := time.Time{}
		if !o.start.After(wall) {
			onset = o.start
		}
		if t := o.lastOnset(wall); !t.IsZero() && t.After(onset) {
			onset = t
		}
		for _, t := range o.rdates {
			if !t.After(wall) && t.After(onset) {
				onset = t
			}
		}
		if !onset.IsZero() && (!found || onset.After(best)) {
			best, off, found = onset, o.to, true
		}
	}
	if !found {
		earliest := fz.obs[0]
		for _, o := range fz.obs {
			if o.start.Before(earliest.start) {
				earliest = o
			}
		}
		off = earliest.from
	}
	return wall.Add(-time.Duration(off) * time.Second).UTC()
}

// lastOnset is the last onset of the observance's rule at or before wall
// (zero when none). The rule is yearly without COUNT, so starting it in the
// year before wall (same month, day and time) gives the same onsets there,
// at a cost that does not grow with the distance from DTSTART.
func (o observanceDef) lastOnset(wall time.Time) time.Time {
	if o.rule == nil || wall.Before(o.start) {
		return time.Time{}
	}
	opt := *o.rule
	if y := wall.Year() - 1; y > o.start.Year() {
		opt.Dtstart = o.start.AddDate(y-o.start.Year(), 0, 0)
	}
	r, err := rrule.NewRRule(opt)
	if err != nil {
		return time.Time{}
	}
	return r.Before(wall, true)
}

// floatingValue reads a local DATE-TIME (YYYYMMDDTHHMMSS) as a floating time.
func floatingValue(v string) (time.Time, bool) {
	w, ok := parseWhenValue(strings.TrimSpace(v))
	if !ok || w.isDate {
		return time.Time{}, false
	}
	return w.floating, true
}

// parseOffset reads ±hhmm[ss].
func parseOffset(v string) (int, bool) {
	v = strings.TrimSpace(v)
	if len(v) != 5 && len(v) != 7 || (v[0] != '+' && v[0] != '-') {
		return 0, false
	}
	n := 0
	for i, unit := range []int{3600, 60, 1} {
		if 1+2*i >= len(v) {
			break
		}
		x, err := strconv.Atoi(v[1+2*i : 3+2*i])
		if err != nil || x < 0 || (i > 0 && x > 59) || (i == 0 && x > 23) {
			return 0, false
		}
		n += x * unit
	}
	if v[0] == '-' {
		n = -n
	}
	return n, true
}
