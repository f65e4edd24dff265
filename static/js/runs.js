// The admin's list of aggregation runs follows the runs that are queued or running: each such
// row asks its run's status (a small JSON answer, scoped like the list) every few seconds and
// rewrites its cells in place, so the list keeps its ticked rows, filters and scroll. Without
// this file the list reloads itself instead (templates/admin/reporting/aggregationrun/).
const EVERY_MS = 2000;
// Each answer renews the session, as any request does: a run stuck in the queue must not keep
// an unattended tab signed in, so a row stops following after ten minutes (a reload resumes).
const FOR_MS = 10 * 60 * 1000;

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-run-status]").forEach((marker) => {
    const row = marker.closest("tr");
    if (!row) return;
    const until = Date.now() + FOR_MS;
    const follow = () => {
      fetch(marker.dataset.runStatus, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then((answer) => (answer.ok ? answer.json() : Promise.reject(answer.status)))
        .then((run) => {
          for (const [name, text] of Object.entries(run.cells)) {
            const cell = row.querySelector(`.field-${name}`);
            if (!cell) continue;
            // The status keeps its marker, which screen readers announce when it changes.
            (cell.contains(marker) ? marker : cell).textContent = text;
          }
          if (run.active && Date.now() < until) setTimeout(follow, EVERY_MS);
        })
        .catch((status) => {
          // Gone from the user's scope (404) or refused (403): stop; otherwise try again later.
          if (status !== 404 && status !== 403 && Date.now() < until) {
            setTimeout(follow, EVERY_MS * 5);
          }
        });
    };
    setTimeout(follow, EVERY_MS);
  });
});
