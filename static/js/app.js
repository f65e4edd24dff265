// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // The language switcher applies on change; its button remains for keyboards and no-JS.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });

  // Disclosures that fold on a phone only (the header's menu, the case list's filters): the
  // button says whether its region is open (aria-expanded, as the server set it); the CSS
  // hides a folded region at phone width only. Without this file the regions stay open.
  document.querySelectorAll("button[data-disclosure]").forEach((button) => {
    const region = document.getElementById(button.getAttribute("aria-controls"));
    if (!region) return;
    const show = (open) => {
      button.setAttribute("aria-expanded", String(open));
      region.classList.toggle("is-folded", !open);
    };
    show(button.getAttribute("aria-expanded") === "true");
    button.hidden = false;
    button.addEventListener("click", () => show(button.getAttribute("aria-expanded") !== "true"));
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

// A form is never lost. Before the session ends (30 idle minutes) a banner warns and offers
// to stay signed in; and a case form's fields are kept in this browser while it is filled,
// so a draft survives a timed-out session. Identity fields are never kept: they are
// skipped by name, and the draft is removed once the form is sent or its user signs out.
const IDENTITY = /(^|-)(given_names|family_name|date_of_birth)$/;
const NOT_KEPT = /^(csrfmiddlewaretoken|submission_key|version)$/;

document.addEventListener("DOMContentLoaded", () => {
  const body = document.body;
  const idle = Number(body.dataset.sessionSeconds || 0);
  const banner = document.getElementById("session-warning");
  if (idle && banner) {
    let timer;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { banner.hidden = false; }, Math.max(idle - 120, 30) * 1000);
    };
    banner.querySelector("button").addEventListener("click", () => {
      fetch(body.dataset.sessionPing, { credentials: "same-origin" }).then(() => {
        banner.hidden = true;
        arm();
      });
    });
    arm();
  }

  // Drafts are kept per user (the next person at this browser finds none of them) and all
  // removed at sign-out; the sign-out answer also asks the browser to clear site storage.
  const dropDrafts = () => Object.keys(localStorage)
    .filter((key) => key.startsWith("draft:"))
    .forEach((key) => localStorage.removeItem(key));
  document.querySelectorAll("form[data-sign-out]").forEach((form) => {
    form.addEventListener("submit", dropDrafts);
  });
  const owner = body.dataset.draftOwner;
  document.querySelectorAll("form[data-keep-draft]").forEach((form) => {
    if (!owner) return;
    const key = `draft:${owner}:${form.dataset.keepDraft}`;
    const kept = (field) => field.name && !IDENTITY.test(field.name) && !NOT_KEPT.test(field.name)
      && field.type !== "file" && field.type !== "password";
    const saved = JSON.parse(localStorage.getItem(key) || "null");
    if (saved && form.dataset.keepDraftRestore === "true") {
      for (const field of form.elements) {
        if (!kept(field) || !(field.name in saved)) continue;
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = saved[field.name].includes(field.value);
        } else {
          field.value = saved[field.name][0];
        }
      }
      const notice = form.querySelector("[data-draft-restored]");
      if (notice) notice.hidden = false;
    }
    form.addEventListener("input", () => {
      const values = {};
      for (const field of form.elements) {
        if (!kept(field)) continue;
        if ((field.type === "checkbox" || field.type === "radio") && !field.checked) continue;
        (values[field.name] = values[field.name] || []).push(field.value);
      }
      localStorage.setItem(key, JSON.stringify(values));
    });
    form.addEventListener("submit", () => localStorage.removeItem(key));
  });
});

// A form that failed opens on its error summary (templates/_error_summary.html): focused, so
// that a screen reader reads it first. Each link moves focus to its field, its label in view.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.querySelectorAll('a[href^="#"]').forEach((link) => {
    link.addEventListener("click", (event) => {
      const field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      const label = document.querySelector(`label[for="${field.id}"]`) || field.closest("fieldset");
      (label || field).scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  });
});
