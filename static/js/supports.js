// Supports: keeps "N supports left" and the page's Support buttons in step after an htmx support or withdrawal.
// The swapped box carries the new count (data-supports-left) and its sentence; when none is left, every other
// button is disabled and shows why; a withdrawal enables them again. The server checks every support anyway.
(function () {
  "use strict";

  function sync(box) {
    const counter = document.getElementById("supports-left");
    const left = box.dataset.supportsLeft;
    if (left === undefined || left === "") return;
    const text = box.querySelector(".js-supports-left-text");
    if (counter) {
      counter.dataset.left = left;
      if (text) counter.textContent = text.textContent;
    }
    const none = left === "0";
    document.querySelectorAll(".js-support-button").forEach((button) => {
      const reason = document.getElementById(button.getAttribute("aria-describedby"));
      if (!reason || !reason.textContent.trim()) return; // no per-participant limit
      button.disabled = none;
      reason.hidden = !none;
    });
  }

  document.addEventListener("htmx:afterSettle", (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const box = target.matches("[data-supports-left]") ? target : target.querySelector("[data-supports-left]");
    if (box) sync(box);
  });
})();
