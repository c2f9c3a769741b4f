/* moocforge preview: reload the page when the preview server finishes a new build. */
(function () {
  "use strict";
  var known = null;
  function poll() {
    fetch("/__moocforge/version", { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (version) {
        if (known !== null && version !== known) { window.location.reload(); return; }
        known = version;
        setTimeout(poll, 300);
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
