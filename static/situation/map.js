/* The lägesbild's map: Leaflet (vendored), the areas' boundaries from our own data (works
   offline) over a background map of tiles when the server names a source (static/maps/tiles.js
   says so when there is none or it cannot be reached). Cells come aggregated from the server;
   points only when there are few; each hot spot is marked at its centre with its name. Without
   JavaScript the static SVG map stays. */
(function () {
  var holder = document.getElementById("situation-map");
  var source = document.getElementById("situation-map-data");
  if (!holder || !source || !window.L || !window.samverkaMapTiles) { return; }
  var data = JSON.parse(source.textContent);
  // The words in the page's language, from the holder's data attributes (the template
  // translates them; a static file cannot).
  var label = holder.dataset;
  holder.hidden = false;
  var fallback = document.getElementById("static-map");
  if (fallback) { fallback.hidden = true; }
  // Who asks for less motion gets popups and zooms without fading or gliding (WCAG 2.3.3).
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var map = L.map(holder, {
    scrollWheelZoom: false, zoomSnap: 0.5, fadeAnimation: !still, zoomAnimation: !still
  });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  var overlays = {};
  window.samverkaMapTiles(map, holder, document.getElementById("situation-map-notice"));
  var bounds = L.latLngBounds([]);
  var areas = L.geoJSON(data.areas, {
    style: { color: "#0b4f8a", weight: 2, fill: false },
    onEachFeature: function (feature, layer) { layer.bindTooltip(feature.properties.name); }
  }).addTo(map);
  if (data.areas.features.length) { bounds.extend(areas.getBounds()); }
  data.centroids.forEach(function (c) {
    L.circleMarker([c[0], c[1]], { radius: 3, color: "#0b4f8a", weight: 2 })
      .bindTooltip(c[2], { permanent: true, direction: "right", className: "area-label" })
      .addTo(areas);
    bounds.extend([c[0], c[1]]);
  });
  overlays[label.labelAreas] = areas;
  function cls(n) { return Math.min(4, Math.max(0, Math.floor(Math.log2(Math.max(n, 1))))); }
  function box(r, c) {
    return [[r * data.grid.dlat, c * data.grid.dlon], [(r + 1) * data.grid.dlat, (c + 1) * data.grid.dlon]];
  }
  var cells = L.layerGroup();
  data.cells.forEach(function (cell) {
    var b = box(cell[0], cell[1]);
    L.rectangle(b, { stroke: false, fillColor: data.colours[cls(cell[2])], fillOpacity: 0.75 })
      .bindTooltip(cell[2] + " " + label.labelEvents).addTo(cells);
    bounds.extend(b);
  });
  cells.addTo(map);
  overlays[label.labelCells] = cells;
  var hot = L.layerGroup();
  data.hotspots.forEach(function (h) {
    L.rectangle(box(h[0], h[1]), { color: "#1b1f24", weight: 2, dashArray: "4 2", fill: false })
      .bindTooltip(label.labelHotspot + " (Gi* z = " + h[2] + ", " + h[3] + " %)").addTo(hot);
  });
  // Each hot spot at its centre, named (a place from the reports, a known place near it or its
  // sub-area). Names are typed by people: the popup is built as text, never as markup.
  function line(tag, text) {
    var el = document.createElement(tag);
    el.textContent = text;
    return el;
  }
  (data.clusters || []).forEach(function (h) {
    var popup = document.createElement("div");
    popup.appendChild(line("strong", h.name));
    popup.appendChild(line("div", h.events + " " + label.labelEvents + ", Gi* z = " +
      String(h.z).replace(".", ",") + ", " + h.confidence + " % " + label.labelConfidence));
    popup.appendChild(line("div", h.coordinates));
    L.circleMarker([h.lat, h.lon], { radius: 8, color: "#1b1f24", weight: 3, fillColor: "#ffd166", fillOpacity: 1 })
      .bindTooltip(line("span", label.labelHotspot + ": " + h.name))
      .bindPopup(popup).addTo(hot);
  });
  hot.addTo(map);
  overlays[label.labelHotspots] = hot;
  if (data.points) {
    var points = L.layerGroup();
    data.points.forEach(function (p) {
      L.circleMarker([p[0], p[1]], { radius: 4, color: "#1b1f24", weight: 1, fillColor: "#ffffff", fillOpacity: 1 })
        .bindTooltip(p[2] + (p[3] > 1 ? " (" + p[3] + ")" : "")).addTo(points);
    });
    overlays[label.labelPoints] = points;
  }
  L.control.layers(null, overlays, { collapsed: false }).addTo(map);
  if (bounds.isValid()) { map.fitBounds(bounds.pad(0.05)); } else { map.setView([data.grid.lat0, 15], 5); }
})();
