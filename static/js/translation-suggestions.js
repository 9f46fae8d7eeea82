// "Use this" beside a suggestion on the side-by-side translation page (a machine translation, a
// remembered one): puts the suggested text into its field, for the translator to check and save.
"use strict";
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-suggestion-for]");
  if (!button) return;
  const field = document.getElementById(button.dataset.suggestionFor);
  if (!field) return;
  field.value = button.dataset.suggestion;
  field.dispatchEvent(new Event("input", { bubbles: true }));
  field.dispatchEvent(new Event("change", { bubbles: true }));
  field.focus();
});
