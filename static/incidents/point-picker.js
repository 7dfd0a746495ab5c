/* The report form's map picker. Tapping the map, Enter on the focused map (its centre) or
   "Använd min position" fill the latitude and longitude fields; typed values move the marker.
   The server says which area the point falls in (incidents:point_area). The typed fields stay
   the way to give a point without JavaScript; this script only adds to them. The map shows the
   areas' boundaries from our own server (works offline) over a background map of tiles when the
   server names a source (static/maps/tiles.js says so when there is none or it cannot be
   reached). */
(function () {
  "use strict";
  var box = document.getElementById("point-picker");
  if (!box || !window.L || !window.samverkaMapTiles || !box.dataset.areaUrl) { return; }
  var data = box.dataset;
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  var area = document.getElementById("id_area");
  var status = document.getElementById("point-area");
  var holder = document.getElementById("point-map");
  var locate = document.getElementById("point-locate");
  var map = null;
  var marker = null;
  var asked = 0;

  box.querySelector(".point-tools").hidden = false;
  if ("geolocation" in navigator) { locate.hidden = false; }

  function say(text) { status.textContent = text; }

  function typedPoint() {
    var a = parseFloat(lat.value), b = parseFloat(lon.value);
    if (!isFinite(a) || !isFinite(b) || Math.abs(a) > 90 || Math.abs(b) > 180) { return null; }
    return L.latLng(a, b);
  }

  function lookup() {
    var ask = ++asked;
    var query = new URLSearchParams({
      latitude: lat.value, longitude: lon.value, area: area ? area.value : ""
    });
    fetch(data.areaUrl + "?" + query.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) { if (ask === asked) { status.innerHTML = html; } })
      .catch(function () { if (ask === asked) { say(data.msgLookupFailed); } });
  }

  function show(point, zoom) {
    if (!map) { return; }
    if (marker) {
      marker.setLatLng(point);
    } else {
      marker = L.circleMarker(point, {
        radius: 9, color: "#1b1f24", weight: 3, fillColor: "#ffd166", fillOpacity: 1,
        interactive: false
      }).addTo(map);
    }
    if (zoom) {
      map.setView(point, Math.max(map.getZoom(), zoom));
    } else if (!map.getBounds().contains(point)) {
      map.panTo(point);
    }
  }

  function set(point, zoom) {
    // Six decimals is about 0.1 m; Number() drops trailing zeros.
    lat.value = String(Number(point.lat.toFixed(6)));
    lon.value = String(Number(point.lng.toFixed(6)));
    show(point, zoom);
    lookup();
  }

  function start() {
    if (map) { map.invalidateSize(); return; }
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    map = L.map(holder, {
      scrollWheelZoom: false, zoomControl: false, zoomSnap: 0.5,
      fadeAnimation: !still, zoomAnimation: !still
    });
    L.control.zoom({ zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    window.samverkaMapTiles(map, box, document.getElementById("point-map-notice"));
    map.setView([62.5, 16], 4);  // Sweden, until the boundaries have come
    map.on("click", function (event) { set(event.latlng); });
    holder.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target === holder) {
        event.preventDefault();
        set(map.getCenter());
      }
    });
    fetch(data.boundariesUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var areas = L.geoJSON(collection, {
          style: { color: "#0b4f8a", weight: 2, fill: false }, interactive: false
        }).addTo(map);
        var point = typedPoint();
        if (point) {
          show(point, 14);
        } else if (areas.getBounds().isValid()) {
          map.fitBounds(areas.getBounds().pad(0.02));
        }
      })
      .catch(function () { /* no boundaries drawn: tapping still works */ });
  }

  function typed() {
    var point = typedPoint();
    if (point) {
      show(point);
      lookup();
    } else if (!lat.value && !lon.value) {
      if (marker) { marker.remove(); marker = null; }
      say("");
    }
  }

  lat.addEventListener("change", typed);
  lon.addEventListener("change", typed);
  if (area) { area.addEventListener("change", function () { if (typedPoint()) { lookup(); } }); }
  locate.addEventListener("click", function () {
    say(data.msgLocating);
    navigator.geolocation.getCurrentPosition(function (position) {
      start();
      set(L.latLng(position.coords.latitude, position.coords.longitude), 16);
    }, function (error) {
      say(error.code === error.PERMISSION_DENIED ? data.msgDenied : data.msgFailed);
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
  // The map is drawn when the section is first opened: a closed <details> has no size.
  box.addEventListener("toggle", function () { if (box.open) { start(); } });
  if (box.open) {
    start();
    if (typedPoint()) { lookup(); }
  }
})();
