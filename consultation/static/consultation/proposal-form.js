/* The proposal form of /propositions/ behind a "Propose an action" disclosure.
 *
 * Without JavaScript the page shows the published proposals, then the form in its own
 * section (#proposer), which the "Propose an action" link leads to. With it, the link
 * becomes a button (aria-expanded, aria-controls) that shows or hides the section; opening
 * it moves the keyboard focus to the section's heading (WAI-ARIA disclosure pattern,
 * RGAA 7.1 and 12.8). A form sent back with errors (data-open on the section) stays open,
 * and portal/js/error-summary.js focuses its error summary. A static file, allowed by the
 * Content-Security-Policy (script-src 'self'). */
(function () {
  "use strict";
  var link = document.querySelector("[data-proposal-toggle]");
  var section = document.getElementById("proposer");
  if (!link || !section) { return; }
  var heading = document.getElementById("proposer-titre");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button proposal-toggle-button";
  button.textContent = link.textContent;
  button.setAttribute("aria-controls", section.id);
  var open = section.hasAttribute("data-open") || window.location.hash === "#proposer";

  function show(expanded) {
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
    section.hidden = !expanded;
  }

  show(open);
  link.replaceWith(button);
  button.addEventListener("click", function () {
    var expanded = button.getAttribute("aria-expanded") !== "true";
    show(expanded);
    if (expanded && heading) { heading.focus(); }
  });
})();
