/* Shared computer ("poste partagé"): empty the questionnaire after a while without
 * input, so that a resident who walked away does not leave their answers to the next
 * person (progressive enhancement; loaded only in station mode).
 *
 * The element [data-station-idle] holds the minutes without input (keys, clicks,
 * touches) after which a warning (role="alert") is shown; the clock starts at the
 * first input (an untouched form has nothing to protect); it offers a "Continue" button
 * (RGAA 13.1: the person can extend the time limit) and, after the seconds of
 * data-station-grace, the page loads the questionnaire again, empty (nothing is kept in
 * the browser in station mode). A static file so that the Content-Security-Policy
 * allows it (script-src 'self').
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-station-idle]");
  if (!box) { return; }
  var idle = Math.max(1, parseFloat(box.getAttribute("data-station-idle")) || 10) * 60000;
  var grace = Math.max(20, parseFloat(box.getAttribute("data-station-grace")) || 60) * 1000;
  var form = document.querySelector("[data-consultation-form]");
  var idleTimer = null;
  var graceTimer = null;

  function reset() {
    if (form) { form.reset(); }
    window.location.replace(box.getAttribute("data-station-url") || window.location.pathname);
  }

  function warn() {
    box.hidden = false;
    graceTimer = window.setTimeout(reset, grace);
    var button = box.querySelector("button");
    if (button) { button.focus(); }
  }

  function activity() {
    if (!box.hidden) { return; }
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(warn, idle);
  }

  box.querySelector("button").addEventListener("click", function () {
    window.clearTimeout(graceTimer);
    box.hidden = true;
    activity();
  });
  ["keydown", "input", "pointerdown", "touchstart", "change"].forEach(function (name) {
    document.addEventListener(name, activity, {passive: true});
  });
}());
