/* What the map of /carte/ draws besides Leaflet's defaults: one marker per action in the
 * style of its main theme, the details of an action loaded when its popup opens, and the
 * département's outline and EPCI boundaries under the markers. Load it after Leaflet and
 * before map.js, which asks window.InitiativesMapLayers.forMap(element, map).
 *
 * Configuration: the legend (templates/initiatives/_map_legend.html) placed after the map
 * element carries data-map-layers-for="<map element id>"; each of its items with
 * data-theme (a Theme slug, "" for "no theme") gives that theme's drawing in data-colour,
 * data-path (SVG path in a 32 x 32 box), data-glyph and data-glyph-y
 * (initiatives/markers.py), each item with data-line ("departement" or "epci") a line's
 * data-colour, data-weight and data-dash (no inline script: the CSP refuses them). The
 * legend also carries
 *   data-details-url: the feed's URL; an action's details are at <url><id>/ (JSON:
 *     summary, commune, themes [{slug, label}], image {url, width, height, alt} or null);
 *   data-boundaries-url: a GeoJSON FeatureCollection (WGS84, [lng, lat]) of the
 *     département's outline and its EPCI (properties.kind "departement" or "epci");
 *   data-details-error, data-themes-label: French texts.
 *
 * Accessibility (RGAA 1.2, 3.1, 7.1; WCAG 1.1.1, 1.4.1, 1.4.11, 4.1.2): a marker is
 * Leaflet's focusable button (role="button", tabindex 0) named by aria-label after its
 * action; its drawing (an SVG: a shape per theme, a colour with 3:1 against white and the
 * map, a white glyph) is aria-hidden and explained by the legend, a plain HTML list. The
 * boundaries are drawn in a pane of their own, aria-hidden, never interactive nor
 * focusable. A popup's details are added below its link once loaded (the link keeps the
 * focus); the popup's box says aria-busy meanwhile and gets data-loaded="true" after.
 *
 * Speed: one L.divIcon per theme, made the first time a marker of that theme is made and
 * shared by every marker of the theme (markers stay plain objects until shown); details
 * are fetched once per action and page view; the boundaries once per page view (the
 * route is cached by the browser for a day).
 */
(function () {
  "use strict";

  if (typeof L === "undefined") { return; }

  var ICON_SIZE = 30;
  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (ch) { return ESCAPES[ch]; });
  }

  /** The SVG of a marker style (the same drawing as the legend's). */
  function iconHtml(style) {
    return '<svg viewBox="0 0 32 32" width="' + ICON_SIZE + '" height="' + ICON_SIZE +
      '" aria-hidden="true" focusable="false"><path d="' + escape(style.path) + '" fill="' +
      escape(style.colour) + '" stroke="#fff" stroke-width="2"/><text x="16" y="' +
      escape(style.glyph_y) + '" fill="#fff" font-size="11" font-weight="700" ' +
      'font-family="system-ui, sans-serif" text-anchor="middle" dominant-baseline="central">' +
      escape(style.glyph) + "</text></svg>";
  }

  /** A marker whose icon element is named after its action (aria-label = options.alt):
   * Leaflet writes alt only on <img> icons. */
  var ActionMarker = L.Marker.extend({
    onAdd: function (map) {
      L.Marker.prototype.onAdd.call(this, map);
      var icon = this.getElement();
      if (icon && this.options.alt) { icon.setAttribute("aria-label", this.options.alt); }
      return this;
    },
  });

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function Layers(el, legend, map) {
    var data = legend.dataset;
    var styles = {};
    var lines = {};
    legend.querySelectorAll("[data-theme]").forEach(function (item) {
      var d = item.dataset;
      styles[d.theme] = { slug: d.theme, colour: d.colour, path: d.path, glyph: d.glyph, glyph_y: d.glyphY };
    });
    legend.querySelectorAll("[data-line]").forEach(function (item) {
      var d = item.dataset;
      lines[d.line] = { colour: d.colour, weight: parseFloat(d.weight) || 1, dash: d.dash };
    });
    var icons = {};
    var details = {};

    /** The shared icon of a theme slug ("" or unknown: the "no theme" icon). */
    function iconFor(slug) {
      var key = Object.prototype.hasOwnProperty.call(styles, slug || "") ? slug || "" : "";
      if (!icons[key]) {
        var style = styles[key] || { slug: "", path: "M16 3a13 13 0 1 1 0 26a13 13 0 1 1 0-26z", colour: "#595959", glyph: "", glyph_y: 16 };
        icons[key] = L.divIcon({
          className: "map-marker map-marker--" + (key || "sans-theme"),
          html: iconHtml(style),
          iconSize: [ICON_SIZE, ICON_SIZE],
          iconAnchor: [ICON_SIZE / 2, ICON_SIZE / 2],
          popupAnchor: [0, -ICON_SIZE / 2],
        });
      }
      return icons[key];
    }

    this.marker = function (latlng, feature) {
      var title = feature.properties.title;
      return new ActionMarker(latlng, { icon: iconFor(feature.properties.theme), title: title, alt: title });
    };

    function show(box, properties, info) {
      if (info.image) {
        var img = element("img", "map-popup__photo");
        img.src = info.image.url;
        img.width = info.image.width;
        img.height = info.image.height;
        img.alt = info.image.alt || "";
        box.insertBefore(img, box.children[1] || null);
      }
      if (info.summary) {
        var summary = element("p", "map-popup__summary", info.summary);
        box.insertBefore(summary, box.querySelector(".map-popup__place"));
      }
      if (info.themes && info.themes.length) {
        var themes = element("p", "map-popup__themes");
        themes.appendChild(element("span", "visually-hidden", (data.themesLabel || "") + " "));
        info.themes.forEach(function (theme) {
          themes.appendChild(element("span", "tag", theme.label));
          themes.appendChild(document.createTextNode(" "));
        });
        box.appendChild(themes);
      }
    }

    /** Fill an action's popup box (built by map.js: title link, commune) with its details. */
    this.loadDetails = function (box, properties, popup) {
      box.setAttribute("aria-busy", "true");
      var id = properties.id;
      if (!details[id]) {
        details[id] = fetch(data.detailsUrl + id + "/", { headers: { Accept: "application/json" } })
          .then(function (response) {
            if (!response.ok) { throw new Error("HTTP " + response.status); }
            return response.json();
          });
        details[id].catch(function () { delete details[id]; });
      }
      details[id].then(function (info) {
        show(box, properties, info);
        box.dataset.loaded = "true";
      }, function () {
        box.appendChild(element("p", "map-popup__error", data.detailsError || ""));
        box.dataset.loaded = "error";
      }).then(function () {
        box.removeAttribute("aria-busy");
        if (popup && popup.isOpen()) {
          // update() re-inserts the content (new size, position): keep the focus.
          var focused = box.contains(document.activeElement) ? document.activeElement : null;
          popup.update();
          if (focused && !focused.contains(document.activeElement)) { focused.focus({ preventScroll: true }); }
        }
      });
    };

    this.drawBoundaries = function () {
      if (!data.boundariesUrl) { return; }
      var pane = map.createPane("initiatives-boundaries");
      pane.style.zIndex = 350;  // over the tiles (200), under Leaflet's overlays (400) and markers
      pane.style.pointerEvents = "none";
      pane.setAttribute("aria-hidden", "true");
      var renderer = L.svg({ pane: "initiatives-boundaries" });
      fetch(data.boundariesUrl, { headers: { Accept: "application/geo+json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (collection) {
          // EPCI first, the département's outline on top.
          var features = (collection.features || []).slice().sort(function (a, b) {
            return (a.properties.kind === "departement") - (b.properties.kind === "departement");
          });
          L.geoJSON({ type: "FeatureCollection", features: features }, {
            pane: "initiatives-boundaries",
            renderer: renderer,
            interactive: false,
            style: function (feature) {
              var line = lines[feature.properties.kind] || {};
              return {
                color: line.colour || "#1e1e1e", weight: line.weight || 1,
                dashArray: line.dash || null, opacity: 1, fill: false,
                className: "map-boundary map-boundary--" + feature.properties.kind,
              };
            },
          }).addTo(map);
          var svg = pane.querySelector("svg");
          if (svg) { svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false"); }
          el.dataset.boundaries = "drawn";
        })
        .catch(function () { el.dataset.boundaries = "error"; });  // the map works without
    };
  }

  window.InitiativesMapLayers = {
    /** The layers of a map element (null when the page has no legend for it): draws its
     * boundaries at once and returns {marker(latlng, feature), loadDetails(box,
     * properties, popup)}. */
    forMap: function (el, map) {
      var legend = el.id && document.querySelector('[data-map-layers-for="' + el.id + '"]');
      if (!legend) { return null; }
      var layers = new Layers(el, legend, map);
      layers.drawBoundaries();
      return layers;
    },
  };
})();
