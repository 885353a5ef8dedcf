/* Fetch the search index only when the reader turns to search, and in the page's language.
 *
 * Material's bundle requests search/search_index.json (every page of both languages:
 * megabytes at national scale) as soon as any page loads, searched or not. This file,
 * loaded before the bundle, holds back that one request until the reader focuses the
 * search box or opens the search dialog (its keyboard shortcut focuses the box too);
 * then the request goes out, to the index of the page's own language (the script tag's
 * data-search-index: each language has its own, a fraction of both), and Material's search
 * works as it always does. Every other request passes straight through. tests/browser/test_search.py checks
 * both halves: no index on a plain page load, and results in both languages.
 */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var held = [];
  var wanted = false;
  var script = document.currentScript;
  var own = script && script.getAttribute("data-search-index");
  var ownIndex = own ? new URL(own, document.baseURI).href : null;

  function inOwnLanguage(url) {
    return ownIndex && isIndex(url) ? ownIndex : url;
  }

  function isIndex(url) {
    return INDEX.test(String(url && url.url ? url.url : url));
  }

  function release() {
    if (wanted) { return; }
    wanted = true;
    held.splice(0).forEach(function (go) { go(); });
  }

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.portalSearchIndex = isIndex(url);
    var args = Array.prototype.slice.call(arguments);
    if (this.portalSearchIndex) { args[1] = inOwnLanguage(url); }
    return open.apply(this, args);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (request.portalSearchIndex && !wanted) {
      held.push(function () { send.apply(request, args); });
      return undefined;
    }
    return send.apply(request, args);
  };

  if (window.fetch) {
    var fetch = window.fetch;
    window.fetch = function (input, init) {
      if (isIndex(input)) {
        var go = function () { return fetch.call(window, inOwnLanguage(input && input.url ? input.url : input), init); };
        if (wanted) { return go(); }
        return new Promise(function (resolve) { held.push(function () { resolve(go()); }); });
      }
      return fetch.apply(this, arguments);
    };
  }

  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-md-component=search-query]")) { release(); }
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.id === "__search" && target.checked) { release(); }
  });
})();
