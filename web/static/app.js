// Enhancements only: every page works without this file.
// - "/" focuses the search box (unless the reader is typing in a field);
// - ticking a tag in the sidebar submits its form at once (the Apply button is for no-JS readers);
// - on narrow screens the filters start folded, and stay open once the reader opened them (a tag
//   tick loads a new page, which would otherwise fold them again);
// - the search box suggests completions from /api/v1/suggest as a WAI-ARIA 1.2 combobox: arrows
//   move through them, Enter searches the one chosen, Escape closes the list;
// - the article page's copy buttons (a link, a citation) appear where the clipboard is available.
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

  var box = document.getElementById("q");
  if (box && box.form && window.fetch) combobox(box);

  function combobox(input) {
    // The API sits beside the search page under the same script root: /search -> /api/v1/suggest.
    var api = input.form.getAttribute("action").replace(/\/search$/, "") + "/api/v1/suggest";
    var list = document.createElement("ul");
    var options = [];
    var active = -1;
    var pending = null;
    var timer = 0;
    list.id = "q-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("placeholder") || "");
    list.hidden = true;
    input.form.classList.add("has-suggestions");
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
      } else {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }

    function choose(index) {
      input.value = options[index].dataset.value;
      close();
      input.form.requestSubmit();
    }

    function show(found) {
      list.replaceChildren();
      options = found.map(function (item, i) {
        var option = document.createElement("li");
        option.id = "q-suggestion-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.value = item.text;
        option.className = "suggestion " + (item.kind === "tag" ? "tag" : "title");
        option.textContent = item.kind === "tag" ? "#" + item.text : item.text;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep the focus in the box
        });
        option.addEventListener("click", function () {
          choose(i);
        });
        list.appendChild(option);
        return option;
      });
      active = -1;
      if (options.length && document.activeElement === input) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
    }

    function fetchSuggestions() {
      var text = input.value.trim();
      if (pending) pending.abort();
      if (!text) {
        show([]);
        return;
      }
      pending = new AbortController();
      fetch(api + "?limit=8&q=" + encodeURIComponent(text.slice(0, 200)), {
        headers: { Accept: "application/json" },
        signal: pending.signal,
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (body) {
          if (input.value.trim() === text) show(body.suggestions || []);
        })
        .catch(function () {
          // aborted by newer typing, or offline: the box works as a plain search box
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!options.length) return;
        event.preventDefault();
        if (list.hidden) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        // -1 is the text as typed: past the last option, or before the first, the box itself
        var next = active + (event.key === "ArrowDown" ? 1 : -1);
        if (next < -1) next = options.length - 1;
        if (next >= options.length) next = -1;
        highlight(next);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  if (navigator.clipboard) {
    document.querySelectorAll("button.copy").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = button.dataset.copyFrom && document.getElementById(button.dataset.copyFrom);
        var text = source ? source.textContent.replace(/\s+/g, " ").trim() : button.dataset.copy;
        var status = document.querySelector(".copy-status");
        navigator.clipboard.writeText(text).then(function () {
          if (status) status.textContent = button.dataset.done;
        }, function () {
          if (status) status.textContent = "";
        });
      });
    });
  }
})();
