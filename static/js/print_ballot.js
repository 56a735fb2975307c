// Print buttons of the paper ballot and the receipt: shown only when JavaScript can print (Ctrl+P works anyway).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".js-print").forEach((button) => {
    button.classList.remove("d-none");
    button.addEventListener("click", () => window.print());
  });
});
