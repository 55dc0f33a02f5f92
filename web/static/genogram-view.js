// The geno-sociogram's view: buttons to zoom in, out and back, panning by
// dragging the background, and a details panel when a person is tapped or
// chosen with the keyboard. Without this script the drawing still scrolls
// inside its own box and each symbol links to its row in the person list,
// where "Around this person" draws the family around them.
(function () {
  "use strict";
  var box = document.querySelector(".geno-view");
  if (!box) { return; }
  var svg = box.querySelector("svg.genogram");
  if (!svg) { return; }
  var fit = !box.classList.contains("geno-focus");
  var baseW = svg.width.baseVal.value, baseH = svg.height.baseVal.value;
  var zoom = 1;
  var panel = null;
  box.classList.add("js-pan");
  // The box's width in CSS pixels, so that the server makes the next
  // focused view's first window twice as wide as this screen shows (see
  // web/genogramwindow.go): a size only, no one's data.
  document.cookie = "rotonde_screen=" + Math.round(box.clientWidth) + "; path=/; max-age=31536000; samesite=lax" +
    (location.protocol === "https:" ? "; secure" : "");

  // startWidth is the drawing's width at zoom 1: its own size in the
  // focused view, the width of the box when the whole family is shrunk.
  function startWidth() { return fit ? Math.min(baseW, box.clientWidth) : baseW; }

  // setZoom zooms to z, keeping the point (cx, cy) of the box in place.
  function setZoom(z, cx, cy) {
    var w0 = svg.getBoundingClientRect().width || startWidth();
    var sx = box.scrollLeft + cx, sy = box.scrollTop + cy;
    zoom = Math.min(Math.max(z, 0.25), 32);
    var w = startWidth() * zoom;
    svg.style.maxWidth = "none";
    svg.style.width = w + "px";
    svg.style.height = (w * baseH / baseW) + "px";
    var k = w / w0;
    box.scrollLeft = sx * k - cx;
    box.scrollTop = sy * k - cy;
  }

  function centreOn(el) {
    if (!el) { return; }
    var r = el.getBoundingClientRect(), b = box.getBoundingClientRect();
    box.scrollLeft += (r.left + r.width / 2) - (b.left + box.clientWidth / 2);
    box.scrollTop += (r.top + r.height / 2) - (b.top + box.clientHeight / 2);
  }

  function reset() {
    zoom = 1;
    svg.style.maxWidth = "";
    svg.style.width = "";
    svg.style.height = "";
    box.scrollLeft = 0;
    box.scrollTop = 0;
    centreOn(svg.querySelector('.person[data-person-id="' + box.getAttribute("data-focus-id") + '"]'));
  }

  function button(label, text, act) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.title = label;
    b.addEventListener("click", act);
    return b;
  }
  var bar = document.createElement("div");
  bar.className = "geno-zoom";
  bar.appendChild(button(box.getAttribute("data-zoom-in"), "+", function () { setZoom(zoom * 1.5, box.clientWidth / 2, box.clientHeight / 2); }));
  bar.appendChild(button(box.getAttribute("data-zoom-out"), "\u2212", function () { setZoom(zoom / 1.5, box.clientWidth / 2, box.clientHeight / 2); }));
  bar.appendChild(button(box.getAttribute("data-zoom-reset"), "\u21ba", reset));
  box.parentNode.insertBefore(bar, box);

  box.addEventListener("wheel", function (evt) {
    if (!evt.ctrlKey) { return; }
    evt.preventDefault();
    var b = box.getBoundingClientRect();
    setZoom(zoom * (evt.deltaY < 0 ? 1.25 : 0.8), evt.clientX - b.left, evt.clientY - b.top);
  }, { passive: false });

  // Panning: drag the background (persons are tapped or dragged themselves).
  var pan = null, panned = false;
  svg.addEventListener("pointerdown", function (evt) {
    if (evt.target.closest(".person") || evt.button !== 0) { return; }
    pan = { x: evt.clientX, y: evt.clientY, l: box.scrollLeft, t: box.scrollTop, id: evt.pointerId };
    panned = false;
  });
  svg.addEventListener("pointermove", function (evt) {
    if (!pan || evt.pointerId !== pan.id) { return; }
    var dx = evt.clientX - pan.x, dy = evt.clientY - pan.y;
    if (!panned && Math.abs(dx) + Math.abs(dy) > 4) {
      panned = true;
      svg.setPointerCapture(evt.pointerId);
    }
    if (panned) {
      box.scrollLeft = pan.l - dx;
      box.scrollTop = pan.t - dy;
    }
  });
  function endPan() { pan = null; }
  svg.addEventListener("pointerup", endPan);
  svg.addEventListener("pointercancel", endPan);

  // The details of a person, from the symbol's title, with links to the
  // person's row and to the view around them.
  function show(person) {
    var title = person.querySelector("title");
    showDetails(person.getAttribute("data-person-id"), title ? title.textContent : "",
      person.classList.contains("professional"), person.querySelector("a"));
  }

  // showDetails opens the panel for the person with this id; back is what
  // gets the focus again when the panel closes.
  function showDetails(id, title, professional, back) {
    if (!panel) {
      panel = document.createElement("section");
      panel.className = "geno-detail";
      panel.setAttribute("aria-live", "polite");
      box.parentNode.insertBefore(panel, box.nextSibling);
    }
    panel.textContent = "";
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = title || id;
    p.appendChild(strong);
    panel.appendChild(p);
    var links = document.createElement("p");
    var details = document.createElement("a");
    details.href = "#geno-p-" + id;
    details.textContent = box.getAttribute("data-details");
    links.appendChild(details);
    if (!professional) {
      links.appendChild(document.createTextNode(" · "));
      var focus = document.createElement("a");
      focus.href = box.getAttribute("data-focus-base") + encodeURIComponent(id);
      focus.textContent = box.getAttribute("data-focus-here");
      links.appendChild(focus);
    }
    links.appendChild(document.createTextNode(" "));
    links.appendChild(button(box.getAttribute("data-close"), box.getAttribute("data-close"), function () {
      panel.hidden = true;
      if (back) { back.focus(); }
    }));
    panel.appendChild(links);
    panel.hidden = false;
  }

  svg.addEventListener("click", function (evt) {
    if (panned) {
      panned = false;
      evt.preventDefault();
      return;
    }
    var person = evt.target.closest(".person");
    if (person) {
      evt.preventDefault();
      show(person);
      return;
    }
    var hit = nearest(evt.clientX, evt.clientY);
    if (hit) {
      var row = document.getElementById("geno-p-" + hit);
      var name = row && row.cells[0] ? row.cells[0].firstChild.textContent.trim() : hit;
      var years = row && row.cells[2] ? row.cells[2].textContent.replace(/\s+/g, " ").trim() : "";
      showDetails(hit, years ? name + " (" + years + ")" : name, false, box);
    }
  });

  // The overview of a large family has no element per person: its
  // data-hit attribute lists "x y id" of every symbol, and a tap finds the
  // nearest within reach of a finger.
  var hits = null;
  function nearest(clientX, clientY) {
    var data = svg.getAttribute("data-hit");
    if (!data) { return null; }
    if (!hits) {
      hits = data.split(";").map(function (e) {
        var f = e.split(" ");
        return { x: +f[0], y: +f[1], id: decodeURIComponent(f[2]) };
      });
    }
    var r = svg.getBoundingClientRect(), vb = svg.viewBox.baseVal;
    var k = vb.width / r.width;
    var x = vb.x + (clientX - r.left) * k, y = vb.y + (clientY - r.top) * vb.height / r.height;
    var best = null, reach = 16 * k, bestD = reach * reach;
    for (var i = 0; i < hits.length; i++) {
      var dx = hits[i].x - x, dy = hits[i].y - y, d = dx * dx + dy * dy;
      if (d <= bestD) { best = hits[i].id; bestD = d; }
    }
    return best;
  }

  if (!fit) { reset(); }

  // A large focused view first holds only the window around the focus
  // person; after the first paint the whole drawing is fetched and its
  // content swapped into the same <svg> (same viewBox and size), so the
  // pan, the zoom and the listeners stay.
  var rest = box.getAttribute("data-rest");
  if (rest) {
    var later = window.requestIdleCallback || function (f) { setTimeout(f, 0); };
    var fetchRest = function () {
      later(function () {
        fetch(rest, { credentials: "same-origin" }).then(function (res) {
          if (!res.ok) { throw new Error(res.status); }
          return res.text();
        }).then(function (text) {
          var doc = new DOMParser().parseFromString(text, "image/svg+xml");
          var whole = doc.documentElement;
          if (!whole || whole.nodeName !== "svg") { return; }
          var parts = [];
          for (var n = whole.firstChild; n; n = n.nextSibling) { parts.push(document.importNode(n, true)); }
          svg.replaceChildren.apply(svg, parts);
          hits = null;
          box.removeAttribute("data-rest");
          var all = document.querySelector(".geno-all");
          if (all) { all.hidden = true; }
        }).catch(function () { /* the link to the whole view stays */ });
      });
    };
    if (document.readyState === "complete") { fetchRest(); } else { window.addEventListener("load", fetchRest); }
  }
}());
