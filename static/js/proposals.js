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

  // The map picker: click or tap to place the point, drag the marker to adjust it, or pick a suggested address
  // (when address search is on). The coordinates go to hidden fields; the page says whether a point is set.
  function initPicker(el) {
    const latInput = document.getElementById(el.dataset.latInput);
    const lngInput = document.getElementById(el.dataset.lngInput);
    if (!latInput || !lngInput) return;
    const fieldset = el.closest("fieldset") || el.parentElement;
    const state = fieldset.querySelector(".js-point-state");
    const center = [parseFloat(el.dataset.centerLat), parseFloat(el.dataset.centerLng)];
    const map = L.map(el).setView(center, parseInt(el.dataset.zoom, 10) || 13);
    tileLayer(el).addTo(map);
    let marker = null;

    function describe() {
      if (state) state.textContent = marker ? state.dataset.placedLabel : state.dataset.emptyLabel;
    }

    function write(latlng) {
      latInput.value = latlng.lat.toFixed(6);
      lngInput.value = latlng.lng.toFixed(6);
    }

    function place(lat, lng, pan) {
      const point = [lat, lng];
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = L.marker(point, { draggable: true, autoPan: true }).addTo(map);
        marker.on("dragend", () => write(marker.getLatLng()));
      }
      if (pan) map.setView(point, Math.max(map.getZoom(), 16));
      describe();
    }

    function fromInputs() {
      const lat = parseFloat(latInput.value);
      const lng = parseFloat(lngInput.value);
      if (!Number.isNaN(lat) && !Number.isNaN(lng)) place(lat, lng, true);
    }

    fromInputs();
    describe();
    // Forms that still show the coordinates (the events' form) move the marker when they are typed.
    latInput.addEventListener("change", fromInputs);
    lngInput.addEventListener("change", fromInputs);
    map.on("click", (event) => {
      write(event.latlng);
      place(event.latlng.lat, event.latlng.lng, false);
    });
    const clear = fieldset.querySelector(".js-clear-point");
    if (clear) {
      clear.addEventListener("click", () => {
        latInput.value = "";
        lngInput.value = "";
        if (marker) {
          map.removeLayer(marker);
          marker = null;
        }
        describe();
      });
    }
    if (el.dataset.geocodeUrl) {
      initAddressSearch(el, map, (placeLat, placeLng) => {
        write({ lat: placeLat, lng: placeLng });
        place(placeLat, placeLng, true);
      });
    }
  }

  // Address suggestions from the site's own /geocode/ (which asks the configured service): typed text, a short
  // pause, then a list of buttons; choosing one fills the address and places the marker.
  function initAddressSearch(el, map, choose) {
    const input = document.getElementById(el.dataset.addressInput);
    const list = document.getElementById(el.dataset.suggestions);
    const status = document.getElementById(el.dataset.status);
    if (!input || !list) return;
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-controls", list.id);
    if (status) {
      const described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", described ? `${described} ${status.id}` : status.id);
    }
    let timer = null;
    let controller = null;

    function close() {
      list.hidden = true;
      list.replaceChildren();
    }

    function show(data) {
      list.replaceChildren();
      (data.results || []).forEach((place) => {
        const item = document.createElement("li");
        item.className = "list-group-item p-0";
        const button = document.createElement("button");
        button.type = "button";
        button.className = "btn w-100 text-start list-group-item-action js-address-choice";
        button.textContent = place.label;
        button.addEventListener("click", () => {
          input.value = place.label;
          choose(place.lat, place.lng);
          close();
          if (status) status.textContent = "";
          input.focus();
        });
        item.appendChild(button);
        list.appendChild(item);
      });
      list.hidden = list.children.length === 0;
      if (status) status.textContent = data.message || "";
    }

    function search() {
      const query = input.value.trim();
      if (query.length < 3) {
        close();
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      const centre = map.getCenter();
      const params = new URLSearchParams({ q: query, lat: centre.lat.toFixed(4), lng: centre.lng.toFixed(4) });
      fetch(`${el.dataset.geocodeUrl}?${params}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      })
        .then((response) => response.json())
        .then(show)
        .catch(() => {});
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 350);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") close();
      if (event.key === "ArrowDown" && !list.hidden) {
        event.preventDefault();
        list.querySelector("button").focus();
      }
    });
    list.addEventListener("keydown", (event) => {
      const buttons = Array.from(list.querySelectorAll("button"));
      const index = buttons.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && index < buttons.length - 1) buttons[index + 1].focus();
      else if (event.key === "ArrowUp") (index > 0 ? buttons[index - 1] : input).focus();
      else if (event.key === "Escape") { close(); input.focus(); }
      else return;
      event.preventDefault();
    });
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
    else map.setView([parseFloat(el.dataset.centerLat) || 50.63, parseFloat(el.dataset.centerLng) || 3.06],
      parseInt(el.dataset.zoom, 10) || 13);
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
