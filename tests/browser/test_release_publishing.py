"""A regional coordinator publishes a release from the releases page, in a real browser, and
watches its audit go to published: at 1366 px and at 375 px, each page state checked by axe
and left as a screenshot in `artefacts/screenshots/` (git-ignored).

Two ways the audit runs. In-process (the embedded SQLite run, and PostgreSQL without the
worker) the task runs inside the Publish request, so the page may already show the release
published when it loads: that path is accepted as it is. With a real worker (PostgreSQL, CI)
each audit step is slowed down, so the page must show the audit in flight, follow it by
polling, and land on the published release by itself."""

import pytest
from django.conf import settings
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from reporting.models import Release
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import chromium, settle
from tests.browser.screens import screenshot
from tests.browser.test_walk_in_languages import sign_in
from tests.worker import start_worker

# Each new percent of the worker's audit waits this long: the counted data set's audit takes
# about 18 steps, so it stays in flight for over ten seconds, several polls of the page.
STEP_PAUSE = "0.75"


@pytest.fixture
def audits(request, transactional_db):
    """How the release's audit runs: "in-process", or "worker" (a real one, slowed down)."""
    if request.param == "in-process":
        yield request.param
        return
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs CELERY_BROKER_URL (a real broker); CI always sets it")
    worker = start_worker(extra_env={"WORK_STEP_PAUSE": STEP_PAUSE})
    yield request.param
    worker.stop()


@pytest.fixture
def driver(request):
    """A browser as wide as the parameter: headless Chromium's window is at least 500 px
    wide, so the viewport is set as a phone's (it holds across the pages of the tab)."""
    width = request.param
    browser = chromium(width=max(width, 500), height=900)
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": False},
    )
    yield browser
    settle(browser)
    browser.quit()


def publish(browser, *, threshold: str) -> None:
    """The policy form sent with this threshold, as a coordinator types it."""
    field = browser.find_element(By.NAME, "threshold")
    field.clear()
    field.send_keys(threshold)
    browser.find_element(By.CSS_SELECTOR, "button[data-publish]").click()


def published_row(browser):
    rows = browser.find_elements(By.CSS_SELECTOR, "table.releases tr[data-release='1']")
    return rows[0] if rows else None


def audit_facts(browser) -> tuple[str, str, str] | None:
    """What the page shows of release 1's audit, or None once it shows no audit."""
    blocks = browser.find_elements(By.CSS_SELECTOR, "#release-1[data-release-status]")
    if not blocks:
        return None
    block = blocks[0]
    return tuple(
        block.find_element(By.CSS_SELECTOR, f"[data-audit='{name}']").text
        for name in ("percent-text", "tables", "programs")
    )


# In process at both widths; with the worker at one: what it adds (the page following the
# audit by polling) does not depend on the width, and a slowed-down audit costs the most.
@pytest.mark.parametrize(
    ("driver", "audits"),
    [
        pytest.param(1366, "in-process", id="in-process-1366px"),
        pytest.param(375, "in-process", id="in-process-375px"),
        pytest.param(1366, "worker", id="worker-1366px", marks=pytest.mark.worker),
    ],
    indirect=True,
)
def test_a_regional_coordinator_publishes_and_watches_the_audit(
    driver, audits, live_server, region, counted
):
    browser = driver
    width = browser.execute_script("return window.innerWidth")
    assert width in (1366, 375)
    name = f"release-{audits}-{width}px"

    browser.get(f"{live_server.url}/accounts/login/")
    sign_in(browser, "regional@example.org")
    menu = browser.find_element(By.CSS_SELECTOR, ".menu-toggle")
    if menu.is_displayed():  # a phone: the nav is folded behind the menu button
        menu.click()
    browser.find_element(By.CSS_SELECTOR, "nav a[href='/statistics/releases/']").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("/statistics/releases/"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Releases"
    assert "No release has been published yet." in browser.page_source
    assert_accessible(browser)
    screenshot(browser, f"{name}-1-form")

    # A bad policy: a clear error, nothing written.
    publish(browser, threshold="0")
    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, ".field.invalid .errorlist")
    )
    assert "greater than or equal to 1" in browser.find_element(By.CSS_SELECTOR, ".errorlist").text
    assert not Release.objects.exists()
    assert_accessible(browser)
    screenshot(browser, f"{name}-2-bad-policy")

    publish(browser, threshold="5")
    WebDriverWait(browser, 30).until(lambda b: b.current_url.endswith("#release-1"))
    WebDriverWait(browser, 10).until(
        lambda b: b.execute_script("return document.readyState") == "complete"
    )
    assert "Release 1 is being audited" in browser.find_element(By.CSS_SELECTOR, ".messages").text

    seen = []
    facts = audit_facts(browser)
    if facts is not None:
        # In flight: the progress is shown, checked and followed.
        seen.append(facts)
        assert browser.find_element(By.CSS_SELECTOR, "#release-1 progress")
        assert_accessible(browser)
        screenshot(browser, f"{name}-3-auditing")
    else:
        assert audits == "in-process", "with a worker the page must show the audit in flight"

    def finished(b):
        row = published_row(b)
        if row is not None:
            return row
        now = audit_facts(b)
        if now is not None and now not in seen:
            seen.append(now)
        return None

    row = WebDriverWait(browser, 90, poll_frequency=0.25).until(finished)
    WebDriverWait(browser, 10).until(
        lambda b: b.execute_script("return document.readyState") == "complete"
    )
    if audits == "worker":
        # Followed by polling: the page showed the audit advance, then reloaded itself.
        assert len(seen) >= 2, seen
        assert any("attacker program" in programs for _p, _t, programs in seen)
        assert any(" of " in tables and "tables done" in tables for _p, tables, _s in seen)
    assert "Audit passed" in row.text
    assert "attacker programs solved" in row.text
    assert row.find_element(By.CSS_SELECTOR, "a[href='/statistics/?release=1']")
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-release-status]")
    assert Release.objects.get().status == Release.State.PUBLISHED
    assert_accessible(browser)
    screenshot(browser, f"{name}-4-published")
