// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // The language switcher applies on change; its button remains for keyboards and no-JS.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });

  // Repeatable rows (Django formsets): the blank rows rendered by the server work without
  // JavaScript; with it, "add" clones the formset's empty row and counts it in TOTAL_FORMS.
  document.querySelectorAll("[data-formset]").forEach((set) => {
    const prefix = set.dataset.formset;
    const total = set.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const most = set.querySelector(`input[name="${prefix}-MAX_NUM_FORMS"]`);
    const rows = set.querySelector("[data-formset-rows]");
    const template = set.querySelector("template[data-formset-template]");
    const add = set.querySelector("[data-formset-add]");
    if (!total || !rows || !template || !add) return;
    add.hidden = false;
    add.addEventListener("click", () => {
      const index = Number(total.value);
      if (most && index >= Number(most.value)) return;
      rows.insertAdjacentHTML("beforeend", template.innerHTML.replaceAll("__prefix__", String(index)));
      total.value = String(index + 1);
      const row = rows.lastElementChild;
      const number = row.querySelector("[data-row-number]");
      if (number) number.textContent = String(index + 1);
      const first = row.querySelector("select, input:not([type=hidden])");
      if (first) first.focus();
    });
  });
});
