// The releases page follows each release being audited: it asks the release's status (a small
// JSON answer, for publishers only) every two seconds and rewrites the progress in place. Once
// the audit is over the page is loaded again, to show the release with its certificate.
// Without this file the page offers a link to load it again instead.
const EVERY_MS = 2000;
// Each answer renews the session, as any request does: an audit left in the queue must not
// keep an unattended tab signed in, so the page stops following after ten minutes.
const FOR_MS = 10 * 60 * 1000;

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-release-status]").forEach((block) => {
    const until = Date.now() + FOR_MS;
    const show = (name, text) => {
      const element = block.querySelector(`[data-audit="${name}"]`);
      if (element) element.textContent = text;
    };
    const follow = () => {
      fetch(block.dataset.releaseStatus, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then((answer) => (answer.ok ? answer.json() : Promise.reject(answer.status)))
        .then((audit) => {
          if (!audit.active) {
            window.location.assign(block.dataset.releasesPage + "#release-" + audit.number);
            window.location.reload();
            return;
          }
          const bar = block.querySelector('progress[data-audit="percent"]');
          if (bar) bar.value = audit.percent;
          show("percent-text", `${audit.percent} %`);
          show("tables", audit.texts.tables);
          show("programs", audit.texts.programs);
          show("time_left", audit.texts.time_left);
          if (Date.now() < until) setTimeout(follow, EVERY_MS);
        })
        .catch((status) => {
          if (status !== 404 && status !== 403 && Date.now() < until) {
            setTimeout(follow, EVERY_MS * 5);
          }
        });
    };
    setTimeout(follow, EVERY_MS);
  });
});
