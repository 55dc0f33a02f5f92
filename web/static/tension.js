// Tension fields: keep each slider and its number field equal, and on a
// round page ask every few seconds whether the round changed. The page
// works without this script; it only saves a reload.
(function () {
  "use strict";
  var dirty = false;
  document.querySelectorAll("input[data-pair]").forEach(function (el) {
    el.addEventListener("input", function () {
      var other = document.getElementById(el.getAttribute("data-pair"));
      var n = parseInt(el.value, 10);
      if (other && !isNaN(n) && n >= 0 && n <= 100) { other.value = String(n); }
      // Moving a line means taking part on that field after all.
      var skip = document.getElementById("skip-" + el.id.replace(/^(pos|num)-/, ""));
      if (skip) { skip.checked = false; }
      dirty = true;
    });
  });
  document.querySelectorAll("form.tension-form input, form.tension-form select").forEach(function (el) {
    el.addEventListener("change", function () { dirty = true; });
  });

  var round = document.getElementById("round");
  if (!round || round.getAttribute("data-state") === "closed") { return; }
  var id = round.getAttribute("data-round");
  var state = round.getAttribute("data-state");
  var placed = round.getAttribute("data-placed");
  var count = document.getElementById("round-count");
  var live = document.getElementById("round-live");
  function poll() {
    fetch("/spanningsvelden/rondes/" + encodeURIComponent(id) + "/status", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) { return; }
        if (String(d.placed) !== placed && count) {
          placed = String(d.placed);
          count.textContent = d.text;
        }
        if (d.state !== state) {
          state = d.state;
          if (!dirty) { window.location.reload(); return; }
          if (live) { live.hidden = false; }
        }
      })
      .catch(function () { /* offline for a moment: try again at the next tick */ });
  }
  window.setInterval(poll, 4000);
})();
