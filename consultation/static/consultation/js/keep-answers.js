/* Keep what a resident typed in the questionnaire until it is stored (progressive
 * enhancement).
 *
 * If sending fails (the site answers 503 while its database is unavailable, the
 * connection drops), the resident comes back to the questionnaire in the same tab (Back,
 * reload, the "Try again" link) and finds their answers filled in again.
 *
 * - Where: sessionStorage, under the key named by the form's data-keep-answers
 *   attribute (one per questionnaire page). It belongs to this browser tab only: other
 *   tabs and windows never see it, it is deleted when the tab is closed, and it is
 *   never sent to the server. Never localStorage, which outlives the tab and is shared
 *   by every tab (a library computer's next user would see the answers).
 * - What: the answers of radio buttons, checkboxes, selects, text fields and text
 *   areas, saved at each change. Never kept: hidden inputs (the CSRF token, the form's
 *   one-time token, whose reuse would be refused), password and file inputs, fields
 *   hidden from everyone (aria-hidden="true": the anti-spam trap) and anything inside
 *   an element marked data-keep-answers-skip (the optional contact details: name,
 *   e-mail, telephone and consent are personal data, typed again if needed).
 * - When restored: when the questionnaire page is shown again in the tab. Then a
 *   "change" event tells the conditional questions (conditions.js, loaded before this
 *   script) to show or hide themselves for the restored answers.
 * - When cleared: on the thank-you page (reached by redirect after a stored answer),
 *   whose element data-keep-answers-clear names the key.
 *
 * A static file, not an inline script, so that the Content-Security-Policy allows it
 * (script-src 'self'). Without sessionStorage (disabled, full) it does nothing.
 */
(function () {
  "use strict";

  function storage() {
    try {
      var store = window.sessionStorage;
      var probe = "__keep_answers_probe__";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (e) {
      return null;
    }
  }

  var store = storage();
  if (!store) { return; }

  var cleared = document.querySelectorAll("[data-keep-answers-clear]");
  Array.prototype.forEach.call(cleared, function (el) {
    store.removeItem(el.getAttribute("data-keep-answers-clear"));
  });

  var form = document.querySelector("form[data-keep-answers]");
  if (!form) { return; }
  var key = form.getAttribute("data-keep-answers");
  var NEVER = ["hidden", "password", "file", "submit", "button", "reset", "image"];

  function kept(el) {
    if (!el.name || el.disabled) { return false; }
    if (el.tagName === "INPUT" && NEVER.indexOf(el.type) !== -1) { return false; }
    if (el.tagName === "BUTTON" || el.tagName === "FIELDSET" || el.tagName === "OUTPUT") { return false; }
    return !el.closest("[data-keep-answers-skip], [aria-hidden='true']");
  }

  function fields() {
    return Array.prototype.filter.call(form.elements, kept);
  }

  /* {name: [values]}: the checked values of radios and checkboxes, the selected options
   * of a select, the text of a field (a name present with [] was left empty). */
  function collect() {
    var answers = {};
    fields().forEach(function (el) {
      var values = answers[el.name] || (answers[el.name] = []);
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) { values.push(el.value); }
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { values.push(o.value); });
      } else if (el.value !== "") {
        values.push(el.value);
      }
    });
    return answers;
  }

  function save() {
    try {
      store.setItem(key, JSON.stringify(collect()));
    } catch (e) {
      /* full or refused: the answers simply are not kept */
    }
  }

  function restore() {
    var answers;
    try {
      answers = JSON.parse(store.getItem(key) || "null");
    } catch (e) {
      answers = null;
    }
    if (!answers || typeof answers !== "object") { return false; }
    fields().forEach(function (el) {
      var values = answers[el.name];
      if (!Array.isArray(values)) { return; }
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.options, function (o) {
          o.selected = values.indexOf(o.value) !== -1;
        });
      } else {
        el.value = values.length ? String(values[0]) : "";
      }
    });
    return true;
  }

  if (restore()) {
    form.dispatchEvent(new Event("change", {bubbles: true}));
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", save);
}());
