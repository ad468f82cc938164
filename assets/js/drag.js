// eventcal: moving events in the calendar by dragging them. app.js loads
// this when a calendar with events is on screen. An event is dragged to
// another day of the month, or to another day and time (15-minute steps)
// in the week and day views; a timed event's bottom edge sets its end; held
// over the calendar's ‹ or › for a moment, a drag turns the page and goes
// on. Mouse, pen and touch (after a short hold) alike, through pointer
// events. The move is POST /events/{id}/move, answered with the calendar
// and a note with Undo (for 10 s). Events the user may only look at (.ro)
// stay put; every move can also be made from the event's page.
(function () {
  "use strict";
  if (window.eventcalDrag) return;
  window.eventcalDrag = true;
  // The looks of a drag (the page, the chip held, its copy under the
  // pointer, the day under it), added to the page's style sheet (CSSOM,
  // allowed by the CSP) when the first drag begins: a sheet changed while
  // the page is idle would have its every element styled again.
  var looks = [
    ".dragging,.dragging *{-webkit-user-select:none;user-select:none;cursor:grabbing!important}",
    ".ev.held{opacity:.4}",
    ".ev.ghost{position:fixed;left:0;top:0;z-index:30;margin:0;pointer-events:none;opacity:.9}",
    ".drop{outline:2px dashed var(--accent);outline-offset:-2px}"
  ];
  function addLooks() {
    var link = document.querySelector("link[rel=stylesheet]"), sheet = link && link.sheet;
    if (sheet && looks) looks.forEach(function (r) { sheet.insertRule(r, sheet.cssRules.length); });
    looks = null;
  }
  // Quarter-hour rows of a day column; ms to hold over an arrow, to keep
  // the note, for a touch to become a drag; px before a press is a drag.
  var ROWS = 96, STEP = 15, TURN = 600, NOTE = 10000, HOLD = 350, SLOP = 5;
  // The drag in progress, the request it sent, when and where it ended.
  var d = null, sent = null, ended = { at: 0 };

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // The date of a day link (its ?date=), and dates as day numbers.
  function dateIn(a) {
    var m = a && /[?&]date=(\d{4}-\d\d-\d\d)/.exec(a.getAttribute("href"));
    return m ? m[1] : "";
  }
  function dayNo(s) { return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 864e5; }
  function dayOf(n) {
    var t = new Date(n * 864e5);
    return t.getUTCFullYear() + "-" + pad(t.getUTCMonth() + 1) + "-" + pad(t.getUTCDate());
  }
  // A number in a class name: "t36" of "t36 h4".
  function classNo(el, prefix) {
    var m = new RegExp("(?:^| )" + prefix + "(\\d+)(?: |$)").exec(el.className);
    return m ? +m[1] : 0;
  }

  // What is under the pointer: a page-turning arrow, or a day — a month
  // cell ("mo"), an all-day cell ("adr") or a time column ("col", with the
  // pointer's quarter-hour row, fractional).
  function spot(x, y) {
    var el = document.elementFromPoint(x, y), cal = document.getElementById("calendar");
    if (!el || !cal || !cal.contains(el)) return null;
    var turn = el.closest(".cn a[rel]");
    if (turn) return { turn: turn };
    var td = el.closest(".mo td");
    if (td) {
      // A bar lies across the days after its own cell: the day is the
      // row's cell under the pointer.
      [].forEach.call(td.parentElement.cells, function (c) {
        var r = c.getBoundingClientRect();
        if (x >= r.left && x < r.right) td = c;
      });
      return { kind: "mo", el: td, date: dateIn(td.querySelector(".dn")) };
    }
    var box = el.closest(".col, .adr");
    if (!box) return null;
    var kind = box.classList.contains("col") ? "col" : "adr";
    var i = [].indexOf.call(box.parentElement.querySelectorAll("." + kind), box);
    var at = { kind: kind, el: box, date: dateIn(box.parentElement.querySelectorAll(".wh a")[i]) };
    if (kind === "col") {
      at.rect = box.getBoundingClientRect();
      at.row = (y - at.rect.top) / at.rect.height * ROWS;
    }
    return at;
  }

  document.addEventListener("pointerdown", function (ev) {
    if (d || ev.button || !ev.isPrimary || !window.htmx) return;
    var chip = ev.target.closest && ev.target.closest("#calendar a.ev:not(.ro)");
    var at = chip && spot(ev.clientX, ev.clientY);
    if (!at || !at.date) return;
    var r = chip.getBoundingClientRect(), li = chip.parentElement;
    d = {
      chip: chip, li: li, url: chip.getAttribute("href"), from: at, id: ev.pointerId,
      x: ev.clientX, y: ev.clientY, dx: ev.clientX - r.left, dy: ev.clientY - r.top, w: r.width, h: r.height,
      resize: ev.target.classList.contains("rz"), top: classNo(li, "t"), span: classNo(li, "h")
    };
    if (ev.pointerType === "touch") d.hold = setTimeout(begin, HOLD);
  });

  document.addEventListener("pointermove", function (ev) {
    if (!d || ev.pointerId !== d.id) return;
    if (!d.on) {
      if (Math.abs(ev.clientX - d.x) + Math.abs(ev.clientY - d.y) <= SLOP) return;
      // A touch that moves before the hold is a scroll.
      if (d.hold) return stop();
      begin();
    }
    track(ev.clientX, ev.clientY);
  });

  document.addEventListener("pointerup", function (ev) {
    if (!d || ev.pointerId !== d.id) return;
    if (!d.on) return stop();
    ended = { at: Date.now(), chip: d.chip };
    var vals = values();
    if (vals) send(vals);
    stop(!!vals); // a resized chip keeps its new length until the answer
  });
  document.addEventListener("pointercancel", function (ev) { if (d && ev.pointerId === d.id) stop(); });
  document.addEventListener("keydown", function (ev) { if (d && ev.key === "Escape") stop(); });
  // No link dragging, context menu, scrolling or click of the chip's link
  // while (or just after) an event is dragged.
  document.addEventListener("dragstart", function (ev) {
    if (ev.target.closest && ev.target.closest("#calendar a.ev")) ev.preventDefault();
  });
  document.addEventListener("contextmenu", function (ev) { if (d) ev.preventDefault(); });
  document.addEventListener("touchmove", function (ev) { if (d && d.on) ev.preventDefault(); }, { passive: false });
  document.addEventListener("click", function (ev) {
    if (Date.now() - ended.at < 500 && ended.chip.contains(ev.target)) {
      ev.preventDefault();
      ev.stopPropagation();
    }
  }, true);

  function begin() {
    d.hold = 0;
    d.on = true;
    addLooks();
    document.documentElement.classList.add("dragging");
    d.chip.classList.add("held");
    window.getSelection().removeAllRanges();
    if (d.resize) return;
    var g = d.ghost = d.chip.cloneNode(true);
    g.removeAttribute("href");
    g.classList.remove("held");
    g.classList.add("ghost");
    g.setAttribute("aria-hidden", "true");
    g.style.width = d.w + "px";
    g.style.height = d.h + "px";
    document.body.appendChild(g);
    track(d.x, d.y);
  }

  // Follow the pointer: the day under it is marked, the copy of the chip
  // snaps to the quarter hour in a time column, the resized chip grows.
  function track(x, y) {
    var at = spot(x, y);
    turnPage(!d.resize && at && at.turn);
    d.to = at && at.kind === d.from.kind && at.date ? at : null;
    if (d.mark !== (d.to && d.to.el)) {
      if (d.mark) d.mark.classList.remove("drop");
      d.mark = d.to && d.to.el;
      if (d.mark) d.mark.classList.add("drop");
    }
    if (d.resize) return resizeTo(d.to);
    var gx = x - d.dx, gy = y - d.dy, to = d.to;
    if (to && to.kind === "col") {
      gx = to.rect.left;
      gy = to.rect.top + (d.top + Math.round(to.row - d.from.row)) * to.rect.height / ROWS;
    }
    d.ghost.style.transform = "translate(" + gx + "px," + gy + "px)";
  }

  // The new end row of a timed chip, in its own column (at least a
  // quarter hour after its top).
  function resizeTo(to) {
    if (!to || to.el !== d.from.el) return;
    d.end = Math.min(Math.max(Math.round(to.row), d.top + 1), ROWS);
    d.li.style.gridRowEnd = "span " + (d.end - d.top);
  }

  // Hold over ‹ or › to turn the page; the drag goes on in the new one.
  function turnPage(a) {
    if (a === d.turnAt) return;
    clearTimeout(d.turn);
    d.turnAt = a;
    if (a) {
      d.turn = setTimeout(function () {
        if (d) d.turnAt = null;
        htmx.ajax("GET", a.getAttribute("href"), { source: a });
      }, TURN);
    }
  }

  // The move's fields: days and minutes on the clock, or the new end.
  function values() {
    var to = d.to;
    if (!to) return null;
    if (d.resize) {
      if (!d.end || d.end === d.top + d.span) return null;
      var mins = d.end * STEP, day = dayNo(d.from.date) + Math.floor(mins / 1440);
      mins %= 1440;
      return { end: dayOf(day) + "T" + pad(Math.floor(mins / 60)) + ":" + pad(mins % 60) };
    }
    var days = dayNo(to.date) - dayNo(d.from.date), minutes = to.kind === "col" ? Math.round(to.row - d.from.row) * STEP : 0;
    return days || minutes ? { days: days, minutes: minutes } : null;
  }

  // POST the move; the answer replaces the calendar (the copy of the chip
  // stays where it was dropped until then). Focus stays on the event, as
  // after any change (app.js).
  function send(vals) {
    var cal = document.getElementById("calendar"), url = d.url.replace(/(\?|$)/, "/move$1");
    vals.cal = cal.getAttribute("hx-get");
    if (/[?&]occ=/.test(url)) vals.scope = "this";
    sent = { ev: new CustomEvent("eventsChanged"), ghost: d.ghost };
    d.ghost = null;
    htmx.ajax("POST", url, { source: cal, target: cal, swap: "outerHTML", values: vals, event: sent.ev });
  }

  function stop(keep) {
    clearTimeout(d.hold);
    clearTimeout(d.turn);
    document.documentElement.classList.remove("dragging");
    d.chip.classList.remove("held");
    if (d.mark) d.mark.classList.remove("drop");
    if (!keep) d.li.style.gridRowEnd = "";
    if (d.ghost) d.ghost.remove();
    d = null;
  }

  function ours(ev) {
    var rc = ev.detail.requestConfig;
    return sent && rc && rc.triggeringEvent === sent.ev;
  }

  // A refused move leaves the calendar as it was and says why.
  document.addEventListener("htmx:beforeSwap", function (ev) {
    if (!ours(ev) || ev.detail.xhr.status < 400) return;
    ev.detail.shouldSwap = false;
    ev.detail.isError = false;
    var p = new DOMParser().parseFromString(ev.detail.serverResponse || "", "text/html").querySelector(".error p");
    note(p ? p.textContent : "The event could not be moved.");
  });

  document.addEventListener("htmx:afterRequest", function (ev) {
    var post = ev.detail.requestConfig && ev.detail.requestConfig.verb === "post";
    if (ours(ev)) {
      if (sent.ghost) sent.ghost.remove();
      [].forEach.call(document.querySelectorAll("#calendar .ev.held, #calendar li[style]"), function (el) {
        el.classList.remove("held");
        el.style.gridRowEnd = "";
      });
      sent = null;
    }
    // After a move (or its undo), the other lists on the page follow.
    if (post && ev.detail.successful && ev.detail.target && ev.detail.target.id === "calendar") {
      [].forEach.call(document.querySelectorAll('main [hx-trigger^="eventsChanged"]'), function (el) {
        if (el.id !== "calendar") htmx.ajax("GET", el.getAttribute("hx-get"), { source: el, event: new CustomEvent("eventsChanged") });
      });
    }
  });

  // Timed events get a bottom edge to drag; the note after a move is
  // shown (the latest only), read out, and gone after 10 s.
  function edges(root) {
    [].forEach.call(root.querySelectorAll("#calendar .col a.ev:not(.ro)"), function (a) {
      if (a.querySelector(".rz")) return;
      var i = document.createElement("i");
      i.className = "rz";
      i.setAttribute("aria-hidden", "true");
      a.appendChild(i);
    });
  }
  edges(document);
  document.addEventListener("htmx:load", function (ev) {
    var t = ev.target;
    if (!t.classList) return;
    if (t.classList.contains("undo")) shown(t);
    edges(t.parentNode || t);
  });
  function note(text) {
    var n = document.createElement("div"), p = document.createElement("p"), cal = document.getElementById("calendar");
    n.className = "undo";
    p.textContent = text;
    n.appendChild(p);
    cal.parentNode.insertBefore(n, cal.nextSibling);
    shown(n);
  }
  function shown(n) {
    [].forEach.call(document.querySelectorAll(".undo"), function (o) { if (o !== n) o.remove(); });
    setTimeout(function () { n.remove(); }, NOTE);
    var live = document.getElementById("live");
    if (live) live.textContent = n.querySelector("p").textContent;
  }
})();
