// eventcal's service worker: it keeps the shell (style, scripts, icons,
// the offline pages) and the signed-in user's last viewed calendar pages,
// so that a phone without signal opens eventcal and reads its calendar.
// Changes are never kept or queued: offline they are refused with a clear
// message. The server puts V (this version, from the assets' hashes) and
// SHELL (the shell's addresses) before this text.
"use strict";
var SHELL_CACHE = "shell-" + V, PAGES = "pages-" + V;
// How long the network may take before a saved copy is shown instead, how
// many pages and fragments are kept, and the largest one kept.
var WAIT = 5000, KEEP = 60, LARGEST = 262144;
// What is kept for reading: the dashboard, the calendar views, a day's
// list, the upcoming list, search results and an event's details.
var READ = /^\/(calendar|events|search|upcoming)?$|^\/events\/\d+$/;
// Signing in, out or up: whatever was saved belonged to someone else.
var ACCOUNT = /^\/(login|logout|register)$/;
// The header naming the signed-in user (opaquely) on every page.
var VIEWER = "X-Eventcal-Viewer", VIEWER_KEY = "/.viewer";

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(SHELL_CACHE).then(function (c) { return c.addAll(SHELL); }).then(function () {
    return self.skipWaiting();
  }));
});

// A new version drops everything the old one kept: its pages name the old
// assets.
self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== SHELL_CACHE && k !== PAGES; }).map(function (k) {
      return caches.delete(k);
    }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (e) {
  var req = e.request, url = new URL(req.url);
  if (url.origin !== location.origin) return;
  if (ACCOUNT.test(url.pathname)) e.waitUntil(forget());
  if (req.method !== "GET" && req.method !== "HEAD") {
    e.respondWith(fetch(req).then(check, function () { return refused(req); }));
  } else if (/^\/(assets|icons)\//.test(url.pathname)) {
    e.respondWith(caches.match(req, { cacheName: SHELL_CACHE }).then(function (r) { return r || fetch(req); }));
  } else if (READ.test(url.pathname) && req.method === "GET") {
    e.respondWith(networkFirst(e, url));
  } else if (req.mode === "navigate") {
    e.respondWith(fetch(req).then(check, function () { return shellPage("/offline"); }));
  }
});

// isFragment mirrors the server's: an htmx request that is neither boosted
// nor a history restore gets a fragment.
function isFragment(req) {
  var h = req.headers;
  return h.get("HX-Request") === "true" && h.get("HX-Boosted") !== "true" && !h.get("HX-History-Restore-Request");
}

// The network's answer, or a saved copy when the network fails or is slow.
function networkFirst(e, url) {
  var req = e.request, frag = isFragment(req);
  var key = url.pathname + url.search + (frag ? (url.search ? "&" : "?") + "_hx=" + (req.headers.get("HX-Target") || "") : "");
  var net = fetch(req).then(check), timer;
  e.waitUntil(net.then(function (res) { return keep(key, res.clone()); }, function () { }));
  var slow = new Promise(function (ok) { timer = setTimeout(ok, WAIT); }).then(function () {
    return saved(key, frag).then(function (r) { return r || net; });
  });
  net.then(stop, stop);
  function stop() { clearTimeout(timer); }
  return Promise.race([net, slow]).catch(function () {
    return saved(key, frag).then(function (r) { return r || notSaved(req, frag); });
  });
}

// check clears what was saved when the server says nobody is signed in.
function check(res) {
  var to = res.headers.get("HX-Redirect") || "";
  if (res.status === 401 || /^\/login/.test(to) || (res.redirected && new URL(res.url).pathname === "/login")) forget();
  return res;
}

function forget() { return caches.delete(PAGES); }

// keep saves a signed-in page or fragment; a page of another user than the
// one before drops everything first. Saves run one after another: two
// pages answered together (the first of a user: the month, then the week
// before the month was saved) would each find no user's pages kept, and
// the second's clearing would drop what the first had just saved.
var saving = Promise.resolve();
function keep(key, res) {
  var viewer = res.headers.get(VIEWER);
  if (res.status !== 200 || res.type !== "basic" || !viewer || res.headers.has("HX-Redirect")) return;
  var done = saving.then(function () { return keepNow(key, res, viewer); });
  saving = done.catch(function () { });
  return done;
}

function keepNow(key, res, viewer) {
  return Promise.all([res.text(), caches.open(PAGES)]).then(function (a) {
    var body = a[0], c = a[1];
    if (body.length > LARGEST) return;
    return c.match(VIEWER_KEY).then(function (m) { return m ? m.text() : ""; }).then(function (was) {
      if (was === viewer) return c;
      return forget().then(function () { return caches.open(PAGES); }).then(function (c2) {
        return c2.put(VIEWER_KEY, new Response(viewer)).then(function () { return c2; });
      });
    }).then(function (c) {
      var headers = plain(res.headers);
      headers.set("X-Saved-At", String(Date.now()));
      return c.delete(key).then(function () { return c.put(key, new Response(body, { headers: headers })); }).then(function () {
        return trim(c);
      });
    });
  });
}

// trim keeps the KEEP newest entries.
function trim(c) {
  return c.keys().then(function (keys) {
    keys = keys.filter(function (k) { return new URL(k.url).pathname !== VIEWER_KEY; });
    return Promise.all(keys.slice(0, Math.max(0, keys.length - KEEP)).map(function (k) { return c.delete(k); }));
  });
}

// saved is the kept copy under a banner saying when it was saved.
function saved(key, frag) {
  return caches.open(PAGES).then(function (c) { return c.match(key, { ignoreVary: true }); }).then(function (res) {
    if (!res) return null;
    var at = new Date(+res.headers.get("X-Saved-At")), when = pad(at.getHours()) + ":" + pad(at.getMinutes());
    if (at.toDateString() !== new Date().toDateString()) when += ", " + at.toLocaleDateString();
    var note = '<p class="offline-banner" role="status">Offline — saved at <time datetime="' + at.toISOString() + '">' +
      when + "</time></p>";
    return res.text().then(function (html) {
      html = frag ? (/^\s*<(section|div|dialog|article)\b[^>]*>/.test(html) ?
        html.replace(/^\s*<(section|div|dialog|article)\b[^>]*>/, "$&" + note) : note + html) :
        html.replace('<main id="main">', "$&" + note);
      return new Response(html, { headers: res.headers });
    });
  });
}

function pad(n) { return (n < 10 ? "0" : "") + n; }

// A page or fragment that was not saved, offline.
function notSaved(req, frag) {
  if (!frag) return shellPage("/offline");
  return note("You are offline, and this was not saved on this device.", "#main");
}

// An unsafe request offline: nothing was sent, nothing is kept for later.
// htmx shows the message at the top of the form, which keeps what was typed.
function refused(req) {
  if (req.headers.get("HX-Request") !== "true") return shellPage("/offline?what=write");
  return note("You are offline — nothing was saved. What you entered is still here: send it again when you are back online.",
    "closest form");
}

// note is a message htmx puts first in target, scrolled into view (app.js
// moves focus to it, as to a form's errors).
function note(text, target) {
  return new Response('<p class="form-error offline-note" role="alert" tabindex="-1" data-focus-on-swap>' + text + "</p>", {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "HX-Retarget": target, "HX-Reswap": "afterbegin show:top" }
  });
}

// shellPage is one of the offline pages kept at install.
function shellPage(path) {
  return caches.match(path, { cacheName: SHELL_CACHE }).then(function (r) {
    if (!r) return new Response("You are offline.", { status: 503 });
    return r.text().then(function (t) { return new Response(t, { status: 503, headers: plain(r.headers) }); });
  });
}

// plain is a response's headers for its body as read: a saved page keeps
// its own headers, its Content-Security-Policy among them.
function plain(from) {
  var h = new Headers(from);
  ["Content-Length", "Content-Encoding", "Vary"].forEach(function (n) { h.delete(n); });
  return h;
}
