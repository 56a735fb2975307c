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

  // @mention suggestions (htmx fills them in under the text area): a click completes the nickname being typed.
  document.addEventListener("click", (event) => {
    const button = event.target.closest(".js-mention");
    if (!button) return;
    const box = button.closest(".mention-suggestions");
    const textarea = box && box.parentElement.querySelector("textarea");
    if (!textarea) return;
    textarea.value = textarea.value.replace(/@[A-Za-z0-9_]*$/, `@${button.dataset.nickname} `);
    box.replaceChildren();
    textarea.focus();
    updateCounter(textarea);
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
