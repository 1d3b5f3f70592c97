/* The "Imprimer" button of the paper questionnaire (progressive enhancement).
 *
 * The button is in the page with the `hidden` attribute: this script shows it and makes
 * it open the browser's print dialog. Without the script the page says to use the
 * browser's own print command; print.css hides the button on paper.
 */
(function () {
  "use strict";
  var button = document.querySelector("[data-print-button]");
  if (!button || typeof window.print !== "function") { return; }
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
