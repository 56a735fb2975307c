// The vote's basket (progressive enhancement): htmx replaces the pressed button's box; keep the keyboard focus
// there, on the refusal when there is one (screen readers read it), else on the box's first button.
(() => {
  let pending = null;
  document.addEventListener("htmx:beforeRequest", (event) => {
    const target = event.detail.target;
    const pressed = document.activeElement;
    pending = target && target.id && target.contains(pressed) ? target.id : null;
  });
  document.addEventListener("htmx:afterSettle", () => {
    if (!pending) return;
    const box = document.getElementById(pending);
    pending = null;
    if (!box) return;
    const refusal = box.querySelector("[role=alert]");
    if (refusal) {
      refusal.setAttribute("tabindex", "-1");
      refusal.focus();
      return;
    }
    const button = box.querySelector("button");
    if (button) button.focus();
  });
})();
