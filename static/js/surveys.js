// Surveys: shows a conditional question only when the answer it depends on is chosen, and hides it otherwise
// (its inputs are then disabled, so nothing hidden is sent). The server applies the same conditions anyway: without
// this script every question is shown and the answers of questions that do not apply are ignored.
(function () {
  "use strict";

  function chosen(form, field, choice) {
    return Array.from(form.querySelectorAll('input[name="' + field + '"]')).some(
      (input) => input.checked && input.value === choice && !input.disabled
    );
  }

  function update(form) {
    // Conditions point to earlier questions only, so one pass in document order settles chains.
    form.querySelectorAll("[data-show-if-field]").forEach((question) => {
      const shown = chosen(form, question.dataset.showIfField, question.dataset.showIfChoice);
      question.classList.toggle("is-hidden", !shown);
      question.hidden = !shown;
      question.querySelectorAll("input, select, textarea").forEach((input) => {
        input.disabled = !shown;
      });
    });
  }

  document.querySelectorAll(".js-survey-form").forEach((form) => {
    form.addEventListener("change", () => update(form));
    update(form);
  });
})();
