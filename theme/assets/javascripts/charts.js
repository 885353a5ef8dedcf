/* Draw every chart on the page from its embedded JSON (plotly.js is served by the site).
   On a phone the labels beside points and bars are dropped (the hover text and the data
   table under each chart still give every value) so nothing overlaps or is cut off. */
(function () {
  "use strict";
  var NARROW = 560;
  function fitToWidth(spec, width) {
    if (width >= NARROW) { return spec; }
    spec.data.forEach(function (trace) {
      if (trace.type === "bar") { trace.textposition = "none"; }
      else if (trace.mode) { trace.mode = trace.mode.replace("+text", ""); }
    });
    var layout = spec.layout;
    layout.font = Object.assign({}, layout.font, { size: 11 });
    layout.xaxis = Object.assign({}, layout.xaxis, { nticks: 4 });
    layout.margin = Object.assign({}, layout.margin, { r: 8 });
    return spec;
  }
  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source || !window.Plotly) { return; }
    var spec = fitToWidth(JSON.parse(source.textContent), el.clientWidth);
    el.textContent = "";
    window.Plotly.newPlot(el, spec.data, spec.layout, spec.config).then(function () {
      el.setAttribute("data-drawn", "true");
      var svg = el.querySelector("svg.main-svg");
      if (svg) { svg.setAttribute("aria-hidden", "true"); }
    });
  }
  function drawAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".chart[data-chart]"), draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
