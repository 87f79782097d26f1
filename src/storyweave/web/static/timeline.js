// The story timeline: an SVG of events on a time axis, with zoom (wheel, buttons) and pan
// (drag, arrow keys). Day events are dots; month, season and longer events are bars.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("timeline-data").textContent);
  var chart = document.getElementById("tl-chart");
  var panel = document.getElementById("tl-panel");
  var labels = {};
  var NS = "http://www.w3.org/2000/svg";
  var DAY = 86400000;
  var items = data.filter(function (d) { return d.start; }).map(function (d) {
    return { d: d, t0: Date.parse(d.start + "T00:00:00Z"), t1: Date.parse(d.end + "T00:00:00Z") + DAY };
  });
  var undated = data.length - items.length;
  if (!items.length) {
    chart.textContent = undated ? undated + " events without a calendar date (listed below)" : "no dated events";
    return;
  }
  var lo = Math.min.apply(null, items.map(function (i) { return i.t0; }));
  var hi = Math.max.apply(null, items.map(function (i) { return i.t1; }));
  var pad = Math.max((hi - lo) * 0.05, 2 * DAY);
  var full = [lo - pad, hi + pad], view = full.slice();
  var LANE = 24, AXIS = 28, height = AXIS + LANE + 10;
  var svg = document.createElementNS(NS, "svg");
  svg.setAttribute("class", "tl-svg");
  chart.appendChild(svg);
  items.sort(function (a, b) { return a.t0 - b.t0 || b.t1 - a.t1; });
  function short(text) { return text.length > 48 ? text.slice(0, 45) + "…" : text; }
  // Lanes in screen space, so that no event or label covers another at this zoom.
  function layout() {
    var lanes = [];
    items.forEach(function (it) {
      var x0 = x(it.t0), x1 = Math.max(x(it.t1), x0 + 12) + 12 + 6.5 * short(it.d.event).length;
      var lane = 0;
      while (lane < lanes.length && lanes[lane] > x0) lane++;
      lanes[lane] = x1; it.lane = lane;
    });
    height = AXIS + Math.max(lanes.length, 1) * LANE + 10;
    svg.setAttribute("height", height);
  }

  function el(name, attrs, parent) {
    var n = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(n);
    return n;
  }
  function width() { return chart.clientWidth || 800; }
  function x(t) { return (t - view[0]) / (view[1] - view[0]) * width(); }
  function ticks() {
    var span = view[1] - view[0], out = [], d = new Date(view[0]), unit;
    if (span > 6 * 365 * DAY) unit = "year";
    else if (span > 150 * DAY) unit = "month";
    else if (span > 20 * DAY) unit = "week";
    else unit = "day";
    d = new Date(Date.UTC(d.getUTCFullYear(), unit === "year" ? 0 : d.getUTCMonth(), unit === "year" || unit === "month" ? 1 : d.getUTCDate()));
    var step = span > 40 * 365 * DAY ? 10 : span > 15 * 365 * DAY ? 5 : 1;
    var monthStep = span > 3 * 365 * DAY ? 6 : span > 365 * DAY ? 3 : 1;
    for (var guard = 0; d.getTime() < view[1] && guard < 400; guard++) {
      if (d.getTime() >= view[0]) out.push(new Date(d.getTime()));
      if (unit === "year") d.setUTCFullYear(d.getUTCFullYear() + step);
      else if (unit === "month") d.setUTCMonth(d.getUTCMonth() + monthStep);
      else d.setUTCDate(d.getUTCDate() + (unit === "week" ? 7 : 1));
    }
    return { unit: unit, dates: out };
  }
  function label(date, unit) {
    var iso = date.toISOString();
    return unit === "year" ? iso.slice(0, 4) : unit === "month" ? iso.slice(0, 7) : iso.slice(0, 10);
  }
  function draw() {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var w = width();
    svg.setAttribute("width", w);
    layout();
    var axis = el("g", { "class": "tl-axis" }, svg);
    var t = ticks();
    t.dates.forEach(function (d) {
      var px = x(d.getTime());
      el("line", { x1: px, x2: px, y1: AXIS - 6, y2: height, "class": "tl-grid" }, axis);
      el("text", { x: px + 3, y: AXIS - 10, "class": "tl-tick" }, axis).textContent = label(d, t.unit);
    });
    items.forEach(function (it) {
      var y = AXIS + it.lane * LANE + LANE / 2, x0 = x(it.t0), x1 = x(it.t1);
      if (x1 < -20 || x0 > w + 20) return;
      var g = el("g", { "class": "tl-item p-" + (it.d.precision || "day"), "data-index": it.d.index, tabindex: 0, role: "button" }, svg);
      el("title", {}, g).textContent = (it.d.words || it.d.date) + ": " + it.d.event;
      if (it.d.precision === "day") {
        el("circle", { cx: (x0 + x1) / 2, cy: y, r: 6 }, g);
      } else {
        el("rect", { x: x0, y: y - 7, width: Math.max(x1 - x0, 4), height: 14, rx: 3 }, g);
      }
      el("text", { x: Math.max(x1, x0 + 6) + 6, y: y + 4, "class": "tl-label" }, g).textContent = short(it.d.event);
    });
  }
  function zoom(factor, at) {
    var c = view[0] + (view[1] - view[0]) * (at === undefined ? 0.5 : at);
    var span = Math.min(Math.max((view[1] - view[0]) * factor, 2 * DAY), 200 * 365 * DAY);
    view = [c - (c - view[0]) / (view[1] - view[0]) * span, 0];
    view[1] = view[0] + span;
    draw();
  }
  function pan(px) {
    var dt = px / width() * (view[1] - view[0]);
    view = [view[0] - dt, view[1] - dt];
    draw();
  }
  function show(index) {
    var d = data[index];
    panel.textContent = "";
    var h = document.createElement("h3");
    h.textContent = (d.words || d.date) + (d.precision ? " (" + d.precision + ")" : "") + ": " + d.event;
    panel.appendChild(h);
    var close = document.createElement("button");
    close.type = "button"; close.className = "tl-close"; close.textContent = "close";
    close.addEventListener("click", function () { panel.hidden = true; });
    panel.appendChild(close);
    var ul = document.createElement("ul");
    d.citations.forEach(function (c) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = "/articles/" + encodeURIComponent(c.article) + "#s-" + c.sentence;
      a.className = "cite";
      a.textContent = (labels[c.article] || c.article) + " §" + c.sentence;
      var q = document.createElement("q"); q.textContent = c.text;
      li.appendChild(a); li.appendChild(document.createTextNode(" ")); li.appendChild(q);
      ul.appendChild(li);
    });
    if (!d.citations.length) { var p = document.createElement("p"); p.textContent = "no citations"; panel.appendChild(p); }
    panel.appendChild(ul);
    panel.hidden = false;
  }
  document.querySelectorAll("tr.event td a.cite").forEach(function (a) {
    var m = a.getAttribute("href").match(/^\/articles\/([^#]+)#/);
    if (m) labels[decodeURIComponent(m[1])] = a.textContent.replace(/ §\d+$/, "");
  });
  var drag = null;
  svg.addEventListener("mousedown", function (e) { drag = { x: e.clientX, moved: 0 }; e.preventDefault(); });
  window.addEventListener("mousemove", function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x; drag.moved += Math.abs(dx); drag.x = e.clientX;
    if (dx) pan(dx);
  });
  window.addEventListener("mouseup", function (e) {
    if (drag && drag.moved < 4) {
      var g = e.target.closest ? e.target.closest(".tl-item") : null;
      if (g) show(parseInt(g.getAttribute("data-index"), 10));
    }
    drag = null;
  });
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    var r = svg.getBoundingClientRect();
    zoom(e.deltaY > 0 ? 1.25 : 0.8, (e.clientX - r.left) / r.width);
  }, { passive: false });
  chart.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.classList && e.target.classList.contains("tl-item")) show(parseInt(e.target.getAttribute("data-index"), 10));
    else if (e.key === "+" || e.key === "=") zoom(0.8);
    else if (e.key === "-") zoom(1.25);
    else if (e.key === "ArrowLeft") pan(60);
    else if (e.key === "ArrowRight") pan(-60);
    else return;
    e.preventDefault();
  });
  document.querySelectorAll("[data-zoom]").forEach(function (b) {
    b.addEventListener("click", function () {
      var how = b.getAttribute("data-zoom");
      if (how === "in") zoom(0.66); else if (how === "out") zoom(1.5); else { view = full.slice(); draw(); }
    });
  });
  window.addEventListener("resize", draw);
  draw();
  window.storyweaveTimeline = { view: function () { return view.slice(); }, zoom: zoom, pan: pan, show: show };
})();
