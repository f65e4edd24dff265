"""A run started from the admin's list, and a queued run's row following it to the end."""

from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from reporting.models import AggregationRun
from tests.browser.test_form_never_lost import sign_in
from tests.reporting.helpers import validated


def cell(browser, run, column="run_status") -> str:
    """The text of one of the run's cells in the list."""
    row = browser.find_element(By.XPATH, f"//input[@value='{run.pk}']/ancestor::tr")
    return row.find_element(By.CSS_SELECTOR, f".field-{column}").text


def test_a_national_coordinator_starts_a_run_and_watches_one_finish_without_a_reload(
    browser, live_server, region
):
    validated(region)
    AggregationRun.objects.create(territory="AL")  # out of their scope: their list is empty
    sign_in(browser, live_server, "national.rs@example.org")
    browser.get(f"{live_server.url}/admin/reporting/aggregationrun/")
    browser.find_element(By.CSS_SELECTOR, "#run-start button[value='full']").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".messagelist"))
    started = AggregationRun.objects.get(territory="RS")
    assert started.status == "succeeded"  # tasks run in process here
    assert cell(browser, started) == "Succeeded"

    # A run still in the queue when the list is shown: its row follows it in place. The worker
    # is played by single UPDATEs: the live server shares this test's database connection, and
    # a run's transaction here could interleave with the page's polls there.
    queued = AggregationRun.objects.create(territory="RS")
    browser.get(f"{live_server.url}/admin/reporting/aggregationrun/")
    assert cell(browser, queued) == "Queued"
    browser.execute_script("window.notReloaded = true")
    runs = AggregationRun.objects.filter(pk=queued.pk)
    runs.update(status="running", started_at=timezone.now(), progress=40)
    WebDriverWait(browser, 15).until(lambda b: cell(b, queued) == "Running")
    assert cell(browser, queued, "progress") == "40"
    runs.update(status="succeeded", progress=100, cases_read=1, finished_at=timezone.now())
    WebDriverWait(browser, 15).until(lambda b: cell(b, queued) == "Succeeded")
    assert cell(browser, queued, "progress") == "100"
    assert cell(browser, queued, "cases_read") == "1"
    assert cell(browser, queued, "finished_at") != "-"
    assert browser.execute_script("return window.notReloaded") is True
