// eventcal: small progressive enhancements on top of htmx. Everything works
// without it. No inline scripts or styles anywhere (the CSP forbids them).
(function () {
  "use strict";

  // Prefill the time zone from the browser on the registration form.
  // Temporal answers in a millisecond; a first Intl.DateTimeFormat costs a
  // phone tens of milliseconds (ICU's start-up), so without Temporal it
  // waits until the browser is idle.
  function prefillTimezone(sel) {
    if (sel.dataset.touched) return;
    try {
      var tz = window.Temporal ? Temporal.Now.timeZoneId() : Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (tz && (sel.list || sel).querySelector('option[value="' + tz + '"]')) sel.value = tz;
    } catch (e) { /* keep the server's default */ }
  }

  function focusable(el) {
    return el && el.isConnected && !el.closest("[inert]") && el.getClientRects().length > 0;
  }

  // Focus an element; headings and other static elements get tabindex=-1.
  function focusOn(el) {
    if (!el) return false;
    if (!el.matches("a[href],button,input,select,textarea,[tabindex]")) el.setAttribute("tabindex", "-1");
    el.focus({ preventScroll: el.matches("[data-focus-on-swap]") });
    return document.activeElement === el;
  }

  // A way to find an element again after htmx replaced it: its id, or its
  // tag, link and text inside the nearest ancestor with an id.
  function locator(el) {
    if (!el || el === document.body) return null;
    if (el.id) return { sel: "#" + CSS.escape(el.id), text: null };
    var sel = el.tagName.toLowerCase();
    var href = el.getAttribute("href") || el.getAttribute("hx-get");
    if (href) sel += el.hasAttribute("href") ? '[href="' + CSS.escape(href) + '"]' : '[hx-get="' + CSS.escape(href) + '"]';
    var region = el.parentElement && el.parentElement.closest("[id]");
    if (region && region.id) sel = "#" + CSS.escape(region.id) + " " + sel;
    return { sel: sel, text: el.textContent.trim() };
  }

  // The element a locator names: the same text preferred (the same link
  // may be there twice), otherwise the first that can take focus.
  function locate(loc) {
    if (!loc) return null;
    var all = document.querySelectorAll(loc.sel), any = null;
    for (var i = 0; i < all.length; i++) {
      if (!focusable(all[i])) continue;
      if (loc.text === null || all[i].textContent.trim() === loc.text) return all[i];
      any = any || all[i];
    }
    return any;
  }

  function openDialog() {
    return document.querySelector("#dialog-root dialog[open]");
  }

  // State between htmx events: who opened the dialog, what had focus in a
  // region about to be replaced, where "More results" adds items.
  var returnTo = null, focusedBefore = null, moreFrom = -1;

  // Dialogs: the <dialog> swapped into #dialog-root opens modally (the
  // browser traps focus inside it). Closing it returns focus to the element
  // that opened the first dialog, even when a save replaced the dialog or a
  // refresh replaced that element.

  function showDialog(root) {
    var d = root.querySelector && root.querySelector("dialog[data-autoshow]");
    if (!d || d.open) return;
    d.showModal();
    d.addEventListener("close", function () {
      // A dialog closed for a save is replaced in the same task; wait for it.
      setTimeout(function () {
        if (d.isConnected) d.remove();
        if (openDialog()) return;
        var to = locate(returnTo);
        returnTo = null;
        if (!focusOn(to)) focusOn(document.querySelector("main [data-focus-on-swap]") || document.querySelector("main h1"));
      }, 0);
    }, { once: true });
  }

  // Remember who opens a dialog (a request into #dialog-root from outside one).
  document.addEventListener("htmx:beforeRequest", function (ev) {
    var elt = ev.detail.elt, target = ev.detail.target;
    if (target && target.id === "dialog-root" && elt && !elt.closest("dialog")) {
      returnTo = locator(elt);
    }
    if (elt && elt.id === "search-more") {
      moreFrom = document.querySelectorAll(".search-results > .search-result").length;
    }
  });

  // Before a region is replaced, remember the focused element inside it.
  document.addEventListener("htmx:beforeSwap", function (ev) {
    var t = ev.detail.target, a = document.activeElement;
    focusedBefore = t && a && a !== document.body && t.contains(a) ? locator(a) : null;
  });

  // "More results": focus moves to the first new result.
  function focusNewResults() {
    if (moreFrom < 0) return false;
    var items = document.querySelectorAll(".search-results > .search-result");
    var first = items[moreFrom];
    moreFrom = -1;
    return first ? focusOn(first.querySelector("a")) : false;
  }

  function triggeredBy(ev) {
    var rc = ev.detail.requestConfig;
    return rc && rc.triggeringEvent ? rc.triggeringEvent.type : "";
  }

  // After a swap: open a new dialog; after navigation (the calendar, a day
  // list) or new dialog content, move focus to the new heading
  // ([data-focus-on-swap]). A refresh after a change (eventsChanged, or
  // liveChanged below) keeps focus where it was, or puts it back on the
  // same control.
  document.addEventListener("htmx:afterSwap", function (ev) {
    var t = ev.target;
    if (!t || !t.isConnected || !t.querySelector) return;
    if (focusNewResults()) return;
    // The Repeat control is set before the dialog shows (htmx:load comes
    // only after settling).
    initRepeat(t);
    showDialog(t);
    var heading = t.matches("[data-focus-on-swap]") ? t : t.querySelector("[data-focus-on-swap]");
    var dialog = openDialog();
    var by = triggeredBy(ev);
    if (by === "eventsChanged" || by === "liveChanged") {
      if (by === "liveChanged") liveRestore(t);
      var a = document.activeElement;
      if (a && a !== document.body && a.isConnected) return;
      if (dialog) return;
      // A live refresh moves focus only when it took the focused element away.
      if (!focusOn(locate(focusedBefore)) && (by === "eventsChanged" || focusedBefore)) focusOn(heading);
      return;
    }
    if (dialog && !dialog.contains(t) && !t.contains(dialog)) return; // behind the dialog
    if (heading) {
      focusOn(heading);
    } else if (dialog && !dialog.contains(document.activeElement)) {
      // New content in the open dialog (the edit form): its autofocus
      // field, or its heading.
      focusOn(dialog.querySelector("[autofocus]") || dialog.querySelector("h2"));
    }
  });

  // Close an open dialog when the server says the change is done (the
  // page refreshes what it shows, so a live refresh waiting is done too).
  document.addEventListener("eventsChanged", function () {
    var d = openDialog();
    live.pending = false;
    if (d) d.close();
  });

  // Live updates. Signed-in pages follow /events/stream (#live, htmx's SSE
  // extension): on "changed" from another page or source, the regions on
  // screen reload in place, keeping scroll and focus, and #live says so.
  // The page's own changes carry its origin (X-Live-Origin) and come back
  // marked with it: they refreshed already. Nothing reloads while a dialog
  // is open (until it closes) or while the user is typing. Tests read
  // window.eventcalLive.
  var live = window.eventcalLive = { origin: "", refreshes: 0, opened: 0 };
  crypto.getRandomValues(new Uint8Array(12)).forEach(function (b) { live.origin += (b + 256).toString(16).slice(1); });
  document.addEventListener("htmx:configRequest", function (ev) { ev.detail.headers["X-Live-Origin"] = live.origin; });
  document.addEventListener("input", function () { live.typed = Date.now(); }, true);
  document.addEventListener("sse:changed", function (ev) {
    // Data that is no JSON object is a change from elsewhere.
    var d = {};
    try { d = JSON.parse(ev.detail.data) || d; } catch (e) { }
    if (d.origin !== live.origin) liveSoon(300);
  });
  // The session ended (signed out elsewhere, or expired): the stream says so
  // once. It is closed before the server ends it (which the SSE extension
  // would take for an error to retry), no refresh follows its opening, and
  // a #live without the stream takes its place. The next click leads to
  // the login page.
  document.addEventListener("sse:ended", function (ev) {
    var src = ev.detail && ev.detail.target, el = ev.target, quiet = el.cloneNode(false);
    if (src && src.close) src.close();
    clearTimeout(live.timer);
    quiet.removeAttribute("sse-connect");
    quiet.removeAttribute("hx-ext");
    quiet.removeAttribute("hx-trigger");
    el.replaceWith(quiet);
    live.ended = true;
  });
  // After a reconnect, changes may have been missed.
  document.addEventListener("htmx:sseOpen", function () { if (live.opened++) liveSoon(300); });
  document.addEventListener("close", function () { if (live.pending) liveSoon(300); }, true);

  // Reminders: a toast on every open page of the user (role=alert, a link to
  // the event, a dismiss button), and a system notification where the user
  // allowed them in Settings (one per reminder: the tag joins the pages').
  document.addEventListener("sse:reminder", function (ev) {
    var d;
    try { d = JSON.parse(ev.detail.data); } catch (e) { return; }
    if (!d || !d.title) return;
    var when = reminderWhen(d), url = "/events/" + d.event;
    var box = document.getElementById("toasts");
    if (!box) {
      box = document.createElement("div");
      box.id = "toasts";
      box.className = "toasts";
      document.body.appendChild(box);
    }
    var t = document.createElement("div"), a = document.createElement("a"), p = document.createElement("span");
    var x = document.createElement("button");
    t.className = "toast";
    t.setAttribute("role", "alert");
    a.href = url;
    a.textContent = d.title;
    p.textContent = when + (d.location ? " · " + d.location : "");
    x.type = "button";
    x.className = "link";
    x.textContent = "Dismiss";
    x.addEventListener("click", function () { t.remove(); });
    t.append(a, " ", p, x);
    box.appendChild(t);
    if (window.Notification && Notification.permission === "granted") {
      try {
        var n = new Notification(d.title, { body: p.textContent, tag: "reminder-" + d.id });
        n.onclick = function () { window.focus(); location.href = url; };
      } catch (e) { /* the page's toast is enough */ }
    }
  });
  // reminderWhen says when the event starts, from now: "in 10 min".
  function reminderWhen(d) {
    if (d.all_day) return "All day";
    var m = Math.round((Date.parse(d.start) - Date.now()) / 60000);
    if (m >= 120) return "In " + Math.round(m / 60) + " hours";
    if (m > 0) return "In " + m + " min";
    return m === 0 ? "Starting now" : "Started " + -m + " min ago";
  }
  function notifyButton() {
    var b = document.getElementById("notify-permission");
    if (!b || !window.Notification) return;
    var p = Notification.permission;
    b.hidden = false;
    b.disabled = p !== "default";
    b.textContent = p === "granted" ? "Notifications are on for this device" :
      p === "denied" ? "Notifications are blocked in this browser's settings" : "Allow notifications on this device";
    b.onclick = function () { Notification.requestPermission().then(notifyButton); };
  }
  document.addEventListener("htmx:load", notifyButton);

  function liveSoon(ms) {
    clearTimeout(live.timer);
    live.timer = setTimeout(liveRefresh, ms);
  }

  // The regions on screen and their URLs: those that reload after the
  // page's own changes, and search results.
  function liveRegions() {
    var out = [].map.call(document.querySelectorAll('main [hx-trigger^="eventsChanged"]'), function (el) {
      return [el, el.getAttribute("hx-get")];
    });
    var res = document.getElementById("search-results");
    if (res && /[?&]q=[^&]/.test(location.search)) out.push([res, "/search" + location.search]);
    return out;
  }

  function liveRefresh() {
    live.pending = !!document.querySelector("dialog[open]");
    if (live.pending) return;
    if (Date.now() - live.typed < 1500) return liveSoon(1500);
    var regions = liveRegions(), ev = new CustomEvent("liveChanged");
    if (!regions.length) return;
    live.refreshes++;
    live.scroll = { x: scrollX, y: scrollY };
    Promise.all(regions.map(function (r) {
      live.scroll[r[0].id] = scrollers(r[0]);
      return htmx.ajax("GET", r[1], { source: r[0], event: ev });
    })).then(function () {
      // Emptied first, so that a second update is announced again.
      var say = document.getElementById("live");
      say.textContent = "";
      setTimeout(function () { say.textContent = "Calendar updated"; }, 100);
    }, function () { });
  }

  // Scrolled elements of a region: [tag and class, n-th such, top, left].
  function scrollers(region, put) {
    var out = [], seen = {};
    region.querySelectorAll("*").forEach(function (el) {
      var k = el.tagName + "." + el.getAttribute("class"), n = seen[k] = (seen[k] || 0) + 1;
      if (put) put.forEach(function (s) { if (s[0] === k && s[1] === n) { el.scrollTop = s[2]; el.scrollLeft = s[3]; } });
      else if (el.scrollTop || el.scrollLeft) out.push([k, n, el.scrollTop, el.scrollLeft]);
    });
    return out;
  }

  // After a live swap, the window and the region scroll as they did.
  function liveRestore(t) {
    var s = live.scroll;
    if (!s) return;
    if (s[t.id]) scrollers(t, s[t.id]);
    scrollTo(s.x, s.y);
  }

  // loadScript loads the script a <meta name> names, once; then calls done.
  function loadScript(name, done) {
    var tag = document.querySelector("meta[name=" + name + "]"), src = tag && tag.content;
    if (!src) return;
    tag.remove();
    var s = document.createElement("script");
    s.src = src;
    s.onload = done || null;
    document.head.appendChild(s);
  }
  // Live updates start when the page is idle: htmx's SSE extension loads
  // and #live turns it on (the page works without it meanwhile), in a task
  // of its own after the extension's, so that a phone does each in one go.
  function startLive() {
    loadScript("live-script", function () {
      setTimeout(function () {
        var el = document.getElementById("live");
        if (el && window.htmx) { el.setAttribute("hx-ext", "sse"); htmx.process(el); }
      });
    });
  }
  // Dragging events (drag.js) loads when a calendar with events is on
  // screen and the browser is idle, or at the first press on an event.
  function loadDrag() {
    if (document.querySelector("#calendar .ev")) loadScript("drag-script");
  }
  document.addEventListener("htmx:afterSettle", function () { idle(loadDrag); });
  document.addEventListener("pointerdown", loadDrag, true);
  // Keyboard shortcuts (keys.js; the list: /shortcuts, key ?) load at the
  // first key press, which they then handle.
  document.addEventListener("keydown", function loadKeys(ev) {
    document.removeEventListener("keydown", loadKeys);
    loadScript("keys-script", function () { window.eventcalKey(ev); });
  });

  document.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest("[data-close-dialog]");
    if (b) {
      var d = b.closest("dialog");
      if (d) { ev.preventDefault(); d.close(); }
    }
  });

  // The event form's "All day" switches Starts and Ends between date and
  // datetime-local, keeping the days and remembering the times.
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function addDays(day, n) {
    var d = new Date(day + "T12:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate());
  }
  function setAllDay(form, allDay) {
    var start = form.querySelector("input[name=start]"), end = form.querySelector("input[name=end]");
    if (!start || !end) return;
    var s = start.value, e = end.value;
    if (allDay && start.type !== "date") {
      if (s.length >= 16) start.dataset.time = s.slice(11, 16);
      if (e.length >= 16) end.dataset.time = e.slice(11, 16);
      var sd = s.slice(0, 10), ed = e.slice(0, 10);
      // An event that ends at midnight ends on the day before.
      if (ed && sd && ed > sd && e.slice(11, 16) === "00:00") ed = addDays(ed, -1);
      if (ed && sd && ed < sd) ed = sd;
      start.value = end.value = ""; // a date-time is no valid date value
      start.type = end.type = "date";
      start.value = sd; end.value = ed || sd;
    } else if (!allDay && start.type === "date") {
      var st = start.dataset.time || "09:00", et = end.dataset.time || "10:00";
      var sv = s ? s + "T" + st : "", ev2 = e ? e + "T" + et : "";
      // Keep the end after the start: an hour later by default.
      if (sv && ev2 && ev2 <= sv) ev2 = st < "23:00" ? s + "T" + pad(+st.slice(0, 2) + 1) + st.slice(2) : addDays(s, 1) + "T00:00";
      start.type = end.type = "datetime-local";
      start.value = sv; end.value = ev2;
    }
  }
  document.addEventListener("change", function (ev) {
    var box = ev.target;
    if (box && box.name === "all_day" && box.type === "checkbox" && box.form) setAllDay(box.form, box.checked);
  });

  // The Repeat control: the custom rule's field shows only for "Custom…"
  // (without JS it is always there), and a new start date re-labels the
  // presets (weekday, n-th weekday, day of month), keeping the kind chosen.
  var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  function ordinal(n) { return n + (["th", "st", "nd", "rd"][n] || "th"); }
  // presets mirrors recur.Presets: [value, label, kind] for a date.
  function presets(day) {
    var d = new Date(day + "T12:00:00Z");
    if (isNaN(d)) return null;
    var wd = d.getUTCDay(), n = d.getUTCDate(), m = d.getUTCMonth();
    var code = DAYS[wd].slice(0, 2).toUpperCase(), nth = Math.floor((n - 1) / 7) + 1;
    var dim = new Date(Date.UTC(d.getUTCFullYear(), m + 1, 0)).getUTCDate();
    var out = [["", "Does not repeat", "none"], ["FREQ=DAILY", "Daily", "daily"],
      ["FREQ=WEEKLY;BYDAY=" + code, "Weekly on " + DAYS[wd], "weekly"]];
    if (wd >= 1 && wd <= 5) out.push(["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Every weekday (Monday to Friday)", "weekdays"]);
    if (nth <= 4) out.push(["FREQ=MONTHLY;BYDAY=" + nth + code, "Monthly on the " + ordinal(nth) + " " + DAYS[wd], "nth"]);
    if (n + 7 > dim) out.push(["FREQ=MONTHLY;BYDAY=-1" + code, "Monthly on the last " + DAYS[wd], "last"]);
    out.push(["FREQ=MONTHLY;BYMONTHDAY=" + n, "Monthly on day " + n, "mday"]);
    if (n === dim && n >= 28) out.push(["FREQ=MONTHLY;BYMONTHDAY=-1", "Monthly on the last day", "lastday"]);
    out.push(["FREQ=YEARLY", "Yearly on " + n + " " + MONTHS[m] + (m === 1 && n === 29 ? " (leap years only)" : ""), "yearly"]);
    return out;
  }
  // kindOf names what a preset value does, whatever its date.
  function kindOf(v) {
    if (v === "" || v === "custom" || v === "FREQ=DAILY" || v === "FREQ=YEARLY") return v || "none";
    if (/^FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR$/.test(v)) return "weekdays";
    if (/^FREQ=WEEKLY;BYDAY=[A-Z]{2}$/.test(v)) return "weekly";
    if (/^FREQ=MONTHLY;BYDAY=-1[A-Z]{2}$/.test(v)) return "last";
    if (/^FREQ=MONTHLY;BYDAY=[1-4][A-Z]{2}$/.test(v)) return "nth";
    if (v === "FREQ=MONTHLY;BYMONTHDAY=-1") return "lastday";
    if (/^FREQ=MONTHLY;BYMONTHDAY=\d+$/.test(v)) return "mday";
    return "";
  }
  var FALLBACK = { weekdays: "weekly", nth: "last", last: "nth", lastday: "mday" };
  function showCustom(sel) {
    var box = sel.closest("[data-repeat]"), custom = box && box.querySelector("[data-repeat-custom]");
    if (custom) custom.hidden = sel.value !== "custom";
  }
  function relabel(form) {
    var sel = form.querySelector("select[name=rrule]"), start = form.querySelector("input[name=start]");
    if (!sel || !start) return;
    var list = presets(start.value.slice(0, 10)), kind = kindOf(sel.value);
    if (!list || kind === "custom" || kind === "") return; // a custom rule stays as typed
    var has = function (k) { return list.some(function (p) { return p[2] === k; }); };
    if (!has(kind)) kind = FALLBACK[kind] || "none";
    var custom = sel.querySelector('option[value="custom"]'), value = "";
    while (sel.options.length) sel.remove(0);
    list.forEach(function (p) { sel.add(new Option(p[1], p[0])); if (p[2] === kind) value = p[0]; });
    if (custom) sel.add(custom);
    sel.value = value;
  }
  function initRepeat(root) {
    var sels = root.querySelectorAll ? root.querySelectorAll("[data-repeat] select[name=rrule]") : [];
    for (var i = 0; i < sels.length; i++) showCustom(sels[i]);
  }
  document.addEventListener("change", function (ev) {
    var t = ev.target;
    if (!t || !t.form) return;
    if (t.name === "rrule" && t.closest("[data-repeat]")) {
      showCustom(t);
      if (t.value === "custom") { var c = t.form.querySelector("input[name=rrule_custom]"); if (c) c.focus(); }
    } else if (t.name === "start") {
      relabel(t.form);
    }
  });
  document.addEventListener("htmx:load", function (ev) { initRepeat(ev.target); });

  // Links inside [data-nav] carry no hx-get: one listener loads them with
  // htmx (target, swap and push-url from their ancestors' hx-* attributes)
  // instead of htmx processing each link of the calendar. A click with a
  // modifier key opens the link as the browser would.
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href]");
    if (!a || ev.defaultPrevented || ev.button || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey ||
      !window.htmx || !a.closest("[data-nav]") || a.hasAttribute("hx-get")) return;
    ev.preventDefault();
    htmx.ajax("GET", a.getAttribute("href"), { source: a, event: ev });
  });

  // idle runs f when the browser has nothing else to do.
  function idle(f) { (window.requestIdleCallback || setTimeout)(f); }

  // Offline reading (sw.js): a service worker keeps the shell and the
  // calendar pages viewed, for a phone without signal. It registers once
  // the page has loaded and the browser is idle, after the page's own work.
  addEventListener("load", function () {
    idle(function () { if (navigator.serviceWorker) navigator.serviceWorker.register("/sw.js").catch(function () { }); });
  });

  // Once the page is parsed: the registration form's time zone; when
  // idle, live updates and dragging (a calendar with events). The Repeat
  // control and the notification button are set at htmx:load, which htmx
  // sends for the whole page just after.
  document.addEventListener("DOMContentLoaded", function () {
    idle(startLive);
    idle(loadDrag);
    var sel = document.querySelector("[data-tz-auto]");
    if (!sel) return;
    sel.addEventListener("change", function () { sel.dataset.touched = "1"; });
    if (window.Temporal) prefillTimezone(sel);
    else idle(function () { prefillTimezone(sel); });
  });
})();
