/* Translated fields side by side: one tab per language (fr, en, es) for django-modeltranslation's fields, in the
   Django admin and in the back-office. Fields are recognised by the classes modeltranslation gives their widgets
   ("mt mt-field-<name>-<lang>"; back-office forms add the same classes, see apps/core/forms.py). No dependency;
   loaded as a file, so the Content-Security-Policy needs no inline script.

   A tab is marked (class "has-error", a "!" and a screen-reader text) when its field shows an error after a
   failed submit, or when a required field of that language is empty. The first language with an error opens. */
(function () {
  "use strict";

  var SCRIPT = document.currentScript;
  var MISSING = (SCRIPT && SCRIPT.dataset.missingLabel) || "missing or invalid";
  var FIELD_CLASS = /^mt-field-(.+)-([a-z]{2}(?:_[a-z]+)?)$/;
  var ROW = ".form-row, .fieldBox, [id^='div_id_'], .pb-translated-row";

  function fieldOf(input) {
    for (var i = 0; i < input.classList.length; i += 1) {
      var match = FIELD_CLASS.exec(input.classList[i]);
      if (match) {
        return { name: match[1], lang: match[2] };
      }
    }
    return null;
  }

  function hasError(row, input) {
    if (row.classList.contains("errors") || row.querySelector(".errorlist, .invalid-feedback, .is-invalid")) {
      return true;
    }
    return input.required && !input.value.trim();
  }

  function collect(root) {
    var groups = [];
    var byKey = new Map();
    root.querySelectorAll(".mt").forEach(function (input) {
      if (input.closest("td, .pb-lang-panels, .empty-form")) {
        return; // tabular inlines keep their columns; grouped fields and the inline template stay as they are
      }
      var field = fieldOf(input);
      var row = field && input.closest(ROW);
      if (!row || !row.parentNode) {
        return;
      }
      // The same field repeats in each inline form: group per container.
      var scope = input.closest(".inline-related, form") || root;
      if (!scope.pbScopeId) {
        scope.pbScopeId = String(byKey.size) + "-" + Math.random().toString(36).slice(2);
      }
      var key = scope.pbScopeId + ":" + field.name + ":" + input.name.replace(/_[a-z]{2}(?:_[a-z]+)?$/, "");
      var group = byKey.get(key);
      if (!group) {
        group = { name: field.name, items: [] };
        byKey.set(key, group);
        groups.push(group);
      }
      group.items.push({ lang: field.lang, row: row, input: input });
    });
    return groups.filter(function (group) { return group.items.length > 1; });
  }

  var counter = 0;

  function build(group) {
    counter += 1;
    var first = group.items[0].row;
    var box = document.createElement("div");
    box.className = "pb-lang-tabs";
    var list = document.createElement("div");
    list.className = "pb-lang-tablist nav nav-tabs";
    list.setAttribute("role", "tablist");
    var panels = document.createElement("div");
    panels.className = "pb-lang-panels";
    first.parentNode.insertBefore(box, first);
    box.appendChild(list);
    box.appendChild(panels);

    var tabs = group.items.map(function (item, index) {
      var id = "pb-lang-" + counter + "-" + item.lang;
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "pb-lang-tab nav-link";
      tab.id = id + "-tab";
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", id);
      tab.dataset.lang = item.lang;
      tab.textContent = item.lang.toUpperCase();
      var mark = document.createElement("span");
      mark.className = "pb-lang-mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = " !";
      var hint = document.createElement("span");
      hint.className = "visually-hidden pb-lang-hint";
      hint.textContent = " (" + MISSING + ")";
      tab.appendChild(mark);
      tab.appendChild(hint);
      list.appendChild(tab);
      var panel = document.createElement("div");
      panel.className = "pb-lang-panel";
      panel.id = id;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.dataset.lang = item.lang;
      panel.appendChild(item.row);
      panels.appendChild(panel);
      tab.addEventListener("click", function () { select(index); });
      item.input.addEventListener("input", function () { mark_(index); });
      return { tab: tab, panel: panel, item: item };
    });

    function mark_(index) {
      var entry = tabs[index];
      var bad = hasError(entry.item.row, entry.item.input);
      entry.tab.classList.toggle("has-error", bad);
      entry.tab.classList.toggle("text-danger", bad);
      return bad;
    }

    function select(index) {
      tabs.forEach(function (entry, i) {
        var on = i === index;
        entry.tab.classList.toggle("active", on);
        entry.tab.setAttribute("aria-selected", on ? "true" : "false");
        entry.tab.tabIndex = on ? 0 : -1;
        entry.panel.hidden = !on;
      });
    }

    var firstBad = -1;
    tabs.forEach(function (entry, index) {
      if (mark_(index) && firstBad < 0 && entry.item.row.querySelector(".errorlist, .invalid-feedback, .is-invalid")) {
        firstBad = index;
      }
    });
    select(firstBad < 0 ? 0 : firstBad);
    return tabs;
  }

  function init(root) {
    collect(root || document).forEach(build);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  // Inline forms added with "Add another" in the admin.
  document.addEventListener("formset:added", function (event) { init(event.target); });
})();
