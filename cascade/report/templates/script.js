// Filters for the side-by-side table: errors only, by reform area, by finding type, free-text search.
(function () {
  "use strict";
  var q = function (id) { return document.getElementById(id); };
  var errors = q("f-errors"), area = q("f-area"), type = q("f-type"), search = q("f-search");
  var count = q("f-count"), empty = q("f-empty");
  if (!errors) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("#align tr.row"));
  var bodies = Array.prototype.slice.call(document.querySelectorAll("#align tbody.area"));
  var fold = function (s) {  // search ignores case and Vietnamese diacritics
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  };
  var texts = rows.map(function (r) { return fold(r.textContent); });
  function apply() {
    var needle = fold(search.value.trim()), shown = 0;
    rows.forEach(function (r, i) {
      var ok = (!errors.checked || r.dataset.severity === "error")
        && (!area.value || r.dataset.area === area.value)
        && (!type.value || (" " + r.dataset.types + " ").indexOf(" " + type.value + " ") >= 0)
        && (!needle || texts[i].indexOf(needle) >= 0);
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    bodies.forEach(function (b) { b.hidden = !b.querySelector("tr.row:not([hidden])"); });
    count.textContent = "Đang hiện " + shown + "/" + rows.length + " dòng";
    empty.hidden = shown > 0;
  }
  [errors, area, type].forEach(function (el) { el.addEventListener("change", apply); });
  search.addEventListener("input", apply);
  // a printed report shows everything, including the collapsed not-applicable list
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
  apply();
}());
