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
});
