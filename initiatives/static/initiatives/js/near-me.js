/*
 * "Près de chez moi": the optional "Utiliser ma position" button of the map's filters.
 *
 * Progressive enhancement: without JavaScript or without navigator.geolocation the
 * button stays hidden and the commune field does the job. On click (never before), the
 * browser is asked for the position once; it is rounded here to 3 decimals (about
 * 100 m), put into the form's GET query as lat/lng (WGS84 degrees, dot decimals), the
 * commune field emptied (a typed commune wins over a position), and the form sent.
 * Nothing is stored by this script. Refusal or failure is told in French (texts from
 * the fieldset's data attributes) in a role="status" paragraph.
 */
(function () {
  "use strict";

  var DECIMALS = 3;

  function round(value) {
    return Number(value).toFixed(DECIMALS);
  }

  function setHidden(form, fieldset, name, value) {
    var inputs = form.querySelectorAll('input[type="hidden"][name="' + name + '"]');
    for (var i = 1; i < inputs.length; i++) inputs[i].parentNode.removeChild(inputs[i]);
    var input = inputs[0];
    if (!input) {
      // Inside the fieldset, which the map's filter script replaces with the server's.
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      fieldset.appendChild(input);
    }
    input.value = value;
  }

  function enhance(fieldset) {
    var button = fieldset.querySelector("[data-near-me-button]");
    var status = fieldset.querySelector("[data-near-me-status]");
    var form = fieldset.closest("form");
    if (!button || !status || !form || fieldset.dataset.nearMeReady) return;
    fieldset.dataset.nearMeReady = "true";
    if (!("geolocation" in navigator)) {
      return;  // the commune field is enough; no button that cannot work
    }
    button.parentNode.hidden = false;
    var busy = false;
    button.addEventListener("click", function () {
      if (busy) return;
      busy = true;
      button.setAttribute("aria-disabled", "true");
      status.textContent = fieldset.getAttribute("data-asking");
      navigator.geolocation.getCurrentPosition(function (position) {
        var commune = form.querySelector('[name="pres_de"]');
        if (commune) commune.value = "";
        setHidden(form, fieldset, "lat", round(position.coords.latitude));
        setHidden(form, fieldset, "lng", round(position.coords.longitude));
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }, function (error) {
        busy = false;
        button.removeAttribute("aria-disabled");
        status.textContent = fieldset.getAttribute(
          error && error.code === 1 ? "data-denied" : "data-unavailable");
      }, {enableHighAccuracy: false, timeout: 15000, maximumAge: 600000});
    });
  }

  function start() {
    var fieldsets = document.querySelectorAll("[data-near-me]");
    for (var i = 0; i < fieldsets.length; i++) enhance(fieldsets[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  // The map's filter script (map-filters.js) swaps in the server's fields after filtering.
  document.addEventListener("initiatives:filters-applied", start);
})();
