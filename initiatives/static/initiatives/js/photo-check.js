/* The photo of "Ajouter une action", checked as soon as it is chosen.
 *
 * A file input with data-max-bytes (an integer, bytes) and data-too-large (the French
 * message) refuses a larger file at once: the choice is emptied and the message is shown
 * under the field as its error (role="alert", tied by aria-describedby, aria-invalid),
 * so the resident chooses another photo before the whole form travels (the server checks
 * again and answers a too large request with a page of its own). Choosing a file that
 * fits removes the message. Without JavaScript the server's own checks apply.
 */
(function () {
  "use strict";

  function describedBy(input, id, add) {
    var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    ids = ids.filter(function (other) { return other !== id; });
    if (add) { ids.push(id); }
    if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); }
    else { input.removeAttribute("aria-describedby"); }
  }

  function check(input) {
    var max = parseInt(input.dataset.maxBytes, 10);
    var id = input.id + "_taille";
    var message = document.getElementById(id);
    var file = input.files && input.files[0];
    if (file && max > 0 && file.size > max) {
      input.value = "";
      if (!message) {
        message = document.createElement("p");
        message.className = "error-message";
        message.id = id;
        message.setAttribute("role", "alert");
        input.parentNode.insertBefore(message, input);
      }
      message.textContent = input.dataset.tooLarge || "";
      input.setAttribute("aria-invalid", "true");
      describedBy(input, id, true);
    } else if (message) {
      message.remove();
      describedBy(input, id, false);
      if (!document.getElementById(input.id + "_erreur")) { input.removeAttribute("aria-invalid"); }
    }
  }

  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    input.addEventListener("change", function () { check(input); });
  });
})();
