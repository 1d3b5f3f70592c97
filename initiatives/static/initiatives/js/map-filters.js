/* The filters of the map page (/carte/), on top of a plain GET form that works alone.
 *
 * Loaded right after the filter panel (not deferred), so that the "Filters" disclosure is
 * set before the map below is painted. What it adds:
 *
 * - On a narrow screen (below 60em) the panel is collapsed behind the "Filtres" button
 *   (aria-expanded, aria-controls; WCAG 4.1.2), opened at once when the filters hold an
 *   error. On a wide screen the panel stays beside the map and the button is hidden.
 * - Filtering without reloading: any change of a control (a theme toggle, a select, a
 *   value picked in a datalist, a text field left or submitted with Enter) serialises
 *   the whole form (FormData, so fields added to the form later just work), fetches the
 *   list fragment of the same page route (?partial=liste), swaps the errors, the fields
 *   and the results in, pushes the canonical URL (history.pushState), announces the
 *   count in the polite status line above the map; meanwhile the map loads the feed of
 *   the same query (the "initiatives:load-feed" event of map.js), or, when the server
 *   refuses some filters, the feed of the valid ones named by the list. A later change
 *   supersedes a request still running; a fragment that fails reloads the page at the
 *   filters' URL (the form's own GET).
 * - Back and Forward (popstate) fetch the fragment of that URL and show its fields and
 *   results: what is shown always comes from the server for the URL in the address bar.
 * - Chosen tags become chips with a "remove" button; a tag typed then picked in the
 *   list (or typed and submitted) becomes a chip.
 *
 * When the fields and results are in place the form dispatches a bubbling
 * "initiatives:filters-applied" CustomEvent whose detail is {query, count}.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-map-filters]");
  if (!form || !window.fetch || !window.history || !window.URLSearchParams || !window.DOMParser) { return; }
  var panel = document.getElementById("filtres-panneau");
  var toggle = document.querySelector(".filters-toggle");
  var wide = window.matchMedia("(min-width: 60em)");
  var pageUrl = form.getAttribute("action").split("#")[0].split("?")[0];

  /* ---- The disclosure of the panel on narrow screens ---- */

  function setExpanded(expanded) {
    toggle.setAttribute("aria-expanded", expanded ? "true" : "false");
    panel.hidden = !expanded;
  }

  function layout() {
    if (wide.matches) {
      toggle.hidden = true;
      panel.hidden = false;
    } else {
      toggle.hidden = false;
      setExpanded(toggle.dataset.opened === "true" || !!document.getElementById("filtres-erreurs"));
    }
  }

  if (toggle && panel) {
    toggle.addEventListener("click", function () {
      var expanded = toggle.getAttribute("aria-expanded") !== "true";
      toggle.dataset.opened = expanded ? "true" : "false";
      setExpanded(expanded);
      if (expanded) {
        var first = panel.querySelector("input, select, button");
        if (first) { first.focus(); }
      }
    });
    if (wide.addEventListener) { wide.addEventListener("change", layout); }
    layout();
  }

  /* ---- Serialising, counting ---- */

  /** Whether a field with data-only-with="a b" has one of the fields it names filled in
   * ``data`` (FormData): "Près de chez moi"'s radius means nothing without a place. */
  function applies(name, data) {
    var field = form.elements[name];
    var needs = field && field.dataset ? field.dataset.onlyWith : "";
    if (!needs) { return true; }
    return needs.split(/\s+/).some(function (other) {
      var value = data.get(other);
      return typeof value === "string" && value.trim() !== "";
    });
  }

  /** The form's query string: every non-empty value that applies, in the form's order. */
  function serialize() {
    var params = new URLSearchParams();
    var data = new FormData(form);
    data.forEach(function (value, name) {
      if (typeof value === "string" && value.trim() !== "" && applies(name, data)) {
        params.append(name, value.trim());
      }
    });
    return params.toString();
  }

  function withoutFragment(search) {
    var params = new URLSearchParams(search);
    params.delete("partial");
    return params.toString();
  }

  function showCount(query) {
    var out = toggle && toggle.querySelector("[data-filter-count]");
    if (!out) { return; }
    var names = {};
    new URLSearchParams(query).forEach(function (value, name) { if (name !== "page") { names[name] = true; } });
    var count = Object.keys(names).length;
    out.textContent = count ? " (" + count + ")" : "";
  }

  /* ---- Chips of the chosen tags ---- */

  function folded(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function chipList() { return document.getElementById("etiquettes-choisies"); }
  function tagInput() { return form.querySelector("[data-tag-field] input[list]"); }

  function makeChip(value, name) {
    var item = document.createElement("li");
    item.className = "chip";
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "etiquette";
    hidden.value = value;
    var text = document.createElement("span");
    text.textContent = name;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "chip__remove";
    remove.setAttribute("aria-label", (form.dataset.removeLabel || "{name}").replace("{name}", name));
    remove.setAttribute("data-remove-tag", "");
    remove.textContent = "×";
    item.appendChild(hidden);
    item.appendChild(text);
    item.appendChild(remove);
    return item;
  }

  /** Server-rendered chips (a checked checkbox and its label) become removable chips. */
  function enhanceChips() {
    var list = chipList();
    if (!list) { return; }
    list.querySelectorAll("li.chip").forEach(function (item) {
      var box = item.querySelector("input[type=checkbox]");
      var label = item.querySelector("label");
      if (!box || !label) { return; }
      item.replaceWith(makeChip(box.value, label.textContent));
    });
  }

  /** Move the tag typed in the tag input into a chip; true when there was one. */
  function takeTypedTag() {
    var input = tagInput();
    var list = chipList();
    if (!input || !list || !input.value.trim()) { return false; }
    list.appendChild(makeChip(input.value.trim(), input.value.trim()));
    list.hidden = false;
    input.value = "";
    return true;
  }

  function inDatalist(input) {
    var list = input.list;
    if (!list) { return false; }
    var wanted = folded(input.value);
    return Array.prototype.some.call(list.options, function (option) { return folded(option.value) === wanted; });
  }

  /* ---- Fetching and swapping ---- */

  var current = 0;
  var controller = null;
  var shownQuery = withoutFragment(window.location.search);

  function mapElement() { return document.getElementById(form.dataset.mapId || "carte-actions"); }
  var feedBase = form.dataset.feedUrl;

  function swap(doc, id) {
    var fresh = doc.getElementById(id);
    var old = document.getElementById(id);
    if (fresh && old) { old.replaceWith(document.importNode(fresh, true)); }
  }

  /**
   * Show the results of ``query`` (str, no "?"). ``push``: add a history entry;
   * ``restore``: always take the server's fields (Back/Forward), even when the person
   * changed the form meanwhile.
   */
  function apply(query, push, restore) {
    var mine = ++current;
    if (controller) { controller.abort(); }
    controller = typeof AbortController === "function" ? new AbortController() : null;
    var url = pageUrl + "?" + (query ? query + "&" : "") + "partial=liste";
    form.setAttribute("aria-busy", "true");
    // The feed of the same filters, fetched alongside the list (the feed reads the same
    // filter set); should they be refused, the list's answer names the valid ones.
    var map = mapElement();
    if (map) {
      map.dispatchEvent(new CustomEvent("initiatives:load-feed", {
        detail: { url: feedBase + (query ? "?" + query : ""), quietBadRequest: true },
      }));
    }
    return fetch(url, { headers: { Accept: "text/html" }, signal: controller ? controller.signal : undefined })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (html) {
        if (mine !== current) { return; }
        var doc = new DOMParser().parseFromString("<!DOCTYPE html><body>" + html, "text/html");
        var results = doc.getElementById("resultats");
        if (!results) { throw new Error("no results in the fragment"); }
        var focused = document.activeElement;
        var focusId = focused && focused.id && form.contains(focused) ? focused.id : null;
        if (restore || serialize() === query || !query) {
          swap(doc, "filtres-champs");
          enhanceChips();
        }
        swap(doc, "filtres-erreurs-zone");
        swap(doc, "resultats");
        if (focusId && !document.getElementById(focusId)) { focusId = tagInput() && tagInput().id; }
        var errors = results.dataset.hasErrors === "true";
        // The title says the filters hold errors, as the server's page does (RGAA 8.6).
        var prefix = form.dataset.errorTitlePrefix;
        if (prefix) {
          var bare = document.title.indexOf(prefix) === 0 ? document.title.slice(prefix.length) : document.title;
          document.title = (errors ? prefix : "") + bare;
        }
        var canonical = errors ? query : (results.dataset.filterQuery || "");
        shownQuery = canonical;
        var target = pageUrl + (canonical ? "?" + canonical : "");
        if (push && target !== window.location.pathname + window.location.search) {
          window.history.pushState({ mapFilters: canonical }, "", target);
        } else if (!push && !restore) {
          window.history.replaceState({ mapFilters: canonical }, "", target);
        }
        var count = document.getElementById("nombre-actions");
        var status = document.getElementById("compte-carte");
        if (count && status) { status.textContent = count.textContent; }
        var download = document.querySelector("[data-geojson-download]");
        if (download) { download.href = results.dataset.geojsonUrl; }
        showCount(canonical);
        if (errors && toggle && !wide.matches) { toggle.dataset.opened = "true"; setExpanded(true); }
        form.removeAttribute("aria-busy");
        if (errors && map) {
          map.dispatchEvent(new CustomEvent("initiatives:load-feed", { detail: { url: results.dataset.geojsonUrl } }));
        } else if (map) {
          map.dataset.geojsonUrl = results.dataset.geojsonUrl;  // the same feed, canonical URL
        }
        form.dispatchEvent(new CustomEvent("initiatives:filters-applied", {
          bubbles: true, detail: { query: canonical, count: count ? count.textContent : "" },
        }));
        // Focus back where the person was, once the fields' scripts (near-me.js) have
        // shown their controls again: a hidden button cannot take the focus, and focus
        // left on the page's body sends a keyboard user back to the top (RGAA 12.8).
        if (focusId && document.activeElement !== document.getElementById(focusId)) {
          document.getElementById(focusId).focus();
        }
      })
      .catch(function (error) {
        if (mine !== current || (error && error.name === "AbortError")) { return; }
        // The form's own GET does the same without this script.
        window.location.assign(pageUrl + (query ? "?" + query : ""));
      });
  }

  function applyForm() { return apply(serialize(), true, false); }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    takeTypedTag();
    applyForm();
  });

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-tag-field] input[list]")) {
      // A tag typed and left: a chip only for a tag of the list (Enter submits any text).
      if (inDatalist(target)) { takeTypedTag(); applyForm(); }
      return;
    }
    if (target.name) { applyForm(); }
  });

  // A value picked in a datalist fires "input" without inputType (or as a replacement).
  form.addEventListener("input", function (event) {
    var target = event.target;
    if (!target.list || (event.inputType && event.inputType !== "insertReplacementText")) { return; }
    if (!inDatalist(target)) { return; }
    if (target.matches("[data-tag-field] input[list]")) { takeTypedTag(); }
    applyForm();
  });

  form.addEventListener("click", function (event) {
    var remove = event.target.closest("[data-remove-tag]");
    if (remove) {
      var item = remove.closest("li");
      var list = chipList();
      item.remove();
      if (list && !list.children.length) { list.hidden = true; }
      var input = tagInput();
      if (input) { input.focus(); }
      applyForm();
      return;
    }
    var clear = event.target.closest("[data-clear-filters]");
    if (clear) {
      event.preventDefault();
      apply("", true, true).then(function () {
        var first = form.querySelector("input, select");
        if (first) { first.focus(); }
      });
    }
  });

  window.addEventListener("popstate", function () {
    var query = withoutFragment(window.location.search);
    if (query === shownQuery) { return; }  // e.g. a jump to #liste-actions and back
    apply(query, false, true);
  });

  window.history.replaceState({ mapFilters: shownQuery }, "");
  enhanceChips();
  showCount(shownQuery);
})();
