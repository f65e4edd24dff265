"""An incomplete case, submitted in a real browser 1366 px wide: the error summary is at the
top and has the focus, each of its links moves the focus to its field, and the failed form
passes the accessibility check. Screenshots at 1366 and 375 px, in English and Serbian
Cyrillic, are left in artefacts/screenshots/ for a person to look at."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import chromium, settle
from tests.browser.test_walk_in_languages import WIDE, page_in, screenshots, sign_in


@pytest.fixture
def wide():
    driver = chromium(width=WIDE, height=900)
    yield driver
    settle(driver)
    driver.quit()


def focused_id(browser) -> str:
    return browser.execute_script("return document.activeElement.id")


@pytest.mark.parametrize("lang", ["en", "sr"])
def test_an_incomplete_case_opens_on_its_error_summary_whose_links_reach_each_field(
    wide, live_server, region, lang
):
    browser = wide
    browser.get(f"{live_server.url}/accounts/login/")
    if lang != "en":
        Select(browser.find_element(By.ID, "language")).select_by_value(lang)
        page_in(browser, lang)
    sign_in(browser, "caseworker.rs_police@example.org")
    browser.get(f"{live_server.url}/cases/new/smuggling/")
    screenshots(browser, lang, "form-new-smuggling")
    # Only a migrant's citizenship: the incident's fields and the migrant's sex and age missing.
    Select(browser.find_element(By.NAME, "migrants-0-citizenship")).select_by_value("AF")
    browser.find_element(By.CSS_SELECTOR, "button[value=draft]").click()

    summary = WebDriverWait(browser, 10).until(
        lambda b: b.find_element(By.CSS_SELECTOR, "[data-error-summary]")
    )
    page_in(browser, lang)
    # At the top: above the form, and the first thing the focus is on.
    form = browser.find_element(By.CSS_SELECTOR, "form.case-form")
    assert summary.location["y"] < form.location["y"]
    assert browser.execute_script("return document.activeElement") == summary
    links = summary.find_elements(By.CSS_SELECTOR, "a[href^='#']")
    assert len(links) == len(summary.find_elements(By.TAG_NAME, "li")) >= 5
    assert_accessible(browser)
    screenshots(browser, lang, "form-failed-smuggling")

    for link in links:
        target = link.get_attribute("href").split("#", 1)[1]
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
        assert focused_id(browser) == target
        field = browser.find_element(By.ID, target)
        assert (
            field.get_attribute("aria-invalid") == "true"
            or field.get_attribute("type") == "checkbox"
        )
