"""The product walked in Serbian (Cyrillic) and in Albanian, in a real browser: sign in,
record a trafficking case and submit it, find it in the list, validate it in the admin as the
national coordinator, read a published table and its chart, download the table's workbook.

Each step asserts that its page is in the language (`<html lang>`, and a heading or label as
the catalogue translates it, which must differ from the English) and leaves a screenshot at
1366 px and at 375 px in `artefacts/screenshots/` (git-ignored) for a person to look at;
at both widths the page must pass the automated accessibility check (axe-core).
"""

from pathlib import Path

import pytest
from django.utils.translation import gettext, ngettext, override
from openpyxl import load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as arrives
from selenium.webdriver.support.ui import Select, WebDriverWait

from casework.models import Case, Status
from reporting.tables import TABLES_BY_ID
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import chromium, settle
from tests.browser.screens import NARROW, WIDE, emulate, screenshot
from tests.factories import PASSWORD
from tests.reporting.helpers import run

TABLE = "thb_victims"


@pytest.fixture
def walker(tmp_path):
    """A browser 1366 px wide that saves what it downloads in `walker.downloads`."""
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = chromium(width=WIDE, height=900, downloads=downloads)
    driver.downloads = downloads
    yield driver
    settle(driver)
    driver.quit()


def translated(lang: str, msgid: str) -> str:
    """The catalogue's translation of an English msgid; it must not be the English."""
    with override(lang):
        text = gettext(msgid)
    assert text != msgid, f"{msgid!r} is not translated into {lang}"
    return text


def page_in(browser, lang: str) -> None:
    WebDriverWait(browser, 10).until(
        lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    )


def heading(browser, selector: str = "h1") -> str:
    return browser.find_element(By.CSS_SELECTOR, selector).text


def screenshots(browser, lang: str, step: str, *, checked: bool = True) -> None:
    """The whole page, 1366 px and 375 px wide (as a phone shows it), as PNG files; at each
    width the page is first checked by axe (`checked=False` for a bare SVG image)."""
    for width, suffix in ((WIDE, ""), (NARROW, "-375")):
        emulate(browser, width)
        if checked:
            assert_accessible(browser)
        screenshot(browser, f"{lang}-{step}{suffix}")
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def sign_in(browser, email: str) -> None:
    browser.find_element(By.NAME, "username").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 10).until(lambda b: "/accounts/login/" not in b.current_url)


def sign_out(browser) -> None:
    browser.find_element(By.CSS_SELECTOR, "form[data-sign-out] button").click()
    WebDriverWait(browser, 10).until(arrives.url_contains("/accounts/login/"))


def choose(browser, name: str, value: str) -> None:
    Select(browser.find_element(By.NAME, name)).select_by_value(value)


def downloaded(folder: Path, suffix: str) -> Path:
    """The one file of that suffix the browser finished saving in the folder."""

    def finished(_):
        files = list(folder.iterdir())
        done = [f for f in files if f.suffix == suffix]
        if done and not any(f.suffix == ".crdownload" for f in files):
            return done
        return None

    [path] = WebDriverWait(None, 20, poll_frequency=0.2).until(finished)
    return path


@pytest.mark.parametrize("lang", ["sr", "sq"])
def test_the_product_walked_in_the_language(walker, live_server, region, counted, publish, lang):
    browser = walker

    # 1. The sign-in page, the language chosen in its switcher (it submits itself).
    browser.get(f"{live_server.url}/accounts/login/")
    Select(browser.find_element(By.ID, "language")).select_by_value(lang)
    page_in(browser, lang)
    assert heading(browser) == translated(lang, "Sign in")
    screenshots(browser, lang, "1-sign-in")
    sign_in(browser, "caseworker.rs_police@example.org")
    page_in(browser, lang)
    assert translated(lang, "New case") in browser.find_element(By.TAG_NAME, "nav").text
    screenshots(browser, lang, "1-home")

    # 2. A trafficking case recorded on the new-case form and submitted for review.
    browser.find_element(By.CSS_SELECTOR, "nav a[href$='/cases/new/']").click()
    page_in(browser, lang)
    assert heading(browser) == translated(lang, "New case")
    browser.find_element(By.CSS_SELECTOR, "a[href$='/cases/new/trafficking/']").click()
    page_in(browser, lang)
    assert heading(browser).startswith(translated(lang, "New case"))
    # A month input takes keys in the browser's own order: its value is set as a form would.
    browser.execute_script(
        "const month = document.getElementById('id_month'); month.value = '2013-05';"
        "month.dispatchEvent(new Event('input', {bubbles: true}));"
    )
    for name, value in (
        ("victim_status", "identified"),
        ("country_of_exploitation", "RS"),
        ("identified_by", "police"),
        ("sex", "female"),
        ("age_group", "18-20"),
        ("citizenship", "RS"),
    ):
        choose(browser, name, value)
    browser.find_element(By.CSS_SELECTOR, "input[name='exploitation'][value='sexual']").click()
    screenshots(browser, lang, "2-new-case")
    browser.find_element(By.CSS_SELECTOR, "button[value='submit']").click()
    WebDriverWait(browser, 10).until(arrives.url_matches(r"/cases/\d+/$"))
    page_in(browser, lang)
    assert translated(lang, "Submitted for review.") in heading(browser, "ul.messages")
    case = Case.objects.get(created_by=region.users["caseworker_rs_police"])
    assert (case.status, case.month.isoformat()) == (Status.SUBMITTED, "2013-05-01")
    assert case.reference in heading(browser)
    screenshots(browser, lang, "2-submitted")
    browser.find_element(By.CSS_SELECTOR, "nav a[href$='/cases/']").click()
    page_in(browser, lang)
    assert heading(browser) == translated(lang, "My cases")
    assert case.reference in browser.find_element(By.CSS_SELECTOR, "main table").text
    screenshots(browser, lang, "2-case-list")
    sign_out(browser)

    # 3. The national coordinator opens the case in the admin and validates it.
    page_in(browser, lang)
    sign_in(browser, "national.rs@example.org")
    browser.get(f"{live_server.url}/admin/casework/case/{case.pk}/change/")
    page_in(browser, lang)
    legends = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "fieldset h2")]
    assert translated(lang, "Review") in legends
    assert case.reference in browser.find_element(By.ID, "content").text
    screenshots(browser, lang, "3-admin-case")
    browser.get(f"{live_server.url}/admin/casework/case/")
    page_in(browser, lang)
    assert heading(browser, "#review-queue h2") == translated(
        lang, "Submitted cases awaiting review"
    )
    browser.find_element(
        By.CSS_SELECTOR, f"input[name='_selected_action'][value='{case.pk}']"
    ).click()
    choose(browser, "action", "validate_selected")
    browser.find_element(By.CSS_SELECTOR, "button[name='index']").click()
    WebDriverWait(browser, 10).until(
        arrives.presence_of_element_located((By.CSS_SELECTOR, ".messagelist"))
    )
    page_in(browser, lang)
    with override(lang):
        validated = ngettext("Validated %(count)d case.", "Validated %(count)d cases.", 1) % {
            "count": 1
        }
    assert validated != "Validated 1 case."
    assert validated in browser.find_element(By.CSS_SELECTOR, ".messagelist").text
    case.refresh_from_db()
    assert case.status == Status.VALIDATED
    screenshots(browser, lang, "3-admin-validated")

    # 4. A published table and its chart; the release is prepared by the services.
    run(full=True)
    release = publish()
    browser.get(f"{live_server.url}/statistics/{TABLE}/?release={release.number}")
    page_in(browser, lang)
    with override(lang):
        title = str(TABLES_BY_ID[TABLE].title)
    with override("en"):
        assert title != str(TABLES_BY_ID[TABLE].title)
    assert heading(browser) == title
    assert heading(browser, "#charts-heading") == translated(lang, "Charts")
    chart = browser.find_element(By.CSS_SELECTOR, "figure.chart img")
    browser.execute_script("arguments[0].scrollIntoView()", chart)
    WebDriverWait(browser, 10).until(
        lambda _: browser.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 0", chart
        )
    )
    assert chart.get_attribute("alt").startswith(translated(lang, "Trend per territory"))
    screenshots(browser, lang, "4-table")
    chart_url = chart.get_attribute("src")
    browser.get(chart_url)
    svg = browser.find_element(By.TAG_NAME, "svg").text
    assert translated(lang, "Territory") in svg
    assert translated(lang, "Year") in svg
    assert title in svg
    screenshots(browser, lang, "4-chart", checked=False)

    # 5. The table's workbook, downloaded by the browser, in the language.
    browser.back()
    page_in(browser, lang)
    browser.find_element(By.CSS_SELECTOR, "a[href*='/xlsx']").click()
    book = load_workbook(downloaded(browser.downloads, ".xlsx"))
    sheet = book.active
    assert sheet["A1"].value == title
    column_a = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert translated(lang, "Territory") in column_a
