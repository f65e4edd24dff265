"""The layout in Chromium, at a laptop's width and at a phone's (issue 16): the header is one
row from 1280 px on, in the longest languages too, and folds behind a menu button on a
phone; lists become cards on a phone, and no page scrolls sideways there."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from accounts.roles import Role
from casework.models import Status
from reporting.tables import TABLES_BY_ID
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import chromium, settle
from tests.browser.screens import emulate, screenshot
from tests.browser.test_walk_in_languages import screenshots
from tests.factories import PASSWORD, CaseFactory, UserFactory

PHONE = 375
# A coordinator sees every link of the menu; an e-mail as long as a ministry's gives them.
LONG_EMAIL = "nacionalni.koordinator.srbija@ministarstvo-unutrasnjih-poslova.gov.rs"


@pytest.fixture
def phone():
    """A browser 375 px wide as a phone is (a desktop window cannot be made that narrow)."""
    driver = chromium(width=PHONE, height=800)
    emulate(driver, PHONE)
    yield driver
    settle(driver)
    driver.quit()


@pytest.fixture
def coordinator(region):
    return UserFactory(email=LONG_EMAIL, role=Role.NATIONAL_COORDINATOR, territory="RS")


def sign_in(browser, live_server, email, lang="en"):
    browser.get(f"{live_server.url}/accounts/login/")
    if lang != "en":
        Select(browser.find_element(By.ID, "language")).select_by_value(lang)
        WebDriverWait(browser, 10).until(
            lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
        )
    browser.find_element(By.NAME, "username").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 10).until(lambda b: "/accounts/login/" not in b.current_url)


def box(browser, selector):
    return browser.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height};",
        selector,
    )


def shoot(browser, name: str) -> None:
    """What the test saw, for a person to look at (artefacts/ is git-ignored)."""
    screenshot(browser, f"layout-{name}")


def sticking_out(browser) -> list[str]:
    """The first elements that reach beyond the window's right edge, to say what overflows."""
    return browser.execute_script(
        "return [...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5)"
        ".map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 40))"
    )


def loaded(browser, img) -> bool:
    return browser.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 0", img
    )


def scroll_width(browser) -> int:
    return browser.execute_script("return document.documentElement.scrollWidth")


@pytest.mark.parametrize("lang", ["en", "sq", "mk"])
def test_the_header_is_one_row_at_1280_px(browser, live_server, coordinator, lang):
    sign_in(browser, live_server, LONG_EMAIL, lang)
    shoot(browser, f"header-1280-{lang}")
    header = box(browser, ".site-header")
    assert header["height"] < 80, header
    # Every item of the header sits in that one row: their middles are at one height.
    middles = browser.execute_script(
        "return [...document.querySelectorAll('.site-header .brand, .site-header nav a,"
        " .site-header .account')]"
        ".map(e => { const r = e.getBoundingClientRect(); return [e.className || e.textContent,"
        " (r.top + r.bottom) / 2, r.height]; })"
    )
    assert len(middles) == 1 + 5 + 1  # the brand, the five links, who with the language
    assert max(m for _, m, _ in middles) - min(m for _, m, _ in middles) < 8, middles
    # Nothing of the row overlaps the next: the brand, the links, the block at the right.
    edges = browser.execute_script(
        "const box = (s) => [...document.querySelectorAll(s)].map(e => e.getBoundingClientRect());"
        "return {brand: box('.site-header .brand')[0].right,"
        " links: box('.site-header nav a').map(r => [r.left, r.right]),"
        " account: Math.min(...box('.site-header .account > *').map(r => r.left))};"
    )
    lefts = [edges["brand"], *(x for link in edges["links"] for x in link), edges["account"]]
    assert lefts == sorted(lefts), edges
    assert not browser.find_element(By.CSS_SELECTOR, ".menu-toggle").is_displayed()
    assert scroll_width(browser) <= 1280


def test_on_a_phone_the_header_folds_behind_a_menu_button(phone, live_server, region, coordinator):
    police = region.organisations["rs_police"]
    CaseFactory(organisation=police, status=Status.SUBMITTED)  # in the home page's queue
    sign_in(phone, live_server, LONG_EMAIL, "sq")
    assert phone.execute_script("return window.innerWidth") == PHONE
    assert box(phone, ".site-header")["height"] <= 100
    links = phone.find_elements(By.CSS_SELECTOR, ".site-header nav a")
    assert links and not any(link.is_displayed() for link in links)
    toggle = phone.find_element(By.CSS_SELECTOR, ".menu-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    shoot(phone, "header-375-sq")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    shoot(phone, "header-375-sq-open")
    assert all(link.is_displayed() for link in links)
    assert phone.find_element(By.CSS_SELECTOR, "form[data-sign-out] button").is_displayed()
    # The home page's review queue is a card per case too.
    row = phone.find_element(By.CSS_SELECTOR, "table[data-list='queue'] tbody tr")
    assert row.value_of_css_property("display") == "block"
    assert scroll_width(phone) <= PHONE, sticking_out(phone)
    assert_accessible(phone)


def test_on_a_phone_the_case_list_is_cards_under_folded_filters(phone, live_server, region):
    caseworker = region.users["caseworker_rs_police"]
    for _ in range(3):
        CaseFactory(created_by=caseworker, organisation=caseworker.organisation)
    CaseFactory(
        created_by=caseworker,
        organisation=caseworker.organisation,
        status=Status.RETURNED,
        status_reason="The month is wrong.",
    )
    sign_in(phone, live_server, caseworker.email)
    phone.get(f"{live_server.url}/cases/")
    shoot(phone, "case-list-375")
    card = box(phone, "main tbody tr")
    assert card["top"] < 600, card
    status = box(phone, "main tbody tr .status")
    assert status["left"] >= 0 and status["right"] <= PHONE, status
    assert scroll_width(phone) <= PHONE, sticking_out(phone)
    # Each value of a card says what it is; the reference is never broken over two lines.
    labels = phone.execute_script(
        "return [...document.querySelectorAll('main tbody tr:first-child td')]"
        ".map(td => getComputedStyle(td, '::before').content)"
    )
    assert '"Reference"' in labels and '"Status"' in labels
    reference = phone.find_element(By.CSS_SELECTOR, "main tbody td a")
    assert reference.value_of_css_property("white-space") == "nowrap"
    filters = phone.find_element(By.CSS_SELECTOR, "[data-disclosure][aria-controls='filters']")
    assert filters.get_attribute("aria-expanded") == "false"
    assert not phone.find_element(By.ID, "id_status").is_displayed()
    assert_accessible(phone)

    # A filter in use keeps the filters open.
    phone.get(f"{live_server.url}/cases/?status=returned")
    assert phone.find_element(By.ID, "id_status").is_displayed()
    assert len(phone.find_elements(By.CSS_SELECTOR, "main tbody tr")) == 1


def test_at_1280_px_the_case_list_has_no_empty_column(browser, live_server, region):
    caseworker = region.users["caseworker_rs_police"]
    CaseFactory(created_by=caseworker, organisation=caseworker.organisation)
    sign_in(browser, live_server, caseworker.email)
    screenshots(browser, "en", "home")  # at 1366 px and 375 px, each checked by axe
    browser.get(f"{live_server.url}/cases/")
    screenshots(browser, "en", "case-list")
    columns = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "main thead th")]
    # None of the cases came back from review: no column for a reason.
    assert columns == ["Reference", "Status", "Type", "Month", "Organisation"]
    reference = box(browser, "main tbody td a")
    assert reference["height"] < 30  # one line


def kind_of_page(browser) -> tuple[str, ...]:
    """What a page is made of, its text aside: each kind of element it holds (a tag with its
    classes and role). Pages of one kind differ only in their words and figures."""
    return tuple(
        browser.execute_script(
            "return [...new Set([...document.querySelectorAll('body *')].map(e => e.tagName"
            " + [...e.classList].map(c => '.' + c).join('')"
            " + (e.getAttribute('role') ? '[role=' + e.getAttribute('role') + ']' : '')))]"
            ".sort()"
        )
    )


def test_on_a_phone_no_statistics_page_scrolls_sideways(
    phone, live_server, region, counted, publish
):
    """Every table of the report with its charts, in Macedonian (among the longest); axe
    checks each kind of page once (a totals' table, one by sex and age, by a closed or an
    open breakdown, by flows, one without counts...), as its rules read what a page is
    made of, not its words."""
    publish()
    sign_in(phone, live_server, region.users["viewer"].email, "mk")
    phone.get(f"{live_server.url}/statistics/")
    tables = [a.get_attribute("href") for a in phone.find_elements(By.CSS_SELECTOR, "main td a")]
    assert len(tables) == len(TABLES_BY_ID)
    checked = set()
    for url in [f"{live_server.url}/statistics/", f"{live_server.url}/", *tables]:
        phone.get(url)
        for img in phone.find_elements(By.CSS_SELECTOR, "figure.chart img"):
            phone.execute_script("arguments[0].scrollIntoView()", img)
            WebDriverWait(phone, 10).until(lambda _, img=img: loaded(phone, img))
        assert scroll_width(phone) <= PHONE, (url, sticking_out(phone))
        kind = kind_of_page(phone)
        if kind not in checked:
            assert_accessible(phone)  # a wide table's frame scrolls with the keyboard too
            checked.add(kind)
    # The index, the home page, and more than one kind of table page.
    assert len(checked) >= 4, len(checked)
    shoot(phone, "statistics-table-375-mk")

    # A coordinator's internal counts, with their notices, fit as well.
    phone.delete_all_cookies()
    sign_in(phone, live_server, region.users["national_rs"].email, "mk")
    for path in ("/statistics/?release=internal", "/statistics/thb_victims/?release=internal"):
        phone.get(f"{live_server.url}{path}")
        assert scroll_width(phone) <= PHONE, (path, sticking_out(phone))
