/*
 * Point picker of the public form "Ajouter une action" (no wagtailgeowidget outside the
 * admin). Leaflet comes from the site's own static files.
 *
 * Markup: an element with data-point-picker and the data attributes written by
 * templates/initiatives/submission_form.html. Clicking the map (or the button "Placer le
 * point au centre de la carte", for keyboard users) writes the point in the two hidden
 * inputs as WGS84 degrees with a dot ("43.8927", "-0.4997"), never localised; the
 * server checks it lies in the département (portal.geo). Without JavaScript the map
 * stays hidden and the commune's town hall is used.
 */
(function () {
  "use strict";

  function format(value) {
    // Number.prototype.toFixed never localises: always a dot.
    return String(Number(value.toFixed(6)));
  }

  function setup(element) {
    if (!window.L) {
      return;
    }
    var data = element.dataset;
    var latInput = document.getElementById(data.latInput);
    var lngInput = document.getElementById(data.lngInput);
    var status = document.getElementById(data.status);
    var clearButton = document.getElementById(data.clear);
    var centreButton = document.getElementById(data.centerButton);
    element.hidden = false;
    centreButton.hidden = false;

    var map = L.map(element, { zoomControl: false }).setView(
      [parseFloat(data.centerLat), parseFloat(data.centerLng)], parseInt(data.zoom, 10)
    );
    L.control.zoom({ zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut }).addTo(map);
    L.tileLayer(JSON.parse(data.tileUrl), {
      attribution: JSON.parse(data.tileAttribution),
      maxZoom: 18,
    }).addTo(map);

    var marker = null;

    function show(lat, lng) {
      if (marker) {
        marker.setLatLng([lat, lng]);
      } else {
        marker = L.marker([lat, lng], { keyboard: false, interactive: false }).addTo(map);
      }
      status.textContent = data.placed.replace("{lat}", format(lat)).replace("{lng}", format(lng));
      clearButton.hidden = false;
    }

    function place(latlng) {
      latInput.value = format(latlng.lat);
      lngInput.value = format(latlng.lng);
      show(latlng.lat, latlng.lng);
    }

    function clear() {
      latInput.value = "";
      lngInput.value = "";
      if (marker) {
        map.removeLayer(marker);
        marker = null;
      }
      status.textContent = data.none;
      clearButton.hidden = true;
    }

    map.on("click", function (event) {
      place(event.latlng);
    });
    centreButton.addEventListener("click", function () {
      place(map.getCenter());
    });
    clearButton.addEventListener("click", function () {
      clear();
      centreButton.focus();
    });

    var lat = parseFloat(latInput.value);
    var lng = parseFloat(lngInput.value);
    if (!isNaN(lat) && !isNaN(lng)) {
      show(lat, lng);
      map.setView([lat, lng], 13);
    }
  }

  document.querySelectorAll("[data-point-picker]").forEach(setup);
})();
