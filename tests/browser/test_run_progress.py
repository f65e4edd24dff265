"""A run started from the admin's list, and a queued run's row following it to the end."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from reporting.models import AggregationRun
from reporting.runs import aggregation_run
from tests.browser.test_form_never_lost import sign_in
from tests.reporting.helpers import validated


def status_of(browser, run):
    row = browser.find_element(By.XPATH, f"//input[@value='{run.pk}']/ancestor::tr")
    return row.find_element(By.CSS_SELECTOR, ".field-run_status").text, row


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
    assert status_of(browser, started)[0] == "Succeeded"

    # A run still in the queue when the list is shown: its row follows it in place.
    queued = AggregationRun.objects.create(territory="RS")
    browser.get(f"{live_server.url}/admin/reporting/aggregationrun/")
    assert status_of(browser, queued)[0] == "Queued"
    browser.execute_script("window.notReloaded = true")
    aggregation_run(run_id=queued.pk)  # the worker takes it
    WebDriverWait(browser, 15).until(lambda b: status_of(b, queued)[0] == "Succeeded")
    row = status_of(browser, queued)[1]
    assert row.find_element(By.CSS_SELECTOR, ".field-progress").text == "100"
    assert row.find_element(By.CSS_SELECTOR, ".field-finished_at").text != "-"
    assert browser.execute_script("return window.notReloaded") is True
