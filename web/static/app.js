// Enhancements only: every page works without this file.
// - "/" focuses the search box (unless the reader is typing in a field);
// - ticking a tag in the sidebar submits its form at once (the Apply button is for no-JS readers);
// - on narrow screens the filters start folded, and stay open once the reader opened them (a tag
//   tick loads a new page, which would otherwise fold them again).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var box = document.getElementById("q");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  document.querySelectorAll("form.facet-form").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") form.requestSubmit();
    });
  });

  var fold = document.querySelector("details.fold");
  if (fold && window.matchMedia("(max-width: 48rem)").matches) {
    var remembered = null;
    try {
      remembered = window.sessionStorage.getItem("filters-open");
    } catch (error) {
      remembered = null;  // storage refused (privacy settings): fold as usual
    }
    fold.open = remembered === "1";
    fold.addEventListener("toggle", function () {
      try {
        window.sessionStorage.setItem("filters-open", fold.open ? "1" : "0");
      } catch (error) {
        // nothing to remember with
      }
    });
  }
})();
