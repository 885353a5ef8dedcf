/* Draw every chart on the page from its embedded JSON (plotly.js is served by the site).
   On a phone the labels beside points and bars are dropped (the hover text and the data
   table under each chart still give every value) so nothing overlaps or is cut off.
   Under each chart: PNG and SVG downloads (plotly's own image export) and "Copy embed code"
   (an iframe of the chart's embed page); the buttons stay hidden until this script runs.
   A city's charts share one CSV file whose first column, "chart", names each row's chart: the
   "Download CSV" link saves this chart's rows alone, as <chart id>.csv in the columns of the
   figures table (without this script, or if the file cannot be read, the whole file). */
(function () {
  "use strict";
  var NARROW = 560;
  var EXPORT_WIDTH = 900;
  var PNG_SCALE = 2;
  var TITLE_ROOM = 40;
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
  /* Room round the plot, worked out before drawing so that plotly draws each chart once. With
     automargin, plotly draws a chart, measures its labels and draws it again: half the time of a
     page's charts. The left margin fits the widest line of the category labels, measured in the
     chart's font on a canvas (as plotly's own measure, within a pixel); the bottom and top leave
     what the axis title and the legend take at the site's font sizes, with plotly's padding. The
     x axis keeps automargin: should a number at its right end, a longer title or a legend that
     wraps need more room, plotly still makes it (and draws that chart twice). */
  var AXIS_TITLE_ROOM = 33;
  var LEGEND_ROOM = 30;
  var LABEL_GAP = 9;
  var ruler = null;
  function widest(lines, font) {
    ruler = ruler || document.createElement("canvas").getContext("2d");
    ruler.font = font.size + "px " + font.family;
    return lines.reduce(function (most, line) {
      return Math.max(most, ruler.measureText(line.replace(/<[^>]*>/g, "")).width);
    }, 0);
  }
  function presetMargins(spec) {
    var layout = spec.layout;
    if (!layout.yaxis || layout.yaxis.type !== "category" || !layout.xaxis || !layout.font) { return spec; }
    var lines = [];
    spec.data.forEach(function (trace) {
      (trace.y || []).forEach(function (label) { lines.push.apply(lines, String(label).split("<br>")); });
    });
    var margin = Object.assign({}, layout.margin);
    margin.l = Math.max(margin.l || 0, Math.ceil(widest(lines, layout.font)) + LABEL_GAP);
    var pad = Math.min(12, margin.l, margin.r);  // plotly's padding round what pushes a margin
    var title = layout.xaxis.title && layout.xaxis.title.text || "";
    margin.b = Math.max(margin.b, AXIS_TITLE_ROOM + pad + 2 * layout.font.size * (title.split("<br>").length - 1));
    margin.t = Math.max(margin.t, LEGEND_ROOM + pad);
    layout.margin = margin;
    layout.yaxis = Object.assign({}, layout.yaxis, { automargin: false });
    return spec;
  }
  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source || !window.Plotly) { return; }
    var spec = presetMargins(fitToWidth(JSON.parse(source.textContent), el.clientWidth));
    el.textContent = "";
    window.Plotly.newPlot(el, spec.data, spec.layout, spec.config).then(function () {
      el.setAttribute("data-drawn", "true");
      var svg = el.querySelector("svg.main-svg");
      if (svg) { svg.setAttribute("aria-hidden", "true"); }
    });
  }
  function say(status, text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);  // read again if repeated
  }
  function attr(text) {
    return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }
  /* The iframe snippet: the embed page's address made absolute from wherever this page is served. */
  function snippet(code, title, height) {
    var src = new URL(code.getAttribute("data-embed-src"), document.baseURI).href;
    return '<iframe src="' + attr(src) + '" loading="lazy" style="width: 100%; height: ' + height +
      'px; border: 0px none;" title="' + attr(title) + '"></iframe>';
  }
  /* The drawn chart with its title above it, for an image that says what it shows. */
  function titled(chart, title) {
    var layout = Object.assign({}, chart.layout);
    layout.margin = Object.assign({}, layout.margin, { t: (layout.margin && layout.margin.t || 0) + TITLE_ROOM });
    layout.title = { text: title, x: 0, xanchor: "left", xref: "paper", font: { size: 16 } };
    layout.paper_bgcolor = "#ffffff";
    return { data: chart.data, layout: layout, config: { staticPlot: true } };
  }
  function save(url, filename) {
    var link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  /* PNG from plotly's own SVG export, drawn on a canvas here: plotly's PNG export loads its SVG
     from a blob: URL, which the site's CSP (img-src 'self' data:) rightly refuses. */
  function png(chart, size, name) {
    return window.Plotly.toImage(chart, Object.assign({ format: "svg" }, size)).then(function (svg) {
      return new Promise(function (resolve, reject) {
        var image = new Image();
        image.onload = function () {
          var canvas = document.createElement("canvas");
          canvas.width = size.width * PNG_SCALE;
          canvas.height = size.height * PNG_SCALE;
          var context = canvas.getContext("2d");
          context.fillStyle = "#ffffff";
          context.fillRect(0, 0, canvas.width, canvas.height);
          context.drawImage(image, 0, 0, canvas.width, canvas.height);
          canvas.toBlob(function (blob) {
            var url = URL.createObjectURL(blob);
            save(url, name + ".png");
            window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
            resolve();
          }, "image/png");
        };
        image.onerror = reject;
        image.src = svg;
      });
    });
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) { return navigator.clipboard.writeText(text); }
    return Promise.reject(new Error("no clipboard"));
  }
  function tools(box) {
    var figure = document.getElementById(box.getAttribute("data-chart-tools"));
    var chart = figure && figure.querySelector(".chart[data-chart]");
    var code = figure && figure.querySelector("[data-embed-snippet]");
    var status = box.querySelector(".chart-status");
    if (!chart || !code || !status) { return; }
    var text = snippet(code, code.getAttribute("data-embed-title"), code.getAttribute("data-embed-height"));
    code.textContent = text;
    Array.prototype.forEach.call(box.querySelectorAll("[data-chart-image]"), function (button) {
      button.addEventListener("click", function () {
        if (!window.Plotly || chart.getAttribute("data-drawn") !== "true") { return; }
        var format = button.getAttribute("data-chart-image");
        say(status, status.getAttribute("data-busy"));
        var size = { width: Math.max(chart.clientWidth, EXPORT_WIDTH), height: chart.clientHeight + TITLE_ROOM };
        var name = box.getAttribute("data-chart-file");
        var figure = titled(chart, code.getAttribute("data-embed-title"));
        var done = format === "svg"
          ? window.Plotly.downloadImage(figure, Object.assign({ format: "svg", filename: name }, size))
          : png(figure, size, name);
        done.then(function () { status.textContent = ""; });
      });
    });
    box.querySelector("[data-chart-copy]").addEventListener("click", function () {
      copy(text).then(function () { say(status, status.getAttribute("data-copied")); }, function () {
        var details = code.closest("details");
        if (details) { details.open = true; }
        var range = document.createRange();
        range.selectNodeContents(code);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        say(status, status.getAttribute("data-failed"));
      });
    });
    box.hidden = false;
  }
  /* The records of a CSV text (CRLF or LF ends, line breaks inside quoted cells kept). */
  function records(text) {
    var found = [];
    var start = 0;
    var quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (c === '"') { quoted = !quoted; }
      else if (c === "\n" && !quoted) {
        found.push(text.slice(start, text.charAt(i - 1) === "\r" ? i - 1 : i));
        start = i + 1;
      }
    }
    if (start < text.length) { found.push(text.slice(start)); }
    return found;
  }
  /* Where a record's first cell ends (its comma), and that cell's value. */
  function firstCell(record) {
    if (record.charAt(0) !== '"') {
      var comma = record.indexOf(",");
      return { value: comma < 0 ? record : record.slice(0, comma), end: comma < 0 ? record.length : comma };
    }
    var i = 1;
    var value = "";
    while (i < record.length) {
      var c = record.charAt(i);
      if (c === '"' && record.charAt(i + 1) === '"') { value += '"'; i += 2; }
      else if (c === '"') { i += 1; break; }
      else { value += c; i += 1; }
    }
    return { value: value, end: i };
  }
  /* The rows of one chart from its city's file, without the "chart" column. */
  function chartRows(text, id) {
    var all = records(text.replace(/^\ufeff/, ""));
    var kept = [];
    all.forEach(function (record, index) {
      var cell = firstCell(record);
      if (index === 0 || cell.value === id) { kept.push(record.slice(cell.end + 1)); }
    });
    return "\ufeff" + kept.join("\r\n") + "\r\n";
  }
  function csvLink(link) {
    var id = link.getAttribute("data-chart-rows");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      fetch(link.href).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      }).then(function (text) {
        var url = URL.createObjectURL(new Blob([chartRows(text, id)], { type: "text/csv;charset=utf-8" }));
        save(url, id + ".csv");
        window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      }).catch(function () {
        save(link.href, "");
      });
    });
  }
  function drawAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".chart[data-chart]"), draw);
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart-tools]"), tools);
    Array.prototype.forEach.call(document.querySelectorAll("a[data-chart-rows]"), csvLink);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
