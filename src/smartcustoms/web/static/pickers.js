// Code pickers and goods item rows, for the declaration form.
// A picker is a WAI-ARIA combobox: the input keeps the code that is submitted; HTMX fetches
// the matching options (a server-rendered <li role="option"> fragment) as the user types;
// arrows move through them, Enter or a click picks one, Escape closes the list.
// "Add an item row" clones the row <template> with the next index: no round trip.
(function () {
  "use strict";

  function isPicker(el) {
    return el instanceof HTMLInputElement && el.hasAttribute("data-picker");
  }
  function listOf(input) {
    return document.getElementById(input.getAttribute("aria-controls"));
  }
  function choices(list) {
    return Array.from(list.querySelectorAll('[role=option]:not([aria-disabled=true])'));
  }
  function show(input, open) {
    var list = listOf(input);
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) input.removeAttribute("aria-activedescendant");
  }
  function choose(input, option) {
    input.value = option.getAttribute("data-value");
    var picked = document.getElementById(input.id + "-picked");
    if (picked) picked.textContent = option.getAttribute("data-label");
    show(input, false);
  }
  function move(input, step) {
    var options = choices(listOf(input));
    if (!options.length) return;
    show(input, true);
    var at = options.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
    at = at < 0 ? (step > 0 ? 0 : options.length - 1) : (at + step + options.length) % options.length;
    options.forEach(function (o, k) { o.setAttribute("aria-selected", k === at ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", options[at].id);
    options[at].scrollIntoView({ block: "nearest" });
  }

  // Ask for what was typed, as q; the input's own name and value are not needed.
  document.addEventListener("htmx:configRequest", function (e) {
    var input = e.detail.elt;
    if (!isPicker(input)) return;
    delete e.detail.parameters[input.name];
    e.detail.parameters.q = input.value;
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var list = e.detail.target;
    if (!list.matches || !list.matches("ul[role=listbox]")) return;
    var input = document.querySelector('[aria-controls="' + list.id + '"]');
    Array.from(list.children).forEach(function (o, k) { o.id = list.id + "-" + k; });
    if (input) show(input, document.activeElement === input && list.children.length > 0);
  });
  document.addEventListener("keydown", function (e) {
    var input = e.target;
    if (!isPicker(input)) return;
    var list = listOf(input);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      move(input, e.key === "ArrowDown" ? 1 : -1);
    } else if (e.key === "Enter" && !list.hidden) {
      var options = choices(list);
      var option = list.querySelector('[aria-selected=true]') || options[0];
      if (option) {
        e.preventDefault(); // pick, do not submit the form
        choose(input, option);
      }
    } else if (e.key === "Escape" && !list.hidden) {
      e.preventDefault();
      show(input, false);
    }
  });
  document.addEventListener("input", function (e) {
    if (!isPicker(e.target)) return;
    var picked = document.getElementById(e.target.id + "-picked");
    if (picked) picked.textContent = ""; // the name shown belonged to the code before
  });
  // mousedown, not click: picking must happen before the input loses focus.
  document.addEventListener("mousedown", function (e) {
    var option = e.target.closest && e.target.closest("ul[role=listbox] [role=option]");
    if (!option || option.getAttribute("aria-disabled") === "true") return;
    var input = document.querySelector('[aria-controls="' + option.parentElement.id + '"]');
    if (!input) return;
    e.preventDefault();
    choose(input, option);
  });
  document.addEventListener("focusout", function (e) {
    if (isPicker(e.target)) show(e.target, false);
  });

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("#add-row");
    var template = document.getElementById("item-row");
    if (!button || !template) return;
    e.preventDefault(); // without this script the button saves and comes back with a new row
    var body = document.querySelector("#items tbody");
    var next = String(body.rows.length);
    var html = template.innerHTML
      .split("__i__").join(next)
      .split("__n__").join(String(body.rows.length + 1));
    body.insertAdjacentHTML("beforeend", html);
    var row = body.rows[body.rows.length - 1];
    if (window.htmx) window.htmx.process(row);
    row.querySelector("input").focus();
  });
})();
