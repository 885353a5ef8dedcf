/* Draw every chart on the page from its embedded JSON (plotly.js is served by the site). */
(function () {
  "use strict";
  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source || !window.Plotly) { return; }
    var spec = JSON.parse(source.textContent);
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
