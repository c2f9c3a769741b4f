/* moocforge preview: reload the page when the preview server finishes a new build.
   The server holds `?after=<version>` until a newer build is served (a long poll), so the
   page reloads as soon as the build is done. */
(function () {
  "use strict";
  var known = null;
  function poll() {
    var query = known === null ? "" : "?after=" + encodeURIComponent(known);
    fetch("/__moocforge/version" + query, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (version) {
        if (known !== null && version !== known) { window.location.reload(); return; }
        known = version;
        setTimeout(poll, 50);
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
