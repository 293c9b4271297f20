// The main navigation's disclosure menus (web/navigation.py, base.html). Each menu's name,
// a link to its first page without script, becomes a button that shows or hides its list
// of links (aria-expanded): Enter or Space opens and closes it (a button's own keys),
// Escape closes it and returns to its button, and a click or focus elsewhere closes it.
(function () {
  var nav = document.querySelector("nav.menus");
  if (!nav) {
    return;
  }
  var buttons = [];

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function closeAll(except) {
    buttons.forEach(function (button) {
      if (button !== except) {
        setOpen(button, false);
      }
    });
  }

  nav.querySelectorAll("li[data-menu]").forEach(function (item) {
    var name = item.querySelector("a.menu-name");
    var list = item.querySelector("ul.submenu");
    if (!name || !list) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "menu-button";
    button.textContent = name.textContent;
    button.setAttribute("aria-controls", list.id);
    setOpen(button, false);
    name.replaceWith(button);
    buttons.push(button);

    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      closeAll(button);
      setOpen(button, open);
    });
    item.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(button, false);
        button.focus();
        event.preventDefault();
      }
    });
    // Tabbing out of an open menu closes it.
    item.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !item.contains(event.relatedTarget)) {
        setOpen(button, false);
      }
    });
  });

  document.addEventListener("click", function (event) {
    if (!nav.contains(event.target)) {
      closeAll(null);
    }
  });
  // Menus work by script from here on: the lists no longer open on hover or focus alone.
  nav.classList.add("scripted");
})();
