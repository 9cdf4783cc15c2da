// Filters for the side-by-side table: by severity, rows in order hidden, by reform area, by finding type,
// free-text search; a link of the points-to-fix list clears the filters that would hide its row.
(function () {
  "use strict";
  var q = function (id) { return document.getElementById(id); };
  var severity = q("f-severity"), hideOk = q("f-hide-ok"), area = q("f-area"), type = q("f-type");
  var search = q("f-search"), count = q("f-count"), empty = q("f-empty");
  if (!severity) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("#align tr.row"));
  var bodies = Array.prototype.slice.call(document.querySelectorAll("#align tbody.area"));
  var fold = function (s) {  // search ignores case and Vietnamese diacritics
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  };
  var texts = rows.map(function (r) { return fold(r.textContent); });
  var has = function (list, word) { return (" " + list + " ").indexOf(" " + word + " ") >= 0; };
  function severityOk(r) {
    var sevs = r.dataset.severities || "";
    if (severity.value === "problem") { return has(sevs, "error") || has(sevs, "warning"); }
    return !severity.value || has(sevs, severity.value);
  }
  function apply() {
    var needle = fold(search.value.trim()), shown = 0;
    rows.forEach(function (r, i) {
      var ok = severityOk(r)
        && (!hideOk.checked || !r.classList.contains("in-order"))
        && (!area.value || r.dataset.area === area.value)
        && (!type.value || has(r.dataset.types, type.value))
        && (!needle || texts[i].indexOf(needle) >= 0);
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    bodies.forEach(function (b) { b.hidden = !b.querySelector("tr.row:not([hidden])"); });
    count.textContent = "Đang hiện " + shown + "/" + rows.length + " dòng";
    empty.hidden = shown > 0;
  }
  function reset() {
    severity.value = ""; hideOk.checked = false; area.value = ""; type.value = ""; search.value = "";
    apply();
  }
  [severity, hideOk, area, type].forEach(function (el) { el.addEventListener("change", apply); });
  search.addEventListener("input", apply);
  Array.prototype.forEach.call(document.querySelectorAll("#points a[href^='#']"), function (a) {
    a.addEventListener("click", function () {
      var target = document.getElementById(a.getAttribute("href").slice(1));
      if (target && target.hidden) { reset(); }
      if (target) {
        Array.prototype.forEach.call(document.querySelectorAll("#align tr.target"), function (t) {
          t.classList.remove("target");
        });
        target.classList.add("target");
      }
    });
  });
  // a printed report shows everything, including the collapsed not-applicable list
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
  apply();
}());
