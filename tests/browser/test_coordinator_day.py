"""A national coordinator's day, in a real browser, at 1366 px and on a 375 px phone: the
review queue on the home page, a submitted case validated with the case page's own button,
and an aggregation run started from the runs' list and followed there until it succeeds.

Both of CI's runs take it: the embedded one (SQLite, tasks in process) and PostgreSQL with a
real Celery worker. In process, the run is carried out inside the start request, and the
list it returns to already shows it finished; with the worker, the list shows it queued or
running and its row follows it through the page's polling (static/js/runs.js), without a
reload. The test asserts what both must show, the run's final row, and, when the row was
still working as the list loaded, that it got there in place.

The live server shares the test's database connection (an in-memory SQLite one in the
embedded run), so the test reads the database only between pages, never while the page
polls: it waits for the row in the browser, and reads the run once it has finished.
"""

import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as arrives
from selenium.webdriver.support.ui import WebDriverWait

from casework.models import Case, Status
from casework.services import case_transition
from reporting.models import AggregationRun
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import chromium, settle
from tests.browser.screens import NARROW, WIDE, emulate, screenshot
from tests.casework.cases import record
from tests.factories import PASSWORD

# With a worker, a run waits for it to take the task; in process it is done at once.
RUN_FINISHES_WITHIN = 60


@pytest.fixture
def coordinator_browser(request):
    driver = chromium(width=max(request.param, 800), height=900)
    emulate(driver, request.param)
    driver.width = request.param
    yield driver
    settle(driver)
    driver.quit()


@pytest.fixture
def tasks(request):
    """Where the run's task is carried out: in the start request, or by a real worker."""
    if request.param == "worker":
        request.getfixturevalue("celery_worker")
    return request.param


def submitted(region, caseworker: str, *, waiting: datetime.timedelta) -> Case:
    """A case recorded and submitted for review `waiting` ago."""
    user = region.users[caseworker]
    case = case_transition(user=user, case_id=record(user).pk, action="submit")
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now() - waiting)
    return case


def sign_in(browser, live_server, email: str) -> None:
    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 10).until(lambda b: "/accounts/login/" not in b.current_url)


def page_loaded(browser, selector: str):
    """The element of the page just loaded; the page's address and text if it is missing."""
    try:
        return WebDriverWait(browser, 10).until(
            arrives.presence_of_element_located((By.CSS_SELECTOR, selector))
        )
    except Exception as missing:
        text = browser.find_element(By.TAG_NAME, "body").text[:2000]
        raise AssertionError(f"No {selector} on {browser.current_url}:\n{text}") from missing


def run_cell(browser, run_pk: int, column: str) -> str:
    row = browser.find_element(By.XPATH, f"//input[@value='{run_pk}']/ancestor::tr")
    return row.find_element(By.CSS_SELECTOR, f".field-{column}").text


# In process at both widths; with the worker at one: what it adds (the list following the
# run by polling) does not depend on the width, and a worker's run costs the most.
@pytest.mark.parametrize(
    ("coordinator_browser", "tasks"),
    [
        pytest.param(WIDE, "in process", id="1366px-in process"),
        pytest.param(NARROW, "in process", id="375px-in process"),
        pytest.param(WIDE, "worker", id="1366px-worker", marks=pytest.mark.worker),
    ],
    indirect=True,
)
def test_a_national_coordinator_reviews_validates_and_runs_the_statistics(
    coordinator_browser, tasks, live_server, region
):
    browser = coordinator_browser
    shot = f"coordinator-{tasks.replace(' ', '-')}-{browser.width}"
    oldest = submitted(region, "caseworker_rs_ngo", waiting=datetime.timedelta(days=2))
    newer = submitted(region, "caseworker_rs_police", waiting=datetime.timedelta(hours=1))
    albanian = submitted(region, "caseworker_al_ngo", waiting=datetime.timedelta(days=3))

    # 1. Home: the review queue of their territory, oldest first.
    sign_in(browser, live_server, "national.rs@example.org")
    assert browser.execute_script("return window.innerWidth") == browser.width
    queue = page_loaded(browser, "table[data-list='queue']")
    references = [a.text for a in queue.find_elements(By.CSS_SELECTOR, "tbody td:first-child a")]
    assert references == [oldest.reference, newer.reference]
    assert albanian.reference not in browser.find_element(By.TAG_NAME, "body").text
    screenshot(browser, f"{shot}-1-home")
    assert_accessible(browser)

    # 2. The oldest case's admin page, from the queue; validated with the page's button.
    queue.find_element(By.LINK_TEXT, oldest.reference).click()
    validate = page_loaded(browser, ".workflow-actions button.workflow-validate")
    assert f"/admin/casework/case/{oldest.pk}/change/" in browser.current_url
    assert validate.text == "Validate"
    screenshot(browser, f"{shot}-2-admin-case")
    assert_accessible(browser)
    validate.click()
    message = page_loaded(browser, ".messagelist .success")
    assert message.text == f"Case {oldest.reference} validated."
    status = browser.find_element(By.CSS_SELECTOR, ".field-status .readonly")
    assert status.text == "Validated"
    # Done: no button to validate it again.
    assert not browser.find_elements(By.CSS_SELECTOR, "button.workflow-validate")
    screenshot(browser, f"{shot}-3-admin-validated")
    assert_accessible(browser)
    oldest.refresh_from_db()
    assert oldest.status == Status.VALIDATED

    # 3. The runs' list (none of theirs yet), and a run of their territory started there.
    browser.get(f"{live_server.url}/admin/reporting/aggregationrun/")
    start = page_loaded(browser, "#run-start button[value='changed']")
    assert "your territory: Serbia" in browser.find_element(By.ID, "run-start").text
    assert not browser.find_elements(By.CSS_SELECTOR, "#result_list tbody tr")
    screenshot(browser, f"{shot}-4-runs")
    assert_accessible(browser)
    start.click()
    message = page_loaded(browser, ".messagelist li")
    assert "started; its progress shows in this list." in message.text
    [row] = browser.find_elements(By.CSS_SELECTOR, "#result_list tbody tr")
    run_pk = int(row.find_element(By.NAME, "_selected_action").get_attribute("value"))
    assert row.find_elements(By.CSS_SELECTOR, ".field-progress")
    # A working row carries its status endpoint; from here the page must not reload.
    followed = bool(row.find_elements(By.CSS_SELECTOR, "[data-run-status]"))
    browser.execute_script("window.notReloaded = true")
    assert tasks == "worker" or not followed, "in process, the run is done before the list"

    WebDriverWait(browser, RUN_FINISHES_WITHIN, poll_frequency=0.5).until(
        lambda b: run_cell(b, run_pk, "run_status") in ("Succeeded", "Failed")
    )
    assert run_cell(browser, run_pk, "run_status") == "Succeeded"
    assert run_cell(browser, run_pk, "progress") == "100"
    assert run_cell(browser, run_pk, "cases_read") == "1"
    assert run_cell(browser, run_pk, "territory") == "Serbia"
    assert run_cell(browser, run_pk, "finished_at_display") != "-"
    if followed:
        assert browser.execute_script("return window.notReloaded") is True
    screenshot(browser, f"{shot}-5-run-succeeded")
    assert_accessible(browser)

    run = AggregationRun.objects.get(pk=run_pk)
    assert (run.territory, run.status, run.started_by) == (
        "RS",
        "succeeded",
        region.users["national_rs"],
    )
