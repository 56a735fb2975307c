// pbplatform: progressive enhancements only; every form works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // The language switcher submits on change when JavaScript is on.
  document.querySelectorAll(".js-autosubmit").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  document.querySelectorAll(".js-hide-when-autosubmit").forEach((el) => el.classList.add("d-none"));
  // Colours set by agents are applied through the CSSOM, so the CSP needs no inline styles.
  document.querySelectorAll("[data-color]").forEach((el) => {
    el.style.setProperty("--chip-color", el.dataset.color);
  });
  scrollableTablesTakeFocus();
  focusFirstFieldToCorrect();
  window.addEventListener("resize", scrollableTablesTakeFocus);
  document.body.addEventListener("htmx:afterSettle", scrollableTablesTakeFocus);
});

// A table wider than the screen (a phone) scrolls inside its box: a keyboard user must be able to reach the box to
// scroll it (WCAG 2.1.1). Only boxes that do overflow become a tab stop, named by the table's caption or the
// nearest heading before it; a box that no longer overflows gives the tab stop back.
function scrollableTablesTakeFocus() {
  document.querySelectorAll(".table-responsive:not([tabindex]), .table-responsive[data-scroll-focus]").forEach((box) => {
    const overflows = box.scrollWidth > box.clientWidth + 1;
    if (overflows && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.dataset.scrollFocus = "";
      if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
        box.setAttribute("aria-label", tableName(box));
        box.dataset.scrollFocus = "named";
      }
    } else if (!overflows && box.hasAttribute("data-scroll-focus")) {
      const added = box.dataset.scrollFocus === "named" ? ["aria-label"] : [];
      ["tabindex", "role", "data-scroll-focus", ...added].forEach((name) => box.removeAttribute(name));
    }
  });
}

function tableName(box) {
  const caption = box.querySelector("caption");
  if (caption && caption.textContent.trim()) {
    return caption.textContent.replace(/\s+/g, " ").trim();
  }
  const headings = Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6"));
  const before = headings.filter((h) => h.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING);
  const heading = before[before.length - 1];
  return heading ? heading.textContent.replace(/\s+/g, " ").trim() : document.title;
}

// After a refused form the page opens at its top: the first field to correct takes the focus, which brings it into
// view on a phone and lets a screen reader read its message (aria-describedby) at once. A page that chose its own
// focus (autofocus) keeps it.
function focusFirstFieldToCorrect() {
  if (document.querySelector("[autofocus]")) {
    return;
  }
  const field = Array.from(document.querySelectorAll("main .is-invalid")).find(
    (el) => el.offsetParent !== null && typeof el.focus === "function" && !el.disabled,
  );
  if (field) {
    field.focus();
  }
}
