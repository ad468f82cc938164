// eventcal: small progressive enhancements on top of htmx. Everything works without it.
(function () {
  "use strict";

  // Prefill the time zone from the browser on the registration form.
  function prefillTimezone(root) {
    var sel = root.querySelector && root.querySelector("select[data-tz-auto]");
    if (!sel || sel.dataset.touched) return;
    try {
      var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (tz && sel.querySelector('option[value="' + tz + '"]')) sel.value = tz;
    } catch (e) { /* keep the server's default */ }
  }

  // After a calendar swap, move focus to the new heading for screen readers.
  function focusHeading(target) {
    var h = target && target.querySelector && target.querySelector("[data-focus-on-swap]");
    if (h) { h.setAttribute("tabindex", "-1"); h.focus({ preventScroll: true }); }
  }

  // Dialogs: open the <dialog> swapped into #dialog-root modally, return focus on close.
  var opener = null;
  function openDialog(root) {
    var d = root.querySelector && root.querySelector("dialog[data-autoshow]");
    if (!d || d.open) return;
    opener = document.activeElement;
    d.showModal();
    d.addEventListener("close", function () {
      d.remove();
      if (opener && opener.focus) opener.focus();
    }, { once: true });
  }

  document.addEventListener("DOMContentLoaded", function () {
    prefillTimezone(document);
    var sel = document.querySelector("select[data-tz-auto]");
    if (sel) sel.addEventListener("change", function () { sel.dataset.touched = "1"; });
  });

  document.addEventListener("htmx:afterSwap", function (ev) {
    var t = ev.detail.target;
    openDialog(t);
    focusHeading(t);
  });

  // Close an open dialog when the server says the change is done.
  document.addEventListener("eventsChanged", function () {
    var d = document.querySelector("#dialog-root dialog[open]");
    if (d) d.close();
  });

  document.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest("[data-close-dialog]");
    if (b) {
      var d = b.closest("dialog");
      if (d) { ev.preventDefault(); d.close(); }
    }
  });
})();
