/* moocforge service worker (the site writer fills in SHELL: the version and the files every
 * visit needs). Pages are fetched network-first (a learner online always gets the newest
 * page) and kept for offline use; theme files, images and scripts come from the cache first;
 * media are served from the cache only when the learner saved their week, with Range
 * requests answered from the cached file so that videos seek offline. */
"use strict";
var SHELL = "__MF_SHELL__";
var SCOPE = self.registration.scope;
var SHELL_CACHE = "mf-shell-" + SHELL.version + "@" + SCOPE;
var PAGES_CACHE = "mf-pages@" + SCOPE;
var NETWORK_WAIT_MS = 4000;  // then a cached page, if there is one, rather than waiting on

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    return cache.addAll(SHELL.shell.map(function (path) { return new URL(path, SCOPE).href; }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  // Older shells of this site go; the pages and weeks a learner saved stay.
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf("mf-shell-") === 0 && key.slice(-SCOPE.length - 1) === "@" + SCOPE &&
        key !== SHELL_CACHE;
    }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  if (!event.data || event.data.type !== "cache" || !event.ports[0]) return;
  var urls = (event.data.urls || []).filter(inScope);
  event.waitUntil(caches.open(PAGES_CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      // What is kept already (in the shell or from an earlier visit) is not fetched again.
      return caches.match(url, { ignoreSearch: true }).then(function (hit) {
        return hit ? 0 : cache.add(url).then(function () { return 0; }, function () { return 1; });
      });
    }));
  }).then(function (failures) {
    event.ports[0].postMessage({ saved: urls.length, failed: failures.reduce(sum, 0) });
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !inScope(request.url)) return;
  if (new URL(request.url).pathname.indexOf("/__moocforge/") === 0) return;
  if (request.headers.has("range")) {
    event.respondWith(ranged(request));
  } else if (request.mode === "navigate" ||
             (request.headers.get("accept") || "").indexOf("text/html") >= 0) {
    event.respondWith(networkFirst(request));
  } else {
    event.respondWith(cacheFirst(request));
  }
});

function sum(a, b) { return a + b; }

function inScope(url) { return url.indexOf(SCOPE) === 0; }

function key(request) {
  var url = request.url.split("#")[0].split("?")[0];
  return /\/$/.test(url) ? url + "index.html" : url;
}

function cachedResponse(request) {
  return caches.match(key(request), { ignoreSearch: true, ignoreVary: true });
}

function keep(request, response) {
  if (response.ok && response.type === "basic" && response.status === 200) {
    var copy = response.clone();
    caches.open(PAGES_CACHE).then(function (cache) { return cache.put(key(request), copy); });
  }
  return response;
}

function networkFirst(request) {
  if (key(request).slice(-"offline.html".length) === "offline.html") return cacheFirst(request);
  var network = fetch(request).then(function (response) { return keep(request, response); });
  var waited = new Promise(function (resolve) { setTimeout(resolve, NETWORK_WAIT_MS); })
    .then(function () {
      return cachedResponse(request).then(function (hit) { return hit || network; });
    });
  return Promise.race([network, waited]).catch(function () {
    return cachedResponse(request).then(function (hit) { return hit || unavailable(request); });
  });
}

function cacheFirst(request) {
  return cachedResponse(request).then(function (hit) {
    return hit || fetch(request).then(function (response) { return keep(request, response); });
  });
}

function ranged(request) {
  return cachedResponse(request).then(function (hit) {
    if (!hit) return fetch(request);
    return hit.blob().then(function (blob) {
      var match = /bytes=(\d*)-(\d*)/.exec(request.headers.get("range") || "");
      var size = blob.size;
      var start = match && match[1] ? +match[1] : 0;
      var end = match && match[2] ? Math.min(+match[2], size - 1) : size - 1;
      if (match && !match[1] && match[2]) { start = Math.max(0, size - +match[2]); end = size - 1; }
      if (start >= size || start > end) {
        return new Response("", { status: 416, headers: { "Content-Range": "bytes */" + size } });
      }
      return new Response(blob.slice(start, end + 1), { status: 206, headers: {
        "Content-Type": hit.headers.get("Content-Type") || "application/octet-stream",
        "Content-Range": "bytes " + start + "-" + end + "/" + size,
        "Content-Length": String(end - start + 1), "Accept-Ranges": "bytes" } });
    });
  });
}

function unavailable(request) {
  // Each language tree ships an offline.html page (in the shell) saying the page was not kept.
  var path = key(request).slice(SCOPE.length);
  var tree = (SHELL.trees || [""]).filter(function (prefix) {
    return prefix && path.indexOf(prefix) === 0;
  })[0] || (SHELL.trees || [""])[0];
  var offline = SCOPE + tree + "offline.html";
  return caches.match(offline).then(function (page) {
    // A redirect, so that the page's link to the home page resolves in its own tree.
    return page && request.mode === "navigate" ? Response.redirect(offline, 302) :
      page || Response.error();
  });
}
