// The side-by-side page's "Use this": a remembered translation into its row's field. Without
// JavaScript the buttons stay hidden and the suggestion's text can be selected and copied.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".segment-aids__use")) {
    const field = document.getElementById(button.dataset.target);
    if (!field) continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      field.focus();
      field.select();
      // Typed as if by the translator, so the browser's undo brings back what the field held.
      if (!document.execCommand("insertText", false, button.dataset.text)) {
        field.value = button.dataset.text;
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  }
});
