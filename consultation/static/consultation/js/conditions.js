/* Conditional questions of the questionnaire (progressive enhancement).
 *
 * A block with data-show-if-key="k" data-show-if-value="v" is shown only while the
 * question named k has the answer v (radio, checkbox, select or text; compared without
 * case). The server applies the same rule (consultation/questionnaire/conditions.py), so without this
 * script every question stays visible with a note saying when to answer it. Hidden
 * blocks get the `hidden` attribute, so screen readers skip them too.
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-consultation-form]");
  if (!form) { return; }
  var blocks = Array.prototype.slice.call(form.querySelectorAll("[data-show-if-key]"));
  if (!blocks.length) { return; }

  function answers(name) {
    var values = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name !== name) { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { values.push(o.value); });
      } else if (el.value) {
        values.push(el.value);
      }
    });
    return values.map(function (v) { return v.trim().toLowerCase(); });
  }

  function blockOf(name) {
    var input = form.elements[name];
    if (!input) { return null; }
    var el = input.length !== undefined && !input.tagName ? input[0] : input;
    return el.closest("[data-show-if-key]");
  }

  function isShown(block) {
    if (block.hidden) { return false; }
    var parent = blockOf(block.dataset.showIfKey);
    if (parent && parent.hidden) { return false; }
    var wanted = (block.dataset.showIfValue || "").trim().toLowerCase();
    return answers(block.dataset.showIfKey).indexOf(wanted) !== -1;
  }

  function update() {
    // Blocks are in form order, so a rule on an earlier block is settled first.
    blocks.forEach(function (block) { block.hidden = false; });
    blocks.forEach(function (block) { block.hidden = !isShown(block); });
  }

  form.addEventListener("change", update);
  update();
}());
