/* Material's drawer and search are hidden checkboxes. Material marks them autocomplete="off"
   so a browser restoring form state on "back" does not reopen them, but HTML forbids that
   attribute on checkboxes (generator/publish.py removes it). Same effect, valid markup:
   start every page with both closed, before Material's bundle (which may open search for ?q=). */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("input.md-toggle[type=checkbox]"), function (box) {
    box.checked = box.defaultChecked;
  });
})();
