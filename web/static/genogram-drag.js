// Drag a person in the geno-sociogram; the new position is kept (pinned).
// The page works without this script: the "Move persons" form does the same
// step by step. Coordinates are converted from the screen to the SVG's own
// user units, so the pin means the same thing at any zoom level.
(function () {
  "use strict";
  var fig = document.querySelector("figure.genogram-figure[data-pin-url]");
  if (!fig) { return; }
  var svg = fig.querySelector("svg.genogram");
  if (!svg) { return; }
  var url = fig.getAttribute("data-pin-url");
  var pro = fig.getAttribute("data-pro") === "1";
  var drag = null;

  function toSVG(evt) {
    var pt = svg.createSVGPoint();
    pt.x = evt.clientX;
    pt.y = evt.clientY;
    var m = svg.getScreenCTM();
    return m ? pt.matrixTransform(m.inverse()) : pt;
  }

  svg.addEventListener("pointerdown", function (evt) {
    var g = evt.target.closest ? evt.target.closest("g.person") : null;
    if (!g || evt.button !== 0) { return; }
    var p = toSVG(evt);
    // The drag starts once the pointer moves: a tap stays a click on the
    // person (genogram-view.js shows their details).
    drag = { g: g, x0: p.x, y0: p.y, dx: 0, dy: 0, moving: false };
    evt.preventDefault();
  });

  svg.addEventListener("pointermove", function (evt) {
    if (!drag) { return; }
    var p = toSVG(evt);
    drag.dx = p.x - drag.x0;
    drag.dy = p.y - drag.y0;
    if (!drag.moving) {
      if (Math.abs(drag.dx) < 2 && Math.abs(drag.dy) < 2) { return; }
      drag.moving = true;
      drag.g.classList.add("dragging");
      svg.setPointerCapture(evt.pointerId);
    }
    drag.g.setAttribute("transform", "translate(" + drag.dx + " " + drag.dy + ")");
  });

  function drop(evt) {
    if (!drag) { return; }
    var d = drag;
    drag = null;
    d.g.classList.remove("dragging");
    if (Math.abs(d.dx) < 2 && Math.abs(d.dy) < 2) {
      d.g.removeAttribute("transform");
      return;
    }
    var num = function (name) { return parseFloat(d.g.getAttribute(name)) || 0; };
    var body = new URLSearchParams();
    body.set("person", d.g.getAttribute("data-person-id"));
    body.set("x", String(Math.round(num("data-x") + num("data-w") / 2 + d.dx)));
    body.set("y", String(Math.round(num("data-y") + num("data-h") / 2 + d.dy)));
    body.set("js", "1");
    if (pro) { body.set("pro", "1"); }
    fetch(url, { method: "POST", body: body, credentials: "same-origin" }).then(function (res) {
      if (res.ok) {
        // Reload so that the others make room around the pinned symbol.
        window.location.reload();
        return;
      }
      return res.text().then(function (msg) {
        d.g.removeAttribute("transform");
        var note = document.createElement("p");
        note.className = "alert";
        note.setAttribute("role", "alert");
        note.textContent = msg;
        fig.insertBefore(note, fig.firstChild);
      });
    });
  }
  svg.addEventListener("pointerup", drop);
  svg.addEventListener("pointercancel", drop);
}());
