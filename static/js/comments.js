// Comments: progressive enhancements only (character counter, focus after htmx swaps). Forms work without JS.
(() => {
  if (window.pbComments) return;
  window.pbComments = true;

  const hideNoJsButtons = (root) => {
    root.querySelectorAll(".js-comments-hide").forEach((el) => el.classList.add("d-none"));
  };

  const updateCounter = (textarea) => {
    const max = parseInt(textarea.dataset.maxLength, 10);
    const form = textarea.closest("form");
    const counter = form && form.querySelector(".comment-counter");
    if (!counter || !max) return;
    const left = max - textarea.value.length;
    counter.textContent = `(${left})`;
    counter.classList.toggle("text-danger", left < 0);
  };

  document.addEventListener("input", (event) => {
    if (event.target.matches("textarea[data-max-length]")) updateCounter(event.target);
  });

  document.addEventListener("DOMContentLoaded", () => hideNoJsButtons(document));
  if (document.readyState !== "loading") hideNoJsButtons(document);

  document.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail.target;
    hideNoJsButtons(target);
    // After loading an edit form (or a form with errors), put the keyboard in the text area.
    const textarea = target.querySelector && target.querySelector("textarea[data-max-length]");
    if (textarea && (target.classList.contains("comment-main") || target.querySelector(".is-invalid"))) {
      textarea.focus();
    }
  });
})();
