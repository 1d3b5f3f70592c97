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
 *
 * The commune: when the commune field (data-commune-input: "Name (INSEE)" from the
 * datalist, an INSEE code, or a name matching one datalist entry) or one of the radios
 * "commune_insee" names a commune, its boundary is fetched from
 * data-commune-boundary-url + "<INSEE>/" (a GeoJSON Feature, WGS84 [lng, lat]), drawn as
 * a non-interactive outline and the map fits it. A point placed outside that boundary
 * gets a polite warning (data-outside, "{name}" replaced) in the live region
 * data-warning; the point is kept and accepted: boundaries are simplified (about 100 m).
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
    // Leaflet's own prefix is English: the page gives a French one (RGAA 8.7).
    map.attributionControl.setPrefix(data.attributionPrefix ? JSON.parse(data.attributionPrefix) : false);
    L.control.zoom({ zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut }).addTo(map);
    L.tileLayer(JSON.parse(data.tileUrl), {
      attribution: JSON.parse(data.tileAttribution),
      maxZoom: 18,
    }).addTo(map);

    var marker = null;
    var warning = document.getElementById(data.warning);
    var communeInput = document.getElementById(data.communeInput);
    var commune = null;      // {code, feature, layer} of the chosen commune
    var boundaries = {};     // INSEE code -> Promise of its Feature

    function fold(text) {
      return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
        .replace(/[-'’\s]+/g, " ").trim();
    }

    /** INSEE code named by the form (radio, "Name (INSEE)", code, or unique name). */
    function chosenCode() {
      var radio = document.querySelector('input[name="commune_insee"]:checked');
      if (radio) { return radio.value.toUpperCase(); }
      var text = communeInput ? communeInput.value.trim() : "";
      var match = /^(?:.*\()?((?:\d{5}|2[ABab]\d{3}))\)?$/.exec(text);
      if (match) { return match[1].toUpperCase(); }
      var list = communeInput && communeInput.list;
      if (!list || !text) { return null; }
      var found = [];
      Array.prototype.forEach.call(list.options, function (option) {
        var parts = /^(.*) \(([0-9AB]{5})\)$/.exec(option.value);
        if (parts && fold(parts[1]) === fold(text)) { found.push(parts[2]); }
      });
      return found.length === 1 ? found[0] : null;
    }

    /** Whether [lng, lat] lies inside a GeoJSON (Multi)Polygon (even-odd rule). */
    function contains(geometry, lat, lng) {
      var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
      var inside = false;
      polygons.forEach(function (rings) {
        rings.forEach(function (ring) {
          for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
            if ((yi > lat) !== (yj > lat) && lng < (xj - xi) * (lat - yi) / (yj - yi) + xi) {
              inside = !inside;
            }
          }
        });
      });
      return inside;
    }

    function check() {
      if (!warning) { return; }
      var lat = parseFloat(latInput.value);
      var lng = parseFloat(lngInput.value);
      var outside = commune && !isNaN(lat) && !isNaN(lng) &&
        !contains(commune.feature.geometry, lat, lng);
      var text = outside ? data.outside.replace("{name}", commune.feature.properties.name) : "";
      if (warning.textContent !== text) { warning.textContent = text; }
    }

    function useCommune(fit) {
      var code = chosenCode();
      if (commune && commune.code === code) { return; }
      if (commune) { map.removeLayer(commune.layer); commune = null; check(); }
      if (!code || !data.communeBoundaryUrl) { return; }
      if (!boundaries[code]) {
        boundaries[code] = fetch(data.communeBoundaryUrl + encodeURIComponent(code) + "/", {
          headers: { Accept: "application/geo+json" },
        }).then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        });
        boundaries[code].catch(function () { delete boundaries[code]; });
      }
      boundaries[code].then(function (feature) {
        if (chosenCode() !== code) { return; }  // another commune was chosen meanwhile
        if (commune) { map.removeLayer(commune.layer); }
        var layer = L.geoJSON(feature, {
          interactive: false,
          style: { color: "#1e1e1e", weight: 2, dashArray: "6 4", fill: false },
        }).addTo(map);
        commune = { code: code, feature: feature, layer: layer };
        element.dataset.commune = code;
        if (fit) { map.fitBounds(layer.getBounds(), { padding: [16, 16], animate: false }); }
        check();
      }, function () { /* without its boundary, the point is simply not checked */ });
    }

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
      check();
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
      check();
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

    if (communeInput) {
      communeInput.addEventListener("change", function () { useCommune(true); });
    }
    document.querySelectorAll('input[name="commune_insee"]').forEach(function (radio) {
      radio.addEventListener("change", function () { useCommune(true); });
    });

    var lat = parseFloat(latInput.value);
    var lng = parseFloat(lngInput.value);
    if (!isNaN(lat) && !isNaN(lng)) {
      show(lat, lng);
      map.setView([lat, lng], 13);
    }
    // A commune already typed (form shown again, edit form): its outline, fitted only
    // when no point was placed yet.
    useCommune(isNaN(lat) || isNaN(lng));
  }

  document.querySelectorAll("[data-point-picker]").forEach(setup);
})();
