/* Small, dependency-free behaviour: the city filter on the cities page. */
(function () {
  "use strict";
  function setup() {
    var input = document.getElementById("city-filter");
    if (!input) { return; }
    var items = document.querySelectorAll(input.getAttribute("data-filter-target"));
    var count = document.getElementById("city-count");
    var template = count ? count.textContent.replace(/^\d+/, "") : "";
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(items, function (li) {
        var match = !query || li.getAttribute("data-search").indexOf(query) !== -1;
        li.hidden = !match;
        if (match) { shown += 1; }
      });
      Array.prototype.forEach.call(document.querySelectorAll(".city-group"), function (group) {
        group.hidden = group.querySelectorAll("li:not([hidden])").length === 0;
      });
      if (count) { count.textContent = shown + template; }
      showUnstatedNote(query);
    });
  }
  /* A city whose province the sources do not name can never match a province: say so
     whenever the filter hides one, rather than let "no match" suggest the city is absent. */
  function showUnstatedNote(query) {
    var note = document.getElementById("city-filter-note");
    if (!note) { return; }
    note.hidden = !query || !document.querySelector(".city-group li[data-province-unstated][hidden]");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
