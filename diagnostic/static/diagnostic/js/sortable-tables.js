/* Sortable data tables of the diagnostic (progressive enhancement).
 *
 * Tables marked `data-sortable` are complete and readable without this script. It
 * turns each header cell that has `data-sort` ("text" or "number") into a button;
 * activating it sorts the body's rows by that column, ascending then descending, and
 * sets `aria-sort` on the header cell (WAI-ARIA sortable table pattern). Number cells
 * are read from their `data-value` attribute (dot decimal); rows without a number
 * (secret, not available) always come last. Text is compared in French order.
 * Safe to load more than once: a table is only set up once.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator("fr", { numeric: true, sensitivity: "base" });

  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    if (!cell) return null;
    if (kind === "number") {
      var raw = cell.getAttribute("data-value");
      if (raw === null || raw === "") return null;
      var number = parseFloat(raw);
      return isNaN(number) ? null : number;
    }
    return cell.textContent.trim();
  }

  function sortTable(table, header, index, kind) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, kind), y = cellValue(b, index, kind);
      if (x === null && y === null) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      var order = kind === "number" ? x - y : collator.compare(x, y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      if (cell !== header) cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function setUp(table) {
    if (table.getAttribute("data-sortable-ready") || !table.tHead || !table.tBodies[0]) return;
    table.setAttribute("data-sortable-ready", "1");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      var kind = header.getAttribute("data-sort");
      if (!kind) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (header.firstChild) button.appendChild(header.firstChild);
      var icon = document.createElement("span");
      icon.className = "sort-icon";
      icon.setAttribute("aria-hidden", "true");
      button.appendChild(icon);
      header.appendChild(button);
      button.addEventListener("click", function () { sortTable(table, header, index, kind); });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
