// Events: the map of the agenda and the map of one event. Progressive enhancement only; titles are text nodes.
(function () {
  "use strict";

  const ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

  function readJSON(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function tileLayer(el) {
    return L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: ATTRIBUTION });
  }

  function popup(point) {
    const box = document.createElement("div");
    const link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.title;
    box.appendChild(link);
    if (point.place) {
      const place = document.createElement("div");
      place.textContent = point.place;
      box.appendChild(place);
    }
    return box;
  }

  function initAgendaMap(el) {
    const points = readJSON(el.dataset.points) || [];
    const map = L.map(el);
    tileLayer(el).addTo(map);
    const bounds = [];
    points.forEach((point) => {
      L.circleMarker([point.lat, point.lng], { radius: 9, color: "#1d4f91", weight: 2, fillOpacity: 0.6 })
        .addTo(map)
        .bindPopup(popup(point));
      bounds.push([point.lat, point.lng]);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
    else map.setView([50.63, 3.06], 13);
  }

  function initEventMap(el) {
    const point = readJSON(el.dataset.point);
    if (!point) return;
    const map = L.map(el).setView([point.lat, point.lng], 16);
    tileLayer(el).addTo(map);
    const label = document.createElement("span");
    label.textContent = point.title;
    L.circleMarker([point.lat, point.lng], { radius: 10, color: "#1d4f91", weight: 3, fillOpacity: 0.5 })
      .addTo(map)
      .bindTooltip(label);
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!window.L) return;
    document.querySelectorAll(".js-events-map").forEach(initAgendaMap);
    document.querySelectorAll(".js-event-map").forEach(initEventMap);
  });
})();
