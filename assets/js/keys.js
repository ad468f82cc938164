// eventcal keyboard shortcuts, loaded by app.js at the first key press,
// which it hands over (the list: /shortcuts, key ?). With no field focused,
// no dialog open and no modifier key, a key works the control that names
// it in aria-keyshortcuts (a field before a link), or without one on the
// page goes where that control would lead (a view: at the date shown).
(function () {
  "use strict";
  var GO = { c: "/events/new", q: "/events/quick", t: "/" }, VIEWS = { m: "month", w: "week", d: "day", a: "agenda", y: "year" };

  // shortcut works key k; it reports whether k is one.
  function shortcut(k) {
    var s = '[aria-keyshortcuts~="' + CSS.escape(k) + '"]', a = document.activeElement;
    if (document.querySelector("dialog[open]")) return false;
    var el = document.querySelector("input" + s) || document.querySelector(s);
    var date = /date=[\d-]+/.exec((document.getElementById("calendar") || a).getAttribute("hx-get"));
    var to = GO[k] || VIEWS[k] && "/calendar?view=" + VIEWS[k] + (date ? "&" + date : "");
    if (k === "?") htmx.ajax("GET", "/shortcuts", { target: "#dialog-root" });
    else if (!el && !to) return false;
    else if (!el) location.href = to;
    else if (el.matches("input")) el.focus();
    else el.click();
    return true;
  }

  function onKey(ev) {
    var a = ev.target;
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey || ev.key.length > 1 ||
      a.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName)) return;
    if (shortcut(ev.key)) ev.preventDefault();
  }
  document.addEventListener("keydown", onKey);
  window.eventcalKey = onKey;
})();
