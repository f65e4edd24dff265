"""The automated accessibility check: axe-core, run in the page the browser shows.

Issue 16 asks for no serious or critical violation on any page of a browser walk. Axe
finds about half of what WCAG asks (contrast, names, labels, landmarks, ARIA misuse); the
rest (reading order, what a screen reader says) still needs a person."""

from pathlib import Path

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = {"serious", "critical"}

# WCAG 2.1 A and AA, the bar QUALITY.md names; axe's "best practice" rules are advice.
RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                   resultTypes: ['violations']})
  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)}))))
  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
"""


def violations(driver) -> list[dict]:
    """The serious and critical violations of the page `driver` shows."""
    if not driver.execute_script("return typeof window.axe !== 'undefined'"):
        driver.execute_script(AXE)
    driver.set_script_timeout(60)
    found = driver.execute_async_script(RUN)
    return [v for v in found if v["impact"] in BLOCKING]


def assert_accessible(driver) -> None:
    found = violations(driver)
    assert not found, f"axe on {driver.current_url}:\n" + "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in found
    )
