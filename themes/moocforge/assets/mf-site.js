/* moocforge site behaviour: the dark-mode toggle, the language switch keeping the #anchor,
 * and offline use (the service worker, "available offline" marks, a week saved on demand).
 * The preview registers no service worker and removes any left from a built site on the
 * same address, so live reload always shows the newest build. */
(function () {
  "use strict";
  var configElement = document.getElementById("mf-config");
  var config = configElement ? JSON.parse(configElement.textContent) : {};
  var strings = config.strings || {};
  var base = configElement ? configElement.getAttribute("data-base") || "." : ".";
  var treeRoot = new URL(base.replace(/\/?$/, "/"), window.location.href);
  var siteRoot = new URL(config.root || "", treeRoot);
  var SCHEME_KEY = "mf-scheme";
  var MEDIA = /\.(mp4|m4v|webm|ogv|mp3|ogg|oga|m4a|wav)(\?|$)/;

  /* ------------------------------------------------------------------ dark mode */

  function dark() { return document.body.getAttribute("data-md-color-scheme") === "slate"; }

  function applyScheme(isDark) {
    document.body.setAttribute("data-md-color-scheme", isDark ? "slate" : "default");
    document.querySelectorAll(".mf-scheme-toggle").forEach(function (button) {
      button.setAttribute("aria-pressed", isDark ? "true" : "false");
    });
  }

  function setupScheme() {
    applyScheme(dark());
    document.querySelectorAll(".mf-scheme-toggle").forEach(function (button) {
      button.addEventListener("click", function () {
        var next = !dark();
        try { window.localStorage.setItem(SCHEME_KEY, next ? "dark" : "light"); }
        catch (e) { /* the choice lasts for this page */ }
        applyScheme(next);
      });
    });
    var media = window.matchMedia("(prefers-color-scheme: dark)");
    media.addEventListener("change", function (event) {
      var chosen = null;
      try { chosen = window.localStorage.getItem(SCHEME_KEY); } catch (e) { chosen = null; }
      if (!chosen) applyScheme(event.matches);
    });
  }

  /* ------------------------------------------------------------------ language switch */

  function setupAlternates() {
    function keepAnchor() {
      document.querySelectorAll("a.mf-alternate").forEach(function (link) {
        link.href = link.href.split("#")[0] + window.location.hash;
      });
    }
    keepAnchor();
    window.addEventListener("hashchange", keepAnchor);
  }

  /* ------------------------------------------------------------------ offline */

  function swSupported() {
    return "serviceWorker" in navigator && "caches" in window && window.isSecureContext;
  }

  function pagesCache(registration) { return "mf-pages@" + registration.scope; }

  function toCache(urls) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data); };
        registration.active.postMessage({ type: "cache", urls: urls }, [channel.port2]);
      });
    });
  }

  function cached(urls) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return caches.open(pagesCache(registration)).then(function (cache) {
        return Promise.all(urls.map(function (url) {
          return caches.match(url, { ignoreSearch: true }).then(function (hit) {
            return hit || cache.match(url);
          });
        }));
      });
    }).then(function (hits) { return hits.every(Boolean); });
  }

  var lists = null;
  function offlineLists() {
    if (!lists) {
      lists = fetch(new URL("offline.json", treeRoot).href).then(function (r) { return r.json(); });
    }
    return lists;
  }

  function absolute(path) { return new URL(path, siteRoot).href; }

  function weekUrls(week) {
    return offlineLists().then(function (data) {
      var pages = (data.weeks || {})[week] || {}, urls = {};
      Object.keys(pages).forEach(function (page) {
        urls[absolute(page)] = true;
        pages[page].forEach(function (file) { urls[absolute(file)] = true; });
      });
      return Object.keys(urls);
    });
  }

  function pageUrls() {
    var here = window.location.href.split("#")[0];
    var row = document.querySelector(".mf-badges[data-week]");
    if (!row) return Promise.resolve([here]);
    return offlineLists().then(function (data) {
      var pages = (data.weeks || {})[row.getAttribute("data-week")] || {};
      var rel = here.slice(siteRoot.href.length);
      return [here].concat((pages[rel] || []).map(absolute));
    });
  }

  function markPage() {
    var row = document.querySelector(".mf-badges[data-item]");
    if (!row) return;
    pageUrls().then(cached).then(function (yes) {
      var mark = row.querySelector(".mf-offline-mark");
      if (yes && !mark) {
        mark = document.createElement("span");
        mark.className = "mf-mark mf-offline-mark";
        mark.textContent = "✓ " + strings.offline_ready;
        row.appendChild(mark);
      }
    }).catch(function () { /* no lists (an old build): no mark */ });
  }

  function setupWeekBoxes() {
    document.querySelectorAll(".mf-offline[data-week]").forEach(function (box) {
      var week = box.getAttribute("data-week");
      var button = box.querySelector(".mf-offline-save");
      var status = box.querySelector(".mf-offline-status");
      box.hidden = false;
      function ready() {
        status.classList.remove("mf-failed");
        status.textContent = "✓ " + strings.offline_ready;
      }
      weekUrls(week).then(cached).then(function (yes) { if (yes) ready(); })
        .catch(function () { /* checked again after a save */ });
      button.addEventListener("click", function () {
        button.disabled = true;
        status.classList.remove("mf-failed");
        status.textContent = strings.offline_saving;
        weekUrls(week).then(toCache).then(function (result) {
          button.disabled = false;
          if (result && result.failed === 0) { ready(); markPage(); return; }
          throw new Error("some files could not be saved");
        }).catch(function () {
          button.disabled = false;
          status.classList.add("mf-failed");
          status.textContent = strings.offline_failed;
        });
      });
    });
  }

  function keepThisPage() {
    // The first page of a visit loads before the worker controls it: cache it now, with the
    // files it loaded, so that it opens offline too (the worker skips what it has already).
    var here = window.location.href.split("#")[0];
    var files = performance.getEntriesByType("resource").map(function (entry) {
      return entry.name;
    }).filter(function (url) {
      return url.indexOf(siteRoot.href) === 0 && !MEDIA.test(url);
    });
    // Its images and (when the course has math) the MathJax fonts too; its video waits
    // until the learner saves the week (a page with a video is marked only then).
    pageUrls().catch(function () { return []; }).then(function (needs) {
      var light = needs.filter(function (url) { return !MEDIA.test(url); });
      return toCache([here].concat(files, light));
    }).then(markPage);
  }

  function setupOffline() {
    if (config.preview) {
      if ("serviceWorker" in navigator) {
        navigator.serviceWorker.getRegistrations().then(function (registrations) {
          registrations.forEach(function (registration) { registration.unregister(); });
        });
      }
      return;
    }
    if (!swSupported()) return;
    navigator.serviceWorker.register(new URL("sw.js", siteRoot).href).then(function () {
      keepThisPage();
      markPage();
      setupWeekBoxes();
    }).catch(function () { /* no offline use: the site works as before */ });
  }

  function init() {
    setupScheme();
    setupAlternates();
    if (document.readyState === "complete") setupOffline();
    else window.addEventListener("load", setupOffline);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
