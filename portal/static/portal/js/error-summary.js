/* Error summary of a form sent with errors: move the keyboard focus to it
 * (#resume-erreurs, tabindex="-1") so that screen readers announce the errors first and
 * keyboard users start from its links to the fields (RGAA 11.10, WCAG 3.3.1).
 * Loaded with defer by base.html only when the page's form has errors; a page without
 * the summary is left as it is. A static file, not an inline script, so that the
 * Content-Security-Policy allows it (script-src 'self'). */
(function () {
  "use strict";
  var summary = document.getElementById("resume-erreurs");
  if (summary) {
    summary.focus();
  }
})();
