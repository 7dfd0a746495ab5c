/* The maps' background tiles (samverka/core/maps.py). The holder's data attributes name the tile
   source and its credit; without one, or when its tiles cannot be fetched (offline, a closed
   network), the notice by the map says that the map shows the areas' boundaries only. Used by
   static/situation/map.js and static/incidents/point-picker.js. */
(function () {
  "use strict";
  window.samverkaMapTiles = function (map, holder, notice) {
    var d = holder.dataset;
    function say(text) {
      if (notice && text) { notice.textContent = text; notice.hidden = false; }
    }
    if (!d.tilesUrl) { say(notice && notice.dataset.msgOff); return null; }
    // The credit as text (a link when the source names its licence page): never markup from
    // the settings.
    var credit = document.createElement(d.tilesAttributionUrl ? "a" : "span");
    credit.textContent = d.tilesAttribution || "";
    if (d.tilesAttributionUrl) { credit.href = d.tilesAttributionUrl; }
    // The pages send no Referer to other sites (Referrer-Policy: same-origin), but tile servers
    // such as OpenStreetMap's refuse requests without one: the tiles send our origin only.
    var layer = L.tileLayer(d.tilesUrl, {
      attribution: credit.outerHTML, maxZoom: parseInt(d.tilesMaxZoom, 10) || 18,
      referrerPolicy: "strict-origin"
    });
    var loaded = 0, failed = 0;
    layer.on("tileload", function () { loaded += 1; });
    layer.on("tileerror", function () { failed += 1; });
    // "load" comes when every visible tile has loaded or failed: none loaded means the source
    // cannot be reached (a single missing tile at the edge of the world is no reason).
    layer.on("load", function () {
      if (failed && !loaded && map.hasLayer(layer)) {
        map.removeLayer(layer);
        say(notice && notice.dataset.msgFailed);
      }
    });
    layer.addTo(map);
    return layer;
  };
})();
