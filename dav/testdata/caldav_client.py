#!/usr/bin/env python3
"""An independent CalDAV client (Debian's python3-caldav) against eventcal.

dav/client_test.go runs it in phases against a running server, changing
events through the web's service in between, and checks what it prints:

    caldav_client.py discover   /.well-known/caldav, principal, calendars, first sync
    caldav_client.py push       create, read, edit, delete; a series with an
                                exception; an alarm; date searches; sync
    caldav_client.py pull       sync the web's changes; list, fetch and search again

Environment: EVENTCAL_URL (the server's base URL), EVENTCAL_USER,
EVENTCAL_PASSWORD (an app password) and EVENTCAL_STATE, a JSON file kept
between phases with what a syncing client keeps: the calendar's URL, its
sync token and the ETags it knows.

Each phase prints one JSON object of what it saw; the Go test holds the
expectations. A protocol error ends the phase with a traceback.
"""

import datetime
import json
import os
import sys
from urllib.parse import urljoin

import caldav
import requests
from caldav.elements import dav
from caldav.objects import Event, SynchronizableCalendarObjectCollection

UTC = datetime.timezone.utc

VTIMEZONE_BERLIN = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:19701025T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
END:VTIMEZONE
"""


def vcalendar(body):
    """A VCALENDAR around body, with CRLF line ends."""
    text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//eventcal tests//python3-caldav//EN\n"
    text += body + "END:VCALENDAR\n"
    return text.replace("\n", "\r\n")


DENTIST = vcalendar("""BEGIN:VEVENT
UID:dentist-2026@phone.example
DTSTAMP:20261201T100000Z
DTSTART:20261214T090000Z
DTEND:20261214T100000Z
SUMMARY:Dentist
END:VEVENT
""")

# Weekly on Tuesdays at 18:00 in Berlin, six times from 2027-01-05: the
# 12th is left out (EXDATE) and the 19th is moved to 20:00 (an override).
YOGA = vcalendar(VTIMEZONE_BERLIN + """BEGIN:VEVENT
UID:yoga-2027@phone.example
DTSTAMP:20261201T100000Z
DTSTART;TZID=Europe/Berlin:20270105T180000
DTEND;TZID=Europe/Berlin:20270105T190000
RRULE:FREQ=WEEKLY;COUNT=6
EXDATE;TZID=Europe/Berlin:20270112T180000
SUMMARY:Yoga
END:VEVENT
BEGIN:VEVENT
UID:yoga-2027@phone.example
DTSTAMP:20261201T100000Z
RECURRENCE-ID;TZID=Europe/Berlin:20270119T180000
DTSTART;TZID=Europe/Berlin:20270119T200000
DTEND;TZID=Europe/Berlin:20270119T210000
SUMMARY:Yoga (late)
END:VEVENT
""")

FLIGHT = vcalendar("""BEGIN:VEVENT
UID:flight-2026@phone.example
DTSTAMP:20261201T100000Z
DTSTART:20261218T070000Z
DTEND:20261218T090000Z
SUMMARY:Flight
BEGIN:VALARM
ACTION:DISPLAY
DESCRIPTION:Flight
TRIGGER;RELATED=START:-PT1H
END:VALARM
END:VEVENT
""")

HAIRCUT = vcalendar("""BEGIN:VEVENT
UID:haircut-2026@phone.example
DTSTAMP:20261201T100000Z
DTSTART:20261216T150000Z
DTEND:20261216T160000Z
SUMMARY:Haircut
END:VEVENT
""")

GETETAG = dav.GetEtag.tag


def when(value):
    """A DTSTART-like value as text: UTC date-times end in Z, dates are dates."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return value.strftime("%Y-%m-%dT%H:%M:%S")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.strftime("%Y-%m-%d")


def dates_of(prop):
    """The values of a property that may repeat and hold lists (EXDATE)."""
    if prop is None:
        return []
    props = prop if isinstance(prop, list) else [prop]
    return [when(d.dt) for p in props for d in p.dts]


def describe(obj):
    """What a resource holds: its master event, overrides and alarms."""
    out = {"href": str(obj.url), "etag": obj.props.get(GETETAG, ""), "overrides": []}
    for comp in obj.icalendar_instance.walk("VEVENT"):
        if comp.get("RECURRENCE-ID") is not None:
            out["overrides"].append({
                "rid": when(comp.decoded("RECURRENCE-ID")),
                "start": when(comp.decoded("DTSTART")),
                "summary": str(comp.get("SUMMARY", "")),
            })
            continue
        out.update({
            "uid": str(comp.get("UID", "")),
            "summary": str(comp.get("SUMMARY", "")),
            "start": when(comp.decoded("DTSTART")),
            "rrule": comp["RRULE"].to_ical().decode() if "RRULE" in comp else "",
            "exdates": dates_of(comp.get("EXDATE")),
            "alarms": len([a for a in comp.subcomponents if a.name == "VALARM"]),
        })
    return out


def occurrences(objs):
    """Every VEVENT of date_search results (expanded by the library)."""
    out = []
    for obj in objs:
        for comp in obj.icalendar_instance.walk("VEVENT"):
            out.append({
                "href": str(obj.url),
                "uid": str(comp.get("UID", "")),
                "start": when(comp.decoded("DTSTART")),
                "summary": str(comp.get("SUMMARY", "")),
            })
    return sorted(out, key=lambda o: o["start"])


def client(url=None):
    env = os.environ
    return caldav.DAVClient(url or env["EVENTCAL_URL"], username=env["EVENTCAL_USER"],
                            password=env["EVENTCAL_PASSWORD"], timeout=10)


def load_state():
    with open(os.environ["EVENTCAL_STATE"], encoding="utf-8") as f:
        return json.load(f)


def save_state(cal, token, objects):
    """Keeps the calendar's URL, its sync token and what it holds (url →
    described resource, ETag included)."""
    state = {"calendar": str(cal.url), "token": token, "objects": objects}
    with open(os.environ["EVENTCAL_STATE"], "w", encoding="utf-8") as f:
        json.dump(state, f, indent=1)


def stored_collection(cal, state):
    """The client's copy of the calendar as the last sync left it."""
    objs = []
    for url, seen in state["objects"].items():
        objs.append(Event(cal.client, url=url, parent=cal, props={GETETAG: seen["etag"]}))
    return SynchronizableCalendarObjectCollection(calendar=cal, objects=objs,
                                                  sync_token=state["token"])


def sync(cal, state):
    """One sync-collection round; returns what changed and keeps the state."""
    coll = stored_collection(cal, state)
    updated, deleted = coll.sync()
    objects = state["objects"]
    for o in deleted:
        objects.pop(str(o.url), None)
    for o in updated:
        objects[str(o.url)] = describe(o)
    save_state(cal, coll.sync_token, objects)
    return {"token": coll.sync_token,
            "updated": sorted((describe(o) for o in updated), key=lambda o: o["summary"]),
            "deleted": sorted(str(o.url) for o in deleted)}


def by_summary(state, summary):
    for url, seen in state["objects"].items():
        if seen.get("summary") == summary:
            return url
    raise AssertionError("no %r among %s" % (summary, list(state["objects"].values())))


def discover():
    """RFC 6764 discovery from the base URL, then the principal's calendars."""
    env = os.environ
    base = env["EVENTCAL_URL"].rstrip("/") + "/"
    wk = requests.request("PROPFIND", base + ".well-known/caldav", allow_redirects=False,
                          auth=(env["EVENTCAL_USER"], env["EVENTCAL_PASSWORD"]),
                          headers={"Depth": "0"}, timeout=10)
    location = wk.headers.get("Location", "")
    # The redirect's target is the context path the client starts from.
    c = client(urljoin(base, location or ".well-known/caldav"))
    principal = c.principal()
    cals = principal.calendars()
    personal = [cal for cal in cals if cal.name == "Personal"]
    if not personal:
        raise AssertionError("no calendar named Personal among %s" % [cal.name for cal in cals])
    cal = personal[0]
    coll = cal.objects(load_objects=True)  # the first sync: everything, and a token
    save_state(cal, coll.sync_token, {str(o.url): describe(o) for o in coll})
    return {
        "wellknown": {"status": wk.status_code, "location": location},
        "context": str(c.url),
        "dav": c.check_dav_support() or "",
        "principal": str(principal.url),
        "home": str(principal.calendar_home_set.url),
        "calendars": [{"href": str(cal.url), "name": cal.name} for cal in cals],
        "components": cal.get_supported_components(),
        "token": coll.sync_token,
        "objects": sorted((describe(o) for o in coll), key=lambda o: o["summary"]),
    }


def edit_event(cal, url, summary, shift=None):
    """Reads a resource, changes its summary (and moves it), saves it."""
    ev = cal.event_by_url(url)
    comp = ev.icalendar_component
    comp.pop("SUMMARY", None)
    comp.add("SUMMARY", summary)
    if shift is not None:
        for name in ("DTSTART", "DTEND"):
            value = comp.decoded(name)
            comp.pop(name)
            comp.add(name, value + shift)
    ev.save()
    return describe(cal.event_by_url(url))


def date_search(cal, start, end, expand):
    found = cal.date_search(start=start, end=end, expand=expand)
    if expand:
        return occurrences(found)
    return sorted(str(o.url) for o in found)


def push():
    """The phone's side: every kind of write, then searches and a sync."""
    state = load_state()
    cal = client().calendar(url=state["calendar"])
    out = {}
    dentist = cal.save_event(DENTIST)
    out["created"] = describe(cal.event_by_url(dentist.url))
    out["by_uid"] = str(cal.event_by_uid("dentist-2026@phone.example").url)
    out["edited"] = edit_event(cal, dentist.url, "Dentist (moved)", datetime.timedelta(hours=1))
    out["edited_web"] = edit_event(cal, by_summary(state, "Lunch (from the web)"),
                                   "Lunch (edited on the phone)")
    Event(cal.client, url=by_summary(state, "Web meeting"), parent=cal).delete()
    out["series"] = describe(cal.event_by_url(cal.save_event(YOGA).url))
    out["alarm"] = describe(cal.event_by_url(cal.save_event(FLIGHT).url))
    cal.save_event(HAIRCUT)
    jan, feb, mar, apr = (datetime.datetime(2027, m, 1, tzinfo=UTC) for m in (1, 2, 3, 4))
    out["january"] = date_search(cal, jan, feb, True)
    out["february"] = date_search(cal, feb, mar, False)
    out["march"] = date_search(cal, mar, apr, False)
    out["sync"] = sync(cal, state)
    return out


def pull():
    """The web's changes reach the phone; then it lists and searches again."""
    state = load_state()
    cal = client().calendar(url=state["calendar"])
    out = {"sync": sync(cal, state)}
    state = load_state()
    out["all"] = sorted((describe(o) for o in cal.events()), key=lambda o: o["summary"])
    urls = [caldav.lib.url.URL.objectify(u) for u in sorted(state["objects"])]
    out["multiget"] = sorted(describe(o)["summary"] for o in cal.calendar_multiget(urls))
    jan, feb = (datetime.datetime(2027, m, 1, tzinfo=UTC) for m in (1, 2))
    out["january"] = date_search(cal, jan, feb, True)
    # A text search: the server applies the SUMMARY prop-filter (a
    # substring; the library asks for i;octet) and the library does not
    # filter again.
    out["search_web"] = sorted(describe(o)["summary"] for o in cal.search(summary="web", event=True))
    out["stored"] = sorted(o["summary"] for o in state["objects"].values())
    return out


PHASES = {"discover": discover, "push": push, "pull": pull}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in PHASES:
        sys.exit("usage: caldav_client.py " + "|".join(PHASES))
    json.dump(PHASES[sys.argv[1]](), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
