// Proposals: map picker, maps of proposals, copy buttons, character counter. Progressive enhancement only.
(function () {
  "use strict";

  const ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

  function tileLayer(el) {
    return L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: ATTRIBUTION });
  }

  function readJSON(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function initPicker(el) {
    const latInput = document.getElementById(el.dataset.latInput);
    const lngInput = document.getElementById(el.dataset.lngInput);
    if (!latInput || !lngInput) return;
    const center = [parseFloat(el.dataset.centerLat), parseFloat(el.dataset.centerLng)];
    const map = L.map(el).setView(center, 14);
    tileLayer(el).addTo(map);
    let marker = null;

    function place(lat, lng, pan) {
      const point = [lat, lng];
      if (marker) marker.setLatLng(point);
      else marker = L.circleMarker(point, { radius: 9, color: "#1d4f91", weight: 3, fillOpacity: 0.5 }).addTo(map);
      if (pan) map.setView(point, Math.max(map.getZoom(), 15));
    }

    function fromInputs(pan) {
      const lat = parseFloat(latInput.value);
      const lng = parseFloat(lngInput.value);
      if (!Number.isNaN(lat) && !Number.isNaN(lng)) place(lat, lng, pan);
    }

    fromInputs(true);
    map.on("click", (event) => {
      latInput.value = event.latlng.lat.toFixed(6);
      lngInput.value = event.latlng.lng.toFixed(6);
      place(event.latlng.lat, event.latlng.lng, false);
    });
    latInput.addEventListener("change", () => fromInputs(true));
    lngInput.addEventListener("change", () => fromInputs(true));
    const clear = el.parentElement.querySelector(".js-clear-point");
    if (clear) {
      clear.addEventListener("click", () => {
        latInput.value = "";
        lngInput.value = "";
        if (marker) {
          map.removeLayer(marker);
          marker = null;
        }
      });
    }
  }

  // Leaflet puts a string tooltip or popup in as HTML: every one is built from a text node instead, so a
  // proposal title is never parsed as markup.
  function textElement(text, tag) {
    const node = document.createElement(tag || "span");
    node.textContent = text;
    return node;
  }

  function initProposalMap(el) {
    const map = L.map(el);
    tileLayer(el).addTo(map);
    if (el.dataset.point) {
      const point = readJSON(el.dataset.point);
      map.setView([point.lat, point.lng], 16);
      L.circleMarker([point.lat, point.lng], { radius: 10, color: "#1d4f91", weight: 3, fillOpacity: 0.5 })
        .addTo(map)
        .bindTooltip(textElement(point.title));
      return;
    }
    const points = readJSON(el.dataset.points) || [];
    const bounds = [];
    points.forEach((point) => {
      const marker = L.circleMarker([point.lat, point.lng], {
        radius: 8,
        color: point.withdrawn ? "#6c757d" : "#1d4f91",
        weight: 2,
        fillOpacity: 0.6,
      }).addTo(map);
      const link = textElement(point.title, "a");
      link.href = point.url;
      marker.bindPopup(link);
      bounds.push([point.lat, point.lng]);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
    else map.setView([50.63, 3.06], 13);
  }

  function initCopy(button) {
    button.addEventListener("click", () => {
      const target = document.getElementById(button.dataset.copyTarget);
      if (!target) return;
      const done = () => {
        const label = button.textContent;
        button.textContent = button.dataset.copiedLabel || label;
        setTimeout(() => { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(target.value).then(done, () => { target.select(); });
      } else {
        target.select();
        try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
      }
    });
  }

  function initCounter(el) {
    const field = document.getElementById(el.dataset.for);
    if (!field || !field.maxLength || field.maxLength < 0) return;
    const update = () => {
      el.textContent = el.dataset.template.replace("%(n)s", field.value.length).replace("%(max)s", field.maxLength);
    };
    field.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".js-only").forEach((el) => el.classList.remove("d-none"));
    // The list's filters fold behind "Filter" on phones only; proposals.css keeps them open on a desktop where
    // the browser styles ::details-content, this does it elsewhere.
    if (!(window.CSS && CSS.supports("selector(::details-content)")) && window.matchMedia("(min-width: 992px)").matches) {
      document.querySelectorAll(".filters-fold").forEach((el) => { el.open = true; });
    }
    if (window.L) {
      document.querySelectorAll(".js-map-picker").forEach(initPicker);
      document.querySelectorAll(".js-proposal-map").forEach(initProposalMap);
    }
    document.querySelectorAll(".js-copy").forEach(initCopy);
    document.querySelectorAll(".js-char-count").forEach(initCounter);
  });
})();
