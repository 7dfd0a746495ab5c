/* A filter box above a long list to choose from (people, actors, groups …): typing hides the
   options that do not match, so that a list of a hundred names can be used by keyboard and on a
   phone. Applied to every <select> with more than THRESHOLD options, and to any marked
   data-searchable; data-searchable="false" keeps a list as it is. Without JavaScript the
   list works as before.

   Keys in the filter box: typing filters; Enter chooses the first match (and does not send the
   form); Arrow down moves to the list. A polite status tells how many options are shown. */
(function () {
  "use strict";
  var THRESHOLD = 15;
  var counter = 0;
  var english = (document.documentElement.lang || "sv").indexOf("en") === 0;
  var TEXT = english ? {
    label: "Search the list",
    shown: function (n, total) { return n + " of " + total + " shown"; },
    none: "No match: the whole list is kept, change the search",
    chosen: function (name) { return "Chosen: " + name; }
  } : {
    label: "Sök i listan",
    shown: function (n, total) { return n + " av " + total + " visas"; },
    none: "Ingen träff: ändra sökningen",
    chosen: function (name) { return "Valt: " + name; }
  };

  function fold(text) {
    // Case and accents do not matter ("ostra" finds "Östra"), whitespace is one space.
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ");
  }

  function choosable(option) {
    return option.value !== "" && !option.disabled;
  }

  function labelText(select) {
    var label = select.labels && select.labels[0];
    if (!label) return select.getAttribute("aria-label") || "";
    var copy = label.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".required"), function (el) { el.remove(); });
    return copy.textContent.trim();
  }

  function apply(select, input, status) {
    var terms = fold(input.value).trim().split(" ").filter(Boolean);
    var options = Array.prototype.filter.call(select.options, choosable);
    var matches = [];
    options.forEach(function (option) {
      var text = fold(option.textContent);
      var match = terms.every(function (term) { return text.indexOf(term) !== -1; });
      // A chosen option stays in view, so the list never hides what will be sent.
      option.hidden = !(match || option.selected);
      if (match) matches.push(option);
    });
    var shown = matches.length;
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      group.hidden = !Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
    });
    if (!terms.length) {
      status.textContent = "";
    } else if (shown === 0) {
      status.textContent = TEXT.none;
    } else {
      status.textContent = TEXT.shown(shown, options.length);
    }
    return matches;
  }

  function enhance(select) {
    if (select.hasAttribute("data-filter-ready")) return;
    var wanted = select.getAttribute("data-searchable");
    if (wanted === "false") return;
    if (wanted === null && select.options.length <= THRESHOLD) return;
    select.setAttribute("data-filter-ready", "");
    if (!select.id) select.id = "select-" + (++counter);
    var id = select.id + "-filter";

    var box = document.createElement("div");
    box.className = "select-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = TEXT.label;
    var name = labelText(select);
    if (name) {
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = "– " + name;
      label.appendChild(hidden);
    }
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    var status = document.createElement("p");
    status.className = "select-filter__status";
    status.id = id + "-status";
    status.setAttribute("role", "status");
    input.setAttribute("aria-describedby", status.id);
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    select.parentNode.insertBefore(box, select);

    var matches = [];
    input.addEventListener("input", function () { matches = apply(select, input, status); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        // Enter in a search box would send the form half filled in: it chooses instead.
        event.preventDefault();
        var match = input.value.trim() ? matches[0] : null;
        if (!match) return;
        if (!select.multiple) {
          select.value = match.value;
        } else {
          match.selected = true;
        }
        select.dispatchEvent(new Event("change", { bubbles: true }));
        status.textContent = TEXT.chosen(match.textContent.trim());
      } else if (event.key === "ArrowDown") {
        event.preventDefault();
        select.focus();
      }
    });
  }

  function scan(root) {
    if (root.matches && root.matches("select")) {
      enhance(root);
    } else if (root.querySelectorAll) {
      Array.prototype.forEach.call(root.querySelectorAll("select"), enhance);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(document); });
  } else {
    scan(document);
  }
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
