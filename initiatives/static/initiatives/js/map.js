/* Maps of the Carte des solidarités, on the site's own Leaflet and Leaflet.markercluster
 * (served by the site, never a CDN). Markers in the style of their main theme, popups'
 * details and boundaries come from map-layers.js (window.InitiativesMapLayers), loaded
 * before this file; without it, markers are Leaflet's default image.
 *
 * Elements with data-initiatives-map="collection" fetch their data-geojson-url as is (an
 * RFC 7946 FeatureCollection, coordinates [lng, lat]; the URL may carry the list's filter
 * query string) and draw clustered markers. Elements with data-initiatives-map="point"
 * show one marker at data-lat/data-lng. Numbers in data attributes are never localised
 * ("43.8927", not "43,8927"); tile URL and attribution are JSON strings. The map works
 * without tiles (blank or unreachable tile URL): markers, popups and the list still work.
 *
 * Accessibility (RGAA 4.1 criteria 7.1, 7.3, 12.8; WCAG 2.1.1, 2.4.3, 4.1.2):
 * - each marker is a focusable button named after its action (Leaflet's role="button" +
 *   aria-label, or the default image's alt); Enter or Space opens its popup and moves
 *   focus to the popup's link;
 *   Escape (or the close button) closes it and focus returns to the marker;
 * - a cluster is a focusable button named "12 actions" (data-cluster-label); Enter or
 *   Space zooms in and focuses the first marker or cluster it held;
 * - actions sharing one position (or still clustered at the highest zoom) open as a
 *   scrollable list of links in a popup instead of a spider (Leaflet.markercluster's
 *   spiderfy is off);
 * - zoom buttons and the popup's close button get French names from data attributes
 *   (data-zoom-in-label, data-zoom-out-label, data-close-label) rendered by the template.
 *
 * Speed: markers are plain L.marker objects sharing one icon per theme (no DOM until
 * shown); popups are built only when opened, their details fetched then; clusters are
 * computed with chunkedLoading and only visible ones are drawn
 * (removeOutsideVisibleBounds). When the markers are drawn, the element gets
 * data-ready="true" and dispatches a bubbling "initiatives:map-ready" CustomEvent
 * whose detail is {count, map, markers} (the Leaflet map and the cluster group); on a
 * feed error it gets data-ready="error" and a message is shown above it.
 *
 * Filtering without reloading: dispatch a CustomEvent "initiatives:load-feed" with
 * detail {url, quietBadRequest} on the map element; the markers are replaced by those of
 * that feed URL (no data-ready meanwhile, then "true" and "initiatives:map-ready"
 * again). With quietBadRequest, a 400 answer (invalid filters) shows no error and keeps
 * the markers: the caller sends the URL of the valid filters next.
 */
(function () {
  "use strict";

  var MAX_ZOOM = 18;
  var NUMBER = /^-?\d+(\.\d+)?$/;

  /** Parse a non-localised decimal ("43.8927"); NaN for anything else ("43,8927"). */
  function parseNumber(text) {
    text = (text || "").trim();
    return NUMBER.test(text) ? parseFloat(text) : NaN;
  }

  function parseJSON(text, fallback) {
    try { return JSON.parse(text); } catch (e) { return fallback; }
  }

  /** Text of a label attribute with "{count}" replaced. */
  function label(el, name, count) {
    return (el.dataset[name] || "").replace("{count}", String(count));
  }

  function baseMap(el, center, zoom) {
    var map = L.map(el, {
      scrollWheelZoom: false,
      zoomControl: false,
      maxZoom: MAX_ZOOM,
    }).setView(center, zoom);
    // Leaflet's own prefix is English: the page gives a French one (RGAA 8.7).
    map.attributionControl.setPrefix(parseJSON(el.dataset.attributionPrefix || "false", false));
    L.control.zoom({
      zoomInTitle: el.dataset.zoomInLabel || "+",
      zoomOutTitle: el.dataset.zoomOutLabel || "-",
    }).addTo(map);
    var tileUrl = parseJSON(el.dataset.tileUrl || "null", null);
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        attribution: parseJSON(el.dataset.tileAttribution || '""', ""),
        maxZoom: MAX_ZOOM,
      }).addTo(map);
    }
    // French name for the close button of every popup of this map.
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close && el.dataset.closeLabel) {
        close.setAttribute("aria-label", el.dataset.closeLabel);
        close.title = el.dataset.closeLabel;
      }
    });
    return map;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function link(properties) {
    var a = element("a", null, properties.title);
    a.href = properties.url;
    return a;
  }

  /** Popup of one action: its title as a link to its page, then its commune. */
  function actionContent(properties) {
    var box = element("div", "map-popup");
    var title = element("p", "map-popup__title");
    title.appendChild(link(properties));
    box.appendChild(title);
    if (properties.commune) { box.appendChild(element("p", "map-popup__place", properties.commune)); }
    return box;
  }

  /** Popup of several actions at one place: a heading and a scrollable list of links. */
  function listContent(el, markers) {
    // The feed lists actions in the site's French order (portal.text.sort_key): keep it.
    var ordered = markers.slice().sort(function (a, b) { return a.feedIndex - b.feedIndex; });
    var items = ordered.map(function (marker) { return marker.feature.properties; });
    var box = element("div", "map-popup map-popup--list");
    var heading = element("p", "map-popup__title", label(el, "listLabel", items.length));
    heading.id = el.id + "-popup-list-title";
    box.appendChild(heading);
    var list = element("ul", "map-popup__list");
    list.setAttribute("aria-labelledby", heading.id);
    items.forEach(function (properties) {
      var item = element("li");
      item.appendChild(link(properties));
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function samePosition(markers) {
    var first = markers[0].getLatLng();
    for (var i = 1; i < markers.length; i++) {
      if (!markers[i].getLatLng().equals(first)) { return false; }
    }
    return true;
  }

  function isActivation(event) {
    var key = event.originalEvent && event.originalEvent.key;
    return key === "Enter" || key === " ";
  }

  function focusElement(node) {
    if (node && node.isConnected) { node.focus({ preventScroll: true }); return true; }
    return false;
  }

  /** Open popups from markers and clusters, and keep the keyboard focus where it belongs. */
  function wirePopups(el, map, group, layers) {
    var source = null;   // the marker or cluster whose popup is open
    var popup = null;

    function open(layer, content, options) {
      source = layer;
      popup = L.popup(L.extend({ maxWidth: 320, autoPanPadding: [16, 16] }, options), layer)
        .setLatLng(layer.getLatLng())
        .setContent(content);
      popup.openOn(map);
      // Move focus into the popup, to its first link.
      focusElement(popup.getElement().querySelector(".leaflet-popup-content a"));
    }

    function returnFocus() {
      if (!(source && focusElement(source.getElement()))) { el.focus({ preventScroll: true }); }
    }

    map.on("popupclose", function (event) {
      if (event.popup !== popup) { return; }
      var active = document.activeElement;
      var container = event.popup.getElement();
      // Focus was in the popup (now gone or fading out): give it back to the marker.
      if (!active || active === document.body || (container && container.contains(active))) {
        returnFocus();
      }
      popup = null;
    });

    el.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && popup && map.hasLayer(popup)) {
        event.preventDefault();
        event.stopPropagation();
        map.closePopup(popup);
        returnFocus();
      }
    });

    function openMarker(marker) {
      var content = actionContent(marker.feature.properties);
      open(marker, content, {});
      if (layers) { layers.loadDetails(content, marker.feature.properties, popup); }
    }

    function activateCluster(cluster, byKeyboard) {
      var markers = cluster.getAllChildMarkers();
      if (samePosition(markers) || map.getZoom() >= map.getMaxZoom()) {
        open(cluster, listContent(el, markers), { className: "map-popup-list", minWidth: 220 });
        return;
      }
      if (byKeyboard) {
        var done = false;
        var focusFirst = function () {
          if (done) { return; }
          done = true;
          // Focus the first marker or cluster now showing what the cluster held.
          for (var i = 0; i < markers.length; i++) {
            var shown = group.getVisibleParent(markers[i]);
            if (shown && focusElement(shown.getElement())) { return; }
          }
          el.focus({ preventScroll: true });
        };
        group.once("animationend", focusFirst);
        map.once("zoomend", function () { setTimeout(focusFirst, 500); });
      }
      cluster.zoomToBounds();  // no padding: with it, fitBounds may only pan
    }

    group.on("click", function (event) { openMarker(event.layer); });
    group.on("clusterclick", function (event) { activateCluster(event.layer, false); });
    group.on("keydown", function (event) {
      if (isActivation(event)) { L.DomEvent.preventDefault(event.originalEvent); openMarker(event.layer); }
    });
    group.on("clusterkeydown", function (event) {
      if (isActivation(event)) { L.DomEvent.preventDefault(event.originalEvent); activateCluster(event.layer, true); }
    });
  }

  function clusterIconFactory(el) {
    var ClusterIcon = L.DivIcon.extend({
      createIcon: function (oldIcon) {
        var div = L.DivIcon.prototype.createIcon.call(this, oldIcon);
        div.setAttribute("aria-label", this.options.label);
        return div;
      },
    });
    return function (cluster) {
      var count = cluster.getChildCount();
      var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      return new ClusterIcon({
        html: "<div><span>" + count + "</span></div>",
        className: "marker-cluster marker-cluster-" + size,
        iconSize: L.point(40, 40),
        label: label(el, "clusterLabel", count),
      });
    };
  }

  function ready(el, state, detail) {
    el.dataset.ready = state;
    el.dispatchEvent(new CustomEvent("initiatives:map-ready", { bubbles: true, detail: detail }));
  }

  function showError(el) {
    var message = element("p", "map-error", el.dataset.loadingError || "");
    message.setAttribute("role", "alert");
    el.parentNode.insertBefore(message, el);
    return message;
  }

  /** Markers of a FeatureCollection (Point features only): one shared icon per theme
   * (map-layers.js), else Leaflet's default icon. */
  function markersOf(data, layers) {
    var markers = [];
    var features = (data && data.features) || [];
    for (var i = 0; i < features.length; i++) {
      var feature = features[i];
      var geometry = feature.geometry;
      if (!geometry || geometry.type !== "Point") { continue; }
      var title = feature.properties.title;
      var latlng = [geometry.coordinates[1], geometry.coordinates[0]];
      var marker = layers ? layers.marker(latlng, feature) : L.marker(latlng, { title: title, alt: title });
      marker.feature = feature;
      marker.feedIndex = i;
      markers.push(marker);
    }
    return markers;
  }

  /** The clustered marker group of a collection map (empty), added to ``map``. */
  function clusterGroup(el, map) {
    var group = L.markerClusterGroup({
      chunkedLoading: true,
      removeOutsideVisibleBounds: true,
      spiderfyOnMaxZoom: false,
      zoomToBoundsOnClick: false,
      showCoverageOnHover: false,
      iconCreateFunction: clusterIconFactory(el),
    });
    group.addTo(map);
    return group;
  }

  /**
   * (Re)load the feed at ``url`` into the cluster ``group``: the only place that fetches
   * the feed and replaces the markers. A later call supersedes an earlier one still
   * running (its fetch is aborted, its markers never shown). Markers from a previous
   * load are removed once its chunked clustering is over (markercluster cannot clear a
   * group while chunks are still being added). ``quietBadRequest``: see the file's
   * comment. Removes data-ready while loading, then
   * sets it to "true" (with the "initiatives:map-ready" event) or "error".
   */
  function loaderFor(el, map, group, layers) {
    var current = 0;
    var controller = null;
    var adding = Promise.resolve();
    var errorMessage = null;

    return function loadFeed(url, quietBadRequest) {
      var mine = ++current;
      if (controller) { controller.abort(); }
      controller = typeof AbortController === "function" ? new AbortController() : null;
      el.dataset.geojsonUrl = url;
      delete el.dataset.ready;
      el.setAttribute("aria-busy", "true");
      var options = { headers: { Accept: "application/geo+json" } };
      if (controller) { options.signal = controller.signal; }
      return fetch(url, options)
        .then(function (response) {
          if (!response.ok) {
            var failure = new Error("HTTP " + response.status);
            failure.status = response.status;
            throw failure;
          }
          return response.json();
        })
        .then(function (data) {
          return adding.then(function () { return data; });
        })
        .then(function (data) {
          if (mine !== current) { return; }
          if (errorMessage) { errorMessage.remove(); errorMessage = null; }
          var markers = markersOf(data, layers);
          group.clearLayers();
          if (markers.length) {
            // Show every action, also on a narrow phone screen; cluster once, at that zoom.
            var bounds = L.latLngBounds(markers.map(function (m) { return m.getLatLng(); }));
            map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12, animate: false });
          }
          adding = new Promise(function (resolve) {
            group.options.chunkProgress = function (processed, total) {
              if (processed < total) { return; }
              // markercluster draws the visible clusters right after this callback.
              setTimeout(function () {
                resolve();
                if (mine !== current) { return; }
                el.removeAttribute("aria-busy");
                ready(el, "true", { count: markers.length, map: map, markers: group });
              }, 0);
            };
          });
          group.addLayers(markers);
        })
        .catch(function (error) {
          if (mine !== current || (error && error.name === "AbortError")) { return; }
          // Filters the server refuses: the caller sends the URL of the valid ones next.
          if (quietBadRequest && error && error.status === 400) { return; }
          el.removeAttribute("aria-busy");
          if (!errorMessage) { errorMessage = showError(el); }
          ready(el, "error", { error: String(error), map: map, markers: group });
        });
    };
  }

  function collectionMap(el) {
    var center = [parseNumber(el.dataset.centerLat), parseNumber(el.dataset.centerLng)];
    var map = baseMap(el, center, parseInt(el.dataset.zoom, 10) || 9);
    var layers = window.InitiativesMapLayers ? window.InitiativesMapLayers.forMap(el, map) : null;
    var group = clusterGroup(el, map);
    wirePopups(el, map, group, layers);
    var loadFeed = loaderFor(el, map, group, layers);
    // Other scripts (the filters) ask for another feed URL with this event.
    el.addEventListener("initiatives:load-feed", function (event) {
      if (event.detail && event.detail.url) { loadFeed(event.detail.url, !!event.detail.quietBadRequest); }
    });
    loadFeed(el.dataset.geojsonUrl);
  }

  function pointMap(el) {
    var point = [parseNumber(el.dataset.lat), parseNumber(el.dataset.lng)];
    var map = baseMap(el, point, parseInt(el.dataset.zoom, 10) || 13);
    L.marker(point, { keyboard: false, alt: "" }).addTo(map);
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
