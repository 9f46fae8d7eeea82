// Names and roles for admin widgets that arrive without them (select2, jQuery UI tabs, the
// rich-text editor, Django's split date and time inputs, modeltranslation's language switch),
// so that screen readers can tell them apart. Runs after those widgets have built their markup.
"use strict";
(function () {
  // Django's JavaScript catalogue is loaded on change forms only.
  const translate = window.gettext || ((text) => text);

  function labelFor(id) {
    const label = id && document.querySelector(`label[for="${CSS.escape(id)}"]`);
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function nameWidgets() {
    document.querySelectorAll("select.select2-hidden-accessible").forEach((select) => {
      const container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) return;
      const name = labelFor(select.id) || select.name;
      container.querySelectorAll(".select2-selection, .select2-search__field").forEach((element) => {
        if (!element.hasAttribute("aria-label")) element.setAttribute("aria-label", name);
      });
      container.querySelectorAll("span.select2-selection__rendered[role='textbox']").forEach((element) => {
        element.removeAttribute("role");
        element.removeAttribute("aria-readonly");
      });
      // The chosen items of a multiple select: a list that also holds a button is no list.
      container.querySelectorAll("ul.select2-selection__rendered").forEach((list) => {
        list.setAttribute("role", "none");
        list.querySelectorAll(":scope > li").forEach((item) => item.setAttribute("role", "none"));
      });
    });
    document.querySelectorAll(".ProseMirror[contenteditable]:not([aria-label])").forEach((editor) => {
      let node = editor.parentElement;
      while (node && !node.querySelector("textarea")) node = node.parentElement;
      const textarea = node && node.querySelector("textarea");
      if (textarea) editor.setAttribute("aria-label", labelFor(textarea.id) || textarea.name);
    });
    document.querySelectorAll(".ui-tabs-tab a.ui-tabs-anchor[href]").forEach((anchor) => {
      // The tab (its list item) is the control; the link inside it would be a second one.
      anchor.removeAttribute("href");
    });
    document.querySelectorAll("input.vDateField:not([aria-label]), input.vTimeField:not([aria-label])").forEach((input) => {
      if (input.labels && input.labels.length) return;
      const field = labelFor(input.id.replace(/_[01]$/, "")) || labelFor(input.id.replace(/_[01]$/, "_0"));
      const part = input.classList.contains("vDateField") ? translate("Date") : translate("Time");
      input.setAttribute("aria-label", field ? `${field} (${part})` : part);
    });
    // Tabular inlines label their columns in the table head, not each input.
    document.querySelectorAll(".tabular table").forEach((table) => {
      const headings = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
      table.querySelectorAll("tbody tr").forEach((row) => {
        [...row.children].forEach((cell, index) => {
          cell.querySelectorAll("input:not([type='hidden']):not([aria-label]), select:not([aria-label])").forEach((input) => {
            if (!input.labels || !input.labels.length) input.setAttribute("aria-label", headings[index] || input.name);
          });
        });
      });
    });
    const languageSwitch = document.getElementById("modeltranslation-main-switch");
    if (languageSwitch && !languageSwitch.hasAttribute("aria-label")) {
      languageSwitch.setAttribute("aria-label", translate("Language"));
    }
  }

  // jQuery UI asks each tab's link whether it points into the page; a tab whose link was taken
  // away above is always local.
  const jQuery = (window.django && window.django.jQuery) || window.jQuery;
  if (jQuery && jQuery.ui && jQuery.ui.tabs) {
    const isLocal = jQuery.ui.tabs.prototype._isLocal;
    jQuery.ui.tabs.prototype._isLocal = function (anchor) {
      return !anchor.hasAttribute("href") || isLocal.call(this, anchor);
    };
  }

  let scheduled = false;
  function scheduleNaming() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      nameWidgets();
    });
  }

  window.addEventListener("load", () => {
    nameWidgets();
    new MutationObserver(scheduleNaming).observe(document.body, { childList: true, subtree: true });
  });
})();

// Buttons that throw work away ask first (no inline handlers: the admin's CSP allows none).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
