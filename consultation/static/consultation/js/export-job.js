/* Progress of a background export: polls status.json every 2 s, updates the progress
 * bar and its polite live region, and reloads the page when the file is ready (or the
 * export failed) so that the download link appears. Without JavaScript the page keeps
 * its "Update" link. */
(function () {
  "use strict";
  var box = document.getElementById("export-job");
  if (!box) { return; }
  var bar = document.getElementById("export-progress");
  var text = document.getElementById("export-progress-text");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.status === "done" || data.status === "failed") {
          window.location.reload();
          return;
        }
        bar.value = data.percent;
        text.textContent = data.status_label + " : " + data.percent + " %";
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
}());
