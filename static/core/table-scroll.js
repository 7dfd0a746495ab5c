/* Wide tables scroll sideways inside a wrapper, never the page (static/samverka.css).
   Every table gets a .table-wrap around it if it has none; a wrapper whose table is wider than
   itself becomes a focusable region named after the table's caption, so that it can be
   scrolled by keyboard (WCAG 2.1.1) and a screen reader says what it is. */
(function () {
  "use strict";
  var WRAPPERS = ".table-wrap, .table-scroll";
  var counter = 0;
  var observer = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var wrapper = entry.target.closest(WRAPPERS);
      if (wrapper) update(wrapper);
    });
  }) : null;

  function label() {
    return (document.documentElement.lang || "sv").indexOf("en") === 0 ? "Table" : "Tabell";
  }

  function update(wrapper) {
    var scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
    // Only what this script set is taken away again; a template's own attributes stay.
    if (scrolls && !wrapper.hasAttribute("tabindex")) {
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("data-scroll-region", "");
      if (!wrapper.hasAttribute("role")) wrapper.setAttribute("role", "region");
      if (!wrapper.hasAttribute("aria-label") && !wrapper.hasAttribute("aria-labelledby")) {
        var table = wrapper.querySelector("table");
        var caption = table && table.caption;
        if (caption && caption.textContent.trim()) {
          if (!caption.id) caption.id = "table-caption-" + (++counter);
          wrapper.setAttribute("aria-labelledby", caption.id);
        } else {
          wrapper.setAttribute("aria-label", label());
        }
      }
    } else if (!scrolls && wrapper.hasAttribute("data-scroll-region")) {
      ["tabindex", "role", "aria-labelledby", "aria-label", "data-scroll-region"].forEach(
        function (name) { wrapper.removeAttribute(name); });
    }
  }

  function enhance(root) {
    var tables = root.querySelectorAll ? root.querySelectorAll("table") : [];
    if (root.matches && root.matches("table")) tables = [root];
    Array.prototype.forEach.call(tables, function (table) {
      if (table.closest(WRAPPERS) || table.closest("[data-no-table-scroll]")) return;
      var wrapper = document.createElement("div");
      wrapper.className = "table-wrap";
      table.parentNode.insertBefore(wrapper, table);
      wrapper.appendChild(table);
    });
    var wrappers = Array.prototype.slice.call(
      root.querySelectorAll ? root.querySelectorAll(WRAPPERS) : []);
    if (root.matches && root.matches(WRAPPERS)) wrappers.push(root);
    wrappers.forEach(function (wrapper) {
      update(wrapper);
      if (observer && !wrapper.hasAttribute("data-scroll-watched")) {
        wrapper.setAttribute("data-scroll-watched", "");
        observer.observe(wrapper);
        var table = wrapper.querySelector("table");
        if (table) observer.observe(table);
      }
    });
  }

  function init() { enhance(document); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  // Fragments that htmx swaps in.
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
  if (!observer) window.addEventListener("resize", init);
})();
