/* Permalinks and "Cite" (generator/render/citations.py writes the markup).

   - Each figure (its row, card, chart-data row) and chart gets a link icon to its address (the row
     with the figure's id, or `data-permalink`); it and each heading's permalink also copy the
     absolute address, and "已复制 / Copied" is announced in a live region. Without the clipboard
     API the address is shown and selected.
   - A figure's or chart's "Cite" is written when the reader opens it, from the page's citation
     templates (#cite-data: the forms with {part} and {url} open) and the figure's part text and
     anchor, so ~50 figures do not each carry three citations in the HTML.
   - The access date, left as a placeholder in the page (builds stay byte-identical), is today's.
   - A link to a figure inside a closed table (chart data) opens it. */
(function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];

  function readData() {
    var el = document.getElementById("cite-data");
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function today(lang) {
    var d = new Date();
    if (lang === "zh") { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
    return MONTHS[d.getMonth()] + " " + d.getDate() + ", " + d.getFullYear();
  }

  /* The placeholder's last occurrence: it follows the title, whose words come from the data. */
  function withDate(text, data) {
    var at = text.lastIndexOf(data.placeholder);
    if (at === -1) { return text; }
    return text.slice(0, at) + today(data.lang) + text.slice(at + data.placeholder.length);
  }

  /* The absolute address of an anchor of this page: the site's address when the build knew it,
     else the address the page is served from. */
  function address(data, anchor) {
    var base = data.site ? data.site + data.page : location.href.split("#")[0];
    return base + "#" + anchor;
  }

  function fill(template, part, url) {
    return template.replace(/\{(part|url)\}/g, function (m, key) { return key === "part" ? part : url; });
  }

  function status() {
    var el = document.getElementById("copy-status");
    if (!el) {
      el = document.createElement("div");
      el.id = "copy-status";
      el.className = "copy-status";
      el.setAttribute("role", "status");
      el.setAttribute("aria-live", "polite");
      document.body.appendChild(el);
    }
    return el;
  }

  function announce(text, keep) {
    var el = status();
    el.textContent = text;
    el.classList.add("copy-status--shown");
    clearTimeout(el.portalTimer);
    if (!keep) {
      el.portalTimer = setTimeout(function () { el.classList.remove("copy-status--shown"); }, 2500);
    }
  }

  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /* Copy `text`; without the clipboard API (or permission), select `node` (or show the text and
     select it) so the reader can copy it. */
  function copy(text, node, words) {
    function fallback() {
      if (node) {
        select(node);
        announce(words.copy_failed);
      } else {
        announce(words.copy_failed + " " + text, true);
        select(status());
      }
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { announce(words.copied); }, fallback);
    } else {
      fallback();
    }
  }

  function copyButton(textNode, words) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cite-copy md-button";
    button.textContent = words.copy;
    button.addEventListener("click", function () { copy(textNode.textContent, textNode, words); });
    textNode.insertAdjacentElement("afterend", button);
  }

  function citeParagraph(text, form) {
    var p = document.createElement("p");
    p.className = "cite-text";
    p.setAttribute("data-form", form);
    p.textContent = text;
    return p;
  }

  /* A figure's or chart's citation, written the first time its "Cite" opens. */
  function writeCitation(details, data) {
    if (details.getAttribute("data-written")) { return; }
    details.setAttribute("data-written", "1");
    var nojs = details.querySelector(".cite-nojs");
    if (nojs) { nojs.remove(); }
    var holder = details.closest("tr[id], figure[id]");
    var anchor = holder ? holder.id : "cite";
    var part = details.getAttribute("data-part");
    var url = address(data, anchor);
    var primary = citeParagraph(withDate(fill(data.forms.primary, part, url), data), "primary");
    details.appendChild(primary);
    copyButton(primary, data.words);
    if (data.forms.gbt2015) {
      var alt = document.createElement("details");
      alt.className = "cite-alt";
      var summary = document.createElement("summary");
      summary.textContent = data.words.cite_2015;
      alt.appendChild(summary);
      var older = citeParagraph(withDate(fill(data.forms.gbt2015, part, url), data), "gbt2015");
      alt.appendChild(older);
      details.appendChild(alt);
      copyButton(older, data.words);
    }
    var reference = data.sources[details.getAttribute("data-source")];
    if (reference) {
      var label = document.createElement("p");
      label.className = "cite-label";
      label.textContent = data.words.cite_source;
      details.appendChild(label);
      var source = citeParagraph(reference, "source");
      details.appendChild(source);
      copyButton(source, data.words);
    }
  }

  /* Open the closed <details> around the element the address points to, and show it. */
  function revealTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    var opened = false;
    for (var el = target.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS" && !el.open) { el.open = true; opened = true; }
    }
    if (opened) { target.scrollIntoView(); }
  }

  /* The link icon of each figure and chart: a real link (its row, card or chart names the address),
     placed after what the figure is, named after it. */
  function addLinks(words) {
    var holders = document.querySelectorAll("tr[id] .fig-cite, [data-permalink], figure.chart-block[id]");
    var links = [];
    Array.prototype.forEach.call(holders, function (el) {
      var holder = el.classList.contains("fig-cite") ? el.closest("tr") : el;
      var what = holder.querySelector(".fig-what");
      if (!what) { return; }
      var link = document.createElement("a");
      link.className = "fig-link";
      link.href = holder.getAttribute("data-permalink") || "#" + holder.id;
      /* textContent, not innerText: no layout per figure. A scope follows its label after a <br>. */
      var name = Array.prototype.map.call(what.childNodes, function (n) { return n.textContent; })
        .join(" ").replace(/\s+/g, " ").trim();
      /* A table row is named after its whole figure: two figures of one metric differ by value or period. */
      if (holder.tagName === "TR") {
        var cells = Array.prototype.slice.call(holder.children, 1, 3).map(function (c) {
          var value = c.querySelector(".fig-value");
          return (value || c).textContent.replace(/\s+/g, " ").trim();
        });
        name = [name].concat(cells).join(words.lang === "zh" ? "，" : ", ");
      }
      link.setAttribute("aria-label", (holder.tagName === "FIGURE" ? words.chart_link : words.figure_link) +
                        (words.lang === "zh" ? "：" : ": ") + name);
      links.push([what, link]);
    });
    links.forEach(function (pair) { pair[0].appendChild(pair[1]); });
  }

  /* Headings of generated pages get their permalink here, as Material's `headerlink` (MkDocs'
     toc extension never sees these pages; hand-written pages have theirs from it, unnamed: one
     mkdocs.yml serves both languages, so the name in the page's language is given here). */
  function addHeadingLinks(lang) {
    var name = lang === "zh" ? "链接到本节" : "Link to this section";
    var sep = lang === "zh" ? "：" : ": ";
    /* Each named after its heading: a screen reader's list of links must tell them apart. */
    function headingName(h) {
      return Array.prototype.filter.call(h.childNodes, function (n) { return !(n.classList && n.classList.contains("headerlink")); })
        .map(function (n) { return n.textContent; }).join("").replace(/\s+/g, " ").trim();
    }
    Array.prototype.forEach.call(document.querySelectorAll("a.headerlink"), function (link) {
      var label = name + sep + headingName(link.parentElement);
      link.setAttribute("aria-label", label);
      link.title = label;
    });
    var headings = document.querySelectorAll(".portal h2[id], .portal h3[id], .portal section[id] > h3");
    Array.prototype.forEach.call(headings, function (h) {
      var id = h.id || h.parentElement.id;
      if (h.querySelector(".headerlink")) { return; }
      var link = document.createElement("a");
      link.className = "headerlink";
      link.href = "#" + id;
      link.setAttribute("aria-label", name + sep + headingName(h));
      link.textContent = "¶";
      h.appendChild(link);
    });
  }

  function setup() {
    var data = readData();
    revealTarget();
    window.addEventListener("hashchange", revealTarget);
    var words = data ? data.words : null;
    if (data) {
      words.lang = data.lang;
      addLinks(words);
      Array.prototype.forEach.call(document.querySelectorAll(".cite-block .cite-text"), function (p) {
        /* Built without a site address, the static text cites the page's path: make it the address
           the page is served from, as the figures' citations are. */
        p.textContent = withDate(p.textContent, data).replace(/(\s)(\/[^\s]*?)(\.?)$/, function (m, space, path, stop) {
          return space + location.origin + path + stop;
        });
        copyButton(p, words);
      });
      Array.prototype.forEach.call(document.querySelectorAll("details.fig-cite"), function (details) {
        if (details.open) { writeCitation(details, data); }
        details.addEventListener("toggle", function () { if (details.open) { writeCitation(details, data); } });
      });
    }
    var lang = document.documentElement.lang.indexOf("zh") === 0 ? "zh" : "en";
    addHeadingLinks(lang);
    words = words || (lang === "zh" ? { copied: "已复制", copy_failed: "已选中，请按 Ctrl+C 复制" }
                                     : { copied: "Copied", copy_failed: "Selected: press Ctrl+C to copy" });
    /* The link icons: following the link still moves the page to it (and :target); the
       address is also copied, for pasting into a message or an article. */
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.fig-link, a.headerlink");
      if (link) { copy(link.href, null, words); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
