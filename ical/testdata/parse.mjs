// Reads an iCalendar file with ical.js (the parser Thunderbird and many web
// calendars use) and prints what it understood as JSON, for the Go tests
// (ical/icaljs_test.go) to compare with what eventcal wrote:
//
//   node ical/testdata/parse.mjs FILE.ics UNTIL_ISO
//
// Every VEVENT is listed with its properties and VALARMs as ical.js reads
// them; every series is expanded (changed occurrences applied, cancelled
// ones left out) up to UNTIL_ISO, at most 5000 occurrences. Times are UTC
// ISO strings, DATE values "YYYY-MM-DD". Any parse error exits non-zero.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const [file, untilISO] = process.argv.slice(2);
if (!file || !untilISO) {
  console.error('usage: node parse.mjs FILE.ics UNTIL_ISO');
  process.exit(2);
}
const until = new Date(untilISO);
const text = readFileSync(file, 'utf8');

const root = new ICAL.Component(ICAL.parse(text));
if (root.name !== 'vcalendar') {
  throw new Error(`root component is ${root.name}`);
}
const must = (name) => {
  if (!root.getFirstPropertyValue(name)) throw new Error(`VCALENDAR has no ${name}`);
};
must('prodid');
must('version');

// time formats an ICAL.Time: a DATE as YYYY-MM-DD, a DATE-TIME as UTC ISO.
const time = (t) => {
  if (!t) return '';
  if (t.isDate) return t.toString();
  if (t.zone === ICAL.Timezone.localTimezone) {
    throw new Error(`floating time ${t.toString()}: a TZID did not resolve`);
  }
  return t.toJSDate().toISOString();
};

// alarm is a VALARM: its ACTION, DESCRIPTION, the RELATED of its TRIGGER
// and the TRIGGER as seconds after that (a duration) or a time (at).
const alarm = (a) => {
  const trig = a.getFirstProperty('trigger');
  const v = trig ? trig.getFirstValue() : null;
  return {
    action: a.getFirstPropertyValue('action') ?? '',
    description: a.getFirstPropertyValue('description') ?? '',
    related: trig?.getParameter('related') ?? '',
    seconds: v instanceof ICAL.Duration ? v.toSeconds() : null,
    at: v instanceof ICAL.Time ? time(v) : '',
  };
};

const masters = new Map();
const exceptions = [];
const out = [];
for (const ve of root.getAllSubcomponents('vevent')) {
  for (const name of ['uid', 'dtstamp', 'dtstart', 'summary']) {
    if (!ve.hasProperty(name)) throw new Error(`VEVENT without ${name.toUpperCase()}`);
  }
  const ev = new ICAL.Event(ve);
  const item = {
    uid: ev.uid,
    summary: ev.summary ?? '',
    description: ev.description ?? '',
    location: ev.location ?? '',
    color: ve.getFirstPropertyValue('color') ?? '',
    start: time(ev.startDate),
    end: time(ev.endDate),
    allDay: ev.startDate.isDate,
    recurrenceId: ev.isRecurrenceException() ? time(ev.recurrenceId) : '',
    rrule: ve.hasProperty('rrule') ? ve.getFirstPropertyValue('rrule').toString() : '',
    exdates: ve.getAllProperties('exdate').flatMap((p) => p.getValues().map(time)),
    alarms: ve.getAllSubcomponents('valarm').map(alarm),
  };
  out.push(item);
  if (ev.isRecurrenceException()) {
    exceptions.push(ev);
  } else if (ev.isRecurring()) {
    masters.set(ev.uid, { ev, item });
  }
}
for (const ex of exceptions) {
  const m = masters.get(ex.uid);
  if (!m) throw new Error(`RECURRENCE-ID without a series: ${ex.uid}`);
  m.ev.relateException(ex);
}
for (const { ev, item } of masters.values()) {
  const it = ev.iterator();
  const occ = [];
  for (let next = it.next(); next && occ.length < 5000; next = it.next()) {
    if (next.toJSDate() >= until) break;
    const d = ev.getOccurrenceDetails(next);
    occ.push({
      recurrenceId: time(d.recurrenceId),
      start: time(d.startDate),
      end: time(d.endDate),
      summary: d.item.summary ?? '',
    });
  }
  item.occurrences = occ;
}
process.stdout.write(JSON.stringify(out));
