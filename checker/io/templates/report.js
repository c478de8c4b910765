"use strict";
(function () {
  var form = document.getElementById("filters");
  if (!form) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.claim"));
  var count = document.getElementById("f-count");

  function value(name) {
    var field = form.elements.namedItem(name);
    return field ? field.value.trim() : "";
  }

  function applyFilters() {
    var speaker = value("speaker"), hedging = value("hedging"), quote = value("quote");
    var text = value("q").toLowerCase(), worth = value("worth");
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!speaker || row.dataset.speaker === speaker)
        && (!hedging || row.dataset.hedging === hedging)
        && (!quote || row.dataset.quote === quote)
        && (!text || row.textContent.toLowerCase().indexOf(text) !== -1)
        && (!worth || parseFloat(row.dataset.worth || "-1") >= parseFloat(worth));
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.value = shown + " of " + rows.length + " claims shown";
    count.textContent = count.value;
  }

  form.addEventListener("input", applyFilters);
  form.addEventListener("change", applyFilters);
  form.addEventListener("reset", function () { window.setTimeout(applyFilters, 0); });

  // Preset filters from the address: report.html?hedging=reported&speaker=Axios
  var params = new URLSearchParams(window.location.search);
  ["speaker", "hedging", "quote", "q", "worth"].forEach(function (name) {
    var field = form.elements.namedItem(name);
    if (field && params.has(name)) { field.value = params.get(name); }
  });
  applyFilters();

  // Sortable claim tables: each column heading is a button.
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(heads, function (th, index) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.dataset.type === "number";
        var body = table.tBodies[0];
        var sorted = Array.prototype.slice.call(body.rows).sort(function (a, b) {
          var x = a.cells[index].dataset.sort || a.cells[index].textContent.trim();
          var y = b.cells[index].dataset.sort || b.cells[index].textContent.trim();
          var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        sorted.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  // "in text" links open the article and flash the evidence.
  Array.prototype.forEach.call(document.querySelectorAll("a[href^='#ev-'], a[href^='#article-']"), function (link) {
    link.addEventListener("click", function () {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      var details = target.closest("details");
      if (details) { details.open = true; }
      var mark = target.classList.contains("anchor") ? target.nextElementSibling : null;
      while (mark && mark.classList.contains("anchor")) { mark = mark.nextElementSibling; }
      if (mark) {
        mark.classList.add("flash");
        window.setTimeout(function () { mark.classList.remove("flash"); }, 1500);
      }
    });
  });
}());
