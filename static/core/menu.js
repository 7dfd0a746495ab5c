/* The main menu behind a "Meny" button on a narrow screen (templates/base.html).
   Without JavaScript the button stays hidden and the menu stays open; on a wide screen the CSS
   hides the button and always shows the menu, whatever the button's state. */
(function () {
  "use strict";

  function setOpen(button, menu, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      menu.removeAttribute("data-collapsed");
    } else {
      menu.setAttribute("data-collapsed", "");
    }
  }

  function init() {
    var button = document.querySelector(".menu-toggle[aria-controls]");
    if (!button) return;
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    setOpen(button, menu, false);
    button.hidden = false;
    button.addEventListener("click", function () {
      setOpen(button, menu, button.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the open menu and gives the focus back to its button.
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" &&
          button.offsetParent !== null) {
        setOpen(button, menu, false);
        button.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
