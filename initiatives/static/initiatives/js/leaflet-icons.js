/*
 * Gives Leaflet the URLs of its default marker images, read from this script's data
 * attributes (rendered by the server from the static files storage, see
 * initiatives/leaflet.py): data-leaflet-icon-url, data-leaflet-icon-retina-url,
 * data-leaflet-shadow-url.
 *
 * Leaflet 1.9 otherwise guesses the images' folder from leaflet.css, cutting the url() of
 * .leaflet-default-icon-path before "marker-icon.png"; once collectstatic has renamed the
 * images (marker-icon.<hash>.png) the guess fails and every marker asks for
 * "marker-icon.png" next to the page, a broken image. With imagePath "" Leaflet uses the
 * URLs as given. Load it right after leaflet.js, before any script that draws a marker.
 */
(function () {
  "use strict";

  var script = document.currentScript || document.querySelector("script[data-leaflet-icon-url]");
  if (!window.L || !script || !script.dataset.leafletIconUrl) {
    return;
  }
  var data = script.dataset;
  L.Icon.Default.imagePath = "";
  L.Icon.Default.mergeOptions({
    iconUrl: data.leafletIconUrl,
    iconRetinaUrl: data.leafletIconRetinaUrl || data.leafletIconUrl,
    shadowUrl: data.leafletShadowUrl,
  });
})();
