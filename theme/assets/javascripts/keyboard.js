/* Keyboard and screen-reader help around Material's header (no inline script: the CSP forbids it).
   - The menu button that opens the navigation drawer (narrow screens) is a <label>, which the
     keyboard cannot reach: make it a button (Tab, Enter, Space), say whether the drawer is open,
     move the focus into the drawer on opening and back to the button on Escape.
   - The language selector keeps the section being read: its links carry the page's #anchor
     (section ids are the same in both languages). */
(function () {
  "use strict";

  function drawerButton() {
    var box = document.getElementById("__drawer");
    var button = document.querySelector(".md-header label[for='__drawer']");
    var drawer = document.querySelector(".md-sidebar--primary");
    if (!box || !button || !drawer) { return; }
    var nav = drawer.querySelector("nav[aria-label]");
    button.setAttribute("role", "button");
    button.setAttribute("tabindex", "0");
    button.setAttribute("aria-label", nav ? nav.getAttribute("aria-label") : "Menu");
    function sync() { button.setAttribute("aria-expanded", box.checked ? "true" : "false"); }
    sync();
    box.addEventListener("change", sync);
    button.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") { return; }
      event.preventDefault();
      box.click();
      if (box.checked) {
        var first = drawer.querySelector("a[href], button, input:not([type=checkbox])");
        if (first) { first.focus(); }
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && box.checked) {
        box.click();
        button.focus();
      }
    });
  }

  function languageLinksKeepSection() {
    var links = document.querySelectorAll(".md-select__link[hreflang]");
    function sync() {
      Array.prototype.forEach.call(links, function (link) {
        link.href = link.href.split("#")[0] + location.hash;
      });
    }
    sync();
    window.addEventListener("hashchange", sync);
    Array.prototype.forEach.call(links, function (link) {
      link.addEventListener("click", sync);
    });
  }

  function setup() {
    drawerButton();
    languageLinksKeepSection();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
