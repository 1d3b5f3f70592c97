/* Maps of the Carte des solidarités, on the site's own Leaflet (never a CDN).
 *
 * Elements with data-initiatives-map="collection" fetch their data-geojson-url (an RFC 7946
 * FeatureCollection, coordinates [lng, lat]) and draw clustered markers whose popups link
 * to each action. Elements with data-initiatives-map="point" show one marker at
 * data-lat/data-lng. Tile URL and attribution are JSON strings in data attributes; the
 * map still works without tiles (markers stay usable, and the list is on the page).
 */
(function () {
  "use strict";

  function parseJSON(text, fallback) {
    try { return JSON.parse(text); } catch (e) { return fallback; }
  }

  function baseMap(el, center, zoom) {
    var map = L.map(el, { scrollWheelZoom: false }).setView(center, zoom);
    var tileUrl = parseJSON(el.dataset.tileUrl || "null", null);
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        attribution: parseJSON(el.dataset.tileAttribution || '""', ""),
        maxZoom: 18,
      }).addTo(map);
    }
    return map;
  }

  function popupContent(properties, moreLabel) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = properties.title;
    box.appendChild(title);
    if (properties.commune) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(properties.commune));
    }
    box.appendChild(document.createElement("br"));
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = moreLabel || properties.title;
    box.appendChild(link);
    return box;
  }

  function collectionMap(el) {
    var center = [parseFloat(el.dataset.centerLat), parseFloat(el.dataset.centerLng)];
    var map = baseMap(el, center, parseInt(el.dataset.zoom, 10) || 9);
    var layer = L.markerClusterGroup ? L.markerClusterGroup() : L.featureGroup();
    layer.addTo(map);
    fetch(el.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            var title = feature.properties.title;
            return L.marker(latlng, { title: title, alt: title });
          },
          onEachFeature: function (feature, marker) {
            marker.bindPopup(popupContent(feature.properties, el.dataset.moreLabel));
          },
        }).eachLayer(function (marker) { layer.addLayer(marker); });
        // Show every action, also on a narrow phone screen.
        if (layer.getLayers().length) {
          map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 12 });
        }
      })
      .catch(function () {
        var message = document.createElement("p");
        message.className = "map-error";
        message.textContent = el.dataset.loadingError || "";
        el.parentNode.insertBefore(message, el);
      });
  }

  function pointMap(el) {
    var point = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lng)];
    var map = baseMap(el, point, parseInt(el.dataset.zoom, 10) || 13);
    L.marker(point, { keyboard: false }).addTo(map);
  }

  function init() {
    if (typeof L === "undefined") { return; }
    document.querySelectorAll("[data-initiatives-map]").forEach(function (el) {
      if (el.dataset.initiativesMap === "collection") { collectionMap(el); }
      else if (el.dataset.initiativesMap === "point") { pointMap(el); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
